import { Form } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import type { SerializeFrom } from "@remix-run/node";
import type { BulkResponse } from "../flows/bulk-changes.server";
import { SERVICE_AREA_MAX } from "../domain/service-area";
import { NO_CHILD_DETAILS } from "./forms";

type Response = SerializeFrom<BulkResponse> | undefined;

/**
 * The action list as a form: a box to tick on each row, and below the table the changes a lead can
 * make to every ticked action at once (owner, target date, service area, withdraw), each with its
 * own button. Works as a plain form; with JavaScript a box in the header ticks every row and the
 * number ticked is said as it changes.
 */
export function BulkForm({ children }: { children: ReactNode }) {
  return (
    <Form method="post" noValidate id="bulk-form">
      {children}
    </Form>
  );
}

/** The tick box in a row of the list, with the version the row was drawn at. */
export function ChooseCell({
  actionId,
  version,
  label,
  chosen,
}: {
  actionId: number;
  version: number;
  label: string;
  chosen: boolean;
}) {
  return (
    <td className="govuk-table__cell app-choose-cell">
      <div className="govuk-checkboxes govuk-checkboxes--small">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input app-choose"
            id={`choose-${actionId}`}
            name="actionId"
            type="checkbox"
            value={actionId}
            defaultChecked={chosen}
            form="bulk-form"
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={`choose-${actionId}`}>
            <span className="govuk-visually-hidden">Choose {label}</span>
          </label>
        </div>
      </div>
      <input type="hidden" name={`version-${actionId}`} value={version} form="bulk-form" />
    </td>
  );
}

/** The header cell over the tick boxes: with JavaScript, a box that ticks or clears every row. */
export function ChooseAllHeader() {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return (
    <th scope="col" className="govuk-table__header app-choose-cell">
      {ready ? (
        <div className="govuk-checkboxes govuk-checkboxes--small">
          <div className="govuk-checkboxes__item">
            <input
              className="govuk-checkboxes__input"
              id="choose-all"
              type="checkbox"
              onChange={(event) => {
                for (const box of document.querySelectorAll<HTMLInputElement>("input.app-choose")) {
                  box.checked = event.target.checked;
                }
                document.dispatchEvent(new Event("app-chosen"));
              }}
            />
            <label className="govuk-label govuk-checkboxes__label" htmlFor="choose-all">
              <span className="govuk-visually-hidden">Choose every action on this page</span>
            </label>
          </div>
        </div>
      ) : (
        <span className="govuk-visually-hidden">Choose</span>
      )}
    </th>
  );
}

/** The changes to make to the ticked actions, below the table. */
export function BulkChanges({
  people,
  response,
}: {
  /** Whom actions may be assigned to; empty when the list mixes authorities (an administrator's). */
  people: { id: number; name: string }[];
  response: Response;
}) {
  const errors = response?.errors ?? {};
  const values = response?.submitted ?? {};
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    const follow = () => setCount(document.querySelectorAll("input.app-choose:checked").length);
    follow();
    document.addEventListener("change", follow);
    document.addEventListener("app-chosen", follow);
    return () => {
      document.removeEventListener("change", follow);
      document.removeEventListener("app-chosen", follow);
    };
  }, []);
  const field = (name: string) => ({
    className: errors[name] ? " govuk-form-group--error" : "",
    error: errors[name] ? (
      <p id={`${name}-error`} className="govuk-error-message">
        <span className="govuk-visually-hidden">Error:</span> {errors[name]}
      </p>
    ) : null,
    describedBy: errors[name] ? `${name}-error` : undefined,
  });
  const owner = field("ownerId");
  const target = field("targetDate");
  const reason = field("targetReason");
  const area = field("serviceArea");
  const withdraw = field("withdrawReason");
  const chosen = field("chosen");
  return (
    <section className="app-card" aria-labelledby="bulk-heading">
      <h2 className="govuk-heading-m" id="bulk-heading">
        Change the chosen actions
      </h2>
      <div className={`govuk-form-group${chosen.className}`}>
        {chosen.error}
        <p className="govuk-body" id="chosen" tabIndex={-1}>
          Tick the actions in the table, then make one change to all of them. Each action is changed on its own: one
          that cannot be changed is listed, and the others are saved.
        </p>
        <p className="govuk-body govuk-!-font-weight-bold" role="status" aria-live="polite">
          {count === null ? "" : count === 1 ? "1 action chosen" : `${count} actions chosen`}
        </p>
      </div>
      <div className="app-bulk-grid">
        <div className={`govuk-form-group${owner.className}`}>
          <label className="govuk-label govuk-label--s" htmlFor="ownerId">
            Assign to
          </label>
          {owner.error}
          {people.length > 0 ? (
            <select
              className="govuk-select"
              id="ownerId"
              name="ownerId"
              defaultValue={values.ownerId ?? ""}
              aria-describedby={owner.describedBy}
            >
              <option value="">Choose the owner</option>
              <option value="none">Nobody (not assigned)</option>
              {people.map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {p.name}
                </option>
              ))}
            </select>
          ) : (
            <p className="govuk-hint" id="ownerId">
              Choose an authority in the filters above to assign owners.
            </p>
          )}
          <div className="govuk-!-margin-top-3">
            <button type="submit" name="intent" value="owner" className="govuk-button govuk-button--secondary">
              Assign owner
            </button>
          </div>
        </div>
        <div className={`govuk-form-group${target.className}${reason.className}`}>
          <label className="govuk-label govuk-label--s" htmlFor="targetDate">
            New target date
          </label>
          <div className="govuk-hint" id="targetDate-hint">
            For example, 31/03/2027
          </div>
          {target.error}
          <input
            className="govuk-input govuk-input--width-10 govuk-!-margin-bottom-4"
            id="targetDate"
            name="targetDate"
            type="text"
            defaultValue={values.targetDate ?? ""}
            aria-describedby={["targetDate-hint", target.describedBy].filter(Boolean).join(" ")}
          />
          <label className="govuk-label govuk-label--s" htmlFor="targetReason">
            Why the target dates are moving
          </label>
          <div className="govuk-hint" id="targetReason-hint">
            One reason for all. Not needed for an action getting its first target date. {NO_CHILD_DETAILS}
          </div>
          {reason.error}
          <textarea
            className="govuk-textarea"
            id="targetReason"
            name="targetReason"
            rows={2}
            defaultValue={values.targetReason ?? ""}
            aria-describedby={["targetReason-hint", reason.describedBy].filter(Boolean).join(" ")}
          />
          <div className="govuk-!-margin-top-3">
            <button type="submit" name="intent" value="target" className="govuk-button govuk-button--secondary">
              Set target date
            </button>
          </div>
        </div>
        <div className={`govuk-form-group${area.className}`}>
          <label className="govuk-label govuk-label--s" htmlFor="serviceArea">
            Service area
          </label>
          <div className="govuk-hint" id="serviceArea-hint">
            Up to {SERVICE_AREA_MAX} characters; leave empty to clear it.
          </div>
          {area.error}
          <input
            className="govuk-input"
            id="serviceArea"
            name="serviceArea"
            type="text"
            defaultValue={values.serviceArea ?? ""}
            aria-describedby={["serviceArea-hint", area.describedBy].filter(Boolean).join(" ")}
          />
          <div className="govuk-!-margin-top-3">
            <button type="submit" name="intent" value="service_area" className="govuk-button govuk-button--secondary">
              Set service area
            </button>
          </div>
        </div>
        <div className={`govuk-form-group${withdraw.className}`}>
          <label className="govuk-label govuk-label--s" htmlFor="withdrawReason">
            Why the actions are being withdrawn
          </label>
          <div className="govuk-hint" id="withdrawReason-hint">
            They leave the plan&apos;s counts but stay in its history. {NO_CHILD_DETAILS}
          </div>
          {withdraw.error}
          <textarea
            className="govuk-textarea"
            id="withdrawReason"
            name="withdrawReason"
            rows={2}
            defaultValue={values.withdrawReason ?? ""}
            aria-describedby={["withdrawReason-hint", withdraw.describedBy].filter(Boolean).join(" ")}
          />
          <div className="govuk-!-margin-top-3">
            <button type="submit" name="intent" value="withdraw" className="govuk-button govuk-button--warning">
              Withdraw
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}
