import { Form, Link } from "@remix-run/react";
import { RISK_FLAG_LABELS } from "../domain/rag";
import { PLAN_FIELD_LABELS } from "../import/spreadsheet/types";
import { formatDate } from "../utils/dates";
import { ErrorSummary, SubmitButton } from "./forms";
import { PlanStateFields, PlanSummaryList, type PreviewStep } from "./plan-import-fields";
import { StatusTag } from "./tags";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

type Row = PreviewStep["rows"][number];

const METHOD_LABELS = {
  reference: "by reference",
  paragraph: "by paragraph number",
  position: "by recommendation number",
  text: "by its words",
} as const;

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

function RecommendationCell({ row }: { row: Row }) {
  if (!row.recommendation) return <>{row.recommendationText || "Blank"}</>;
  const { reference, method, similarity, carried } = row.recommendation;
  return (
    <>
      <strong>{reference}</strong>
      <br />
      <span className="govuk-body-s">
        {carried
          ? "as the row above"
          : `${METHOD_LABELS[method]}${similarity !== null ? ` (${Math.round(similarity * 100)}% of words shared)` : ""}: “${row.recommendationText}”`}
      </span>
    </>
  );
}

function OwnerCell({ row }: { row: Row }) {
  const { owner } = row;
  if (owner.kind === "none") return <>{row.ownerText ? `None (“${row.ownerText}”)` : "None"}</>;
  if (owner.kind === "existing") {
    return (
      <>
        {owner.name}
        {owner.pending ? (
          <strong className="govuk-tag govuk-tag--grey govuk-!-margin-left-1">Pending user</strong>
        ) : null}
      </>
    );
  }
  return (
    <>
      {owner.name}
      <strong className="govuk-tag govuk-tag--yellow govuk-!-margin-left-1">New pending user</strong>
    </>
  );
}

function ActionCell({ row }: { row: Row }) {
  return (
    <>
      {row.title}
      {row.description ? <span className="govuk-body-s govuk-!-display-block">{row.description}</span> : null}
      {row.progress ? (
        <span className="govuk-body-s govuk-!-display-block">Progress update: {row.progress}</span>
      ) : null}
      {row.evidence ? <span className="govuk-body-s govuk-!-display-block">Evidence note: {row.evidence}</span> : null}
      {row.warnings.map((w) => (
        <strong key={w} className="govuk-tag govuk-tag--yellow govuk-!-margin-top-1 govuk-!-display-block">
          Check: {w}
        </strong>
      ))}
    </>
  );
}

/** Step 3: every row, what it will create and what stops it; the lead confirms, leaves rows out or goes back. */
export function PlanImportPreview({ step }: { step: PreviewStep }) {
  const { summary } = step;
  const leftOut = new Set(step.leftOut);
  const errorRows = step.rows.filter((r) => r.kind === "action" && r.errors.length > 0);
  const goodRows = step.rows.filter((r) => r.kind === "action" && r.errors.length === 0);
  return (
    <>
      <ErrorSummary errors={step.errors} />
      <span className="govuk-caption-l">Import a spreadsheet plan: step 3 of 3</span>
      <h1 className="govuk-heading-l">Check the plan before importing</h1>
      <PlanSummaryList
        rows={[
          ["Inspection", `${step.inspection.title} (${step.inspection.authorityName})`],
          [
            "File",
            `${step.fileName || "Uploaded file"}${step.sheetName ? `, worksheet “${step.sheetName}”` : ""}, headings in row ${step.headerRow}`,
          ],
          [
            "Columns",
            step.mappedColumns
              .map((c) => `${PLAN_FIELD_LABELS[c.field]}: ${c.letter} (${c.label || "no heading"})`)
              .join("; "),
          ],
          ["Actions to import", String(summary.actions)],
          ["Rows with errors (not imported)", String(summary.withErrors)],
          ["Owners found", summary.matchedOwners.length ? summary.matchedOwners.join(", ") : "None"],
          [
            "New pending users",
            summary.newOwners.length
              ? `${summary.newOwners.map((o) => o.name).join(", ")}. Nobody in the authority has these names, so they will be added as pending users who cannot sign in until an administrator sets them up.`
              : "None",
          ],
        ]}
      />

      <Form method="post">
        <PlanStateFields
          inspectionId={step.inspection.id}
          fileName={step.fileName}
          workbook={step.workbook}
          sheet={step.sheet}
          headerRow={step.headerRow}
          mapping={step.mapping}
        />

        {errorRows.length > 0 ? (
          <>
            <TableScroll
              caption={<>{plural(errorRows.length, "row")} with errors</>}
              captionClassName="govuk-table__caption govuk-table__caption--m"
              className="govuk-!-font-size-16"
            >
              <TableHead columns={["Row", "Recommendation", "Action", "What is wrong"]} />
              <tbody className="govuk-table__body">
                {errorRows.map((row) => (
                  <tr className="govuk-table__row" key={row.rowNumber}>
                    <th scope="row" className="govuk-table__header">
                      {row.rowNumber}
                    </th>
                    <td className="govuk-table__cell">
                      {row.recommendation ? row.recommendation.reference : row.recommendationText || "Blank"}
                    </td>
                    <td className="govuk-table__cell">{row.title || "Blank"}</td>
                    <td className="govuk-table__cell">
                      <ul className="govuk-list govuk-error-message govuk-!-font-size-16 govuk-!-margin-bottom-0">
                        {row.errors.map((e) => (
                          <li key={e}>{e}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </TableScroll>
            <div className={`govuk-form-group${step.errors.skipErrors ? " govuk-form-group--error" : ""}`}>
              <fieldset
                className="govuk-fieldset"
                aria-describedby={step.errors.skipErrors ? "skipErrors-error" : undefined}
              >
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Rows with errors</legend>
                {step.errors.skipErrors ? (
                  <p id="skipErrors-error" className="govuk-error-message">
                    <span className="govuk-visually-hidden">Error:</span> {step.errors.skipErrors}
                  </p>
                ) : null}
                <div className="govuk-checkboxes govuk-checkboxes--small">
                  <div className="govuk-checkboxes__item">
                    <input
                      className="govuk-checkboxes__input"
                      id="skipErrors"
                      name="skipErrors"
                      type="checkbox"
                      value="yes"
                    />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor="skipErrors">
                      Import the other rows and leave out the {plural(errorRows.length, "row")} with errors
                    </label>
                  </div>
                </div>
              </fieldset>
            </div>
          </>
        ) : step.errors.skipErrors ? (
          <p id="skipErrors" className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {step.errors.skipErrors}
          </p>
        ) : null}

        <TableScroll
          caption={<>{plural(goodRows.length, "action")} ready to import</>}
          captionClassName="govuk-table__caption govuk-table__caption--m"
          className="govuk-!-font-size-16"
        >
          <TableHead columns={["Row", "Recommendation", "Action", "Owner", "Target date", "Status", "Leave out"]} />
          <tbody className="govuk-table__body">
            {goodRows.map((row) => (
              <tr className="govuk-table__row" key={row.rowNumber}>
                <th scope="row" className="govuk-table__header">
                  {row.rowNumber}
                </th>
                <td className="govuk-table__cell">
                  <RecommendationCell row={row} />
                </td>
                <td className="govuk-table__cell">
                  <ActionCell row={row} />
                </td>
                <td className="govuk-table__cell">
                  <OwnerCell row={row} />
                </td>
                <td className="govuk-table__cell">
                  {row.targetDate ? formatDate(row.targetDate) : "No target date"}
                  {row.targetDateText && row.targetDate && row.targetDateText !== row.targetDate ? (
                    <span className="govuk-body-s govuk-!-display-block">from “{row.targetDateText}”</span>
                  ) : null}
                </td>
                <td className="govuk-table__cell">
                  <StatusTag status={row.status} />
                  {row.riskFlag ? (
                    <strong className="govuk-tag govuk-tag--red govuk-!-margin-top-1">
                      {RISK_FLAG_LABELS[row.riskFlag]}
                    </strong>
                  ) : null}
                  {row.ragText ? <span className="govuk-body-s govuk-!-display-block">RAG “{row.ragText}”</span> : null}
                </td>
                <td className="govuk-table__cell">
                  <div className="govuk-checkboxes govuk-checkboxes--small">
                    <div className="govuk-checkboxes__item">
                      <input
                        className="govuk-checkboxes__input"
                        id={`leaveOut-${row.rowNumber}`}
                        name="leaveOut"
                        type="checkbox"
                        value={row.rowNumber}
                        defaultChecked={leftOut.has(row.rowNumber)}
                      />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={`leaveOut-${row.rowNumber}`}>
                        <span className="govuk-visually-hidden">Leave out row {row.rowNumber}</span>
                      </label>
                    </div>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </TableScroll>
        {summary.headings > 0 ? (
          <p className="govuk-body">
            {plural(summary.headings, "row")} only named a recommendation; they apply to the rows below them and are not
            actions.
          </p>
        ) : null}

        <p className="govuk-body">
          Confirming creates the actions with their owners, target dates and statuses, a progress update and an evidence
          note where the spreadsheet has them, and the pending users listed above. Everything is saved together or not
          at all.
        </p>
        <div className="govuk-button-group">
          <SubmitButton name="intent" value="confirm">
            Import the plan
          </SubmitButton>
          <SubmitButton secondary name="intent" value="preview">
            Update the preview
          </SubmitButton>
          <SubmitButton secondary name="intent" value="mapping">
            Change the columns
          </SubmitButton>
        </div>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/import/plan?inspectionId=${step.inspection.id}`}>
            Upload a corrected file
          </Link>
        </p>
      </Form>
    </>
  );
}
