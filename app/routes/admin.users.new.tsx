import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, type FieldErrors, pageTitle, RadiosField, SubmitButton, TextField } from "../components/forms";
import { UserAccessFields } from "../components/user-fields";
import { PASSWORD_HINT } from "../domain/passwords";
import { INVITATION_LIFETIME_DAYS } from "../models/invitation.server";
import { listVisibleAuthorities } from "../models/authority.server";
import { addUser, isEmailTaken } from "../models/user.server";
import { requireAdmin } from "../utils/admin.server";
import { parseForm } from "../utils/forms";
import { absoluteAppUrl } from "../utils/mailer.server";
import { keepLinkForViewer } from "../models/one-time-link.server";
import { flash } from "../utils/session.server";
import { NewUserSchema } from "../utils/user-forms";

const EMAIL_TAKEN = "A user with this email address already exists";

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return json({ authorities: await listVisibleAuthorities(admin.actor), invitationDays: INVITATION_LIFETIME_DAYS });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const formData = await request.formData();
  // Everything but the password goes back with a refusal so the form can show it again.
  const values = {
    name: String(formData.get("name") ?? ""),
    email: String(formData.get("email") ?? ""),
    role: String(formData.get("role") ?? ""),
    authorityId: String(formData.get("authorityId") ?? ""),
    setup: String(formData.get("setup") ?? ""),
  };
  const parsed = parseForm(NewUserSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, values }, { status: 400 });
  const input = parsed.data;
  const authorities = await listVisibleAuthorities(admin.actor);
  const errors: FieldErrors = {};
  if (input.authorityId !== null && !authorities.some((a) => a.id === input.authorityId)) {
    errors.authorityId = "Select the authority this person works for";
  }
  if (await isEmailTaken(input.email)) errors.email = EMAIL_TAKEN;
  if (Object.keys(errors).length > 0) return json({ errors, values }, { status: 400 });

  const now = new Date();
  const { user, invitation } = await addUser(admin.actor, input, now);
  const to = `/admin/users/${user.id}`;
  if (invitation) {
    const reference = await keepLinkForViewer(admin.id, absoluteAppUrl(invitation.path, request), now);
    return redirect(`${to}?link=${reference}`);
  }
  return redirect(to, {
    headers: { "Set-Cookie": await flash(request, `${user.name} has been added and can sign in`) },
  });
}

export default function NewUser() {
  const { authorities, invitationDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = actionData?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Link to="/admin/users" className="govuk-back-link">
          Back to users
        </Link>
        <h1 className="govuk-heading-l">Add a user</h1>
        <Form method="post" noValidate>
          <UserAccessFields authorities={authorities} values={values} errors={errors} />
          <RadiosField
            name="setup"
            legend="How will they get their password?"
            options={[
              {
                value: "invite",
                label: "Give them a link to choose their own password",
                hint: `You will see a link to send them. It works once, for ${invitationDays} days.`,
              },
              { value: "password", label: "Set a password for them now", hint: "Tell them it in person or by phone." },
            ]}
            defaultValue={values?.setup ?? "invite"}
            error={errors?.setup}
          />
          <TextField
            name="password"
            label="Password (only if you are setting one for them)"
            type="password"
            autoComplete="new-password"
            hint={PASSWORD_HINT}
            error={errors?.password}
          />
          <SubmitButton>Add user</SubmitButton>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = () => [{ title: pageTitle("Add a user") }];
