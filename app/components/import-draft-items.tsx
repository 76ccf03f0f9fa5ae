import { describeDueDateRule, TIMESCALE_LABELS } from "../domain/due-dates";
import { SPLIT_MARKER } from "../domain/import-draft";
import { SECTION_LABELS } from "../domain/references";
import { formatDate } from "../utils/dates";
import type { Preview } from "./import-preview";
import { SelectField, TextArea, TextField } from "./forms";

const SECTION_OPTIONS = [{ value: "", label: "Whole report" }, ...Object.entries(SECTION_LABELS).map(([value, label]) => ({ value, label }))];
const TIMESCALE_OPTIONS = [{ value: "", label: "No timescale" }, ...Object.entries(TIMESCALE_LABELS).map(([value, label]) => ({ value, label }))];

/** Mirrors draftFieldNames in app/utils/import-draft-form.server.ts. */
const field = (i: number, name: string) => `item-${i}-${name}`;

function metaOf(item: Preview["items"][number]) {
  const { heading, priority, paragraphNumber, frameworkReferences, sourceLine, warnings, origin } = item;
  return JSON.stringify({ heading, priority, paragraphNumber, frameworkReferences, sourceLine, warnings, origin });
}

/** The editable list of recommendations on the import preview: every correction is a form post. */
export function DraftItems({ preview }: { preview: Preview }) {
  const { items, planned, errors, basis } = preview;
  return (
    <>
      <h2 className="govuk-heading-m">Recommendations</h2>
      <p className="govuk-body">
        Correct anything the reader got wrong. To split an item, put a line with just {SPLIT_MARKER} where it should break and
        choose Split. Excluded items are not imported.
      </p>
      <input type="hidden" name="itemCount" value={items.length} />
      {items.map((item, i) => (
        <fieldset className="govuk-fieldset app-recommendation" key={`${i}-${item.text.slice(0, 20)}`} aria-describedby={item.warnings.length ? `${field(i, "warnings")}` : undefined}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            Item {i + 1}: {planned[i]?.reference}
            {item.priority ? " (priority action)" : ""}
            {item.paragraphNumber ? ` – paragraph ${item.paragraphNumber}` : ""}
            {item.origin === "added" ? " – added by you" : ""}
          </legend>
          {item.warnings.length > 0 ? (
            <div id={field(i, "warnings")} className="govuk-warning-text govuk-!-margin-bottom-2">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Check: </span>
                {item.warnings.join(" ")}
              </strong>
            </div>
          ) : null}
          <input type="hidden" name={field(i, "meta")} value={metaOf(item)} />
          <TextArea name={field(i, "text")} label="Text" rows={Math.min(8, Math.max(2, Math.ceil(item.text.length / 90)))} defaultValue={item.text} error={errors[field(i, "text")]} />
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-third">
              <SelectField name={field(i, "section")} label="Section" options={SECTION_OPTIONS} defaultValue={item.section ?? ""} />
            </div>
            <div className="govuk-grid-column-one-third">
              <SelectField name={field(i, "timescale")} label="Timescale" options={TIMESCALE_OPTIONS} defaultValue={item.timescale ?? ""} />
            </div>
            <div className="govuk-grid-column-one-third">
              <p className="govuk-body-s govuk-!-margin-top-6">
                Due: {planned[i]?.dueDate ? formatDate(planned[i].dueDate) : "set by the lead"}
                <br />
                {planned[i] ? describeDueDateRule(planned[i].dueDateRule, preview.graceDays, basis.kind) : null}
              </p>
            </div>
          </div>
          <TextField name={field(i, "agencies")} label="Partner agencies" hint="Separate names with semicolons" defaultValue={item.agencies.join("; ")} />
          <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-3">
            <div className="govuk-checkboxes__item">
              <input className="govuk-checkboxes__input" id={field(i, "excluded")} name={field(i, "excluded")} type="checkbox" value="1" defaultChecked={item.excluded} />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={field(i, "excluded")}>
                Exclude this item – it is not a recommendation
              </label>
            </div>
          </div>
          <div className="govuk-button-group">
            {i > 0 ? (
              <button type="submit" name="op" value={`merge:${i}`} className="govuk-button govuk-button--secondary">
                Merge with item {i}<span className="govuk-visually-hidden"> (above)</span>
              </button>
            ) : null}
            <button type="submit" name="op" value={`split:${i}`} className="govuk-button govuk-button--secondary">
              Split item {i + 1}
            </button>
          </div>
        </fieldset>
      ))}
      <div className="app-card">
        <h3 className="govuk-heading-s">Add an item the reader missed</h3>
        <p className="govuk-body">Pick its lines from the report text below, by line number.</p>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <TextField name="addFrom" label="From line" width={10} error={errors.addFrom} />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <TextField name="addTo" label="To line" width={10} error={errors.addTo} />
          </div>
          <div className="govuk-grid-column-one-half">
            <SelectField
              name="addAfter"
              label="Put it after"
              defaultValue={String(items.length - 1)}
              options={[{ value: "-1", label: "The start" }, ...items.map((_, i) => ({ value: String(i), label: `Item ${i + 1}` }))]}
            />
          </div>
        </div>
        <button type="submit" name="op" value="add" className="govuk-button govuk-button--secondary">
          Add item
        </button>
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Report text with line numbers ({preview.lineCount} lines)</span>
          </summary>
          <div className="govuk-details__text">
            <ol className="app-preformatted govuk-body-s" aria-label="Report text">
              {preview.text.split(/\r\n?|\n/).map((line, n) => (
                <li key={n} value={n + 1}>
                  {line.replace(/\f/g, "") || "\u00a0"}
                </li>
              ))}
            </ol>
          </div>
        </details>
      </div>
    </>
  );
}
