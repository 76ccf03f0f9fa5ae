import type { SerializeFrom } from "@remix-run/node";
import type { PlanStepBody } from "../flows/plan-import.server";

export type MappingStep = Extract<SerializeFrom<PlanStepBody>, { stage: "mapping" }>;
export type PreviewStep = Extract<SerializeFrom<PlanStepBody>, { stage: "preview" }>;

/**
 * What each step's form carries besides the lead's choices: the draft's revision, so a form from a
 * stale tab is refused. The sheet itself stays on the server.
 */
export function PlanDraftFields({ revision }: { revision: number }) {
  return <input type="hidden" name="revision" value={revision} />;
}

export function PlanSummaryList({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="govuk-summary-list">
      {rows.map(([key, value]) => (
        <div className="govuk-summary-list__row" key={key}>
          <dt className="govuk-summary-list__key">{key}</dt>
          <dd className="govuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
