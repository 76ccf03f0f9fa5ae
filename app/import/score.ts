/**
 * Scores the reader against hand-checked extractions (`*.expected.json`, the shape of
 * ../shared/reports and the seed reports): items are matched by their text after
 * whitespace normalisation, in order; precision and recall count matched items, and the
 * fields of each matched item (timescale, section, heading, priority, agencies) are
 * compared where the expected file gives them.
 */
import type { ParsedRecommendation } from "./types";

export interface ExpectedRecommendation {
  section?: string | null;
  timescale?: string | null;
  heading?: string | null;
  priority?: boolean;
  text: string;
  agencies?: string[];
}

export type ScoredField = "section" | "timescale" | "heading" | "priority" | "agencies";

const FIELDS: ScoredField[] = ["section", "timescale", "heading", "priority", "agencies"];

export interface ReportScore {
  expected: number;
  found: number;
  matched: number;
  /** Expected items not found, and found items not expected (texts). */
  missing: string[];
  extra: string[];
  /** Per field: how many matched items the expected file gives it for, and how many agree. */
  fields: Record<ScoredField, { compared: number; agreed: number }>;
  /** Disagreements on matched items, for reading. */
  mismatches: { text: string; field: ScoredField; expected: unknown; found: unknown }[];
}

export const normaliseItemText = (text: string) => text.replace(/\s+/g, " ").trim();

function sameField(field: ScoredField, expected: unknown, found: unknown): boolean {
  if (field === "agencies") {
    const a = [...((expected as string[]) ?? [])].sort();
    const b = [...((found as string[]) ?? [])].sort();
    return a.length === b.length && a.every((agency, index) => agency === b[index]);
  }
  return expected === found;
}

export function scoreReport(expected: ExpectedRecommendation[], found: ParsedRecommendation[]): ReportScore {
  const fields = Object.fromEntries(
    FIELDS.map((field) => [field, { compared: 0, agreed: 0 }]),
  ) as ReportScore["fields"];
  const mismatches: ReportScore["mismatches"] = [];
  const unmatched = found.map((item) => normaliseItemText(item.text));
  const used = new Set<number>();
  const missing: string[] = [];
  let matched = 0;
  let from = 0;
  for (const item of expected) {
    const text = normaliseItemText(item.text);
    // In order first, then anywhere (an item read out of order still counts as read).
    let at = unmatched.findIndex((candidate, index) => index >= from && !used.has(index) && candidate === text);
    if (at === -1) at = unmatched.findIndex((candidate, index) => !used.has(index) && candidate === text);
    if (at === -1) {
      missing.push(text);
      continue;
    }
    used.add(at);
    from = at + 1;
    matched += 1;
    for (const field of FIELDS) {
      if (!(field in item)) continue;
      fields[field].compared += 1;
      const value = field === "agencies" ? found[at].agencies : found[at][field];
      if (sameField(field, item[field], value)) fields[field].agreed += 1;
      else mismatches.push({ text, field, expected: item[field], found: value });
    }
  }
  return {
    expected: expected.length,
    found: found.length,
    matched,
    missing,
    extra: unmatched.filter((_, index) => !used.has(index)),
    fields,
    mismatches,
  };
}

export interface ScoreSummary {
  precision: number;
  recall: number;
  f1: number;
  /** Share of matched items whose agencies agree. */
  agencies: number;
  /** Share of matched items where every other compared field agrees. */
  fieldsAgree: Record<ScoredField, number>;
}

export function summariseScores(scores: ReportScore[]): ScoreSummary {
  const sum = (pick: (score: ReportScore) => number) => scores.reduce((total, score) => total + pick(score), 0);
  const matched = sum((score) => score.matched);
  const found = sum((score) => score.found);
  const expected = sum((score) => score.expected);
  const precision = found === 0 ? (expected === 0 ? 1 : 0) : matched / found;
  const recall = expected === 0 ? 1 : matched / expected;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const share = (field: ScoredField) => {
    const compared = sum((score) => score.fields[field].compared);
    return compared === 0 ? 1 : sum((score) => score.fields[field].agreed) / compared;
  };
  const fieldsAgree = Object.fromEntries(FIELDS.map((field) => [field, share(field)])) as ScoreSummary["fieldsAgree"];
  return { precision, recall, f1, agencies: fieldsAgree.agencies, fieldsAgree };
}
