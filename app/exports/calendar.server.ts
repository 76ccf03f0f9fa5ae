import { addDays } from "date-fns";
import { createEvents, type DateArray, type EventAttributes } from "ics";
import { linkTo } from "../domain/reminders";
import { actionReference } from "../domain/references";
import { STATUS_LABELS, type ActionStatus } from "../domain/rag";
import { parseIsoDate } from "../utils/dates";

export interface CalendarActionRow {
  id: number;
  sequence: number;
  recommendation_position: number;
  inspection_short_name: string;
  title: string;
  status: ActionStatus;
  target_date: string | null;
}

const dateArray = (date: Date): DateArray => [date.getFullYear(), date.getMonth() + 1, date.getDate()];

/**
 * An iCalendar feed with one all-day event per action on its target date. The UID is stable per
 * action, so a calendar app moves the event when the target date moves instead of adding another.
 */
export function buildCalendarFeed(actions: readonly CalendarActionRow[], baseUrl: string): string {
  const events: EventAttributes[] = actions
    .filter((a): a is CalendarActionRow & { target_date: string } => a.target_date !== null)
    .map((a) => {
      const day = parseIsoDate(a.target_date);
      const url = linkTo(baseUrl, `/actions/${a.id}`);
      return {
        uid: `action-${a.id}@followthrough`,
        start: dateArray(day),
        end: dateArray(addDays(day, 1)),
        title: `Due: ${actionReference(a.inspection_short_name, a.recommendation_position, a.sequence)} ${a.title}`,
        description: `Status: ${STATUS_LABELS[a.status]}\n${url}`,
        url,
        transp: "TRANSPARENT",
        busyStatus: "FREE",
      };
    });
  const { error, value } = createEvents(events, {
    productId: "-//Followthrough//Target dates//EN",
    calName: "Followthrough target dates",
  });
  if (error || value === null) throw error ?? new Error("Could not build the calendar feed");
  return value;
}
