import { addMonths, endOfMonth } from "date-fns";

import { addDaysIso, assertIsoDate, londonDateOf, parseIsoDate, parseUkDate, toIsoDate } from "../utils/dates";
import { type ActionStatus, computeRag, isOverdue, type Rag, type RiskFlag } from "./rag";

// "As at" a date means as things stood at the END of that London day: everything recorded
// on or before it counts, nothing recorded after it does.
//
// An action is reconstructed BACKWARDS from its current row, undoing each change recorded after
// the date with the change's own "before" value. Going backwards is robust when early history is
// incomplete (rows written before auditing, imports that start in any status): whatever the row
// says now is true now, and each recorded change only tells us what it replaced.

/** The current row, as the reconstruction's starting point. */
export interface CurrentAction {
  createdAt: string;
  status: ActionStatus;
  targetDate: string | null;
  ownerId: number | null;
  riskFlag: RiskFlag;
  partnerAgency: string | null;
  withdrawnAt: string | null;
  /** The owner's recovery date (see ActionsTable.recovery_date); absent where not needed. */
  recoveryDate?: string | null;
}

/** An audit event about the action, with its parsed before/after JSON. */
export interface HistoryEvent {
  at: string;
  event: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A row of target_date_changes: the dedicated record of every target date move. */
export interface TargetDateChange {
  at: string;
  from: string | null;
  to: string | null;
}

export interface EvidenceSpan {
  createdAt: string;
  deletedAt: string | null;
}

export interface ActionHistory {
  /** Audit events for the action, oldest first (ties keep their recorded order). */
  events: readonly HistoryEvent[];
  targetDateChanges: readonly TargetDateChange[];
  evidence: readonly EvidenceSpan[];
}

export interface ActionAsAt {
  /** False before the action was created: it is then in no count at all. */
  existed: boolean;
  withdrawn: boolean;
  status: ActionStatus;
  targetDate: string | null;
  ownerId: number | null;
  riskFlag: RiskFlag;
  partnerAgency: string | null;
  /** The date the owner then expected the action done, when they had given one. */
  recoveryDate: string | null;
  /** Evidence added on or before the date and not withdrawn by then. */
  evidenceCount: number;
  rag: Rag;
  overdue: boolean;
  /** Not signed off and due from the date to the end of the amber window, inclusive. */
  dueSoon: boolean;
  /** Not signed off and without a target date. */
  noTargetDate: boolean;
}

/** Status moves that clear the owner's risk flag without recording it (see changeActionStatus). */
const FLAG_CLEARING_STATUSES: readonly ActionStatus[] = ["awaiting_sign_off", "signed_off"];

const HOUR = 3_600_000;
const cutoffs = new Map<string, number>();

/**
 * The first instant (epoch ms) after London day `asAt` ends: London midnight starting the next
 * day, which is 00:00 UTC in winter and 23:00 UTC the evening before in summer (clocks change at
 * 01:00 UTC, never at midnight). Comparing instants with it is much cheaper than converting every
 * event to a London day, which matters when a trend reconstructs a whole plan a dozen times.
 */
function endOfLondonDay(asAt: string): number {
  let cutoff = cutoffs.get(asAt);
  if (cutoff === undefined) {
    const next = addDaysIso(asAt, 1);
    const [y, m, d] = next.split("-").map(Number);
    const utcMidnight = Date.UTC(y, m - 1, d);
    cutoff = londonDateOf(new Date(utcMidnight - HOUR)) === next ? utcMidnight - HOUR : utcMidnight;
    if (cutoffs.size > 1000) cutoffs.clear();
    cutoffs.set(asAt, cutoff);
  }
  return cutoff;
}

/** True when the instant (an ISO timestamp) falls after London day `asAt` has ended. */
export function isAfterLondonDay(instant: string, asAt: string): boolean {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) throw new Error(`Invalid instant "${instant}"`);
  return time >= endOfLondonDay(asAt);
}

function has(record: Record<string, unknown> | null, key: string): record is Record<string, unknown> {
  return record !== null && Object.prototype.hasOwnProperty.call(record, key);
}

interface Timed<T> {
  items: T[];
  times: number[];
}
const ordered = new WeakMap<readonly object[], Timed<object>>();

/**
 * Oldest first, with each instant as epoch ms; equal instants keep the order they were given in
 * (the order they were recorded). Kept per list, as a trend reconstructs the same history often.
 */
function chronological<T extends { at: string }>(list: readonly T[]): Timed<T> {
  const cached = ordered.get(list);
  if (cached) return cached as Timed<T>;
  const sorted = list
    .map((item, index) => ({ item, index, time: Date.parse(item.at) }))
    .sort((a, b) => a.time - b.time || a.index - b.index);
  if (sorted.some((s) => Number.isNaN(s.time))) throw new Error("Invalid instant in an action's history");
  const result = { items: sorted.map((s) => s.item), times: sorted.map((s) => s.time) };
  ordered.set(list, result);
  return result;
}

/** The flag set by the last recorded flag change before `index`, or null when none was recorded. */
function flagBefore(events: readonly HistoryEvent[], index: number): RiskFlag {
  for (let i = index - 1; i >= 0; i--) {
    const after = events[i].after;
    if (has(after, "riskFlag")) return (after.riskFlag as RiskFlag) ?? null;
  }
  return null;
}

/**
 * The action as it stood at the end of London day `asAt` (`YYYY-MM-DD`), with its RAG judged
 * on that day. Rules, applied newest change first to every change recorded after the date:
 * - status, owner, risk flag, partner agency and recovery date go back to the change's `before` value
 *   (status moves, progress added to a not-started action, owner and flag changes, detail edits);
 * - a status move to awaiting sign-off or signed off also cleared the flag, unrecorded: the flag
 *   goes back to what the last earlier flag change (or the spreadsheet import) set;
 * - the target date goes back to the `from` of each target_date_changes row (the audit copy of
 *   the same change is not applied twice);
 * - withdrawn / reinstated are undone; evidence counts by its own added and withdrawn instants.
 */
export function reconstructAsAt(
  current: CurrentAction,
  history: ActionHistory,
  asAt: string,
  amberWindowDays: number,
): ActionAsAt {
  assertIsoDate(asAt);
  const state = {
    status: current.status,
    targetDate: current.targetDate,
    ownerId: current.ownerId,
    riskFlag: current.riskFlag,
    partnerAgency: current.partnerAgency,
    recoveryDate: current.recoveryDate ?? null,
    withdrawn: current.withdrawnAt !== null,
  };

  const cutoff = endOfLondonDay(asAt);
  const { items: events, times } = chronological(history.events);
  for (let i = events.length - 1; i >= 0 && times[i] >= cutoff; i--) {
    const { event, before, after } = events[i];
    if (event === "action.withdrawn") state.withdrawn = false;
    else if (event === "action.reinstated") state.withdrawn = true;
    if (has(before, "status")) {
      state.status = before.status as ActionStatus;
      if (has(after, "status") && FLAG_CLEARING_STATUSES.includes(after.status as ActionStatus)) {
        state.riskFlag = flagBefore(events, i);
      }
    }
    if (has(before, "ownerId")) state.ownerId = (before.ownerId as number | null) ?? null;
    if (has(before, "riskFlag")) state.riskFlag = (before.riskFlag as RiskFlag) ?? null;
    if (has(before, "partner_agency")) state.partnerAgency = (before.partner_agency as string | null) ?? null;
    if (has(before, "recoveryDate")) state.recoveryDate = (before.recoveryDate as string | null) ?? null;
  }

  const changes = chronological(history.targetDateChanges);
  for (let i = changes.items.length - 1; i >= 0 && changes.times[i] >= cutoff; i--) {
    state.targetDate = changes.items[i].from;
  }

  const evidenceCount = history.evidence.filter(
    (e) => !isAfterLondonDay(e.createdAt, asAt) && (e.deletedAt === null || isAfterLondonDay(e.deletedAt, asAt)),
  ).length;

  const { status, targetDate, riskFlag } = state;
  const open = status !== "signed_off";
  const amberUntil = addDaysIso(asAt, amberWindowDays);
  return {
    existed: !isAfterLondonDay(current.createdAt, asAt),
    ...state,
    evidenceCount,
    rag: computeRag({ status, targetDate, riskFlag, today: asAt, amberWindowDays }),
    overdue: isOverdue({ status, targetDate, today: asAt }),
    dueSoon: open && targetDate !== null && targetDate >= asAt && targetDate <= amberUntil,
    noTargetDate: open && targetDate === null,
  };
}

/**
 * The dates a RAG trend is drawn at: the ends of the months before `asAt`'s month, up to
 * `months - 1` of them, then `asAt` itself; none before the London day `since` (when the plan began).
 */
export function trendDates(asAt: string, since: string | null, months = 12): string[] {
  const day = parseIsoDate(asAt);
  const dates: string[] = [];
  for (let back = months - 1; back >= 1; back--) {
    const monthEnd = toIsoDate(endOfMonth(addMonths(day, -back)));
    if (since === null || monthEnd >= since) dates.push(monthEnd);
  }
  dates.push(asAt);
  return dates;
}

export const AS_AT_ERRORS = {
  invalid: "Enter a real date, for example 1/7/2024 or 1 July 2024",
  future: "The date must be today or in the past",
} as const;

/** The "as at" date a person typed: blank means today; a future or unreal date is an error. */
export function parseAsAtDate(input: string | undefined, today: string): { asAt: string } | { error: string } {
  if (input === undefined || input.trim() === "") return { asAt: today };
  const date = parseUkDate(input);
  if (date === null) return { error: AS_AT_ERRORS.invalid };
  if (date > today) return { error: AS_AT_ERRORS.future };
  return { asAt: date };
}
