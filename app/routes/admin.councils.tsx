import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, type FieldErrors, pageTitle, SubmitButton, TextField } from "../components/forms";
import { TableHead } from "../components/table-head";
import { TableScroll } from "../components/table-scroll";
import { COUNCIL_NAME_MAX, createCouncil, listCouncils, renameCouncil } from "../models/councils.server";
import { listSsoAuthorityIds } from "../models/sso.server";
import { requireAdmin } from "../utils/admin.server";
import { notFound } from "../utils/auth.server";
import { formatDate, londonDateOf } from "../utils/dates";
import { parseForm } from "../utils/forms";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

// Administrators create councils (before anyone imports a report for one) and rename them. Audited.

const name = z
  .string()
  .trim()
  .min(1, "Enter the council's name")
  .max(COUNCIL_NAME_MAX, `The name must be ${COUNCIL_NAME_MAX} characters or fewer`);
const CouncilSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name }),
  z.object({ intent: z.literal("rename"), id: storedInteger(), name }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const renaming = storedInteger().safeParse(new URL(request.url).searchParams.get("rename"));
  const [councils, withSso] = await Promise.all([listCouncils(), listSsoAuthorityIds()]);
  const chosen = renaming.success ? councils.find((c) => c.id === renaming.data) : undefined;
  return json({ councils, withSso, renaming: chosen ? { id: chosen.id, name: chosen.name } : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const formData = await request.formData();
  const values = { intent: String(formData.get("intent") ?? ""), name: String(formData.get("name") ?? "") };
  const parsed = parseForm(CouncilSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, values }, { status: 400 });
  const now = new Date();
  const result =
    parsed.data.intent === "create"
      ? await createCouncil(admin.actor, parsed.data.name, now)
      : await renameCouncil(admin.actor, parsed.data.id, parsed.data.name, now);
  if (!result.ok) {
    if (result.reason === "not_found") throw notFound("There is no council with that number.");
    const errors: FieldErrors = { name: result.message };
    return json({ errors, values }, { status: 400 });
  }
  const message =
    parsed.data.intent === "create" ? `${parsed.data.name} has been created` : `Renamed to ${parsed.data.name}`;
  return redirect("/admin/councils", { headers: { "Set-Cookie": await flash(request, message) } });
}

export default function Councils() {
  const { councils, renaming, withSso } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const failedIntent = actionData?.values.intent;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Councils</h1>
      <p className="govuk-body">
        Each council&apos;s people sign in with a password here or through the council&apos;s own identity provider
        (single sign-on).{" "}
        <Link className="govuk-link" to="/admin/sign-in">
          Sign-in security
        </Link>
        : a second factor for everyone who signs in with a password.
      </p>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {renaming ? (
            <Form method="post" noValidate>
              <h2 className="govuk-heading-m">Rename {renaming.name}</h2>
              <input type="hidden" name="intent" value="rename" />
              <input type="hidden" name="id" value={renaming.id} />
              <TextField
                name="name"
                label="New name"
                hint="As the council writes it, for example London Borough of Havering. Reports and history keep their own wording."
                defaultValue={failedIntent === "rename" ? actionData?.values.name : renaming.name}
                error={failedIntent === "rename" ? errors?.name : undefined}
              />
              <SubmitButton>Rename council</SubmitButton>{" "}
              <Link className="govuk-link govuk-body" to="/admin/councils">
                Cancel
              </Link>
            </Form>
          ) : (
            <Form method="post" noValidate>
              <h2 className="govuk-heading-m">Add a council</h2>
              <input type="hidden" name="intent" value="create" />
              <TextField
                name="name"
                label="Council name"
                hint="For example, London Borough of Havering. Add a council before adding its people; a report imported for a council not listed adds it too."
                defaultValue={failedIntent === "create" ? actionData?.values.name : ""}
                error={failedIntent === "create" ? errors?.name : undefined}
              />
              <SubmitButton>Add council</SubmitButton>
            </Form>
          )}
        </div>
      </div>
      <TableScroll
        caption={`Councils (${councils.length})`}
        captionClassName="govuk-table__caption govuk-table__caption--m"
      >
        <TableHead
          columns={["Council", { numeric: "Active people" }, { numeric: "Inspections" }, "Added", "Sign-in", "Change"]}
        />
        <tbody className="govuk-table__body">
          {councils.map((c) => (
            <tr className="govuk-table__row" key={c.id}>
              <td className="govuk-table__cell">{c.name}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{Number(c.people ?? 0)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{Number(c.inspections ?? 0)}</td>
              <td className="govuk-table__cell">{formatDate(londonDateOf(c.created_at))}</td>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/councils/${c.id}/sso`}>
                  {withSso.includes(c.id) ? "Single sign-on" : "Passwords"}
                  <span className="govuk-visually-hidden"> for {c.name}: change</span>
                </Link>
              </td>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/councils?rename=${c.id}`}>
                  Rename<span className="govuk-visually-hidden"> {c.name}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </TableScroll>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Councils") }];
