import { Form } from "@remix-run/react";
import { useEffect, useState, type KeyboardEvent } from "react";
import { dateForTyping, fieldId, newRowKey, type RowField, type RowValues } from "../domain/plan-editor";
import { actionNumber } from "../domain/references";
import { formatDate, formatDateTime } from "../utils/dates";
import type { EditorResponse, ReturnedRow } from "../flows/plan-editor-form.server";
import type { SerializeFrom } from "@remix-run/node";
import type { EditorPlan } from "../models/plan-editor.server";
import { NO_CHILD_DETAILS } from "./forms";

type Plan = SerializeFrom<EditorPlan>;
type Recommendation = Plan["recommendations"][number];
type Person = { id: number; name: string };

interface RowView {
  key: string;
  /** "1.2" for an action in the plan; null for a new row. */
  number: string | null;
  status: string | null;
  values: RowValues;
  errors: Partial<Record<RowField, string>>;
  conflict: ReturnedRow["conflict"];
  version: number | null;
  seen: string | null;
}

/**
 * Every recommendation of an inspection with its actions as rows of fields, in one form: the lead
 * types a whole plan and saves it once. Without JavaScript "Add another action" posts the form and
 * comes back with what was typed and one more row; with it the row appears at once, and Enter in a
 * row's box adds the next row instead of sending the form. Rows that were not saved come back as
 * typed, each with its own errors.
 */
export function PlanEditor({
  plan,
  people,
  response,
}: {
  plan: Plan;
  people: Person[];
  response: SerializeFrom<EditorResponse> | undefined;
}) {
  // New rows added in the browser, per recommendation, after those the page was drawn with.
  const [extra, setExtra] = useState<Record<number, number>>({});
  const [focusKey, setFocusKey] = useState<string | null>(null);
  useEffect(() => {
    if (!focusKey) return;
    document.getElementById(fieldId(focusKey, "title"))?.focus();
    setFocusKey(null);
  }, [focusKey]);

  const rowsOf = (rec: Recommendation): RowView[] => {
    const existing = rec.actions.map((a): RowView => {
      const key = `a${a.id}`;
      const back = response?.rows[key];
      return {
        key,
        number: actionNumber(rec.position, a.sequence),
        status: a.status,
        values: back?.values ?? {
          title: a.title,
          ownerId: a.owner_id ? String(a.owner_id) : "none",
          targetDate: dateForTyping(a.target_date),
          partnerAgency: a.partner_agency ?? "",
          serviceArea: a.service_area ?? "",
          successMeasure: a.success_measure,
        },
        errors: back?.errors ?? {},
        conflict: back?.conflict ?? null,
        version: back?.version ?? a.version,
        seen: back?.seen ?? a.seen,
      };
    });
    const drawnKeys = response?.newRows[String(rec.id)] ?? (response ? [] : [newRowKey(rec.id, 1)]);
    const last = Math.max(0, ...drawnKeys.map((k) => Number(k.slice(k.indexOf("x") + 1))));
    const addedKeys = Array.from({ length: extra[rec.id] ?? 0 }, (_, i) => newRowKey(rec.id, last + i + 1));
    const fresh = [...drawnKeys, ...addedKeys].map((key): RowView => {
      const back = response?.rows[key];
      return {
        key,
        number: null,
        status: null,
        values: back?.values ?? BLANK,
        errors: back?.errors ?? {},
        conflict: null,
        version: null,
        seen: null,
      };
    });
    return [...existing, ...fresh];
  };

  const addRow = (rec: Recommendation) => {
    const drawn = response?.newRows[String(rec.id)] ?? (response ? [] : [newRowKey(rec.id, 1)]);
    const last = Math.max(0, ...drawn.map((k) => Number(k.slice(k.indexOf("x") + 1))));
    const count = (extra[rec.id] ?? 0) + 1;
    setExtra({ ...extra, [rec.id]: count });
    setFocusKey(newRowKey(rec.id, last + count));
  };

  return (
    <Form method="post" noValidate className="app-plan-editor">
      {plan.recommendations.map((rec) => (
        <section key={rec.id} className="app-plan-recommendation" aria-labelledby={`rec-${rec.id}-heading`}>
          <h2 className="govuk-heading-m" id={`rec-${rec.id}-heading`}>
            Recommendation {rec.position + 1}
            <span className="govuk-caption-m">
              {rec.reference}
              {rec.due_date ? ` · due ${formatDate(rec.due_date)}` : " · no due date"}
            </span>
          </h2>
          <p className="govuk-inset-text app-plan-guidance">{rec.text}</p>
          {rowsOf(rec).map((row, index) => (
            <PlanRow
              key={row.key}
              row={row}
              people={people}
              legend={
                row.number
                  ? `Action ${row.number}`
                  : `New action ${index + 1 - rec.actions.length} for recommendation ${rec.position + 1}`
              }
              onEnter={() => addRow(rec)}
            />
          ))}
          <button
            type="submit"
            name="intent"
            value={`add-row:${rec.id}`}
            className="govuk-button govuk-button--secondary"
            onClick={(event) => {
              event.preventDefault();
              addRow(rec);
            }}
          >
            Add another action<span className="govuk-visually-hidden"> to recommendation {rec.position + 1}</span>
          </button>
        </section>
      ))}
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="targetReason">
          Why are target dates moving? (only when you change a date that was already set)
        </label>
        <div className="govuk-hint" id="targetReason-hint">
          A first target date needs no reason: it becomes the baseline. {NO_CHILD_DETAILS}
        </div>
        {response?.errors.targetReason ? (
          <p id="targetReason-error" className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {response.errors.targetReason}
          </p>
        ) : null}
        <textarea
          className="govuk-textarea"
          id="targetReason"
          name="targetReason"
          rows={2}
          defaultValue={response?.reason ?? ""}
          aria-describedby="targetReason-hint"
        />
      </div>
      <button type="submit" name="intent" value="save" className="govuk-button" data-module="govuk-button">
        Save plan
      </button>
    </Form>
  );
}

const BLANK: RowValues = {
  title: "",
  ownerId: "none",
  targetDate: "",
  partnerAgency: "",
  serviceArea: "",
  successMeasure: "",
};

function PlanRow({
  row,
  people,
  legend,
  onEnter,
}: {
  row: RowView;
  people: Person[];
  legend: string;
  onEnter: () => void;
}) {
  const hasError = Object.keys(row.errors).length > 0 || row.conflict !== null;
  // Enter in a one-line box adds the next row (as in a spreadsheet) rather than sending the form.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter" || event.nativeEvent.isComposing) return;
    event.preventDefault();
    onEnter();
  };
  const text = (field: Exclude<RowField, "ownerId" | "successMeasure">, label: string, className: string) => {
    const id = fieldId(row.key, field);
    const error = row.errors[field];
    return (
      <div
        className={`govuk-form-group app-plan-cell app-plan-cell--${field}${error ? " govuk-form-group--error" : ""}`}
      >
        <label className="govuk-label govuk-label--s" htmlFor={id}>
          {label}
          <span className="govuk-visually-hidden">, {legend}</span>
        </label>
        {error ? (
          <p id={`${id}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <input
          className={`govuk-input ${className}${error ? " govuk-input--error" : ""}`}
          id={id}
          name={id}
          type="text"
          defaultValue={row.values[field]}
          onKeyDown={onKeyDown}
          aria-describedby={error ? `${id}-error` : undefined}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
        />
      </div>
    );
  };
  const ownerId = fieldId(row.key, "ownerId");
  const measureId = fieldId(row.key, "successMeasure");
  return (
    <fieldset className={`govuk-fieldset app-plan-row${hasError ? " app-plan-row--error" : ""}`}>
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
        {legend}
        {row.status === "signed_off" ? " (signed off)" : ""}
      </legend>
      {row.version !== null ? <input type="hidden" name={fieldId(row.key, "version")} value={row.version} /> : null}
      {row.seen !== null ? <input type="hidden" name={fieldId(row.key, "seen")} value={row.seen} /> : null}
      {row.conflict ? (
        <p className="govuk-error-message">
          {row.conflict.changedBy ?? "Someone"} changed this action
          {row.conflict.changedAt ? ` at ${formatDateTime(row.conflict.changedAt)}` : ""} after you opened the page.
          What you typed is below; save again to keep it, or open the page again to see their change.
        </p>
      ) : null}
      <div className="app-plan-grid">
        {text("title", "Title", "app-plan-input--title")}
        <div className={`govuk-form-group app-plan-cell${row.errors.ownerId ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor={ownerId}>
            Owner<span className="govuk-visually-hidden">, {legend}</span>
          </label>
          {row.errors.ownerId ? (
            <p id={`${ownerId}-error`} className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {row.errors.ownerId}
            </p>
          ) : null}
          <select
            className={`govuk-select app-plan-select${row.errors.ownerId ? " govuk-select--error" : ""}`}
            id={ownerId}
            name={ownerId}
            defaultValue={row.values.ownerId || "none"}
            aria-describedby={row.errors.ownerId ? `${ownerId}-error` : undefined}
            aria-invalid={row.errors.ownerId ? true : undefined}
          >
            <option value="none">Not assigned yet</option>
            {people.map((p) => (
              <option key={p.id} value={String(p.id)}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        {text("targetDate", "Target date", "app-plan-input--date")}
        <div
          className={`govuk-form-group app-plan-cell app-plan-cell--measure${row.errors.successMeasure ? " govuk-form-group--error" : ""}`}
        >
          <label className="govuk-label govuk-label--s" htmlFor={measureId}>
            What good looks like<span className="govuk-visually-hidden">, {legend}</span>
          </label>
          {row.errors.successMeasure ? (
            <p id={`${measureId}-error`} className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {row.errors.successMeasure}
            </p>
          ) : null}
          <textarea
            className={`govuk-textarea${row.errors.successMeasure ? " govuk-textarea--error" : ""}`}
            id={measureId}
            name={measureId}
            rows={1}
            defaultValue={row.values.successMeasure}
            aria-describedby={row.errors.successMeasure ? `${measureId}-error` : undefined}
            aria-invalid={row.errors.successMeasure ? true : undefined}
          />
        </div>
        {text("partnerAgency", "Partner agency", "")}
        {text("serviceArea", "Service area", "")}
      </div>
    </fieldset>
  );
}
