import { Form, Link } from "@remix-run/react";
import { RISK_FLAG_LABELS } from "../domain/rag";
import { correctionFieldName } from "../domain/plan-import-draft";
import { PLAN_FIELD_LABELS, type PlanField } from "../import/spreadsheet/types";
import { formatDate } from "../utils/dates";
import { ErrorSummary, SubmitButton } from "./forms";
import { PlanDraftFields, PlanSummaryList, type PreviewStep } from "./plan-import-fields";
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
  return (
    <>
      {owner.name}
      <br />
      {owner.kind === "existing" ? (
        owner.pending ? (
          <strong className="govuk-tag govuk-tag--grey govuk-!-margin-top-1">Pending user</strong>
        ) : null
      ) : (
        <strong className="govuk-tag govuk-tag--yellow govuk-!-margin-top-1">New pending user</strong>
      )}
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
      {row.corrections.map((c) => (
        <span key={c.field} className="govuk-body-s govuk-!-display-block">
          {PLAN_FIELD_LABELS[c.field]} corrected on this page: “{c.from}” → “{c.to}”
        </span>
      ))}
      {row.warnings.map((w) => (
        <strong key={w} className="govuk-tag govuk-tag--yellow govuk-!-margin-top-1 govuk-!-display-block">
          Check: {w}
        </strong>
      ))}
    </>
  );
}

const CORRECTION_HINTS: Partial<Record<PlanField, string>> = {
  targetDate: "A date like 30/09/2025, 30 September 2025 or Q2 2025/26",
  rag: "Blue, Green, Amber, Red or blank",
  reference: "For example SG-3M-2, para 27 or Rec 3",
  recommendation: "The recommendation’s words or its reference",
};

/** One input per cell that stopped a row, holding what the cell says now; checked again when posted. */
function CorrectionInput({ rowNumber, field, value }: { rowNumber: number; field: PlanField; value: string }) {
  const name = correctionFieldName(rowNumber, field);
  const id = `fix-${rowNumber}-${field}`;
  const hint = CORRECTION_HINTS[field];
  return (
    <div className="govuk-form-group govuk-!-margin-bottom-2">
      <label className="govuk-label govuk-!-font-size-16" htmlFor={id}>
        {PLAN_FIELD_LABELS[field]}
        <span className="govuk-visually-hidden">, row {rowNumber}</span>
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint govuk-!-font-size-14">
          {hint}
        </div>
      ) : null}
      <input
        className="govuk-input govuk-!-font-size-16"
        id={id}
        name={name}
        type="text"
        defaultValue={value}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
    </div>
  );
}

function NewPeople({ people }: { people: PreviewStep["people"] }) {
  if (people.length === 0) return null;
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset" aria-describedby="people-hint">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h2 className="govuk-fieldset__heading">New people named in the plan</h2>
        </legend>
        <div id="people-hint" className="govuk-hint">
          Nobody in the authority has these names. Each one you confirm is added as a pending person, who cannot sign in
          until an administrator sets them up, and owns their actions; the actions of anyone you untick have no owner.
        </div>
        <div className="govuk-checkboxes govuk-checkboxes--small">
          {people.map((person, i) => (
            <div className="govuk-checkboxes__item" key={person.key}>
              <input type="hidden" name="personOffered" value={person.key} />
              <input
                className="govuk-checkboxes__input"
                id={`person-${i}`}
                name="person"
                type="checkbox"
                value={person.key}
                defaultChecked={person.confirmed}
                aria-describedby={`person-${i}-hint`}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={`person-${i}`}>
                Add {person.name}
                {person.email ? ` (${person.email})` : ""}
              </label>
              <div id={`person-${i}-hint`} className="govuk-hint govuk-checkboxes__hint">
                Owns {plural(person.rows.length, "row")}: {person.rows.join(", ")}
                {person.role ? `. “${person.role}” was written beside the name; it is not kept.` : ""}
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

function StarterActions({ starters, replace }: { starters: PreviewStep["starters"]; replace: boolean }) {
  if (starters.length === 0) return null;
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset" aria-describedby="replace-hint">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h2 className="govuk-fieldset__heading">Starter actions from the report import</h2>
        </legend>
        <div id="replace-hint" className="govuk-hint">
          Importing the report made one starter action per recommendation.{" "}
          {plural(starters.length, "of them is", "of them are")} untouched (no owner, no target date of its own, not
          started, no updates or evidence) under the recommendations this plan adds actions to:{" "}
          {starters.map((s) => s.reference).join(", ")}.
        </div>
        <input type="hidden" name="replaceOffered" value="yes" />
        <div className="govuk-checkboxes govuk-checkboxes--small">
          <div className="govuk-checkboxes__item">
            <input
              className="govuk-checkboxes__input"
              id="replacePlaceholders"
              name="replacePlaceholders"
              type="checkbox"
              value="yes"
              defaultChecked={replace}
            />
            <label className="govuk-label govuk-checkboxes__label" htmlFor="replacePlaceholders">
              {`Replace the ${plural(starters.length, "starter action")} with the imported actions (${starters.length === 1 ? "it is" : "they are"} deleted)`}
            </label>
          </div>
        </div>
      </fieldset>
    </div>
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
            "New people",
            step.people.length
              ? `${step.people.filter((p) => p.confirmed).length} of ${step.people.length} confirmed (below)`
              : "None",
          ],
        ]}
      />

      <Form method="post" id="form">
        <PlanDraftFields revision={step.revision} />

        {errorRows.length > 0 ? (
          <>
            <TableScroll
              caption={<>{plural(errorRows.length, "row")} with errors</>}
              captionClassName="govuk-table__caption govuk-table__caption--m"
              className="govuk-!-font-size-16"
            >
              <TableHead columns={["Row", "Recommendation", "Action", "What is wrong", "Correct it here"]} />
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
                    <td className="govuk-table__cell">
                      {row.badCells.map((field) => (
                        <CorrectionInput
                          key={field}
                          rowNumber={row.rowNumber}
                          field={field}
                          value={(row.cells as Partial<Record<PlanField, string>>)[field] ?? ""}
                        />
                      ))}
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
                      Import the other rows and leave out the {plural(errorRows.length, "row")} still with errors
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

        <NewPeople people={step.people} />
        <StarterActions starters={step.starters} replace={step.replacePlaceholders} />

        <p className="govuk-body">
          Confirming creates the actions with their owners, target dates and statuses, numbered after the actions each
          recommendation already has, a progress update and an evidence note where the spreadsheet has them, and the
          people you confirmed. Everything is saved together or not at all.
        </p>
        <div className="govuk-button-group">
          <SubmitButton name="intent" value="confirm">
            Import the plan
          </SubmitButton>
          <SubmitButton secondary name="intent" value="update">
            Check my corrections and update the preview
          </SubmitButton>
          <SubmitButton secondary name="intent" value="change-columns">
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
