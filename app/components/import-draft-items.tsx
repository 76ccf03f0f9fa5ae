import { useEffect, useRef } from "react";
import { describeDueDateRule, TIMESCALE_LABELS } from "../domain/due-dates";
import { ADD_LINES_MAX, itemFieldId, SPLIT_MARKER } from "../domain/import-draft";
import { SECTION_LABELS } from "../domain/references";
import { formatDate } from "../utils/dates";
import { SelectField, TextField } from "./forms";
import type { DraftFailure, Preview } from "./import-preview";

const SECTION_OPTIONS = [
  { value: "", label: "Whole report" },
  ...Object.entries(SECTION_LABELS).map(([value, label]) => ({ value, label })),
];
const TIMESCALE_OPTIONS = [
  { value: "", label: "No timescale" },
  ...Object.entries(TIMESCALE_LABELS).map(([value, label]) => ({ value, label })),
];

/** Rows for a text box that shows the whole text without scrolling, before any script can measure it. */
function rowsFor(text: string): number {
  const lines = text.split("\n").reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / 60)), 0);
  return Math.min(40, Math.max(3, lines + 1));
}

/** Grows a text box to its text as the lead types (and once on arrival, at the page's real width). */
function grow(textarea: HTMLTextAreaElement) {
  while (textarea.scrollHeight > textarea.clientHeight && textarea.rows < 80) textarea.rows += 1;
}

/** A GOV.UK text area for an item's text, tall enough to read all of it. */
function ItemText({ id, label, value, error }: { id: string; label: string; value: string; error?: string }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (ref.current) grow(ref.current);
  }, []);
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      <div id={`${id}-hint`} className="govuk-hint">
        To split it, put a line with just {SPLIT_MARKER} where it should break and choose Split.
      </div>
      {error ? (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <textarea
        ref={ref}
        className={`govuk-textarea app-textarea--fit${error ? " govuk-textarea--error" : ""}`}
        id={id}
        name={id}
        rows={rowsFor(value)}
        defaultValue={value}
        onInput={(event) => grow(event.currentTarget)}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

/**
 * The editable list of recommendations on the import preview. Each item posts its fields under
 * its stable key with a "shown" marker; the whole list is drawn afresh for each revision of the
 * draft (the form is keyed by it), so what the page shows is always what the server holds.
 */
export function DraftItems({
  preview,
  failed,
  busy,
}: {
  preview: Preview;
  failed: DraftFailure | undefined;
  busy: boolean;
}) {
  const { items, planned, repeats, basis } = preview;
  const errors = failed?.errors ?? {};
  const posted = failed?.posted?.items ?? {};
  const repeatCount = items.filter((i) => repeats[i.key] !== undefined && !i.excluded).length;
  return (
    <>
      <h2 className="govuk-heading-m" id="items" tabIndex={-1}>
        Recommendations
      </h2>
      {items.length === 0 ? (
        <div className="govuk-inset-text">
          The reader found no recommendations in this report. If the report has none (an outstanding inspection, or a
          visit with nothing to improve), confirm to record its dates and judgements in the judgement history; no
          actions are created. If it has some the reader missed, add them below from the report&rsquo;s text.
        </div>
      ) : (
        <p className="govuk-body">
          Correct anything the reader got wrong. Excluded items are not imported. Each change is saved on the server, so
          you can come back to this import within a week.
        </p>
      )}
      {repeatCount > 0 ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <div className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {repeatCount} item{repeatCount === 1 ? " repeats" : "s repeat"} an earlier item word for word: the text may
            have been pasted more than once.{" "}
            <button
              type="submit"
              name="op"
              value="exclude-repeats"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              disabled={busy}
            >
              Exclude the {repeatCount} repeated item{repeatCount === 1 ? "" : "s"}
            </button>
          </div>
        </div>
      ) : null}
      {items.map((item, i) => {
        const values = posted[item.key] ?? {
          text: item.text,
          section: item.section ?? "",
          timescale: item.timescale ?? "",
          agencies: item.agencies.join("; "),
          excluded: item.excluded,
        };
        const plan = planned[item.key];
        const repeatOf = repeats[item.key];
        const notes = [...item.warnings, ...(repeatOf !== undefined ? [`The same text as item ${repeatOf}.`] : [])];
        const id = (field: "text" | "section" | "timescale" | "agencies" | "excluded") => itemFieldId(item.key, field);
        return (
          <fieldset
            className="govuk-fieldset app-recommendation"
            key={item.key}
            id={`item-${item.key}`}
            data-item={item.key}
            data-always-send={posted[item.key] ? "" : undefined}
            aria-describedby={notes.length ? `item-${item.key}-notes` : undefined}
          >
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
              Item {i + 1}: {item.excluded ? "excluded" : (plan?.reference ?? "")}
              {item.priority ? " (priority action)" : ""}
              {item.paragraphNumber ? ` – paragraph ${item.paragraphNumber}` : ""}
              {item.origin === "added" ? " – added by you" : ""}
            </legend>
            <input type="hidden" name={`item-${item.key}-shown`} value="1" />
            {notes.length > 0 ? (
              <div id={`item-${item.key}-notes`} className="govuk-warning-text govuk-!-margin-bottom-2">
                <span className="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Check: </span>
                  {notes.join(" ")}
                </strong>
              </div>
            ) : null}
            <ItemText id={id("text")} label="Text" value={values.text} error={errors[id("text")]} />
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-third">
                <SelectField
                  name={id("section")}
                  label="Section"
                  options={SECTION_OPTIONS}
                  defaultValue={values.section}
                />
              </div>
              <div className="govuk-grid-column-one-third">
                <SelectField
                  name={id("timescale")}
                  label="Timescale"
                  options={TIMESCALE_OPTIONS}
                  defaultValue={values.timescale}
                />
              </div>
              <div className="govuk-grid-column-one-third">
                <p className="govuk-body-s govuk-!-margin-top-6">
                  {item.excluded ? (
                    "Not imported"
                  ) : (
                    <>
                      Due: {plan?.dueDate ? formatDate(plan.dueDate) : "set by the lead"}
                      <br />
                      {plan ? describeDueDateRule(plan.dueDateRule, preview.graceDays, basis.kind) : null}
                    </>
                  )}
                </p>
              </div>
            </div>
            <TextField
              name={id("agencies")}
              label="Partner agencies"
              hint="Separate names with semicolons"
              defaultValue={values.agencies}
              error={errors[id("agencies")]}
            />
            <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-3">
              <div className="govuk-checkboxes__item">
                <input
                  className="govuk-checkboxes__input"
                  id={id("excluded")}
                  name={id("excluded")}
                  type="checkbox"
                  value="1"
                  defaultChecked={values.excluded}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={id("excluded")}>
                  Exclude this item – it is not a recommendation
                </label>
              </div>
            </div>
            <div className="govuk-button-group">
              {i > 0 ? (
                <button
                  type="submit"
                  name="op"
                  value={`merge:${item.key}`}
                  className="govuk-button govuk-button--secondary"
                  disabled={busy}
                >
                  Merge with item {i}
                  <span className="govuk-visually-hidden"> (the item above)</span>
                </button>
              ) : null}
              <button
                type="submit"
                name="op"
                value={`split:${item.key}`}
                className="govuk-button govuk-button--secondary"
                disabled={busy}
              >
                Split item {i + 1}
              </button>
            </div>
          </fieldset>
        );
      })}
      <AddItem preview={preview} failed={failed} busy={busy} />
    </>
  );
}

function AddItem({ preview, failed, busy }: { preview: Preview; failed: DraftFailure | undefined; busy: boolean }) {
  const errors = failed?.errors ?? {};
  const posted = failed?.posted;
  const { items, lines } = preview;
  return (
    <div className="app-card">
      <h3 className="govuk-heading-s">Add an item the reader missed</h3>
      <p className="govuk-body">
        Pick its lines from the report text below, by line number (at most {ADD_LINES_MAX} lines).
      </p>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-quarter">
          <TextField
            name="addFrom"
            label="From line"
            width={10}
            defaultValue={posted?.addFrom}
            error={errors.addFrom}
          />
        </div>
        <div className="govuk-grid-column-one-quarter">
          <TextField name="addTo" label="To line" width={10} defaultValue={posted?.addTo} error={errors.addTo} />
        </div>
        <div className="govuk-grid-column-one-half">
          <SelectField
            name="addAfter"
            label="Put it after"
            defaultValue={posted?.addAfter || (items.length > 0 ? items[items.length - 1].key : "start")}
            error={errors.addAfter}
            options={[
              { value: "start", label: "The start" },
              ...items.map((item, i) => ({ value: item.key, label: `Item ${i + 1}` })),
            ]}
          />
        </div>
      </div>
      <button type="submit" name="op" value="add" className="govuk-button govuk-button--secondary" disabled={busy}>
        Add item
      </button>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Report text with line numbers ({lines.length} lines)</span>
        </summary>
        <div className="govuk-details__text">
          <ol className="app-preformatted govuk-body-s" aria-label="Report text">
            {lines.map((line, n) => (
              <li key={n} value={n + 1}>
                {line || "\u00a0"}
              </li>
            ))}
          </ol>
        </div>
      </details>
    </div>
  );
}
