import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { RagKey } from "../components/rag-key";
import { ActionsTable } from "../components/actions-table";
import { BASIS_KIND_LABELS, describeDueDateRule, type DueDateRule, TIMESCALE_LABELS } from "../domain/due-dates";
import { REPORT_KIND_LABELS } from "../domain/import-plan";
import { actionNumber, sectionLabel } from "../domain/references";
import { canManagePlan } from "../domain/permissions";
import type { ReportKind } from "../import/types";
import { ImpactTag } from "../components/impact-tag";
import { latestImpactLevels } from "../models/impact.server";
import { getInspection } from "../models/inspection.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { JudgementsTable } from "../components/judgements-table";
import { formatDate } from "../utils/dates";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, today, settings } = await requireContext(request);
  const id = z.coerce.number().int().positive().safeParse(params.inspectionId);
  if (!id.success) throw notFound();
  const inspection = await getInspection(actor, id.data, today, settings.amberWindowDays);
  if (!inspection) throw notFound("There is no inspection with that number that you can see.");
  return json({
    inspection,
    canManage: canManagePlan(actor, inspection.authority_id),
    impactLevels: await latestImpactLevels(inspection.recommendations.map((r) => r.id)),
    graceDays: settings.immediateGraceDays,
    amberWindowDays: settings.amberWindowDays,
  });
}

type Rec = ReturnType<typeof useLoaderData<typeof loader>>["inspection"]["recommendations"][number];

/** Recommendations grouped by section, then timescale, keeping report order. */
function groupRecommendations(recs: Rec[]) {
  const groups: { key: string; section: string | null; timescale: Rec["timescale"]; items: Rec[] }[] = [];
  for (const rec of recs) {
    const key = `${rec.section ?? ""}|${rec.timescale ?? ""}`;
    const group = groups.find((g) => g.key === key);
    if (group) group.items.push(rec);
    else groups.push({ key, section: rec.section, timescale: rec.timescale, items: [rec] });
  }
  return groups;
}

export default function InspectionDetail() {
  const { inspection, canManage, impactLevels, graceDays, amberWindowDays } = useLoaderData<typeof loader>();
  const groups = groupRecommendations(inspection.recommendations);
  return (
    <>
      <span className="govuk-caption-l">{inspection.authority_name}</span>
      <h1 className="govuk-heading-l">{inspection.title}</h1>
      <dl className="govuk-summary-list">
        {[
          ["Kind of report", REPORT_KIND_LABELS[inspection.kind as ReportKind] ?? inspection.kind],
          [
            "Inspection dates",
            inspection.inspection_start
              ? `${formatDate(inspection.inspection_start)} to ${formatDate(inspection.inspection_end, "?")}`
              : "Not known",
          ],
          ["Published", formatDate(inspection.published, "Not printed in the report")],
          [
            "Due dates counted from",
            `${BASIS_KIND_LABELS[inspection.basis_kind]}: ${formatDate(inspection.basis_date, "not set")}`,
          ],
          ["Source document", inspection.source_file_name ?? "Pasted text"],
        ].map(([key, value]) => (
          <div className="govuk-summary-list__row" key={key}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>

      <JudgementsTable judgements={inspection.judgements} />

      <h2 className="govuk-heading-m">Recommendations and actions</h2>
      {inspection.recommendations.length === 0 ? (
        <p className="govuk-body">
          This report has no recommendations, so there are no actions: it is kept for its dates and judgements, which
          the judgement history shows.
        </p>
      ) : null}
      {groups.map((group) => (
        <section
          key={group.key}
          aria-label={`${sectionLabel(group.section)}: ${group.timescale ? TIMESCALE_LABELS[group.timescale] : "no timescale given"}`}
        >
          <h3 className="govuk-heading-s">
            {sectionLabel(group.section)} – {group.timescale ? TIMESCALE_LABELS[group.timescale] : "No timescale given"}
          </h3>
          {group.items.map((rec) => (
            <div className="app-recommendation" key={rec.id}>
              <p className="govuk-body">
                <Link className="govuk-link" to={`/recommendations/${rec.id}`}>
                  <strong>{rec.reference}</strong>
                </Link>{" "}
                <ImpactTag level={impactLevels[rec.id]} />{" "}
                {rec.priority ? <strong className="govuk-tag govuk-tag--red">Priority</strong> : null} {rec.text}
              </p>
              <p className="govuk-body-s">
                {rec.paragraph_number ? <>Report paragraph {rec.paragraph_number}. </> : null}
                {rec.agencies.length > 0 ? <>Partner agencies: {rec.agencies.join(", ")}. </> : null}
                {rec.framework_references.length > 0 ? (
                  <>National Framework: {rec.framework_references.join("; ")}. </>
                ) : null}
                Due:{" "}
                {rec.due_date ? (
                  <>
                    {formatDate(rec.due_date)} (
                    {describeDueDateRule(rec.due_date_rule as DueDateRule, graceDays, inspection.basis_kind)})
                  </>
                ) : (
                  <strong>no due date yet – the report gives no timescale; set a target date on each action</strong>
                )}
              </p>
              <ActionsTable
                caption={`Actions for ${rec.reference}`}
                actions={rec.actions.map((a) => ({ ...a, number: actionNumber(rec.position, a.sequence) }))}
              />
              {canManage ? (
                <p className="govuk-body-s">
                  <Link className="govuk-link" to={`/recommendations/${rec.id}/actions/new`}>
                    Add an action<span className="govuk-visually-hidden"> to {rec.reference}</span>
                  </Link>
                </p>
              ) : null}
            </div>
          ))}
        </section>
      ))}
      <RagKey amberWindowDays={amberWindowDays} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? data.inspection.title : "Inspection") },
];
