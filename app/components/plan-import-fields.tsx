import type { SerializeFrom } from "@remix-run/node";
import { type ColumnMapping, PLAN_FIELDS } from "../import/spreadsheet/types";
import type { StageBody } from "../utils/plan-import-flow.server";

export type MappingStep = Extract<SerializeFrom<StageBody>, { stage: "mapping" }>;
export type PreviewStep = Extract<SerializeFrom<StageBody>, { stage: "preview" }>;

/**
 * The state each step hands to the next, in hidden fields, so the import works without JavaScript
 * and nothing is stored before confirm. The sheet itself travels gzipped in `workbook`.
 */
export function PlanStateFields({
  inspectionId,
  fileName,
  workbook,
  sheet,
  headerRow,
  mapping,
}: {
  inspectionId: number;
  fileName: string;
  workbook: string;
  sheet?: number;
  headerRow?: number;
  mapping?: ColumnMapping;
}) {
  return (
    <>
      <input type="hidden" name="inspectionId" value={inspectionId} />
      <input type="hidden" name="fileName" value={fileName} />
      <input type="hidden" name="workbook" value={workbook} />
      {sheet === undefined ? null : <input type="hidden" name="sheet" value={sheet} />}
      {headerRow === undefined ? null : <input type="hidden" name="headerRow" value={headerRow} />}
      {mapping
        ? PLAN_FIELDS.map((field) => (
            <input key={field} type="hidden" name={`col_${field}`} value={mapping[field] ?? ""} />
          ))
        : null}
    </>
  );
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
