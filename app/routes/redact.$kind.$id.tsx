import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, pageTitle, TextArea } from "../components/forms";
import { kindFromSlug, REDACTION_KINDS, REDACTION_REASON_MAX, redactionNotice } from "../domain/redaction";
import { findRedactionTarget, redactContent } from "../models/redaction.server";
import { requireAdmin } from "../utils/admin.server";
import { notFound } from "../utils/auth.server";
import { formatDate, todayInLondon } from "../utils/dates";
import { describeStoredFile } from "../utils/evidence-form";
import { parseForm } from "../utils/forms";
import { flash } from "../utils/session.server";
import { RecordIdParam } from "../utils/record-id";

// /redact/<kind>/<id>: an administrator removes personal data entered by mistake (a progress update,
// an evidence item and its file, a reason, a description, a measure's notes). A confirmation page
// shows what will go and asks why; the content is replaced by "Removed by <name> on <date>: <why>".

const IdSchema = RecordIdParam;

const RedactSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, "Enter why it is being removed")
    .max(REDACTION_REASON_MAX, `The reason must be ${REDACTION_REASON_MAX} characters or fewer`),
});

async function requireTarget(params: LoaderFunctionArgs["params"]) {
  const kind = kindFromSlug(params.kind ?? "");
  const id = IdSchema.safeParse(params.id);
  if (!kind || !id.success) throw notFound();
  const target = await findRedactionTarget(kind, id.data);
  if (!target) throw notFound("There is nothing to remove there.");
  return target;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const target = await requireTarget(params);
  const today = formatDate(todayInLondon());
  return json({ target, example: redactionNotice(admin.name, today, "").trimEnd(), today });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const target = await requireTarget(params);
  const formData = await request.formData();
  const parsed = parseForm(RedactSchema, formData);
  const typed = String(formData.get("reason") ?? "");
  if (!parsed.ok) return json({ errors: parsed.errors, reason: typed }, { status: 400 });
  const now = new Date();
  const result = await redactContent(
    admin,
    { kind: target.kind, id: target.id, reason: parsed.data.reason },
    now,
    formatDate(todayInLondon(now)),
  );
  if (!result.ok && result.reason === "not_found") throw notFound("There is nothing to remove there.");
  if (!result.ok && result.reason === "file_store") {
    return json(
      {
        errors: {
          reason:
            "The file could not be deleted, so nothing has been removed. Try again in a minute; if it happens again, tell your IT team (the server log says why).",
        },
        reason: typed,
      },
      { status: 503 },
    );
  }
  if (!result.ok) return json({ errors: { reason: "This has already been removed." }, reason: typed }, { status: 409 });
  const message = result.fileLeft
    ? `The ${result.noun} has been removed, but its file could not be deleted from the evidence folder: tell your IT team, who can see which file in the server log`
    : `The ${result.noun} has been removed${result.fileRemoved ? ", and its file deleted" : ""}`;
  return redirect(result.returnTo, { headers: { "Set-Cookie": await flash(request, message) } });
}

export default function Redact() {
  const { target, example } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { title } = REDACTION_KINDS[target.kind];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={failed?.errors} />
        <Link to={target.returnTo} className="govuk-back-link">
          Back
        </Link>
        <span className="govuk-caption-l">{target.where}</span>
        <h1 className="govuk-heading-l">{title}</h1>
        {target.removed ? (
          <>
            <p className="govuk-body">This has already been removed. It now reads:</p>
            <p className="govuk-inset-text">{target.removed.notice}</p>
          </>
        ) : (
          <>
            <h2 className="govuk-heading-m">What will be removed</h2>
            <dl className="govuk-summary-list">
              {target.content.map((item) => (
                <div className="govuk-summary-list__row" key={item.label}>
                  <dt className="govuk-summary-list__key">{item.label}</dt>
                  <dd className="govuk-summary-list__value app-removable-text">{item.text}</dd>
                </div>
              ))}
              {target.file ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Stored file</dt>
                  <dd className="govuk-summary-list__value">
                    {describeStoredFile(target.file.type, target.file.size)}.{" "}
                    {target.file.alsoUsedBy === 0
                      ? "It will be deleted from the server, so backups taken from now on will not hold it."
                      : `The same file is also attached to ${target.file.alsoUsedBy} other evidence ${
                          target.file.alsoUsedBy === 1 ? "item" : "items"
                        }, so it stays on the server until ${target.file.alsoUsedBy === 1 ? "that is" : "those are"} removed too.`}
                  </dd>
                </div>
              ) : null}
            </dl>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                This cannot be undone. Everywhere Followthrough shows it, it will read “{example}” followed by your
                reason. The history keeps that something was removed, by whom and why, but not what.
              </strong>
            </div>
            <p className="govuk-body">
              E-mails already sent and backups already taken are not changed: tell whoever keeps them.
            </p>
            <Form method="post" noValidate>
              <TextArea
                name="reason"
                label="Why is it being removed?"
                hint={`For example, “It named a child”. This is shown in its place. Up to ${REDACTION_REASON_MAX} characters.`}
                rows={2}
                defaultValue={failed?.reason}
                error={failed?.errors.reason}
              />
              <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
                Remove permanently
              </button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? REDACTION_KINDS[data.target.kind].title : "Remove personal data") },
];
