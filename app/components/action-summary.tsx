import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { describeDueDateRule, type DueDateRule, TIMESCALE_LABELS } from "../domain/due-dates";
import { computeRagWithReason, daysOverdue, RAG_REASON_LABELS, RISK_FLAG_LABELS } from "../domain/rag";
import { actionReference, sectionLabel } from "../domain/references";
import type { ActionDetail } from "../models/action.server";
import { formatDate, formatDateTime } from "../utils/dates";
import { RagTag, StatusTag } from "./tags";

export type ActionView = SerializeFrom<ActionDetail>;

export function ActionSummary({
  action,
  today,
  amberWindowDays,
  graceDays,
}: {
  action: ActionView;
  today: string;
  amberWindowDays: number;
  graceDays: number;
}) {
  const { reason } = computeRagWithReason({
    status: action.status,
    targetDate: action.target_date,
    riskFlag: action.risk_flag,
    today,
    amberWindowDays,
  });
  const { agencies } = action;
  const overdueDays = action.target_date && action.status !== "signed_off" ? daysOverdue(action.target_date, today) : 0;
  const rows: [string, React.ReactNode][] = [
    [
      "Recommendation",
      <>
        <strong>{action.reference}</strong> {action.recommendation_text}
        <br />
        <span className="govuk-body-s">
          {sectionLabel(action.section)} ·{" "}
          {action.timescale ? TIMESCALE_LABELS[action.timescale] : "No timescale given"}
          {agencies.length ? ` · Partner agencies: ${agencies.join(", ")}` : ""} ·{" "}
          <Link className="govuk-link" to={`/inspections/${action.inspection_id}`}>
            {action.inspection_title}
          </Link>
        </span>
      </>,
    ],
    ["Action", actionReference(action.inspection_short_name, action.recommendation_position, action.sequence)],
    ["Owner", action.owner_name ?? "Not assigned"],
    ["Status", <StatusTag key="s" status={action.status} />],
    [
      "RAG",
      <>
        <RagTag rag={action.rag} /> {RAG_REASON_LABELS[reason]}
        {overdueDays > 0 ? ` by ${overdueDays} ${overdueDays === 1 ? "day" : "days"}` : ""}
      </>,
    ],
    [
      "Target date",
      <>
        {formatDate(action.target_date, "Not set")}
        {action.baseline_target_date && action.baseline_target_date !== action.target_date ? (
          <> (originally {formatDate(action.baseline_target_date)})</>
        ) : null}
      </>,
    ],
    [
      "Recommendation due",
      action.due_date
        ? `${formatDate(action.due_date)} (${describeDueDateRule(action.due_date_rule as DueDateRule, graceDays)})`
        : "No due date: the report gives no timescale",
    ],
  ];
  if (action.risk_flag) rows.push([RISK_FLAG_LABELS[action.risk_flag], action.risk_reason ?? ""]);
  if (action.recovery_date) rows.push(["Recovery date", `${formatDate(action.recovery_date)} (the owner's forecast)`]);
  if (action.description) rows.push(["Description", action.description]);
  if (action.partner_agency) rows.push(["Partner agency", action.partner_agency]);
  rows.push(["What good looks like", action.success_measure || "Not yet agreed"]);
  return (
    <>
      {action.withdrawn_at ? (
        <div className="govuk-inset-text">
          <strong>Withdrawn from the plan</strong> on {formatDateTime(action.withdrawn_at)}: {action.withdrawn_reason}.
          It no longer counts in any progress figures but keeps its history.
        </div>
      ) : null}
      <dl className="govuk-summary-list">
        {rows.map(([key, value]) => (
          <div className="govuk-summary-list__row" key={key}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
