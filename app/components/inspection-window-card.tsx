import { Link } from "@remix-run/react";
import type { InspectionWindowSummary } from "../domain/deadlines";
import { eventDates, INSPECTION_EVENTS_SOURCE, type InspectionEventsSummary } from "../domain/inspection-events";
import { INSPECTION_WINDOW_PHASE_LABELS } from "../domain/inspection-window";
import { formatDate } from "../utils/dates";
import { LetterLink } from "./inspection-events-table";

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

/**
 * The next ILACS window and any live statement-of-action deadlines for one authority, with its
 * monitoring visits since the last ILACS inspection and its last annual engagement meeting.
 */
export function InspectionWindowCard({
  authorityId,
  summary,
  events,
  headingLevel = 3,
}: {
  authorityId: number;
  summary: InspectionWindowSummary | undefined;
  events?: InspectionEventsSummary;
  /** 2 where the card sits straight under the page's heading; 3 under an authority's heading (the dashboard). */
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const headingId = `inspection-window-${authorityId}`;
  return (
    <section className="govuk-summary-card" aria-labelledby={headingId}>
      <div className="govuk-summary-card__title-wrapper">
        <Heading className="govuk-summary-card__title" id={headingId}>
          Inspection window and deadlines
        </Heading>
        <ul className="govuk-summary-card__actions">
          <li className="govuk-summary-card__action">
            <Link className="govuk-link" to={`/readiness/judgements?authority=${authorityId}`}>
              Judgement history<span className="govuk-visually-hidden"> for this authority</span>
            </Link>
          </li>
          <li className="govuk-summary-card__action">
            <Link className="govuk-link" to={`/readiness/events?authority=${authorityId}`}>
              Visits and meetings<span className="govuk-visually-hidden"> with Ofsted for this authority</span>
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
          {events?.showMonitoring ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Monitoring visits so far</dt>
              <dd className="govuk-summary-list__value">
                {events.monitoringVisits.length === 0 ? (
                  "None recorded since the last ILACS inspection"
                ) : (
                  <>
                    <ul className="govuk-list">
                      {events.monitoringVisits.map((v) => (
                        <li key={v.id}>
                          <strong>{eventDates(v)}</strong>:{" "}
                          <Link className="govuk-link" to={`/readiness/events/${v.id}`}>
                            {v.title}
                          </Link>
                          {v.summary ? <span className="govuk-body-s app-pre-line"> {v.summary}</span> : null}
                          <br />
                          <span className="govuk-body-s">
                            Letter: <LetterLink event={v} />
                          </span>
                        </li>
                      ))}
                    </ul>
                    Last monitoring visit: <strong>{formatDate(events.lastMonitoringVisit)}</strong>
                  </>
                )}
              </dd>
            </div>
          ) : null}
          {events ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Last annual engagement meeting</dt>
              <dd className="govuk-summary-list__value">
                {events.annualEngagementOverdue ? (
                  <strong>{events.annualEngagementText}</strong>
                ) : (
                  events.annualEngagementText
                )}
                {events.lastAnnualEngagement?.letterName ? (
                  <>
                    {" "}
                    <span className="govuk-body-s">
                      Note or letter: <LetterLink event={events.lastAnnualEngagement} />
                    </span>
                  </>
                ) : null}
                <br />
                <span className="govuk-body-s">Source: {INSPECTION_EVENTS_SOURCE}.</span>
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
