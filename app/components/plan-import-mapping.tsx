import { Form, Link } from "@remix-run/react";
import { PLAN_FIELD_LABELS, PLAN_FIELDS, type PlanField } from "../import/spreadsheet/types";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "./forms";
import { type MappingStep, PlanDraftFields, PlanSummaryList } from "./plan-import-fields";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

const FIELD_HINTS: Partial<Record<PlanField, string>> = {
  reference: "For example SG-3M-2, “para 27” or “Rec 3”. A row left blank belongs to the recommendation above it.",
  recommendation: "The recommendation’s words; matched to the report’s recommendations by the words they share.",
  action: "Each row with an action becomes an action. Its first sentence is the title.",
  owner:
    "Matched to people in the authority by full name or e-mail address (“Jane Smith (Head of Service)” is Jane Smith). TBC, Vacant, N/A or a job title alone leave the action without an owner; anyone else is offered as a new person for you to confirm.",
  targetDate:
    "Dates like 01/07/2024, 1 July 2024, July 2024 (the last day of the month), Q2 2024/25 (the last day of that quarter) or Excel dates. A date that cannot be read can be corrected on the next page.",
  progress: "Added as a progress update from you.",
  rag: "Blue or Complete: signed off. Green or Amber: in progress. Red: in progress and flagged off track. Blank: not started.",
  evidence: "Added as an evidence note of completion.",
};

/** Step 2: which worksheet, which row holds the headings, and which column is which. */
export function PlanImportMapping({ step }: { step: MappingStep }) {
  const columnOptions = [
    { value: "", label: "Not in this spreadsheet" },
    ...step.columns.map((c) => ({ value: String(c.index), label: `${c.letter}: ${c.label || "(no heading)"}` })),
  ];
  return (
    <>
      <ErrorSummary errors={step.errors} />
      <span className="govuk-caption-l">Import a spreadsheet plan: step 2 of 3</span>
      <h1 className="govuk-heading-l">Match the columns</h1>
      <PlanSummaryList
        rows={[
          ["Inspection", `${step.inspection.title} (${step.inspection.authorityName})`],
          ["File", step.fileName || "Uploaded file"],
        ]}
      />
      <Form method="post">
        <PlanDraftFields revision={step.revision} />
        <input type="hidden" name="shownSheet" value={step.sheet} />
        {step.sheets.length > 1 ? (
          <div className="govuk-!-margin-bottom-6">
            <SelectField
              name="sheet"
              label="Worksheet"
              hint="The worksheet that holds the plan."
              defaultValue={String(step.sheet)}
              options={step.sheets.map((s) => ({
                value: String(s.index),
                label: `${s.name}${s.hidden ? " (hidden)" : ""}: ${s.rowCount} ${s.rowCount === 1 ? "row" : "rows"}`,
              }))}
            />
          </div>
        ) : (
          <input type="hidden" name="sheet" value={step.sheet} />
        )}
        <TextField
          name="headerRow"
          label="Row with the column headings"
          hint="Found by looking for the first row with several headings; rows above it (titles) are ignored."
          width={10}
          defaultValue={String(step.headerRow)}
          error={step.errors.headerRow}
        />
        <SubmitButton secondary name="intent" value="columns">
          {step.sheets.length > 1 ? "Read this worksheet and row again" : "Read this row again"}
        </SubmitButton>

        <h2 className="govuk-heading-m">Which column holds each part of the plan</h2>
        <p className="govuk-body">
          The columns have been guessed from their headings. Check them; you will see every row before anything is
          saved.
        </p>
        {PLAN_FIELDS.map((field) => (
          <SelectField
            key={field}
            name={`col_${field}`}
            label={PLAN_FIELD_LABELS[field]}
            hint={FIELD_HINTS[field]}
            defaultValue={step.mapping[field] === null ? "" : String(step.mapping[field])}
            options={columnOptions}
            error={step.errors[`col_${field}`]}
          />
        ))}

        {step.sample.length > 0 ? (
          <div className="app-table-scroll" tabIndex={0} role="region" aria-label="The first rows under the headings">
            <TableScroll
              caption="The first rows under the headings"
              captionClassName="govuk-table__caption govuk-table__caption--s"
              className="govuk-!-font-size-16"
            >
              <TableHead columns={step.columns.map((c) => `${c.letter}: ${c.label}`)} />
              <tbody className="govuk-table__body">
                {step.sample.map((row, i) => (
                  <tr className="govuk-table__row" key={i}>
                    {row.map((cell, j) => (
                      <td className="govuk-table__cell" key={j}>
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </TableScroll>
          </div>
        ) : null}

        <div className="govuk-button-group">
          <SubmitButton name="intent" value="preview">
            Preview the plan
          </SubmitButton>
          <Link className="govuk-link" to={`/import/plan?inspectionId=${step.inspection.id}`}>
            Upload a different file
          </Link>
        </div>
      </Form>
    </>
  );
}
