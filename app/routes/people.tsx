import {
  type ActionFunctionArgs,
  type HeadersFunction,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, type FieldErrors, pageTitle, RadiosField, SubmitButton, TextField } from "../components/forms";
import { InvitationPanel } from "../components/user-admin";
import { TableHead } from "../components/table-head";
import { TableScroll } from "../components/table-scroll";
import { LEAD_MANAGED_ROLES, personManagement } from "../domain/people";
import { ROLE_LABELS } from "../domain/permissions";
import { INVITATION_LIFETIME_DAYS } from "../models/invitation.server";
import { keepLinkForViewer, takeLinkForViewer } from "../models/one-time-link.server";
import { getSsoProvider } from "../models/sso.server";
import { addUser, getUser, giveAccess, isEmailTaken, listUsers, setUserActive } from "../models/user.server";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { parseForm } from "../utils/forms";
import { absoluteAppUrl } from "../utils/mailer.server";
import { flash } from "../utils/session.server";
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH } from "../utils/user-forms";
import { storedInteger } from "../utils/record-id";

// An improvement lead's people: everyone in their council, and the service managers and board
// members they add (with a link to choose a password) and deactivate. Administrators use /admin/users.

const PersonSchema = z.object({
  intent: z.literal("add"),
  name: z
    .string()
    .trim()
    .min(1, "Enter the person's full name")
    .max(NAME_MAX_LENGTH, `Name must be ${NAME_MAX_LENGTH} characters or fewer`),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Enter an email address")
    .max(EMAIL_MAX_LENGTH, `Email address must be ${EMAIL_MAX_LENGTH} characters or fewer`)
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "Enter an email address in the correct format, like name@council.gov.uk"),
  role: z.enum(LEAD_MANAGED_ROLES, { error: "Select a service manager or a board member" }),
});
const ChangeSchema = z.object({
  intent: z.enum(["deactivate", "reactivate"]),
  userId: storedInteger(),
});
// Someone their council's provider signed in for the first time waits here for a role.
const GiveAccessSchema = z.object({
  intent: z.literal("give_access"),
  userId: storedInteger(),
  role: z.enum(LEAD_MANAGED_ROLES, { error: "Select a service manager or a board member" }),
});

async function requireLead(request: Request) {
  const context = await requireContext(request);
  if (context.actor.role === "admin") throw redirect("/admin/users");
  if (context.actor.role !== "improvement_lead" || context.actor.authorityId === null) {
    throw forbidden("Only improvement leads manage the people in their council.");
  }
  return { ...context, authorityId: context.actor.authorityId };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, user, authorityId } = await requireLead(request);
  const reference = new URL(request.url).searchParams.get("link");
  const now = new Date();
  const [people, invitationUrl, sso] = await Promise.all([
    listUsers({ authorityId }),
    reference ? takeLinkForViewer(actor.id, reference, now) : null,
    getSsoProvider(authorityId),
  ]);
  const invited = new URL(request.url).searchParams.get("name");
  return json(
    {
      people: people.map((p) => ({
        id: p.id,
        name: p.name,
        email: p.email,
        role: p.role,
        status: p.status,
        openActions: p.open_actions,
        manageable: personManagement(actor, p) === "allowed",
      })),
      authorityName: user.authority_name,
      singleSignOn: sso !== null,
      invitationUrl,
      invitedName: invited && invited.length <= NAME_MAX_LENGTH ? invited : "them",
      invitationDays: INVITATION_LIFETIME_DAYS,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, authorityId } = await requireLead(request);
  const formData = await request.formData();
  const now = new Date();
  if (formData.get("intent") === "add") {
    const values = Object.fromEntries(["name", "email", "role"].map((k) => [k, String(formData.get(k) ?? "")]));
    const parsed = parseForm(PersonSchema, formData);
    if (!parsed.ok) return json({ errors: parsed.errors, values }, { status: 400 });
    if (await isEmailTaken(parsed.data.email)) {
      const errors: FieldErrors = { email: "A user with this email address already exists" };
      return json({ errors, values }, { status: 400 });
    }
    const { user, invitation } = await addUser(
      actor,
      { name: parsed.data.name, email: parsed.data.email, role: parsed.data.role, authorityId, password: null },
      now,
    );
    const reference = await keepLinkForViewer(actor.id, absoluteAppUrl(invitation!.path, request), now);
    return redirect(`/people?${new URLSearchParams({ link: reference, name: user.name })}`);
  }
  if (formData.get("intent") === "give_access") {
    const parsed = GiveAccessSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) throw new Response("Choose a person and a role for them.", { status: 400 });
    const person = await getUser(parsed.data.userId);
    const allowed = personManagement(actor, person);
    if (allowed === "not_found") throw notFound("There is no one with that number in your council.");
    if (allowed === "forbidden")
      throw forbidden("Improvement leads give access to service managers and board members.");
    if (!(await giveAccess(actor, person!.id, parsed.data.role, now))) {
      throw new Response(`${person!.name} is not waiting for access.`, { status: 409 });
    }
    const message = `${person!.name} can now sign in as a ${ROLE_LABELS[parsed.data.role].toLowerCase()}`;
    return redirect("/people", { headers: { "Set-Cookie": await flash(request, message) } });
  }
  const parsed = ChangeSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) throw new Response("Choose a person and what to do.", { status: 400 });
  const person = await getUser(parsed.data.userId);
  const allowed = personManagement(actor, person);
  if (allowed === "not_found") throw notFound("There is no one with that number in your council.");
  if (allowed === "forbidden") {
    throw forbidden("Improvement leads add and deactivate service managers and board members only.");
  }
  const active = parsed.data.intent === "reactivate";
  await setUserActive(actor, person!.id, active, now);
  const message = active
    ? `${person!.name} has been reactivated`
    : `${person!.name} has been deactivated and signed out`;
  return redirect("/people", { headers: { "Set-Cookie": await flash(request, message) } });
}

const STATUS_LABELS = { active: "Active", invited: "Invited", pending: "Named in a plan", deactivated: "Deactivated" };

export default function People() {
  const { people, authorityName, singleSignOn, invitationUrl, invitedName, invitationDays } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = actionData?.values;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">People in {authorityName}</h1>
      {invitationUrl ? <InvitationPanel name={invitedName} url={invitationUrl} expiresAt={null} /> : null}
      <p className="govuk-body">
        You can add service managers and board members and deactivate them. An administrator adds improvement leads and
        changes roles.
      </p>
      {singleSignOn ? (
        <p className="govuk-body">
          {authorityName} signs its people in with their council account. Someone signing in for the first time waits
          here until you give them a role.
        </p>
      ) : null}
      <TableScroll caption="Everyone in the council" captionClassName="govuk-table__caption govuk-table__caption--m">
        <TableHead columns={["Name", "Role", "Status", { numeric: "Open actions" }, "Change"]} />
        <tbody className="govuk-table__body">
          {people.map((p) => (
            <tr className="govuk-table__row" key={p.id}>
              <td className="govuk-table__cell">
                {p.name}
                <br />
                <span className="govuk-body-s">{p.email}</span>
              </td>
              <td className="govuk-table__cell">{ROLE_LABELS[p.role]}</td>
              <td className="govuk-table__cell">
                {p.status === "pending" && singleSignOn ? "Waiting for access" : STATUS_LABELS[p.status]}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{p.openActions}</td>
              <td className="govuk-table__cell">
                {p.manageable && p.status === "pending" && singleSignOn ? (
                  <Form method="post" className="app-give-access">
                    <input type="hidden" name="intent" value="give_access" />
                    <input type="hidden" name="userId" value={p.id} />
                    <label className="govuk-label govuk-label--s" htmlFor={`give-access-${p.id}`}>
                      Role<span className="govuk-visually-hidden"> for {p.name}</span>
                    </label>
                    <select className="govuk-select" id={`give-access-${p.id}`} name="role" defaultValue="board_member">
                      {LEAD_MANAGED_ROLES.map((role) => (
                        <option key={role} value={role}>
                          {ROLE_LABELS[role]}
                        </option>
                      ))}
                    </select>{" "}
                    <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                      Give access<span className="govuk-visually-hidden"> to {p.name}</span>
                    </button>
                  </Form>
                ) : p.manageable ? (
                  <Form method="post">
                    <input type="hidden" name="userId" value={p.id} />
                    <input
                      type="hidden"
                      name="intent"
                      value={p.status === "deactivated" ? "reactivate" : "deactivate"}
                    />
                    <button type="submit" className="govuk-link govuk-body-s app-link-button">
                      {p.status === "deactivated" ? "Reactivate" : "Deactivate"}
                      <span className="govuk-visually-hidden"> {p.name}</span>
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </TableScroll>
      <p className="govuk-body">
        Deactivating someone signs them out at once and stops them signing in. Their name stays in the plan&apos;s
        history and the actions they own stay assigned to them until you reassign them.
      </p>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Add a person</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="add" />
            <TextField name="name" label="Full name" defaultValue={values?.name} error={errors?.name} />
            <TextField
              name="email"
              label="Work email address"
              type="email"
              autoComplete="off"
              defaultValue={values?.email}
              error={errors?.email}
            />
            <RadiosField
              name="role"
              legend="Role"
              options={LEAD_MANAGED_ROLES.map((role) => ({
                value: role,
                label: ROLE_LABELS[role],
                hint:
                  role === "service_manager"
                    ? "Owns actions: records progress and evidence and submits them for sign-off"
                    : "Reads progress and the board pack; changes nothing",
              }))}
              defaultValue={values?.role ?? "service_manager"}
              error={errors?.role}
            />
            <p className="govuk-body">
              You will see a link to send them to choose their password. It works once, for {invitationDays} days.
            </p>
            <SubmitButton>Add person</SubmitButton>
          </Form>
        </div>
      </div>
    </>
  );
}

// The page may show a set-password link: never kept in a cache.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction = () => [{ title: pageTitle("People") }];
