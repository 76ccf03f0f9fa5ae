import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, type FieldErrors, pageTitle, SubmitButton, TextField } from "../components/forms";
import { roleLabel } from "../components/user-fields";
import { checkPassword, PASSWORD_HINT } from "../domain/passwords";
import { markSignInSucceeded, reserveSignInAttempt } from "../models/sign-in.server";
import { changeOwnPassword } from "../models/user.server";
import { requireUser } from "../utils/auth.server";
import { parseForm } from "../utils/forms";
import { clientAddress, knownBrowserId, signIn } from "../utils/session.server";
import { ChangePasswordSchema } from "../utils/user-forms";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ user: { name: user.name, email: user.email, role: user.role, authorityName: user.authority_name } });
}

function refuse(errors: FieldErrors, status = 400) {
  return json({ errors }, { status });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(ChangePasswordSchema, await request.formData());
  if (!parsed.ok) return refuse(parsed.errors);
  const problem = checkPassword(parsed.data.password, user);
  if (problem) return refuse({ password: problem });
  // Guessing the current password here (from a session left open) is throttled like signing in.
  const now = new Date();
  const browser = await knownBrowserId(request, user.email);
  const reservation = await reserveSignInAttempt({ email: user.email, ip: clientAddress(context), browser }, now);
  if (!reservation.ok) {
    const minutes = Math.max(1, Math.ceil((reservation.retryAt.getTime() - now.getTime()) / 60_000));
    const wait = `Wait ${minutes} ${minutes === 1 ? "minute" : "minutes"}, then try again`;
    return refuse({ currentPassword: `There have been too many wrong passwords. ${wait}` }, 429);
  }
  const result = await changeOwnPassword(
    user.id,
    { currentPassword: parsed.data.currentPassword, newPassword: parsed.data.password },
    now,
  );
  if (!result.ok) return refuse({ currentPassword: "Your current password is not right" });
  await markSignInSucceeded(reservation.attemptId);
  // Every session ended with the old password, this one too; start a fresh one for this browser.
  return signIn(request, user.id, "/account", {
    flash: "Your password has been changed. You have been signed out on every other device.",
  });
}

export default function Account() {
  const { user } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Your account</h1>
        <dl className="govuk-summary-list">
          {[
            ["Name", user.name],
            ["Email", user.email],
            ["Role", roleLabel(user.role)],
            ["Authority", user.authorityName ?? "All authorities"],
          ].map(([key, value]) => (
            <div className="govuk-summary-list__row" key={key}>
              <dt className="govuk-summary-list__key">{key}</dt>
              <dd className="govuk-summary-list__value">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="govuk-body">To change your name, email address, role or authority, ask an administrator.</p>

        <h2 className="govuk-heading-m">Second factor</h2>
        <p className="govuk-body">
          <Link to="/account/second-factor" className="govuk-link">
            Set up or manage your second factor
          </Link>{" "}
          (a code from an authenticator app after your password).
        </p>

        <h2 className="govuk-heading-m">Change your password</h2>
        <p className="govuk-body">This signs you out on every other device and browser.</p>
        <Form method="post" noValidate>
          <TextField
            name="currentPassword"
            label="Current password"
            type="password"
            autoComplete="current-password"
            error={errors?.currentPassword}
          />
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
            label="Enter the new password again"
            type="password"
            autoComplete="new-password"
            error={errors?.confirmPassword}
          />
          <SubmitButton>Change password</SubmitButton>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Your account") }];
