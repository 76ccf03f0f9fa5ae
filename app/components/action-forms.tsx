import type { ReactNode } from "react";
import { Form, Link } from "@remix-run/react";
import type { ActionCapabilities } from "../domain/permissions";
import { SERVICE_AREA_MAX } from "../domain/service-area";
import { STATUS_MOVES, type StatusMove } from "../domain/workflow";
import { formatDate } from "../utils/dates";
import type { ActionView } from "./action-summary";
import { EvidenceForm } from "./evidence-form";
import { RadiosField, SelectField, SubmitButton, TextArea, TextField, type FieldErrors } from "./forms";

export interface FailedSubmission {
  intent: string;
  errors: FieldErrors;
  submitted?: Record<string, string>;
}

/** The moves this person can make from the action's current status. */
function availableMoves(action: ActionView, can: ActionCapabilities): StatusMove[] {
  const moves: StatusMove[] = [];
  if (can.work && action.status === "not_started") moves.push("start");
  if (can.work && (action.status === "not_started" || action.status === "in_progress")) moves.push("submit");
  if (can.signOff && action.status === "awaiting_sign_off") moves.push("sign_off", "send_back");
  if (can.signOff && action.status === "signed_off") moves.push("reopen");
  return moves;
}

/**
 * Every change form on the action page. Each posts its own intent; a refused submission comes back
 * with its errors and the user's input in the form it came from.
 */
export function ActionForms({
  action,
  can,
  withdrawableEvidenceIds = [],
  assignable,
  serviceArea = null,
  failed,
}: {
  action: ActionView;
  can: ActionCapabilities;
  /** The evidence this person may withdraw now (see evidenceWithdrawalRefusal). */
  withdrawableEvidenceIds?: number[];
  assignable: { id: number; name: string }[];
  /** The action's service area, which the board groups progress by. */
  serviceArea?: string | null;
  failed: FailedSubmission | null;
}) {
  const forIntent = (intent: string) =>
    failed?.intent === intent
      ? { errors: failed.errors, values: failed.submitted ?? {} }
      : { errors: {}, values: {} as Record<string, string> };
  const moves = availableMoves(action, can);
  const withdrawable = (action.evidence ?? []).filter((e) => withdrawableEvidenceIds.includes(e.id));
  if (action.withdrawn_at) return <WithdrawnForms action={action} can={can} />;
  if (!can.work && !can.manage && !can.signOff) {
    return (
      <p className="govuk-inset-text">You can read this action. Only its owner or an improvement lead can change it.</p>
    );
  }
  const status = forIntent("status");
  const progress = forIntent("progress");
  const owner = forIntent("owner");
  const target = forIntent("target");
  const risk = forIntent("risk");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {moves.length > 0 ? (
          <ChangeCard id="status" heading="Change status" intent="status" version={action.version}>
            <RadiosField
              name="move"
              legend="What do you want to do?"
              options={moves.map((m) => ({ value: m, label: STATUS_MOVES[m].label }))}
              defaultValue={status.values.move ?? (moves.length === 1 ? moves[0] : undefined)}
              error={status.errors.move}
            />
            {moves.some((m) => m === "send_back" || m === "reopen" || m === "submit") ? (
              <TextArea
                name="reason"
                label="Reason or note (needed to send back or reopen)"
                rows={2}
                defaultValue={status.values.reason}
                error={status.errors.reason}
              />
            ) : null}
            <SubmitButton>Save status</SubmitButton>
          </ChangeCard>
        ) : null}

        {can.work ? (
          <ChangeCard id="progress" heading="Add a progress update" intent="progress">
            <TextArea
              name="body"
              label="What has happened since the last update?"
              hint="Updates are kept in date order and cannot be edited later."
              defaultValue={progress.values.body}
              error={progress.errors.body}
            />
            <SubmitButton>Add update</SubmitButton>
          </ChangeCard>
        ) : null}

        {can.work ? (
          <section aria-labelledby="evidence-heading" className="app-card">
            <h2 className="govuk-heading-m" id="evidence-heading">
              Add evidence
            </h2>
            <EvidenceForm actionId={action.id} idPrefix="evidence-" />
            {withdrawable.length > 0 ? (
              <details className="govuk-details">
                <summary className="govuk-details__summary">
                  <span className="govuk-details__summary-text">Withdraw evidence added by mistake</span>
                </summary>
                <div className="govuk-details__text">
                  <ul className="govuk-list">
                    {withdrawable.map((e) => (
                      <li key={e.id}>
                        <Link className="govuk-link" to={`/evidence/${e.id}/delete`}>
                          Withdraw<span className="govuk-visually-hidden"> evidence</span> “{e.description}”
                        </Link>
                      </li>
                    ))}
                  </ul>
                </div>
              </details>
            ) : null}
          </section>
        ) : null}

        {can.work && action.status !== "signed_off" ? (
          <ChangeCard id="risk" heading="Is this action on track?" intent="risk" version={action.version}>
            <RadiosField
              name="flag"
              legend="Flag"
              options={[
                { value: "none", label: "On track" },
                { value: "at_risk", label: "At risk", hint: "Shows as Amber" },
                { value: "off_track", label: "Off track", hint: "Shows as Red" },
              ]}
              defaultValue={risk.values.flag ?? action.risk_flag ?? "none"}
              error={risk.errors.flag}
            />
            <TextArea
              name="riskReason"
              label="Reason"
              rows={2}
              defaultValue={risk.values.riskReason ?? action.risk_reason ?? ""}
              error={risk.errors.riskReason}
            />
            <TextField
              name="recoveryDate"
              label="Recovery date (optional)"
              hint="If the action is off track or overdue: the date you now expect it to be done, for example 30/6/2027. The board pack shows it beside the action. Leave blank if you cannot say yet."
              defaultValue={risk.values.recoveryDate ?? (action.recovery_date ? formatDate(action.recovery_date) : "")}
              error={risk.errors.recoveryDate}
              width={10}
            />
            <SubmitButton secondary>Save flag</SubmitButton>
          </ChangeCard>
        ) : null}

        {can.manage ? (
          <ChangeCard id="owner" heading="Assign an owner" intent="owner" version={action.version}>
            <SelectField
              name="ownerId"
              label="Owner"
              options={[
                { value: "none", label: "Not assigned" },
                ...assignable.map((u) => ({ value: String(u.id), label: u.name })),
              ]}
              defaultValue={owner.values.ownerId ?? (action.owner_id ? String(action.owner_id) : "none")}
              error={owner.errors.ownerId}
            />
            <SubmitButton secondary>Save owner</SubmitButton>
          </ChangeCard>
        ) : null}

        {can.manage ? (
          <ChangeCard
            id="target"
            heading={action.target_date ? "Change the target date" : "Set the target date"}
            intent="target"
            version={action.version}
            intro={
              <p className="govuk-body">
                Current target: {formatDate(action.target_date, "not set")}. Baseline:{" "}
                {formatDate(action.baseline_target_date, "not set")}. The baseline is kept whenever the target moves.
              </p>
            }
          >
            <TextField
              name="targetDate"
              label="New target date"
              hint="For example, 31/03/2025"
              width={10}
              defaultValue={target.values.targetDate}
              error={target.errors.targetDate}
            />
            <TextArea
              name="targetReason"
              label={
                action.target_date
                  ? "Why is it changing?"
                  : "Why is it changing? (not needed for the first target date)"
              }
              rows={2}
              defaultValue={target.values.targetReason}
              error={target.errors.targetReason}
            />
            <SubmitButton secondary>{action.target_date ? "Change target date" : "Set target date"}</SubmitButton>
          </ChangeCard>
        ) : null}

        {can.manage ? (
          <ServiceAreaForm action={action} serviceArea={serviceArea} failed={forIntent("service_area")} />
        ) : null}
        {can.manage ? <DetailsForm action={action} failed={forIntent("details")} /> : null}
        {can.manage && action.status !== "signed_off" ? (
          <WithdrawForm action={action} failed={forIntent("withdraw")} />
        ) : null}
      </div>
    </div>
  );
}

type IntentState = { errors: FieldErrors; values: Record<string, string> };

function DetailsForm({ action, failed }: { action: ActionView; failed: IntentState }) {
  const value = (name: string, current: string | null) => failed.values[name] ?? current ?? "";
  return (
    <ChangeCard id="details" heading="Edit the action" intent="details" version={action.version}>
      <TextField
        name="title"
        label="Title"
        freeText
        defaultValue={value("title", action.title)}
        error={failed.errors.title}
      />
      <TextArea
        name="description"
        label="Description"
        rows={3}
        defaultValue={value("description", action.description)}
        error={failed.errors.description}
      />
      <TextField
        name="partnerAgency"
        label="Partner agency (optional)"
        hint="For example, NHS North East London"
        defaultValue={value("partnerAgency", action.partner_agency)}
        error={failed.errors.partnerAgency}
      />
      <TextArea
        name="successMeasure"
        label="What good looks like"
        hint="How you will know the action has made a difference, for example a measure and its target"
        rows={3}
        defaultValue={value("successMeasure", action.success_measure)}
        error={failed.errors.successMeasure}
      />
      <SubmitButton secondary>Save details</SubmitButton>
    </ChangeCard>
  );
}

function ServiceAreaForm({
  action,
  serviceArea,
  failed,
}: {
  action: ActionView;
  serviceArea: string | null;
  failed: IntentState;
}) {
  return (
    <ChangeCard id="service-area" heading="Service area" intent="service_area" version={action.version}>
      <TextField
        name="serviceArea"
        label="Which service delivers this action?"
        hint={`For example, Children in care or Early help. The board groups progress by service area. Leave blank if none; up to ${SERVICE_AREA_MAX} characters.`}
        defaultValue={failed.values.serviceArea ?? serviceArea ?? ""}
        error={failed.errors.serviceArea}
      />
      <SubmitButton secondary>Save service area</SubmitButton>
    </ChangeCard>
  );
}

function WithdrawForm({ action, failed }: { action: ActionView; failed: IntentState }) {
  return (
    <ChangeCard
      id="withdraw"
      heading="Withdraw this action"
      intent="withdraw"
      version={action.version}
      intro={
        <p className="govuk-body">
          A withdrawn action leaves the plan&rsquo;s counts and lists but keeps its history. Use it for an action that
          was a mistake or has been replaced.
        </p>
      }
    >
      <TextArea
        name="withdrawReason"
        label="Why is it being withdrawn?"
        rows={2}
        defaultValue={failed.values.withdrawReason}
        error={failed.errors.withdrawReason}
      />
      <button type="submit" className="govuk-button govuk-button--warning">
        Withdraw action
      </button>
    </ChangeCard>
  );
}

function WithdrawnForms({ action, can }: { action: ActionView; can: ActionCapabilities }) {
  if (!can.manage)
    return <p className="govuk-inset-text">This action has been withdrawn and can no longer be changed.</p>;
  return (
    <ChangeCard id="reinstate" heading="Put this action back into the plan" intent="reinstate" version={action.version}>
      <SubmitButton secondary>Reinstate action</SubmitButton>
    </ChangeCard>
  );
}

/**
 * One change to the action: a card whose heading names it, and a form posting `intent` (with the
 * version the page was read at, when the change can conflict with someone else's).
 */
function ChangeCard({
  id,
  heading,
  intent,
  version,
  intro,
  children,
}: {
  id: string;
  heading: string;
  intent: string;
  version?: number;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="app-card">
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        {heading}
      </h2>
      {intro}
      <Form method="post">
        <input type="hidden" name="intent" value={intent} />
        {version === undefined ? null : <input type="hidden" name="version" value={version} />}
        {children}
      </Form>
    </section>
  );
}
