import { Link } from "@remix-run/react";
import type { InspectionWindowSummary } from "../domain/deadlines";
import { INSPECTION_WINDOW_PHASE_LABELS } from "../domain/inspection-window";
import { formatDate } from "../utils/dates";

function days(n: number, unit = "day"): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

function countdownText(countdown: NonNullable<InspectionWindowSummary["countdown"]>): string {
  switch (countdown.counting) {
    case "opens":
      return `Opens in ${days(countdown.days)}`;
    case "closes":
      return countdown.days === 0 ? "Closes today" : `Closes in ${days(countdown.days)}`;
    case "closed":
      return `Closed ${days(countdown.days)} ago`;
  }
}

function remainingText(d: InspectionWindowSummary["deadlines"][number]): string {
  if (d.calendarDaysRemaining === 0) return "Due today";
  if (d.calendarDaysRemaining < 0) {
    return `Passed ${days(-d.workingDaysRemaining, "working day")} (${days(-d.calendarDaysRemaining, "calendar day")}) ago`;
  }
  return `${days(d.workingDaysRemaining, "working day")} (${days(d.calendarDaysRemaining, "calendar day")}) left`;
}

/** The next ILACS window and any live statement-of-action deadlines for one authority. */
export function InspectionWindowCard({
  authorityId,
  summary,
}: {
  authorityId: number;
  summary: InspectionWindowSummary | undefined;
}) {
  const headingId = `inspection-window-${authorityId}`;
  return (
    <section className="govuk-summary-card" aria-labelledby={headingId}>
      <div className="govuk-summary-card__title-wrapper">
        <h3 className="govuk-summary-card__title" id={headingId}>
          Inspection window and deadlines
        </h3>
        <ul className="govuk-summary-card__actions">
          <li className="govuk-summary-card__action">
            <Link className="govuk-link" to={`/readiness/judgements?authority=${authorityId}`}>
              Judgement history<span className="govuk-visually-hidden"> for this authority</span>
            </Link>
          </li>
        </ul>
      </div>
      <div className="govuk-summary-card__content">
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Last ILACS inspection</dt>
            <dd className="govuk-summary-list__value">
              {summary?.lastIlacs ? formatDate(summary.lastIlacs.date) : "No ILACS inspection imported"}
            </dd>
          </div>
          {summary?.next ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Next inspection expected</dt>
              <dd className="govuk-summary-list__value">
                {summary.next.expectation}
                {summary.countdown ? (
                  <>
                    : {formatDate(summary.countdown.window.opens)} to {formatDate(summary.countdown.window.closes)}
                  </>
                ) : null}
                <br />
                <span className="govuk-body-s">
                  {summary.next.rule}
                  {summary.countdown
                    ? ` Third anniversary: ${formatDate(summary.countdown.window.anniversary)}.`
                    : ""}{" "}
                  Source: {summary.next.source}.
                </span>
              </dd>
            </div>
          ) : null}
          {summary?.countdown ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Where we are</dt>
              <dd className="govuk-summary-list__value">
                {INSPECTION_WINDOW_PHASE_LABELS[summary.countdown.phase]}:{" "}
                <strong>{countdownText(summary.countdown)}</strong>
              </dd>
            </div>
          ) : null}
          {summary?.deadlines.map((d) => (
            <div className="govuk-summary-list__row" key={d.inspectionId}>
              <dt className="govuk-summary-list__key">
                {d.priorityAction ? "Priority action plan due" : "Statement of action due"}
              </dt>
              <dd className="govuk-summary-list__value">
                <strong>{formatDate(d.deadline)}</strong>: {remainingText(d)}
                <br />
                <span className="govuk-body-s">
                  <Link className="govuk-link" to={`/inspections/${d.inspectionId}`}>
                    {d.title}
                  </Link>
                  . {d.workingDays} working days from {d.receivedApproximated ? "publication on " : "receipt on "}
                  {formatDate(d.receivedDate)}
                  {d.receivedApproximated
                    ? " (the date the report was received is not recorded, so publication stands in for it)"
                    : ""}
                  , weekends and bank holidays excluded.
                </span>
                <br />
                <a className="govuk-link" href={`/inspections/${d.inspectionId}/statement-of-action.docx`} download>
                  Download the {d.priorityAction ? "priority action plan" : "statement of action"} (Word)
                  <span className="govuk-visually-hidden"> for {d.title}</span>
                </a>
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}
