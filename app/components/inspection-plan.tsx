import { Link } from "@remix-run/react";
import { ActionsTable, type ActionsTableRow } from "./actions-table";
import { ImpactTag } from "./impact-tag";
import { JudgementsTable } from "./judgements-table";
import { RagKey } from "./rag-key";
import {
  type BasisKind,
  describeDueDateRule,
  type DueDateRule,
  TIMESCALE_LABELS,
  type Timescale,
} from "../domain/due-dates";
import type { ImpactLevel } from "../domain/measures";
import { actionNumber, sectionLabel } from "../domain/references";
import { formatDate } from "../utils/dates";

// An inspection's plan on its page: judgements, then each recommendation (grouped by section and
// timescale, in report order) with its actions, and for a lead the ways to change it.

interface PlanRecommendation {
  id: number;
  reference: string;
  section: string | null;
  timescale: Timescale;
  priority: number;
  text: string;
  agencies: string[];
  paragraph_number: string | null;
  framework_references: string[];
  position: number;
  due_date: string | null;
  due_date_rule: string;
  actions: (Omit<ActionsTableRow, "number"> & { sequence: number })[];
}

interface PlanInspection {
  id: number;
  basis_kind: BasisKind;
  /** Said before each action's number to screen readers: "FV24 1.1". Absent in older render tests. */
  short_name?: string;
  judgements: { section: string | null; area: string; grade: string }[];
  recommendations: PlanRecommendation[];
}

/** Recommendations grouped by section, then timescale, keeping report order. */
function groupRecommendations(recs: PlanRecommendation[]) {
  const groups: { key: string; section: string | null; timescale: Timescale; items: PlanRecommendation[] }[] = [];
  for (const rec of recs) {
    const key = `${rec.section ?? ""}|${rec.timescale ?? ""}`;
    const group = groups.find((g) => g.key === key);
    if (group) group.items.push(rec);
    else groups.push({ key, section: rec.section, timescale: rec.timescale, items: [rec] });
  }
  return groups;
}

export function InspectionPlan({
  inspection,
  canManage,
  impactLevels,
  graceDays,
  amberWindowDays,
}: {
  inspection: PlanInspection;
  canManage: boolean;
  impactLevels: Partial<Record<number, ImpactLevel>>;
  graceDays: number;
  amberWindowDays: number;
}) {
  const groups = groupRecommendations(inspection.recommendations);
  return (
    <>
      <JudgementsTable judgements={inspection.judgements} />

      <h2 className="govuk-heading-m">Recommendations and actions</h2>
      {canManage && inspection.recommendations.length > 0 ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/import/plan?inspectionId=${inspection.id}`}>
            Import the actions from a spreadsheet plan
          </Link>{" "}
          (.xlsx or CSV), instead of adding them one by one.
        </p>
      ) : null}
      {inspection.short_name && inspection.recommendations.length > 0 ? (
        <p className="govuk-body">
          Where actions of several inspections are listed together, this inspection&apos;s are numbered{" "}
          <strong>{inspection.short_name} 1.1</strong>, <strong>{inspection.short_name} 1.2</strong> and so on.
        </p>
      ) : null}
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
                ) : rec.due_date_rule === "no_basis" ? (
                  <strong>
                    no due date yet –{" "}
                    {describeDueDateRule("no_basis", graceDays, inspection.basis_kind).replace(/^No due date: /, "")}
                  </strong>
                ) : (
                  <strong>no due date yet – the report gives no timescale; set a target date on each action</strong>
                )}
              </p>
              <ActionsTable
                caption={`Actions for ${rec.reference}`}
                actions={rec.actions.map((a) => ({
                  ...a,
                  number: actionNumber(rec.position, a.sequence),
                  inspectionShortName: inspection.short_name,
                }))}
              />
              {canManage ? (
                <p className="govuk-body-s">
                  <Link className="govuk-link" to={`/recommendations/${rec.id}/actions/new`}>
                    Add an action<span className="govuk-visually-hidden"> to {rec.reference}</span>
                  </Link>
                  {" · "}
                  <Link className="govuk-link" to={`/recommendations/${rec.id}/edit`}>
                    Correct the recommendation<span className="govuk-visually-hidden"> {rec.reference}</span>
                  </Link>
                </p>
              ) : null}
            </div>
          ))}
        </section>
      ))}
      <RagKey amberWindowDays={amberWindowDays} />
      {canManage ? (
        <>
          <h2 className="govuk-heading-m">Imported in error?</h2>
          <p className="govuk-body">
            If this report is not about your authority, or was imported by mistake, remove it from the plan. Nothing is
            deleted, and an administrator can restore it.
          </p>
          <Link className="govuk-button govuk-button--warning" to={`/inspections/${inspection.id}/remove`}>
            Remove this inspection
          </Link>
        </>
      ) : null}
    </>
  );
}
