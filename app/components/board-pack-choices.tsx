import { Form } from "@remix-run/react";
import {
  PACK_DETAIL_LABELS,
  PACK_DETAILS,
  PACK_ORDER_LABELS,
  PACK_ORDERS,
  PACK_SECTION_LABELS,
  PACK_SECTIONS,
  type PackChoices,
} from "../domain/board-pack-options";
import { type FieldErrors, RadiosField, SubmitButton, TextArea } from "./forms";
import { inspectionLabel } from "../domain/inspection-label";

// The forms a lead prepares a meeting's board pack with: what it covers, the executive summary and
// the commentary on each exception. Plain forms: they work without JavaScript.

export interface CoverageOption {
  id: number;
  title: string;
  published: string | null;
  open: boolean;
  included: boolean;
  actions: number;
}

export interface ExceptionForCommentary {
  actionId: number;
  number: string;
  title: string;
  reason: string;
  commentary: string | null;
}

function Checkboxes({
  name,
  legend,
  hint,
  error,
  options,
}: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  options: { value: string; label: string; hint?: string; checked: boolean }[];
}) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy || undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div id={`${name}-hint`} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        {error ? (
          <p id={`${name}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div className="govuk-checkboxes govuk-checkboxes--small">
          {options.map((o, i) => {
            const id = i === 0 ? name : `${name}-${i}`;
            return (
              <div className="govuk-checkboxes__item" key={o.value}>
                <input
                  className="govuk-checkboxes__input"
                  id={id}
                  name={name}
                  type="checkbox"
                  value={o.value}
                  defaultChecked={o.checked}
                  aria-describedby={o.hint ? `${id}-hint` : undefined}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                  {o.label}
                </label>
                {o.hint ? (
                  <div id={`${id}-hint`} className="govuk-hint govuk-checkboxes__hint">
                    {o.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** What the pack covers: inspections, sections, level of detail and order. */
export function PackChoicesForm({
  choices,
  coverage,
  errors,
}: {
  choices: PackChoices;
  coverage: CoverageOption[];
  errors: FieldErrors;
}) {
  return (
    <section aria-labelledby="pack-choices-heading" className="app-card">
      <h2 className="govuk-heading-m" id="pack-choices-heading">
        What the pack covers
      </h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="choices" />
        <RadiosField
          name="coverage"
          legend="Plans"
          hint="A plan is open while any of its actions is not yet signed off or withdrawn."
          options={[
            { value: "open", label: "The plans open at the meeting date" },
            { value: "chosen", label: "Only the inspections ticked below" },
          ]}
          defaultValue={choices.inspectionIds === null ? "open" : "chosen"}
          error={errors.coverage}
        />
        {coverage.length > 0 ? (
          <Checkboxes
            name="inspections"
            legend="Inspections"
            hint="Used when you choose only the inspections ticked."
            error={errors.inspections}
            options={coverage.map((c) => ({
              value: String(c.id),
              label: inspectionLabel(c),
              hint: `${c.actions} ${c.actions === 1 ? "action" : "actions"}; ${c.open ? "open" : "closed: every action signed off or withdrawn"}`,
              checked: c.included,
            }))}
          />
        ) : (
          <p className="govuk-body">No inspection had been imported by the meeting date.</p>
        )}
        <Checkboxes
          name="sections"
          legend="Sections"
          hint="The RAG key is always printed."
          error={errors.sections}
          options={PACK_SECTIONS.map((s) => ({
            value: s,
            label: PACK_SECTION_LABELS[s],
            checked: choices.sections.includes(s),
          }))}
        />
        <RadiosField
          name="detail"
          legend="Level of detail"
          options={PACK_DETAILS.map((d) => ({
            value: d,
            label: PACK_DETAIL_LABELS[d].label,
            hint: PACK_DETAIL_LABELS[d].hint,
          }))}
          defaultValue={choices.detail}
          error={errors.detail}
        />
        <RadiosField
          name="order"
          legend="Order of recommendations and actions"
          options={PACK_ORDERS.map((o) => ({ value: o, label: PACK_ORDER_LABELS[o] }))}
          defaultValue={choices.order}
          error={errors.order}
        />
        <SubmitButton secondary>Save what the pack covers</SubmitButton>
      </Form>
    </section>
  );
}

export function ExecutiveSummaryForm({
  summary,
  max,
  error,
  submitted,
}: {
  summary: string;
  max: number;
  error?: string;
  submitted?: string;
}) {
  return (
    <section aria-labelledby="executive-summary-heading" className="app-card">
      <h2 className="govuk-heading-m" id="executive-summary-heading">
        Executive summary
      </h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="summary" />
        <TextArea
          name="executiveSummary"
          label="Executive summary"
          hint={`Printed at the front of the pack. Leave a blank line between paragraphs. Up to ${max.toLocaleString("en-GB")} characters.`}
          rows={6}
          defaultValue={submitted ?? summary}
          error={error}
        />
        <SubmitButton secondary>Save executive summary</SubmitButton>
      </Form>
    </section>
  );
}

export function CommentaryForm({
  exceptions,
  max,
  errors,
  submitted,
}: {
  exceptions: ExceptionForCommentary[];
  max: number;
  errors: FieldErrors;
  submitted?: Record<string, string>;
}) {
  return (
    <section aria-labelledby="commentary-heading" className="app-card">
      <h2 className="govuk-heading-m" id="commentary-heading">
        Commentary on exceptions
      </h2>
      {exceptions.length === 0 ? (
        <p className="govuk-body">No action in the pack is Red, so there is nothing to comment on.</p>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="commentary" />
          {errors.commentary ? (
            <p id="commentary" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.commentary}
            </p>
          ) : null}
          <p className="govuk-body">
            The pack prints your commentary beside each Red action, with its owner&apos;s recovery date. Up to{" "}
            {max.toLocaleString("en-GB")} characters each.
          </p>
          {exceptions.map((e) => (
            <div key={e.actionId}>
              <input type="hidden" name="actionId" value={e.actionId} />
              <TextArea
                name={`commentary-${e.actionId}`}
                label={`${e.number} ${e.title}`}
                hint={e.reason}
                rows={2}
                defaultValue={submitted?.[`commentary-${e.actionId}`] ?? e.commentary ?? ""}
                error={errors[`commentary-${e.actionId}`]}
              />
            </div>
          ))}
          <SubmitButton secondary>Save commentary</SubmitButton>
        </Form>
      )}
    </section>
  );
}

/** What a pack covers, in words (for those who may read but not change it, and for held meetings). */
export function PackChoicesSummary({ choices, coverage }: { choices: PackChoices; coverage: CoverageOption[] }) {
  const included = coverage.filter((c) => c.included);
  return (
    <dl className="govuk-summary-list">
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Plans</dt>
        <dd className="govuk-summary-list__value">
          {included.length === 0 ? "None" : included.map(inspectionLabel).join("; ")}
          {choices.inspectionIds === null ? " (the plans open at the meeting date)" : ""}
        </dd>
      </div>
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Sections</dt>
        <dd className="govuk-summary-list__value">{choices.sections.map((s) => PACK_SECTION_LABELS[s]).join("; ")}</dd>
      </div>
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Detail and order</dt>
        <dd className="govuk-summary-list__value">
          {PACK_DETAIL_LABELS[choices.detail].label}; {PACK_ORDER_LABELS[choices.order].toLowerCase()}
        </dd>
      </div>
    </dl>
  );
}
