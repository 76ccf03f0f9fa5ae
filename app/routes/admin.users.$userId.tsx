import {
  type ActionFunctionArgs,
  type HeadersFunction,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, type FieldErrors, pageTitle, SubmitButton } from "../components/forms";
import { InvitationPanel, UserAccessSummary } from "../components/user-admin";
import { UserAccessFields } from "../components/user-fields";
import { listVisibleAuthorities } from "../models/authority.server";
import { findOpenInvitation } from "../models/invitation.server";
import { countUserSessions } from "../models/session.server";
import { getUser, isEmailTaken, issueInvitation, setUserActive, updateUser } from "../models/user.server";
import { requireAdmin } from "../utils/admin.server";
import { notFound } from "../utils/auth.server";
import { parseForm } from "../utils/forms";
import { absoluteAppUrl } from "../utils/mailer.server";
import { keepLinkForViewer, takeLinkForViewer } from "../models/one-time-link.server";
import { flash } from "../utils/session.server";
import { UserDetailsSchema } from "../utils/user-forms";
import { storedInteger } from "../utils/record-id";

const IdSchema = storedInteger();
const IntentSchema = z.enum(["details", "deactivate", "reactivate", "invite"]);

async function userFromParams(params: LoaderFunctionArgs["params"]) {
  const id = IdSchema.safeParse(params.userId);
  const user = id.success ? await getUser(id.data) : undefined;
  if (!user) throw notFound("There is no user with that number.");
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const user = await userFromParams(params);
  const now = new Date();
  // A link just issued is shown once, from the server (see app/models/one-time-link.server.ts).
  const reference = new URL(request.url).searchParams.get("link");
  const [authorities, openInvitation, sessions, invitationUrl] = await Promise.all([
    listVisibleAuthorities(admin.actor),
    findOpenInvitation(user.id, now),
    countUserSessions(user.id),
    reference ? takeLinkForViewer(admin.id, reference, now) : null,
  ]);
  return json(
    { user, authorities, openInvitation, sessions, invitationUrl, isSelf: user.id === admin.id },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const user = await userFromParams(params);
  const formData = await request.formData();
  const intent = IntentSchema.safeParse(formData.get("intent"));
  if (!intent.success) throw new Response("Unknown form", { status: 400 });
  const now = new Date();
  const to = `/admin/users/${user.id}`;
  const refuse = (errors: FieldErrors) =>
    json(
      { intent: intent.data, errors, values: Object.fromEntries([...formData].map(([k, v]) => [k, String(v)])) },
      { status: 400 },
    );
  const done = async (message: string) => redirect(to, { headers: { "Set-Cookie": await flash(request, message) } });

  switch (intent.data) {
    case "details": {
      const parsed = parseForm(UserDetailsSchema, formData);
      if (!parsed.ok) return refuse(parsed.errors);
      const errors: FieldErrors = {};
      if (user.id === admin.id && parsed.data.role !== "admin") {
        errors.role = "You cannot change your own role: ask another administrator";
      }
      const authorities = await listVisibleAuthorities(admin.actor);
      if (parsed.data.authorityId !== null && !authorities.some((a) => a.id === parsed.data.authorityId)) {
        errors.authorityId = "Select the authority this person works for";
      }
      if (await isEmailTaken(parsed.data.email, user.id)) errors.email = "Another user has this email address";
      if (Object.keys(errors).length > 0) return refuse(errors);
      await updateUser(admin.actor, user.id, parsed.data, now);
      return done(`${parsed.data.name}'s details have been saved`);
    }
    case "deactivate":
      if (user.id === admin.id)
        return refuse({ deactivate: "You cannot deactivate your own account: ask another administrator" });
      await setUserActive(admin.actor, user.id, false, now);
      return done(`${user.name} has been deactivated and signed out`);
    case "reactivate":
      await setUserActive(admin.actor, user.id, true, now);
      return done(`${user.name} has been reactivated`);
    case "invite": {
      const invitation = await issueInvitation(admin.actor, user.id, now);
      if (!invitation) return refuse({ invite: `Reactivate ${user.name} before sending them a link` });
      const reference = await keepLinkForViewer(admin.id, absoluteAppUrl(invitation.path, request), now);
      return redirect(`${to}?link=${reference}`);
    }
  }
}

export default function AdminUser() {
  const { user, authorities, openInvitation, sessions, invitationUrl, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values =
    actionData?.intent === "details"
      ? actionData.values
      : {
          name: user.name,
          email: user.email,
          role: user.role,
          authorityId: user.authority_id ? String(user.authority_id) : "",
        };
  const canDeactivate = !isSelf && user.status !== "deactivated";
  return (
    <>
      <ErrorSummary errors={errors} />
      <Link to="/admin/users" className="govuk-back-link">
        Back to users
      </Link>
      <h1 className="govuk-heading-l">
        {user.name}
        {user.status === "deactivated" ? " (deactivated)" : ""}
      </h1>
      {invitationUrl ? (
        <InvitationPanel name={user.name} url={invitationUrl} expiresAt={openInvitation?.expires_at ?? null} />
      ) : null}
      <UserAccessSummary user={user} openInvitation={openInvitation} sessions={sessions} />

      <h2 className="govuk-heading-m">Password and access</h2>
      {user.status === "deactivated" ? (
        <Form method="post">
          <p className="govuk-body">
            They cannot sign in. Reactivating lets them sign in again with their old password.
          </p>
          <SubmitButton name="intent" value="reactivate">
            Reactivate {user.name}
          </SubmitButton>
        </Form>
      ) : (
        <Form method="post">
          <p className="govuk-body" id="invite">
            {user.status === "pending"
              ? "They are named in an imported plan but cannot sign in yet. Send them a link to choose a password; their account becomes active when they do."
              : user.status === "invited"
                ? "They have not chosen a password yet. A new link replaces any earlier one."
                : "A link lets them choose a new password; it replaces any earlier link. Their current password works until they use it."}
          </p>
          <SubmitButton name="intent" value="invite" secondary>
            {user.status === "active" ? "Reset password" : "Create a new invitation link"}
          </SubmitButton>
        </Form>
      )}
      {canDeactivate ? (
        <Form method="post">
          <p className="govuk-body" id="deactivate">
            Deactivating signs them out at once and stops them signing in. Their name stays in the plan&apos;s history
            and the actions they own stay assigned to them until someone reassigns them.
          </p>
          <button
            type="submit"
            name="intent"
            value="deactivate"
            className="govuk-button govuk-button--warning"
            data-module="govuk-button"
          >
            Deactivate {user.name}
          </button>
        </Form>
      ) : null}

      <h2 className="govuk-heading-m">Change details, role or authority</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="details" />
        <UserAccessFields
          authorities={authorities}
          values={values}
          errors={actionData?.intent === "details" ? errors : undefined}
        />
        <SubmitButton>Save changes</SubmitButton>
      </Form>
    </>
  );
}

// The page may show a set-password link: never kept in a cache.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? data.user.name : "User") }];
