import { differenceInCalendarDays } from "date-fns";

import { addDaysIso, assertIsoDate, parseIsoDate } from "../utils/dates";

/** "grey" is "Not scheduled": no target date yet, a gap in the plan rather than a risk. */
export type Rag = "blue" | "green" | "amber" | "red" | "grey";
export type ActionStatus = "not_started" | "in_progress" | "awaiting_sign_off" | "signed_off";
/** Set by the action owner; null when not flagged. */
export type RiskFlag = "at_risk" | "off_track" | null;

export const ACTION_STATUSES: readonly ActionStatus[] = [
  "not_started",
  "in_progress",
  "awaiting_sign_off",
  "signed_off",
];

export const DEFAULT_AMBER_WINDOW_DAYS = 14;

/** Worst first: overdue, at risk, not yet scheduled, on track, done. */
export const RAG_ORDER: readonly Rag[] = ["red", "amber", "grey", "green", "blue"];

export const RAG_LABELS: Record<Rag, string> = {
  blue: "Blue",
  green: "Green",
  amber: "Amber",
  red: "Red",
  grey: "Not scheduled",
};

export const STATUS_LABELS: Record<ActionStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  awaiting_sign_off: "Awaiting sign-off",
  signed_off: "Signed off",
};

export const RISK_FLAG_LABELS: Record<Exclude<RiskFlag, null>, string> = {
  at_risk: "At risk",
  off_track: "Off track",
};

/** The RAG key printed on board outputs, with the amber window the plan actually uses. */
export function ragDefinitions(amberWindowDays: number = DEFAULT_AMBER_WINDOW_DAYS): Record<Rag, string> {
  const window = `${amberWindowDays} ${amberWindowDays === 1 ? "day" : "days"}`;
  return {
    blue: "Blue: signed off.",
    red: "Red: overdue (past its target date and not signed off), or flagged off track by the owner.",
    amber: `Amber: at risk — due within ${window} and not yet done, or flagged at risk by the owner.`,
    green: "Green: on track, including an action awaiting sign-off before its target date.",
    grey: "Not scheduled: no target date yet (grey) — a gap in the plan, counted and listed, not a risk rating.",
  };
}

export const RAG_DEFINITIONS: Record<Rag, string> = ragDefinitions(DEFAULT_AMBER_WINDOW_DAYS);

export type RagReason =
  | "signed_off"
  | "overdue"
  | "flagged_off_track"
  | "awaiting_sign_off"
  | "no_target_date"
  | "flagged_at_risk"
  | "due_soon"
  | "on_track";

export const RAG_REASON_LABELS: Record<RagReason, string> = {
  signed_off: "Signed off",
  overdue: "Overdue",
  flagged_off_track: "Flagged off track",
  awaiting_sign_off: "Awaiting sign-off",
  no_target_date: "No target date yet",
  flagged_at_risk: "Flagged at risk",
  due_soon: "Due soon",
  on_track: "On track",
};

export interface RagInput {
  status: ActionStatus;
  /** `YYYY-MM-DD`, or null when no target date has been set. */
  targetDate: string | null;
  riskFlag: RiskFlag;
  /** `YYYY-MM-DD`: the day to judge "as at". */
  today: string;
  amberWindowDays: number;
}

/**
 * RAG with the first rule that decided it, in precedence order Blue > Red > Amber > Not scheduled
 * > Green. A board reads Amber as "at risk", so only risk is Amber: an action awaiting sign-off
 * and not past its target date is Green (the work is done), and an open one with no target date
 * is "Not scheduled" (grey), a gap in the plan. Edges: an action due today is not Red (it is overdue from
 * tomorrow); the amber window is inclusive, today..today+amberWindowDays; an awaiting-sign-off
 * action past its target date is Red; a signed-off action is Blue whatever its flag or dates; the
 * owner's flag counts even without a target date.
 */
export function computeRagWithReason(input: RagInput): { rag: Rag; reason: RagReason } {
  const { status, targetDate, riskFlag, today, amberWindowDays } = input;
  if (!Number.isInteger(amberWindowDays) || amberWindowDays < 0) {
    throw new Error(`amberWindowDays must be a whole number of days, 0 or more (got ${amberWindowDays})`);
  }
  assertIsoDate(today);
  if (targetDate !== null) assertIsoDate(targetDate); // reject malformed dates before comparing strings

  if (status === "signed_off") return { rag: "blue", reason: "signed_off" };

  if (targetDate !== null && targetDate < today) return { rag: "red", reason: "overdue" };
  if (riskFlag === "off_track") return { rag: "red", reason: "flagged_off_track" };

  if (riskFlag === "at_risk") return { rag: "amber", reason: "flagged_at_risk" };
  // Done and waiting for the lead: on track, whether or not a date was ever set.
  if (status === "awaiting_sign_off") return { rag: "green", reason: "awaiting_sign_off" };
  if (targetDate === null) return { rag: "grey", reason: "no_target_date" };
  if (targetDate <= addDaysIso(today, amberWindowDays)) return { rag: "amber", reason: "due_soon" };

  return { rag: "green", reason: "on_track" };
}

export function computeRag(input: RagInput): Rag {
  return computeRagWithReason(input).rag;
}

/** Past its target date (not on it) and not signed off. */
export function isOverdue(input: { status: ActionStatus; targetDate: string | null; today: string }): boolean {
  const { status, targetDate, today } = input;
  assertIsoDate(today);
  if (status === "signed_off" || targetDate === null) return false;
  assertIsoDate(targetDate);
  return targetDate < today;
}

/** Calendar days past the target date: 1 the day after it, 0 on or before it. */
export function daysOverdue(targetDate: string, today: string): number {
  return Math.max(0, daysUntilDue(targetDate, today) * -1);
}

/** Calendar days from today to the target date: 0 on the day, negative once past it. */
export function daysUntilDue(targetDate: string, today: string): number {
  return differenceInCalendarDays(parseIsoDate(targetDate), parseIsoDate(today));
}

/** Sort comparator putting the worst RAG first (red, amber, green, blue). */
export function compareRag(a: Rag, b: Rag): number {
  return RAG_ORDER.indexOf(a) - RAG_ORDER.indexOf(b);
}
