import type { ActionStatus, RiskFlag } from "../../domain/rag";
import { formatDate } from "../../utils/dates";
import { readPlanDate } from "./dates";
import { matchRecommendation, type MatchableRecommendation, type MatchMethod } from "./match";
import { type OwnerCandidate, type OwnerPlan, readOwner } from "./owners";
import { readRag } from "./rag";
import { cellText, type ColumnMapping, type PlanField, type SheetCell } from "./types";

/** Longest action title; the rest of a long action goes in its description. */
export const MAX_TITLE_LENGTH = 120;

export interface PlanContext {
  recommendations: readonly (MatchableRecommendation & { actionTitles: readonly string[] })[];
  owners: readonly OwnerCandidate[];
  date1904: boolean;
  /** Cells the lead corrected on the preview, by `correctionKey(rowNumber, field)`: used instead of the sheet's. */
  corrections?: ReadonlyMap<string, string>;
}

/** The key of a corrected cell: its row (1-based, as Excel numbers rows) and field. */
export function correctionKey(rowNumber: number, field: PlanField): string {
  return `${rowNumber}:${field}`;
}

export interface PlannedRecommendation {
  id: number;
  reference: string;
  method: MatchMethod;
  similarity: number | null;
  /** True when the row's own cell was blank and the recommendation came from the rows above. */
  carried: boolean;
}

export interface PlannedRow {
  /** 1-based, as Excel numbers rows. */
  rowNumber: number;
  /** A heading row names a recommendation for the rows below it and is not itself an action. */
  kind: "action" | "heading";
  recommendationText: string;
  recommendation: PlannedRecommendation | null;
  actionText: string;
  title: string;
  description: string;
  ownerText: string;
  owner: OwnerPlan;
  targetDateText: string;
  targetDate: string | null;
  ragText: string;
  status: ActionStatus;
  riskFlag: RiskFlag;
  progress: string | null;
  evidence: string | null;
  errors: string[];
  warnings: string[];
  /** The cells whose content caused an error, each correctable on the preview. */
  badCells: PlanField[];
  /** Cells the lead corrected on the preview: what the sheet said and what is used instead. */
  corrections: { field: PlanField; from: string; to: string }[];
}

/** Splits an action's text into a title (its first sentence or line) and a description (the rest, when long). */
export function titleAndDescription(text: string): { title: string; description: string } {
  const clean = text
    .split("\n")
    .map((line) =>
      line
        .replace(/^\s*(?:[•\u2022\u25aa\u25fc\uf0b7\uf0a7*–-]\s*)+/, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter((line) => line !== "")
    .join("\n");
  if (clean.length <= MAX_TITLE_LENGTH && !clean.includes("\n")) return { title: clean, description: "" };
  const firstLine = clean.split("\n")[0];
  const sentence = firstLine.split(/(?<=[.!?])\s+(?=[A-Z0-9“"(])/)[0];
  if (sentence.length <= MAX_TITLE_LENGTH) {
    return { title: sentence.replace(/[.;:,]$/, ""), description: clean.slice(sentence.length).trim() };
  }
  const cut = sentence.lastIndexOf(" ", MAX_TITLE_LENGTH - 1);
  return { title: `${sentence.slice(0, cut > 40 ? cut : MAX_TITLE_LENGTH - 1)}…`, description: clean };
}

function titleKey(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

type Current = { match: PlannedRecommendation | null; text: string } | null;

/**
 * What each data row of a sheet will create, with its row-level errors (a row with errors is not
 * imported) and warnings (imported, but worth a look). Blank rows are skipped. A row whose
 * recommendation cells are blank belongs to the recommendation above it (merged cells, or a
 * recommendation written once above its actions).
 */
export function planRows(
  rows: readonly SheetCell[][],
  headerRow: number,
  mapping: ColumnMapping,
  context: PlanContext,
): PlannedRow[] {
  const planned: PlannedRow[] = [];
  const seen = new Set<string>();
  let current: Current = null;
  rows.forEach((row, index) => {
    if (index <= headerRow) return;
    const rowNumber = index + 1;
    const corrections: PlannedRow["corrections"] = [];
    const corrected = (field: PlanField) => {
      const column = mapping[field];
      const value = column === null ? undefined : context.corrections?.get(correctionKey(rowNumber, field));
      return value;
    };
    const raw = (field: PlanField) => {
      const column = mapping[field];
      if (column === null) return "";
      const value = corrected(field);
      if (value === undefined) return cellText(row[column]);
      corrections.push({ field, from: shownText(row[column]), to: value });
      return cellText(value);
    };
    const rawCell = (field: PlanField): SheetCell =>
      mapping[field] === null ? null : (corrected(field) ?? row[mapping[field]] ?? null);
    const values = {
      reference: raw("reference"),
      recommendation: raw("recommendation"),
      action: raw("action").trim(),
      owner: raw("owner"),
      targetDate: raw("targetDate"),
      progress: raw("progress").trim(),
      rag: raw("rag"),
      evidence: raw("evidence").trim(),
    };
    const recText = [values.reference, values.recommendation].filter(Boolean).join(" – ");
    const otherFilled =
      values.action || values.owner || values.targetDate || values.progress || values.rag || values.evidence;
    if (!recText && !otherFilled) return;

    const errors: string[] = [];
    const warnings: string[] = [];
    const badCells = new Set<PlanField>();
    const recommendationField: PlanField = mapping.reference !== null ? "reference" : "recommendation";
    let recommendation: PlannedRecommendation | null;
    if (recText) {
      recommendation = matchCells(values.reference, values.recommendation, context, errors);
      if (!recommendation) badCells.add(recommendationField);
      current = { match: recommendation, text: recText };
    } else if (current) {
      recommendation = current.match ? { ...current.match, carried: true } : null;
      if (!recommendation) {
        errors.push("No recommendation: the recommendation above this row did not match one");
        badCells.add(recommendationField);
      }
    } else {
      recommendation = null;
      errors.push("No recommendation: enter an Ofsted paragraph, recommendation number or the recommendation’s words");
      badCells.add(recommendationField);
    }

    const base = { rowNumber, recommendationText: recText, recommendation, actionText: values.action };
    if (!otherFilled) {
      planned.push({
        ...base,
        ...EMPTY_ACTION,
        kind: "heading",
        errors: [],
        warnings: recommendation ? [] : ["Heading row: no recommendation matched"],
        badCells: [],
        corrections,
      });
      return;
    }

    if (!values.action) {
      errors.push("The action is empty");
      badCells.add("action");
    }
    const { title, description } = titleAndDescription(values.action);

    const ownerReading = readOwner(values.owner, context.owners);
    warnings.push(...ownerReading.warnings);
    const fullDescription = [
      description,
      ownerReading.others.length ? `Also responsible: ${ownerReading.others.join(", ")}` : "",
    ]
      .filter(Boolean)
      .join("\n\n");

    const date = readPlanDate(rawCell("targetDate") ?? undefined, context.date1904);
    if (date.kind === "invalid") {
      errors.push(`The target date “${date.text}” is not a date: use a date like 01/07/2024 or 1 July 2024`);
      badCells.add("targetDate");
    }
    if (date.kind === "none" && date.note) warnings.push(`No target date (“${date.note}”)`);
    if (date.kind === "date" && date.note) {
      warnings.push(`Target date “${values.targetDate}” read as ${formatDate(date.date)}, ${date.note}`);
    }

    const state = readRag(values.rag);
    if (!state) {
      errors.push(`The RAG status “${values.rag}” is not recognised: use Blue, Green, Amber or Red`);
      badCells.add("rag");
    }

    if (recommendation && title) {
      const key = `${recommendation.id}|${titleKey(title)}`;
      const rec = context.recommendations.find((r) => r.id === recommendation.id);
      if (rec?.actionTitles.some((t) => titleKey(t) === titleKey(title))) {
        errors.push(`This action is already in the plan under ${recommendation.reference}`);
        badCells.add("action");
      } else if (seen.has(key)) {
        warnings.push(`The same action appears more than once under ${recommendation.reference}`);
      }
      seen.add(key);
    }

    planned.push({
      ...base,
      kind: "action",
      title,
      description: fullDescription,
      ownerText: values.owner,
      owner: ownerReading.owner,
      targetDateText: values.targetDate,
      targetDate: date.kind === "date" ? date.date : null,
      ragText: values.rag,
      status: state?.status ?? "not_started",
      riskFlag: state?.riskFlag ?? null,
      progress: values.progress || null,
      evidence: values.evidence || null,
      errors,
      warnings,
      badCells: errors.length > 0 ? [...badCells] : [],
      corrections,
    });
  });
  return planned;
}

/** A cell as the lead typed it; Excel date cells as GOV.UK dates. */
export function shownText(cell: SheetCell | undefined): string {
  return cell !== null && cell !== undefined && typeof cell === "object" ? formatDate(cell.d) : cellText(cell);
}

const EMPTY_ACTION = {
  title: "",
  description: "",
  ownerText: "",
  owner: { kind: "none" } as OwnerPlan,
  targetDateText: "",
  targetDate: null,
  ragText: "",
  status: "not_started" as ActionStatus,
  riskFlag: null,
  progress: null,
  evidence: null,
};

function matchCells(
  reference: string,
  text: string,
  context: PlanContext,
  errors: string[],
): PlannedRecommendation | null {
  const recs = context.recommendations;
  const byReference = reference ? matchRecommendation(reference, recs) : null;
  const result = byReference?.ok ? byReference : text ? matchRecommendation(text, recs) : byReference;
  if (result?.ok) {
    return {
      id: result.recommendationId,
      reference: result.reference,
      method: result.method,
      similarity: result.similarity,
      carried: false,
    };
  }
  const tried = [reference, text].filter(Boolean).join(" / ");
  const shown = tried.length > 80 ? `${tried.slice(0, 77)}…` : tried;
  if (result && result.reason === "ambiguous") {
    errors.push(
      `“${shown}” could be any of ${result.candidates.join(", ")}: write the recommendation’s reference instead`,
    );
  } else {
    errors.push(`No recommendation of this inspection matches “${shown}”`);
  }
  return null;
}

export interface PlanSummary {
  actions: number;
  withErrors: number;
  withWarnings: number;
  headings: number;
  /** People who will be created as pending users, in first-seen order. */
  newOwners: { key: string; name: string; email: string | null }[];
  matchedOwners: string[];
}

export function summarisePlan(rows: readonly PlannedRow[], leftOut: ReadonlySet<number> = new Set()): PlanSummary {
  const importing = rows.filter((r) => r.kind === "action" && r.errors.length === 0 && !leftOut.has(r.rowNumber));
  const newOwners = new Map<string, { key: string; name: string; email: string | null }>();
  const matched = new Set<string>();
  for (const row of importing) {
    if (row.owner.kind === "new" && !newOwners.has(row.owner.key)) {
      newOwners.set(row.owner.key, { key: row.owner.key, name: row.owner.name, email: row.owner.email });
    }
    if (row.owner.kind === "existing") matched.add(row.owner.name);
  }
  return {
    actions: importing.length,
    withErrors: rows.filter((r) => r.kind === "action" && r.errors.length > 0).length,
    withWarnings: importing.filter((r) => r.warnings.length > 0).length,
    headings: rows.filter((r) => r.kind === "heading").length,
    newOwners: [...newOwners.values()],
    matchedOwners: [...matched].sort(),
  };
}
