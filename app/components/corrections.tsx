import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import {
  CORRECTION_FIELD_LABELS,
  describeCorrection,
  describeFieldValue,
  type FieldChange,
  type ProposedMove,
} from "../domain/corrections";
import { describeRemoval } from "../domain/inspection-removal";
import { formatDate } from "../utils/dates";
import { moveValue, MOVE_REASON_MAX } from "../utils/correction-forms";
import { ErrorSummary, SubmitButton } from "./forms";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

// What the correction pages share: the "which target dates move" question, the list of what a
// correction changes, and the notice on the pages of a removed inspection.

/** The page's heading, focused when the page changes to it without a reload (after a form with JavaScript). */
export function FocusedHeading({ children, caption }: { children: React.ReactNode; caption?: React.ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <>
      {caption ? <span className="govuk-caption-l">{caption}</span> : null}
      <h1 className="govuk-heading-l" tabIndex={-1} ref={heading}>
        {children}
      </h1>
    </>
  );
}

/** The corrected fields, each from what to what. */
export function ChangesSummary({ changes }: { changes: readonly FieldChange[] }) {
  return (
    <dl className="govuk-summary-list">
      {changes.map((change) => (
        <div className="govuk-summary-list__row" key={change.field}>
          <dt className="govuk-summary-list__key">
            {CORRECTION_FIELD_LABELS[change.field as keyof typeof CORRECTION_FIELD_LABELS] ?? change.field}
          </dt>
          <dd className="govuk-summary-list__value app-pre-line">
            {describeFieldValue(change.field, listOrValue(change.field, change.from))}
            <span aria-hidden="true"> → </span>
            <span className="govuk-visually-hidden"> changes to </span>
            <strong>{describeFieldValue(change.field, listOrValue(change.field, change.to))}</strong>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Partner agencies travel as JSON text in a change; shown as a list. */
function listOrValue(field: string, value: string | null): unknown {
  if (field !== "agencies" || value === null) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Recommendations whose due dates a new basis date changes. */
export function DueDateChanges({
  changes,
}: {
  changes: readonly { reference: string; from: string | null; to: string | null }[];
}) {
  if (changes.length === 0) return null;
  return (
    <TableScroll caption="Due dates that change" captionClassName="govuk-table__caption govuk-table__caption--m">
      <TableHead columns={["Recommendation", "Due date now", "New due date"]} />
      <tbody className="govuk-table__body">
        {changes.map((c) => (
          <tr className="govuk-table__row" key={c.reference}>
            <td className="govuk-table__cell">{c.reference}</td>
            <td className="govuk-table__cell">{formatDate(c.from, "None")}</td>
            <td className="govuk-table__cell">{formatDate(c.to, "None")}</td>
          </tr>
        ))}
      </tbody>
    </TableScroll>
  );
}

/**
 * The "which target dates move" question: a checkbox per action whose target date would follow
 * the new due date, ticked when the target date is still the report's, not when it was set by hand;
 * and the reason recorded with each move.
 */
export function TargetDateMoves({
  moves,
  chosen,
  reason,
  errors,
}: {
  moves: readonly ProposedMove[];
  /** The values ticked when the form was last sent, or null for the first time (then the report's own are ticked). */
  chosen: readonly string[] | null;
  reason: string;
  errors?: Partial<Record<string, string>>;
}) {
  return (
    <>
      <div className={`govuk-form-group${errors?.moves ? " govuk-form-group--error" : ""}`}>
        <fieldset className="govuk-fieldset" aria-describedby={`moves-hint${errors?.moves ? " moves-error" : ""}`}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
            <h2 className="govuk-fieldset__heading">Which target dates should move?</h2>
          </legend>
          <div id="moves-hint" className="govuk-hint">
            Ticked: target dates that are still the recommendation&apos;s due date. A target date that was moved or set
            by hand is not moved unless you tick it. Untick any you want to keep.
          </div>
          {errors?.moves ? (
            <p id="moves-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.moves}
            </p>
          ) : null}
          <div className="govuk-checkboxes govuk-checkboxes--small" id="moves">
            {moves.map((move) => {
              const value = moveValue(move.actionId, move.from);
              const id = `move-${move.actionId}`;
              return (
                <div className="govuk-checkboxes__item" key={move.actionId}>
                  <input
                    className="govuk-checkboxes__input"
                    id={id}
                    name="move"
                    type="checkbox"
                    value={value}
                    defaultChecked={chosen ? chosen.includes(value) : !move.handSet}
                    aria-describedby={`${id}-hint`}
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                    Action {move.number}: {move.title}
                  </label>
                  <div id={`${id}-hint`} className="govuk-hint govuk-checkboxes__hint">
                    From {formatDate(move.from, "no target date")} to {formatDate(move.to)}
                    {move.handSet ? ". Not on the recommendation's due date now: not moved unless you tick it" : ""}
                  </div>
                </div>
              );
            })}
          </div>
        </fieldset>
      </div>
      <div className={`govuk-form-group${errors?.reason ? " govuk-form-group--error" : ""}`}>
        <label className="govuk-label govuk-label--s" htmlFor="reason">
          Why the target dates are moving
        </label>
        <div id="reason-hint" className="govuk-hint">
          Recorded with each move, as for any change of a target date; the original (baseline) dates are kept.
        </div>
        {errors?.reason ? (
          <p id="reason-error" className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {errors.reason}
          </p>
        ) : null}
        <textarea
          className={`govuk-textarea${errors?.reason ? " govuk-textarea--error" : ""}`}
          id="reason"
          name="reason"
          rows={3}
          maxLength={MOVE_REASON_MAX}
          defaultValue={reason}
          aria-describedby={`reason-hint${errors?.reason ? " reason-error" : ""}`}
          aria-invalid={errors?.reason ? true : undefined}
        />
      </div>
    </>
  );
}

/** The fields of the form being confirmed, sent again unchanged with the answer. */
export function CarriedFields({ values, names }: { values: Record<string, string>; names: readonly string[] }) {
  return (
    <>
      {names.map((name) => (
        <input key={name} type="hidden" name={name} value={values[name] ?? ""} />
      ))}
    </>
  );
}

/** Said at the top of every page of a removed inspection. */
export function RemovedNotice({
  removal,
  canRestore,
}: {
  removal: { removedAt: string; removedBy: string | null; reason: string };
  canRestore: boolean;
}) {
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="removed-title">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="removed-title">
          Removed from the plan
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{describeRemoval(removal)}</p>
        <p className="govuk-body">
          It is left out of counts, lists, boards, board packs, readiness, themes, reminders and calendars. Nothing was
          deleted: boards and packs as at a date before the removal still show it, and the audit log keeps its history.
          {canRestore ? " You can restore it below." : " An administrator can restore it."}
        </p>
      </div>
    </div>
  );
}

/**
 * The page between a correction and its saving when target dates would move: what is corrected,
 * the due dates that change, and the question, in a form that sends the correction (`fields`,
 * as typed) again with the answer.
 */
export function CorrectionConfirmation({
  caption,
  intro,
  subject,
  confirm,
  submitted,
  fields,
  version,
  chosen,
  errors,
  cancelTo,
}: {
  caption: string;
  intro: React.ReactNode;
  /** "Inspection" or "Recommendation SG-3M-1", for the reason offered. */
  subject: string;
  confirm: {
    changes: readonly FieldChange[];
    dueDates?: readonly { reference: string; from: string | null; to: string | null }[];
    moves: readonly ProposedMove[];
  };
  submitted: Record<string, string>;
  fields: readonly string[];
  version: number;
  chosen: readonly string[] | null;
  errors: Partial<Record<string, string>>;
  cancelTo: string;
}) {
  const before = Object.fromEntries(confirm.changes.map((c) => [c.field, c.from]));
  const after = Object.fromEntries(confirm.changes.map((c) => [c.field, c.to]));
  // The long text of a recommendation is left out of the reason offered.
  const offered = `${subject} corrected. ${describeCorrection(before, after)
    .filter((line) => !line.startsWith("Text:"))
    .join("; ")}`;
  return (
    <>
      <ErrorSummary errors={errors} />
      <FocusedHeading caption={caption}>Check which target dates move</FocusedHeading>
      <p className="govuk-body">{intro} Nothing has been saved yet.</p>
      <h2 className="govuk-heading-m">What you are correcting</h2>
      <ChangesSummary changes={confirm.changes} />
      {confirm.dueDates ? <DueDateChanges changes={confirm.dueDates} /> : null}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="confirm" />
        <input type="hidden" name="version" value={submitted.version ?? version} />
        <CarriedFields values={submitted} names={fields} />
        <TargetDateMoves
          moves={confirm.moves}
          chosen={chosen}
          reason={submitted.intent === "confirm" ? (submitted.reason ?? "") : offered}
          errors={errors}
        />
        <div className="govuk-button-group">
          <SubmitButton>Save the correction</SubmitButton>
          <Link className="govuk-link" to={cancelTo}>
            Cancel
          </Link>
        </div>
      </Form>
    </>
  );
}

/** After a conflict: the record as it is now, beside the form that keeps what was typed. */
export function CurrentValues({ values }: { values: Record<string, unknown> }) {
  return (
    <details className="govuk-details" open>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">As it is now</span>
      </summary>
      <div className="govuk-details__text">
        <dl className="govuk-summary-list">
          {Object.entries(values).map(([field, value]) => (
            <div className="govuk-summary-list__row" key={field}>
              <dt className="govuk-summary-list__key">
                {CORRECTION_FIELD_LABELS[field as keyof typeof CORRECTION_FIELD_LABELS] ?? field}
              </dt>
              <dd className="govuk-summary-list__value app-pre-line">{describeFieldValue(field, value)}</dd>
            </div>
          ))}
        </dl>
      </div>
    </details>
  );
}
