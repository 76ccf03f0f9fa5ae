import { summariseInspectionWindows, type InspectionWindowSummary } from "../domain/deadlines";
import {
  inspectionEventLines,
  type InspectionEventsSummary,
  type InspectionEventView,
  summariseInspectionEvents,
} from "../domain/inspection-events";
import { INSPECTION_WINDOW_PHASE_LABELS } from "../domain/inspection-window";
import { buildJudgementTimeline, CURRENT_AREA_SHORT_LABELS, type CurrentArea } from "../domain/judgement-areas";
import { canSeeAuthority, type Actor } from "../domain/permissions";
import { READINESS_AREA_LABELS, type ReadinessArea } from "../domain/readiness-areas";
import { formatDate } from "../utils/dates";
import { listReadinessByArea, type AreaReadinessView } from "./readiness-areas.server";
import { listInspectionClocks, listJudgementHistory } from "./readiness.server";
import { listRecurringThemes } from "./themes.server";
import { getAuthority } from "./authority.server";
import { listInspectionEvents } from "./inspection-events.server";

/** A recurring theme as the report shows it under one area: only that area's recommendations. */
export interface ReportTheme {
  key: string;
  label: string;
  why: string;
  inspections: string[];
  recommendationIds: number[];
}

export interface ReportArea extends AreaReadinessView {
  label: string;
  themes: ReportTheme[];
}

export interface ReadinessReport {
  authority: { id: number; name: string };
  today: string;
  /** Per current area, each inspection's grades, oldest first. */
  judgementHistory: { area: CurrentArea; label: string; grades: string[] }[];
  /** The inspection window and statement-of-action deadlines, one sentence each. */
  windowLines: string[];
  /** Monitoring visits and annual engagement meetings: what the card says, and every one recorded, oldest first. */
  events: { summary: InspectionEventsSummary; lines: string[]; all: InspectionEventView[] };
  areas: ReportArea[];
}

const plural = (n: number, unit: string) => `${n} ${unit}${Math.abs(n) === 1 ? "" : "s"}`;

/** The window and deadlines in plain sentences, for the top of the report. */
export function windowLines(summary: InspectionWindowSummary | undefined): string[] {
  if (!summary?.lastIlacs) return ["No ILACS inspection has been imported, so there is no expected window yet."];
  const lines = [`Last ILACS inspection: ${summary.lastIlacs.title}, ${formatDate(summary.lastIlacs.date)}.`];
  const countdown = summary.countdown;
  if (summary.next) lines.push(`Next inspection expected: ${summary.next.expectation}. ${summary.next.rule}`);
  if (countdown) {
    const { window } = countdown;
    const when =
      countdown.counting === "opens"
        ? `opens in ${plural(countdown.days, "day")}`
        : countdown.counting === "closes"
          ? `closes in ${plural(countdown.days, "day")}`
          : `closed ${plural(countdown.days, "day")} ago`;
    lines.push(
      `Expected window: ${formatDate(window.opens)} to ${formatDate(window.closes)}, six months either side of the third anniversary (${formatDate(window.anniversary)}). ${INSPECTION_WINDOW_PHASE_LABELS[countdown.phase]}: the window ${when}.`,
    );
  }
  if (summary.next) lines.push(`Source: ${summary.next.source}.`);
  for (const d of summary.deadlines) {
    const received = d.receivedApproximated
      ? `the publication date, ${formatDate(d.receivedDate)} (the date the report was received is not recorded)`
      : `receipt of the report on ${formatDate(d.receivedDate)}`;
    const left =
      d.calendarDaysRemaining < 0
        ? `passed ${plural(-d.workingDaysRemaining, "working day")} ago`
        : d.calendarDaysRemaining === 0
          ? "due today"
          : `${plural(d.workingDaysRemaining, "working day")} left`;
    lines.push(
      `Statement of action for ${d.title}: due ${formatDate(d.deadline)}, ${d.workingDays} working days from ${received}; ${left}.`,
    );
  }
  return lines;
}

/**
 * Places each theme under every area holding one of its recommendations, with only that area's
 * recommendations; a theme spanning areas appears under each.
 */
export function themesByArea(
  areas: readonly AreaReadinessView[],
  themes: readonly {
    key: string;
    label: string;
    why: string;
    inspections: { label: string; date: string | null }[];
    recommendations: { id: number }[];
  }[],
): Map<ReadinessArea, ReportTheme[]> {
  const byArea = new Map<ReadinessArea, ReportTheme[]>(areas.map((a) => [a.area, []]));
  for (const area of areas) {
    const ids = new Set(area.recommendations.map((r) => r.id));
    for (const theme of themes) {
      const here = theme.recommendations.filter((r) => ids.has(r.id)).map((r) => r.id);
      if (here.length === 0) continue;
      byArea.get(area.area)!.push({
        key: theme.key,
        label: theme.label,
        why: theme.why,
        inspections: theme.inspections.map((i) => (i.date ? `${i.label} (${formatDate(i.date)})` : i.label)),
        recommendationIds: here,
      });
    }
  }
  return byArea;
}

/** The readiness report for one authority as at `today`; null when the actor may not see it. */
export async function buildReadinessReport(
  actor: Actor,
  authorityId: number,
  today: string,
): Promise<ReadinessReport | null> {
  if (!canSeeAuthority(actor, authorityId)) return null;
  const authority = await getAuthority(authorityId);
  if (!authority) return null;
  const [areas, history, clocks, recurring, events] = await Promise.all([
    listReadinessByArea(actor, authorityId, today),
    listJudgementHistory(actor, authorityId),
    listInspectionClocks(actor, { authorityIds: [authorityId] }),
    listRecurringThemes(actor, authorityId),
    listInspectionEvents(actor, authorityId),
  ]);
  if (!areas) return null;
  const timeline = buildJudgementTimeline(history);
  const themes = themesByArea(areas, recurring);
  const window = summariseInspectionWindows(clocks, today).find((s) => s.authorityId === authorityId);
  const eventSummary = summariseInspectionEvents(events, {
    today,
    lastIlacsDate: window?.lastIlacs?.date ?? null,
    grade: window?.lastIlacs?.grade ?? null,
  });
  return {
    authority,
    today,
    judgementHistory: timeline.areas.map((a) => ({
      area: a.area,
      label: CURRENT_AREA_SHORT_LABELS[a.area],
      grades: a.points.map((p) => `${formatDate(p.date, "Date unknown")} (${p.frameworkLabel}): ${p.grades}`),
    })),
    windowLines: windowLines(window),
    events: { summary: eventSummary, lines: inspectionEventLines(eventSummary), all: [...events].reverse() },
    areas: areas.map((a) => ({ ...a, label: READINESS_AREA_LABELS[a.area], themes: themes.get(a.area) ?? [] })),
  };
}
