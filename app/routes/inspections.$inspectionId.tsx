import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConflictNotice } from "../components/conflict-notice";
import { RemovedNotice } from "../components/corrections";
import { InspectionPlan } from "../components/inspection-plan";
import { ErrorSummary, pageTitle, SubmitButton } from "../components/forms";
import { BASIS_KIND_LABELS } from "../domain/due-dates";
import { REPORT_KIND_LABELS } from "../domain/import-plan";
import { canManagePlan } from "../domain/permissions";
import type { ReportKind } from "../import/types";
import { latestImpactLevels } from "../models/impact.server";
import { knownInspectionDates } from "../domain/corrections";
import { getInspection } from "../models/inspection.server";
import { restoreInspection } from "../models/inspection-removal.server";
import { forbidden, notFound } from "../utils/auth.server";
import { RestoreSchema } from "../utils/correction-forms";
import { parseForm } from "../utils/forms";
import { flash } from "../utils/session.server";
import { recordSettings, requireContext } from "../utils/context.server";
import { formatDate, londonDateOf } from "../utils/dates";
import { storedInteger } from "../utils/record-id";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const context = await requireContext(request);
  const { actor, today } = context;
  const id = storedInteger().safeParse(params.inspectionId);
  if (!id.success) throw notFound();
  const settings = await recordSettings(context, "inspection", id.data);
  const inspection = await getInspection(actor, id.data, today, settings.amberWindowDays);
  if (!inspection) throw notFound("There is no inspection with that number that you can see.");
  return json({
    inspection: { ...inspection, dates: knownInspectionDates(inspection) },
    removal: inspection.removed_at
      ? {
          removedAt: inspection.removed_at,
          removedBy: inspection.removed_by_name,
          reason: inspection.removed_reason ?? "",
        }
      : null,
    canManage: canManagePlan(actor, inspection.authority_id) && inspection.removed_at === null,
    canRestore: actor.role === "admin" && inspection.removed_at !== null,
    impactLevels: await latestImpactLevels(inspection.recommendations.map((r) => r.id)),
    graceDays: settings.immediateGraceDays,
    amberWindowDays: settings.amberWindowDays,
  });
}

/** An administrator restores a removed inspection (the only form posted to this page). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireContext(request);
  const id = storedInteger().safeParse(params.inspectionId);
  if (!id.success) throw notFound();
  const parsed = parseForm(RestoreSchema, await request.formData());
  if (!parsed.ok)
    return json({ errors: { restore: "Open the page again and restore from there" }, conflict: null }, { status: 400 });
  const result = await restoreInspection(actor, { inspectionId: id.data, version: parsed.data.version }, new Date());
  if (result.ok) {
    return redirect(`/inspections/${id.data}`, {
      headers: { "Set-Cookie": await flash(request, "Inspection restored to the plan, as it was") },
    });
  }
  switch (result.reason) {
    case "not_found":
      throw notFound("There is no inspection with that number that you can see.");
    case "forbidden":
      throw forbidden(result.message);
    case "invalid":
      return json({ errors: { restore: result.message }, conflict: null }, { status: 400 });
    case "conflict":
      return json(
        { errors: {}, conflict: { changedBy: result.changedBy, changedAt: result.changedAt } },
        { status: 409 },
      );
  }
}

export default function InspectionDetail() {
  const { inspection, removal, canManage, canRestore, impactLevels, graceDays, amberWindowDays } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const dates = inspection.dates;
  const rows: { key: string; value: string; field: string | null }[] = [
    { key: "Title", value: inspection.title, field: "title" },
    {
      key: "Kind of report",
      value: REPORT_KIND_LABELS[inspection.kind as ReportKind] ?? inspection.kind,
      field: "kind",
    },
    {
      key: "Inspection dates",
      value: inspection.inspection_start
        ? `${formatDate(inspection.inspection_start)} to ${formatDate(dates.inspectionEnd, "?")}`
        : "Not known",
      field: "inspectionStart",
    },
    { key: "Published", value: formatDate(dates.published, "Not printed in the report"), field: "published" },
    { key: "Date received", value: formatDate(dates.received, "Not recorded"), field: "received" },
    {
      key: "Due dates counted from",
      value: `${BASIS_KIND_LABELS[inspection.basis_kind]}: ${formatDate(inspection.basis_date, "not set")}`,
      field: "basisKind",
    },
    { key: "Source document", value: inspection.source_file_name ?? "Pasted text", field: null },
  ];
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      {result?.conflict ? <ConflictNotice conflict={result.conflict} subject="This inspection" /> : null}
      {removal ? <RemovedNotice removal={removal} canRestore={canRestore} /> : null}
      <span className="govuk-caption-l">{inspection.authority_name}</span>
      <h1 className="govuk-heading-l">{inspection.title}</h1>
      <dl className="govuk-summary-list">
        {rows.map(({ key, value, field }) => (
          <div
            className={`govuk-summary-list__row${canManage && !field ? " govuk-summary-list__row--no-actions" : ""}`}
            key={key}
          >
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
            {canManage && field ? (
              <dd className="govuk-summary-list__actions">
                <Link className="govuk-link" to={`/inspections/${inspection.id}/edit#${field}`}>
                  Change<span className="govuk-visually-hidden"> {key.toLowerCase()}</span>
                </Link>
              </dd>
            ) : null}
          </div>
        ))}
      </dl>
      {canRestore ? (
        <Form method="post" noValidate>
          <h2 className="govuk-heading-m" id="restore">
            Restore this inspection
          </h2>
          <p className="govuk-body">
            It comes back into the plan exactly as it was: its recommendations, actions, evidence and links, in every
            count, list, board and pack.
          </p>
          <input type="hidden" name="intent" value="restore" />
          <input type="hidden" name="version" value={inspection.version} />
          <SubmitButton>Restore to the plan</SubmitButton>
        </Form>
      ) : null}
      {inspection.closed_at ? (
        <div className="govuk-inset-text">
          This plan was closed on {formatDate(londonDateOf(inspection.closed_at))}: it is out of today&apos;s
          dashboards, lists and board pack, and kept in the history and readiness.{" "}
          <Link className="govuk-link" to={`/inspections/${inspection.id}/close`}>
            Why it was closed{canManage ? ", or reopen it" : ""}
          </Link>
        </div>
      ) : canManage ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/inspections/${inspection.id}/close`}>
            Close this plan
          </Link>{" "}
          when every action is signed off or withdrawn, or when a newer inspection supersedes it.
        </p>
      ) : null}
      {removal ? (
        <>
          <h2 className="govuk-heading-m">Recommendations it held</h2>
          <ol className="govuk-list govuk-list--number">
            {inspection.recommendations.map((rec) => (
              <li key={rec.id}>
                <strong>{rec.reference}</strong> {rec.text}
              </li>
            ))}
          </ol>
        </>
      ) : (
        <>
          {canManage && inspection.recommendations.length > 0 ? (
            <p className="govuk-body">
              <Link className="govuk-button govuk-!-margin-bottom-0" to={`/inspections/${inspection.id}/plan`}>
                Build the plan
              </Link>{" "}
              <span className="govuk-body">
                Every recommendation with its actions on one page: titles, owners and target dates, saved at once.
              </span>
            </p>
          ) : null}
          <p className="govuk-body">
            <a className="govuk-link" href={`/inspections/${inspection.id}/statement-of-action.docx`} download>
              Download the statement of action (Word)
            </a>
            : each recommendation with its actions, leads, target dates and what good looks like, to send to Ofsted.
          </p>
          <InspectionPlan
            inspection={inspection}
            canManage={canManage}
            impactLevels={impactLevels}
            graceDays={graceDays}
            amberWindowDays={amberWindowDays}
          />
        </>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? data.inspection.title : "Inspection") },
];
