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
import { removeSecondFactor, secondFactorStatus } from "../models/second-factor.server";
import { getSsoProvider } from "../models/sso.server";
import {
  getUser,
  isEmailTaken,
  issueInvitation,
  setBreakGlass,
  setUserActive,
  updateUser,
} from "../models/user.server";
import { requireAdmin } from "../utils/admin.server";
import { notFound } from "../utils/auth.server";
import { parseForm } from "../utils/forms";
import { absoluteAppUrl } from "../utils/mailer.server";
import { keepLinkForViewer, takeLinkForViewer } from "../models/one-time-link.server";
import { flash } from "../utils/session.server";
import { UserDetailsSchema } from "../utils/user-forms";
import { storedInteger } from "../utils/record-id";

const IdSchema = storedInteger();
const IntentSchema = z.enum([
  "details",
  "deactivate",
  "reactivate",
  "invite",
  "reset_second_factor",
  "break_glass_on",
  "break_glass_off",
]);

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
  const [authorities, openInvitation, sessions, invitationUrl, secondFactor, sso] = await Promise.all([
    listVisibleAuthorities(admin.actor),
    findOpenInvitation(user.id, now),
    countUserSessions(user.id),
    reference ? takeLinkForViewer(admin.id, reference, now) : null,
    secondFactorStatus(user.id),
    user.authority_id === null ? null : getSsoProvider(user.authority_id),
  ]);
  const signIn = { secondFactor, councilSso: sso !== null, passwordSignInOff: sso !== null && !sso.passwordSignIn };
  return json(
    { user, authorities, openInvitation, sessions, invitationUrl, isSelf: user.id === admin.id, signIn },
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
      return done(user.status === "pending" ? `${user.name} can now sign in` : `${user.name} has been reactivated`);
    case "reset_second_factor":
      if (!(await removeSecondFactor(admin.actor, user.id, now)))
        return refuse({ reset_second_factor: `${user.name} has no second factor to reset` });
      return done(`${user.name}'s second factor has been reset: they set it up again when they next sign in`);
    case "break_glass_on":
    case "break_glass_off":
      if (user.authority_id === null) return refuse({ break_glass: "Administrators always sign in with a password" });
      await setBreakGlass(admin.actor, user.id, intent.data === "break_glass_on", now);
      return done(
        intent.data === "break_glass_on"
          ? `${user.name} can sign in with a password even when their council uses single sign-on only`
          : `${user.name} signs in like the rest of their council`,
      );
    case "invite": {
      const invitation = await issueInvitation(admin.actor, user.id, now);
      if (!invitation) return refuse({ invite: `Reactivate ${user.name} before sending them a link` });
      const reference = await keepLinkForViewer(admin.id, absoluteAppUrl(invitation.path, request), now);
      return redirect(`${to}?link=${reference}`);
    }
  }
}

export default function AdminUser() {
  const { user, authorities, openInvitation, sessions, invitationUrl, isSelf, signIn } = useLoaderData<typeof loader>();
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
      {user.status === "pending" ? (
        <Form method="post">
          <p className="govuk-body" id="reactivate">
            Giving access lets them sign in (through their council&apos;s single sign-on, or with a password they choose
            from a link) with the role below: check it first.
          </p>
          <SubmitButton name="intent" value="reactivate">
            Give {user.name} access
          </SubmitButton>
        </Form>
      ) : null}
      <SignInSecurity name={user.name} signIn={signIn} breakGlass={user.break_glass === 1} />
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

function SignInSecurity({
  name,
  signIn,
  breakGlass,
}: {
  name: string;
  signIn: {
    secondFactor: { enabled: boolean; recoveryCodesLeft: number };
    councilSso: boolean;
    passwordSignInOff: boolean;
  };
  breakGlass: boolean;
}) {
  return (
    <>
      <h2 className="govuk-heading-m">Second factor</h2>
      {signIn.secondFactor.enabled ? (
        <Form method="post">
          <p className="govuk-body" id="reset_second_factor">
            {name} enters a code from an authenticator app after their password ({signIn.secondFactor.recoveryCodesLeft}{" "}
            recovery codes left). If they have lost their phone and their recovery codes, reset it: they sign in with
            their password alone and set it up again.
          </p>
          <SubmitButton name="intent" value="reset_second_factor" secondary>
            Reset {name}&apos;s second factor
          </SubmitButton>
        </Form>
      ) : (
        <p className="govuk-body">{name} has not set up a second factor.</p>
      )}
      {signIn.councilSso ? (
        <Form method="post">
          <p className="govuk-body" id="break_glass">
            {breakGlass
              ? `${name} is a break-glass account: they may sign in with a password here even when their council signs its people in only through its provider.`
              : signIn.passwordSignInOff
                ? `Their council signs its people in only through its provider. A break-glass account may still sign in with a password here, for when the provider is down.`
                : `Their council has single sign-on. A break-glass account keeps signing in with a password here if the council switches password sign-in off.`}
          </p>
          <SubmitButton name="intent" value={breakGlass ? "break_glass_off" : "break_glass_on"} secondary>
            {breakGlass ? "Stop being a break-glass account" : "Make this a break-glass account"}
          </SubmitButton>
        </Form>
      ) : null}
    </>
  );
}

// The page may show a set-password link: never kept in a cache.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? data.user.name : "User") }];
