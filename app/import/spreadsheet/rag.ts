import type { ActionStatus, RiskFlag } from "../../domain/rag";

export type ImportedState = { status: ActionStatus; riskFlag: Exclude<RiskFlag, null> | null };

/** The risk reason recorded on an action imported with a red RAG. */
export const IMPORTED_RED_REASON = "Imported as Red from the spreadsheet plan";
export const IMPORTED_AT_RISK_REASON = "Imported as At risk from the spreadsheet plan";

const SIGNED_OFF: ImportedState = { status: "signed_off", riskFlag: null };
const IN_PROGRESS: ImportedState = { status: "in_progress", riskFlag: null };
const OFF_TRACK: ImportedState = { status: "in_progress", riskFlag: "off_track" };
const AT_RISK: ImportedState = { status: "in_progress", riskFlag: "at_risk" };
const NOT_STARTED: ImportedState = { status: "not_started", riskFlag: null };

// Checked in order against the start of the cell, so "Red/Amber" reads as red and
// "Complete - evidence to follow" as complete.
const PREFIXES: [string, ImportedState][] = [
  ["blue", SIGNED_OFF],
  ["completed", SIGNED_OFF],
  ["complete", SIGNED_OFF],
  ["done", SIGNED_OFF],
  ["achieved", SIGNED_OFF],
  ["closed", SIGNED_OFF],
  ["signed off", SIGNED_OFF],
  ["off track", OFF_TRACK],
  ["red", OFF_TRACK],
  ["at risk", AT_RISK],
  ["amber", IN_PROGRESS],
  ["green", IN_PROGRESS],
  ["on track", IN_PROGRESS],
  ["in progress", IN_PROGRESS],
  ["ongoing", IN_PROGRESS],
  ["not started", NOT_STARTED],
  ["not yet started", NOT_STARTED],
];

const LETTERS: Record<string, ImportedState> = { b: SIGNED_OFF, g: IN_PROGRESS, a: IN_PROGRESS, r: OFF_TRACK };

/**
 * The status (and risk flag) an imported action starts with, from the plan's RAG column:
 * Blue/Complete/Done -> signed off; Green/Amber/On track -> in progress; Red/Off track -> in
 * progress flagged off track; "At risk" -> in progress flagged at risk; blank -> not started.
 * Null when the value is not recognised.
 */
export function readRag(text: string): ImportedState | null {
  const value = text.toLowerCase().replace(/[-_]/g, " ").replace(/\s+/g, " ").trim();
  if (value === "") return NOT_STARTED;
  if (value in LETTERS) return LETTERS[value];
  for (const [prefix, state] of PREFIXES) {
    if (value === prefix || (value.startsWith(prefix) && !/[a-z]/.test(value.charAt(prefix.length)))) return state;
  }
  return null;
}
