import { formatDate, londonDateOf } from "../utils/dates";
import { isAfterLondonDay } from "./as-at";
import { PLAN_CLOSED, PLAN_REOPENED } from "./plan-closure";

// An inspection imported in error can be removed from the plan (and an administrator can put it
// back). Today's plan leaves a removed inspection out (app/models/plan-scope.server.ts); the plan
// "as at" an earlier date shows it as it was then, from the audit log's removals and restorations.

export const INSPECTION_REMOVED = "inspection.removed";
export const INSPECTION_RESTORED = "inspection.restored";
/** The events that take an inspection out of the plan and put it back: removals and plans closed. */
export const REMOVAL_EVENTS = [INSPECTION_REMOVED, INSPECTION_RESTORED, PLAN_CLOSED, PLAN_REOPENED] as const;

export const REMOVAL_REASON_MAX = 1000;

/** A removal or restoration of one inspection, as the audit log recorded it. */
export interface RemovalEvent {
  inspectionId: number;
  at: string;
  event: string;
}

/**
 * The inspections that were out of the plan at the end of London day `asAt`: for each, the last
 * removal or restoration recorded by then decides (none: it was in the plan). `events` are
 * oldest first, as recorded.
 */
export function inspectionsRemovedAsAt(events: readonly RemovalEvent[], asAt: string): Set<number> {
  const removed = new Set<number>();
  // A closed plan is out of the plan too (app/domain/plan-closure.ts), whether or not it was removed.
  const closed = new Set<number>();
  for (const e of events) {
    if (isAfterLondonDay(e.at, asAt)) continue;
    if (e.event === INSPECTION_REMOVED) removed.add(e.inspectionId);
    else if (e.event === INSPECTION_RESTORED) removed.delete(e.inspectionId);
    else if (e.event === PLAN_CLOSED) closed.add(e.inspectionId);
    else if (e.event === PLAN_REOPENED) closed.delete(e.inspectionId);
  }
  return new Set([...removed, ...closed]);
}

/** The content hash a removed inspection keeps, so its document can be imported again (the column is unique). */
export function removedContentHash(inspectionId: number, hash: string): string {
  return `removed:${inspectionId}:${hash}`;
}

/** The document's own hash, from the stored value of a removed or live inspection. */
export function originalContentHash(stored: string): string {
  const match = /^removed:\d+:(.*)$/.exec(stored);
  return match ? match[1] : stored;
}

/** "Removed from the plan on 6 December 2026 by Lena Lead: “Another council's visit”." */
export function describeRemoval(removal: { removedAt: string; removedBy: string | null; reason: string }): string {
  return `Removed from the plan on ${formatDate(londonDateOf(removal.removedAt))} by ${removal.removedBy ?? "a former user"}: “${removal.reason}”.`;
}
