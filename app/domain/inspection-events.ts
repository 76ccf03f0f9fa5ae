// Ofsted's dated contacts with an authority between inspections: monitoring visits and annual
// engagement meetings. What the framework says about them, and what the readiness pages print.

import { addMonths, differenceInCalendarDays } from "date-fns";

import { formatDate, parseIsoDate, toIsoDate } from "../utils/dates";
import type { IlacsGrade } from "./inspection-window";

export type InspectionEventKind = "monitoring_visit" | "annual_engagement";

export const INSPECTION_EVENT_KINDS: readonly InspectionEventKind[] = ["monitoring_visit", "annual_engagement"];

export const INSPECTION_EVENT_KIND_LABELS: Record<InspectionEventKind, string> = {
  monitoring_visit: "Monitoring visit",
  annual_engagement: "Annual engagement meeting",
};

/** What each kind is, as the form's radios and the pages explain it. */
export const INSPECTION_EVENT_KIND_HINTS: Record<InspectionEventKind, string> = {
  monitoring_visit: "After an Inadequate judgement, until re-inspection; Ofsted publishes a letter after each visit.",
  annual_engagement: "Every authority's yearly meeting with Ofsted to discuss its self-evaluation.",
};

export function isInspectionEventKind(value: unknown): value is InspectionEventKind {
  return typeof value === "string" && (INSPECTION_EVENT_KINDS as readonly string[]).includes(value);
}

export const EVENT_TITLE_MAX = 200;
export const EVENT_SUMMARY_MAX = 2000;
export const EVENT_REMOVAL_REASON_MAX = 1000;
/** A visit is at most a few days on site; a longer span is a typing mistake. */
export const EVENT_MAX_DAYS_ON_SITE = 14;

/**
 * Where the rules come from. The ILACS framework (the same text expectedNextInspection in
 * inspection-window.ts cites): an authority judged inadequate is subject to monitoring visits and
 * re-inspected when Ofsted judges it ready; every authority shares an annual self-evaluation,
 * discussed at an annual engagement meeting with Ofsted, which informs Ofsted's decisions about the
 * next inspection activity and its timing (Ofsted, "Learning from annual engagement meetings",
 * social care inspection blog, 12 November 2018).
 */
export const INSPECTION_EVENTS_SOURCE =
  "Ofsted, Inspecting local authority children's services (ILACS framework, 2018 onwards, as updated April 2025): monitoring of inadequate local authorities, and the annual engagement meeting at which the authority's self-evaluation is discussed";

/** The framework expects one annual engagement meeting a year. */
export const ANNUAL_ENGAGEMENT_MONTHS = 12;

export interface InspectionEventView {
  id: number;
  kind: InspectionEventKind;
  /** `YYYY-MM-DD`, the first (or only) day. */
  date: string;
  /** The last day of a visit over several days; null for one day. */
  endDate: string | null;
  title: string;
  summary: string;
  /** The letter's name, when one was uploaded. */
  letterName: string | null;
}

export interface InspectionEventsSummary {
  /** Monitoring visits since the last ILACS inspection (every one when there is none), oldest first. */
  monitoringVisits: InspectionEventView[];
  /** The day the last of them ended; null when there is none. */
  lastMonitoringVisit: string | null;
  /** Whether the card should speak of monitoring visits at all: after Inadequate, or when some are recorded. */
  showMonitoring: boolean;
  /** The latest annual engagement meeting on or before today. */
  lastAnnualEngagement: InspectionEventView | null;
  /** True when none is recorded in the twelve months up to today. */
  annualEngagementOverdue: boolean;
  /** The sentence the card and the report print about the annual engagement meeting. */
  annualEngagementText: string;
}

/** The day the event ended: its last day on site, or its only day. */
export const lastDayOf = (event: { date: string; endDate: string | null }) => event.endDate ?? event.date;

/**
 * What the readiness card and report say about an authority's visits and meetings as at `today`:
 * the monitoring visits since the last ILACS inspection (its date, `YYYY-MM-DD`, or null), the last
 * one, and the last annual engagement meeting with a plain warning when there has been none in the
 * last twelve months. Events after `today` are not counted as held.
 */
export function summariseInspectionEvents(
  events: readonly InspectionEventView[],
  options: { today: string; lastIlacsDate: string | null; grade: IlacsGrade | null },
): InspectionEventsSummary {
  const { today, lastIlacsDate } = options;
  const held = [...events].filter((e) => e.date <= today).sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
  const monitoringVisits = held.filter(
    (e) => e.kind === "monitoring_visit" && (lastIlacsDate === null || e.date > lastIlacsDate),
  );
  const meetings = held.filter((e) => e.kind === "annual_engagement");
  const lastAnnualEngagement = meetings.at(-1) ?? null;
  const yearAgo = toIsoDate(addMonths(parseIsoDate(today), -ANNUAL_ENGAGEMENT_MONTHS));
  const annualEngagementOverdue = lastAnnualEngagement === null || lastAnnualEngagement.date <= yearAgo;
  let annualEngagementText: string;
  if (lastAnnualEngagement === null) {
    annualEngagementText =
      "No annual engagement meeting is recorded. The ILACS framework expects one every year: record the last one with its note or letter.";
  } else if (annualEngagementOverdue) {
    annualEngagementText = `${formatDate(lastAnnualEngagement.date)}. None is recorded in the last 12 months, although the ILACS framework expects one every year.`;
  } else {
    annualEngagementText = `${formatDate(lastAnnualEngagement.date)}.`;
  }
  return {
    monitoringVisits,
    lastMonitoringVisit: monitoringVisits.length > 0 ? lastDayOf(monitoringVisits.at(-1)!) : null,
    showMonitoring: options.grade === "inadequate" || monitoringVisits.length > 0,
    lastAnnualEngagement,
    annualEngagementOverdue,
    annualEngagementText,
  };
}

/** "5 March 2024", or "5 March 2024 to 6 March 2024" for a visit over several days. */
export function eventDates(event: { date: string; endDate: string | null }): string {
  if (!event.endDate || event.endDate === event.date) return formatDate(event.date);
  return `${formatDate(event.date)} to ${formatDate(event.endDate)}`;
}

export type EventDatesProblem = { field: "date" | "endDate"; message: string } | null;

/** Whether a visit's dates can be right: none in the future, the last day not before the first, a few days at most. */
export function checkEventDates(input: { date: string; endDate: string | null; today: string }): EventDatesProblem {
  if (input.date > input.today) {
    return {
      field: "date",
      message: "The date must be today or in the past: record a visit or meeting once it has happened",
    };
  }
  if (input.endDate === null) return null;
  if (input.endDate < input.date)
    return { field: "endDate", message: "The last day must be the same as or after the first day" };
  if (input.endDate > input.today) return { field: "endDate", message: "The last day must be today or in the past" };
  if (differenceInCalendarDays(parseIsoDate(input.endDate), parseIsoDate(input.date)) >= EVENT_MAX_DAYS_ON_SITE) {
    return { field: "endDate", message: `A visit lasts at most ${EVENT_MAX_DAYS_ON_SITE} days: check the last day` };
  }
  return null;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** The sentences the readiness report (page and Word) prints about visits and meetings. */
export function inspectionEventLines(summary: InspectionEventsSummary): string[] {
  const lines: string[] = [];
  if (summary.showMonitoring) {
    const visits = summary.monitoringVisits;
    lines.push(
      visits.length === 0
        ? "Monitoring visits: none recorded since the last ILACS inspection."
        : `Monitoring visits since the last ILACS inspection: ${plural(visits.length, "visit")}; the last on ${formatDate(summary.lastMonitoringVisit)}.`,
    );
  }
  lines.push(`Last annual engagement meeting: ${summary.annualEngagementText}`);
  lines.push(`Source: ${INSPECTION_EVENTS_SOURCE}.`);
  return lines;
}

/**
 * Per authority, its events' summary, with the last ILACS inspection's date and judgement from its
 * window summary (app/domain/deadlines.ts). Authorities with no window summary have no ILACS inspection.
 */
export function summariseEventsByAuthority(
  events: readonly (InspectionEventView & { authorityId: number })[],
  windows: readonly { authorityId: number; lastIlacs: { date: string; grade: IlacsGrade | null } | null }[],
  authorityIds: readonly number[],
  today: string,
): { authorityId: number; summary: InspectionEventsSummary }[] {
  return authorityIds.map((authorityId) => {
    const last = windows.find((w) => w.authorityId === authorityId)?.lastIlacs ?? null;
    return {
      authorityId,
      summary: summariseInspectionEvents(
        events.filter((e) => e.authorityId === authorityId),
        { today, lastIlacsDate: last?.date ?? null, grade: last?.grade ?? null },
      ),
    };
  });
}
