import { Link } from "@remix-run/react";
import { eventDates, INSPECTION_EVENT_KIND_LABELS, type InspectionEventView } from "../domain/inspection-events";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

/** Where a recorded event's letter is downloaded from. */
export const letterPath = (eventId: number) => `/readiness/events/${eventId}/letter`;

/** A visit's or meeting's letter as a download link, or "No letter uploaded". */
export function LetterLink({ event }: { event: Pick<InspectionEventView, "id" | "letterName" | "title"> }) {
  if (!event.letterName) return <>No letter uploaded</>;
  return (
    <a className="govuk-link" href={letterPath(event.id)} download>
      {event.letterName}
      <span className="govuk-visually-hidden"> (letter for {event.title})</span>
    </a>
  );
}

/** Monitoring visits and annual engagement meetings: date, kind, title with summary, letter. */
export function InspectionEventsTable({
  caption,
  events,
  linkTitles = true,
}: {
  caption: string;
  events: readonly InspectionEventView[];
  /** Titles link to each event's page (not in the printable report). */
  linkTitles?: boolean;
}) {
  return (
    <TableScroll caption={caption} captionClassName="govuk-table__caption govuk-table__caption--s">
      <TableHead columns={["Date", "What", "Title and summary", "Letter"]} />
      <tbody className="govuk-table__body">
        {events.map((e) => (
          <tr className="govuk-table__row" key={e.id}>
            <td className="govuk-table__cell">{eventDates(e)}</td>
            <td className="govuk-table__cell">{INSPECTION_EVENT_KIND_LABELS[e.kind]}</td>
            <td className="govuk-table__cell">
              {linkTitles ? (
                <Link className="govuk-link" to={`/readiness/events/${e.id}`}>
                  {e.title}
                </Link>
              ) : (
                e.title
              )}
              {e.summary ? (
                <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">{e.summary}</p>
              ) : null}
            </td>
            <td className="govuk-table__cell">
              <LetterLink event={e} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableScroll>
  );
}
