import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  ErrorSummary,
  type FieldErrors,
  pageTitle,
  RadiosField,
  SubmitButton,
  TextArea,
  TextField,
} from "../components/forms";
import { formatRoleMap, parseDomains, parseRoleMap } from "../domain/sso";
import { CALLBACK_PATH } from "../flows/sso.server";
import { listCouncils } from "../models/councils.server";
import { getSsoProvider, removeSsoProvider, saveSsoProvider } from "../models/sso.server";
import { requireAdmin } from "../utils/admin.server";
import { notFound } from "../utils/auth.server";
import { parseForm, submittedValues } from "../utils/forms";
import { absoluteAppUrl } from "../utils/mailer.server";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

// A council's single sign-on: its OpenID Connect provider (issuer, client id and secret, for Entra
// ID its tenant), the e-mail domains it signs in, an optional role mapping from a claim, and whether
// its people may still sign in with a password. The secret is never shown again. Audited.

const optional = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .transform((v) => (v === "" ? null : v));

const SaveSchema = z.object({
  intent: z.literal("save"),
  issuer: z
    .string()
    .trim()
    .min(1, "Enter the issuer address")
    .max(500, "Enter a shorter issuer address")
    .refine((v) => {
      try {
        const url = new URL(v);
        return (
          url.protocol === "https:" || (url.protocol === "http:" && ["127.0.0.1", "localhost"].includes(url.hostname))
        );
      } catch {
        return false;
      }
    }, "Enter the issuer as an https:// address, like https://login.microsoftonline.com/<tenant id>/v2.0"),
  tenantId: optional(100, "Enter a shorter tenant id"),
  clientId: z.string().trim().min(1, "Enter the client (application) id").max(200, "Enter a shorter client id"),
  clientSecret: optional(1000, "Enter a shorter client secret"),
  domains: z.string().max(5000, "Enter fewer domains"),
  rolesClaim: optional(100, "Enter a shorter claim name"),
  roleMap: z.string().max(20_000, "Enter a shorter role mapping"),
  passwordSignIn: z.enum(["yes", "no"], { error: "Select whether people may also sign in with a password" }),
});

async function councilFromParams(params: LoaderFunctionArgs["params"]) {
  const id = storedInteger().safeParse(params.councilId);
  const council = id.success ? (await listCouncils()).find((c) => c.id === id.data) : undefined;
  if (!council) throw notFound("There is no council with that number.");
  return { id: council.id, name: council.name };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const council = await councilFromParams(params);
  const provider = await getSsoProvider(council.id);
  return json({ council, provider, callbackUrl: absoluteAppUrl(CALLBACK_PATH, request) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const council = await councilFromParams(params);
  const formData = await request.formData();
  const values = submittedValues(formData);
  delete values.clientSecret;
  const refuse = (errors: FieldErrors) => json({ errors, values }, { status: 400 });
  const to = `/admin/councils/${council.id}/sso`;
  const now = new Date();
  if (formData.get("intent") === "remove") {
    await removeSsoProvider(admin.actor, council.id, now);
    return redirect(to, {
      headers: { "Set-Cookie": await flash(request, `${council.name}'s people sign in with passwords again`) },
    });
  }
  const parsed = parseForm(SaveSchema, formData);
  if (!parsed.ok) return refuse(parsed.errors);
  const errors: FieldErrors = {};
  const domains = parseDomains(parsed.data.domains);
  if (domains.invalid.length > 0)
    errors.domains = `These are not e-mail domains: ${domains.invalid.slice(0, 5).join(", ")}`;
  else if (domains.domains.length === 0)
    errors.domains = "Enter the e-mail domains of the council's people, like hackney.gov.uk";
  const roleMap = parseRoleMap(parsed.data.roleMap);
  if (roleMap.invalidLines.length > 0)
    errors.roleMap = `Write each line as "claim value = role" (improvement lead, service manager or board member): line ${roleMap.invalidLines.join(", ")}`;
  else if (roleMap.mappings.length > 0 && !parsed.data.rolesClaim)
    errors.rolesClaim = "Enter the claim the roles come from, like groups or roles";
  if (Object.keys(errors).length > 0) return refuse(errors);
  const result = await saveSsoProvider(
    admin.actor,
    council.id,
    {
      issuer: parsed.data.issuer.replace(/\/+$/, ""),
      tenantId: parsed.data.tenantId,
      clientId: parsed.data.clientId,
      clientSecret: parsed.data.clientSecret,
      domains: domains.domains,
      rolesClaim: parsed.data.rolesClaim,
      roleMap: roleMap.mappings,
      passwordSignIn: parsed.data.passwordSignIn === "yes",
    },
    now,
  );
  if (!result.ok) {
    if (result.reason === "not_found") throw notFound("There is no council with that number.");
    if (result.reason === "secret_required") return refuse({ clientSecret: "Enter the client secret" });
    return refuse({ domains: `${result.domain} signs in through ${result.council}'s provider already` });
  }
  return redirect(to, {
    headers: { "Set-Cookie": await flash(request, `${council.name}'s single sign-on has been saved`) },
  });
}

export default function CouncilSso() {
  const { council, provider, callbackUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const v = actionData?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Link to="/admin/councils" className="govuk-back-link">
          Back to councils
        </Link>
        <span className="govuk-caption-l">{council.name}</span>
        <h1 className="govuk-heading-l">Single sign-on</h1>
        <p className="govuk-body">
          {provider
            ? `People with an e-mail address at ${provider.domains.join(", ")} sign in through the council's provider.`
            : "The council's people sign in with a password here. Connect the council's identity provider (Microsoft Entra ID or any OpenID Connect provider) so they sign in with their council account."}
        </p>
        <p className="govuk-body">
          Register this redirect address with the provider: <code>{callbackUrl}</code>
        </p>
        {/* A fresh form after each save: the secret typed is not kept in the page. */}
        <Form method="post" noValidate key={provider?.updatedAt ?? "new"}>
          <input type="hidden" name="intent" value="save" />
          <TextField
            name="issuer"
            label="Issuer"
            hint="For Entra ID: https://login.microsoftonline.com/<directory (tenant) id>/v2.0"
            defaultValue={v?.issuer ?? provider?.issuer}
            error={errors?.issuer}
          />
          <TextField
            name="tenantId"
            label="Directory (tenant) id (Entra ID only)"
            hint="Sign-ins whose tid claim is another directory are refused. Leave empty for other providers."
            defaultValue={v?.tenantId ?? provider?.tenantId}
            error={errors?.tenantId}
          />
          <TextField
            name="clientId"
            label="Client (application) id"
            defaultValue={v?.clientId ?? provider?.clientId}
            error={errors?.clientId}
          />
          <TextField
            name="clientSecret"
            label="Client secret"
            type="password"
            autoComplete="off"
            hint={
              provider
                ? "Stored and never shown again. Leave empty to keep the current secret."
                : "Stored encrypted and never shown again."
            }
            error={errors?.clientSecret}
          />
          <TextArea
            name="domains"
            label="E-mail domains"
            hint="One a line, like hackney.gov.uk. People with these addresses are sent to this provider."
            rows={3}
            childDetailsWarning={false}
            defaultValue={v?.domains ?? provider?.domains.join("\n")}
            error={errors?.domains}
          />
          <TextField
            name="rolesClaim"
            label="Claim holding groups or app roles (optional)"
            hint="For Entra ID: roles (app roles) or groups (group object ids)."
            defaultValue={v?.rolesClaim ?? provider?.rolesClaim}
            error={errors?.rolesClaim}
          />
          <TextArea
            name="roleMap"
            label="Role for each claim value (optional)"
            hint="One a line: claim value = role, like Followthrough.Lead = improvement lead. Without a match, a new person waits for a lead or administrator to give them access."
            rows={3}
            childDetailsWarning={false}
            defaultValue={v?.roleMap ?? (provider ? formatRoleMap(provider.roleMap) : "")}
            error={errors?.roleMap}
          />
          <RadiosField
            name="passwordSignIn"
            legend="May the council's people also sign in with a password here?"
            hint="Break-glass accounts (chosen on a person's page) may always."
            options={[
              { value: "yes", label: "Yes" },
              { value: "no", label: "No, only through the council's provider" },
            ]}
            defaultValue={v?.passwordSignIn ?? (provider && !provider.passwordSignIn ? "no" : "yes")}
            error={errors?.passwordSignIn}
          />
          <SubmitButton>Save single sign-on</SubmitButton>
        </Form>
        {provider ? (
          <Form method="post">
            <h2 className="govuk-heading-m">Stop single sign-on</h2>
            <p className="govuk-body" id="remove">
              The council&apos;s people sign in with a password here again (each needs one: send them a link from their
              page).
            </p>
            <SubmitButton name="intent" value="remove" warning>
              Stop single sign-on for {council.name}
            </SubmitButton>
          </Form>
        ) : null}
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Single sign-on: ${data.council.name}` : "Single sign-on") },
];
