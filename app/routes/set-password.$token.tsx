import {
  type ActionFunctionArgs,
  type HeadersFunction,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, type FieldErrors, pageTitle, SubmitButton, TextField } from "../components/forms";
import { checkPassword, PASSWORD_HINT } from "../domain/passwords";
import { findInvitation } from "../models/invitation.server";
import { acceptInvitation } from "../models/user.server";
import { parseForm } from "../utils/forms";
import { signIn } from "../utils/session.server";
import { refuseCrossOrigin } from "../utils/auth.server";
import { NewPasswordSchema } from "../utils/user-forms";

// The token is a password in all but name: keep it out of caches and Referer headers.
const PRIVATE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await findInvitation(params.token ?? "", new Date());
  if (!invitation) return json({ invitation: null }, { status: 410, headers: PRIVATE });
  return json(
    { invitation: { name: invitation.name, email: invitation.email, isReset: invitation.password_set_at !== null } },
    { headers: PRIVATE },
  );
}

/** 400 with field errors, or 410 when the link stopped working (used in another tab, expired). */
function refuse(errors: FieldErrors | null) {
  return json({ errors }, { status: errors ? 400 : 410, headers: PRIVATE });
}

export async function action({ request, params }: ActionFunctionArgs) {
  refuseCrossOrigin(request);
  const token = params.token ?? "";
  const now = new Date();
  const invitation = await findInvitation(token, now);
  if (!invitation) return refuse(null);
  const parsed = parseForm(NewPasswordSchema, await request.formData());
  if (!parsed.ok) return refuse(parsed.errors);
  const problem = checkPassword(parsed.data.password, invitation);
  if (problem) return refuse({ password: problem });
  const accepted = await acceptInvitation(token, parsed.data.password, now);
  if (!accepted) return refuse(null);
  return signIn(request, accepted.userId, "/dashboard", { flash: "Your password has been set and you are signed in" });
}

export default function SetPassword() {
  const { invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const gone = !invitation || (actionData !== undefined && actionData.errors === null);
  if (gone) {
    return (
      <>
        <h1 className="govuk-heading-l">This link has expired or has already been used</h1>
        <p className="govuk-body">Each link to choose a password works once, for a limited time.</p>
        <p className="govuk-body">
          Ask an administrator for a new link, or sign in if you have already chosen a password.
        </p>
        <p className="govuk-body">
          <a href="/login" className="govuk-link">
            Sign in
          </a>
        </p>
      </>
    );
  }
  const errors = actionData?.errors ?? undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">{invitation.isReset ? "Choose a new password" : "Choose your password"}</h1>
        <p className="govuk-body">
          For {invitation.name} ({invitation.email}). You will use this email address and password to sign in to
          Followthrough.
        </p>
        <Form method="post" noValidate>
          <TextField
            name="password"
            label="New password"
            type="password"
            autoComplete="new-password"
            hint={PASSWORD_HINT}
            error={errors?.password}
          />
          <TextField
            name="confirmPassword"
            label="Enter the password again"
            type="password"
            autoComplete="new-password"
            error={errors?.confirmPassword}
          />
          <SubmitButton>Save password and sign in</SubmitButton>
        </Form>
      </div>
    </div>
  );
}

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) =>
  actionHeaders.get("Cache-Control") ? actionHeaders : loaderHeaders;

export const meta: MetaFunction = () => [{ title: pageTitle("Choose a password") }];
