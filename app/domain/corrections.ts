import { formatDate, isValidIsoDate } from "../utils/dates";
import {
  BASIS_KIND_LABELS,
  type BasisKind,
  computeDueDate,
  type DueDateRule,
  TIMESCALE_LABELS,
  type Timescale,
} from "./due-dates";
import { REPORT_KIND_LABELS } from "./import-plan";
import type { ActionStatus } from "./rag";
import { sectionLabel } from "./references";

// Correcting an inspection or a recommendation after import: which due dates follow from the
// corrected dates and timescales, and which actions' target dates that would move. Pure rules;
// the models load the rows and write the changes.

/** The dates of an inspection that a due-date basis can be. */
export interface InspectionDates {
  published: string | null;
  received: string | null;
  inspectionEnd: string | null;
}

/** The date due dates count from for a basis kind, or null while that date is not recorded. */
export function basisDateOf(kind: BasisKind, dates: InspectionDates): string | null {
  if (kind === "publication") return dates.published;
  if (kind === "received") return dates.received;
  return dates.inspectionEnd;
}

/**
 * An inspection's dates as far as they are known. At import a lead could type the basis date
 * without it being stored as the date of its kind (a publication date the PDF does not print, or
 * the date received): that date fills in the one of its kind when nothing else is recorded.
 */
export function knownInspectionDates(row: {
  published: string | null;
  received: string | null;
  inspection_end: string | null;
  basis_kind: BasisKind;
  basis_date: string | null;
}): InspectionDates {
  const typed = (kind: BasisKind) => (row.basis_kind === kind ? row.basis_date : null);
  return {
    published: row.published ?? typed("publication"),
    received: row.received ?? typed("received"),
    inspectionEnd: row.inspection_end ?? typed("inspection_end"),
  };
}

/**
 * A recommendation's due date once its timescale or the inspection's basis date is corrected: a
 * date the lead set by hand stays; otherwise the rule of app/domain/due-dates.ts decides again.
 */
export function recomputeDueDate(input: {
  timescale: Timescale;
  current: { dueDate: string | null; rule: DueDateRule };
  basisDate: string | null;
  immediateGraceDays: number;
}): { dueDate: string | null; rule: DueDateRule } {
  if (input.current.rule === "set_by_lead") return input.current;
  return computeDueDate({
    timescale: input.timescale,
    basisDate: input.basisDate,
    immediateGraceDays: input.immediateGraceDays,
  });
}

/** The part of an action the "which target dates move" question needs. */
export interface ActionForMove {
  id: number;
  /** "3.2": the recommendation's number and the action's within it. */
  number: string;
  title: string;
  status: ActionStatus;
  targetDate: string | null;
  withdrawn: boolean;
}

/** One action whose target date would follow its recommendation's new due date. */
export interface ProposedMove {
  actionId: number;
  number: string;
  title: string;
  from: string | null;
  to: string;
  /**
   * True when the target date is not the recommendation's due date: it was moved, or set to
   * another date, by hand. Such a move is offered but not ticked.
   */
  handSet: boolean;
}

/**
 * The actions of one recommendation whose target date would move when its due date goes from
 * `oldDue` to `newDue`. Withdrawn and signed-off actions are left as they are, and no target date
 * is ever moved to "none". An action whose target date is the old due date follows the report;
 * any other is offered as set by hand, for the lead to decide.
 */
export function proposeTargetDateMoves(
  actions: readonly ActionForMove[],
  oldDue: string | null,
  newDue: string | null,
): ProposedMove[] {
  if (newDue === null || newDue === oldDue) return [];
  return actions
    .filter((a) => !a.withdrawn && a.status !== "signed_off" && a.targetDate !== newDue)
    .map((a) => ({
      actionId: a.id,
      number: a.number,
      title: a.title,
      from: a.targetDate,
      to: newDue,
      handSet: a.targetDate !== oldDue,
    }));
}

/** One corrected field, before and after, for the audit log and the confirmation page. */
export interface FieldChange<K extends string = string> {
  field: K;
  from: string | null;
  to: string | null;
}

/** The fields whose value differs, in the order of `after`'s keys. */
export function changedFields<K extends string>(
  before: Record<K, string | null>,
  after: Record<K, string | null>,
): FieldChange<K>[] {
  return (Object.keys(after) as K[])
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, from: before[field], to: after[field] }));
}

/** Before and after snapshots of the changed fields, as the audit log stores them. */
export function auditSnapshots(changes: readonly FieldChange[]): {
  before: Record<string, string | null>;
  after: Record<string, string | null>;
} {
  return {
    before: Object.fromEntries(changes.map((c) => [c.field, c.from])),
    after: Object.fromEntries(changes.map((c) => [c.field, c.to])),
  };
}

// ---- fields, as the forms, the confirmation page and the audit log name them ---------------------

export const INSPECTION_FIELDS = [
  "title",
  "kind",
  "inspection_start",
  "inspection_end",
  "published",
  "received",
  "basis_kind",
] as const;
export type InspectionField = (typeof INSPECTION_FIELDS)[number];

export const RECOMMENDATION_FIELDS = [
  "text",
  "section",
  "timescale",
  "agencies",
  "paragraph_number",
  "due_date",
] as const;
export type RecommendationField = (typeof RECOMMENDATION_FIELDS)[number];

export const CORRECTION_FIELD_LABELS: Record<InspectionField | RecommendationField, string> = {
  title: "Title",
  kind: "Kind of report",
  inspection_start: "First day of the inspection",
  inspection_end: "Last day of the inspection",
  published: "Publication date",
  received: "Date report received",
  basis_kind: "Due dates counted from",
  text: "Text",
  section: "Section",
  timescale: "Timescale",
  agencies: "Partner agencies",
  paragraph_number: "Report paragraph",
  due_date: "Due date",
};

const DATE_FIELDS = new Set(["inspection_start", "inspection_end", "published", "received", "due_date"]);

/**
 * One field's value in words, for the confirmation page and the audit log: dates written out,
 * codes by their labels, lists joined.
 */
export function describeFieldValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") {
    if (field === "section") return sectionLabel(null);
    if (field === "timescale") return "no timescale given";
    return "not recorded";
  }
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(String).join(", ");
  const text = String(value);
  if (DATE_FIELDS.has(field)) return isValidIsoDate(text) ? formatDate(text) : text;
  if (field === "kind") return REPORT_KIND_LABELS[text as keyof typeof REPORT_KIND_LABELS] ?? text;
  if (field === "basis_kind") return BASIS_KIND_LABELS[text as BasisKind] ?? text;
  if (field === "section") return sectionLabel(text);
  if (field === "timescale") return TIMESCALE_LABELS[text as Exclude<Timescale, null>] ?? text;
  return text;
}

/** "Publication date: 1 July 2024 → 20 July 2024", one line per corrected field of an audit event. */
export function describeCorrection(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after)
    .filter((field) => field in CORRECTION_FIELD_LABELS)
    .map(
      (field) =>
        `${CORRECTION_FIELD_LABELS[field as InspectionField | RecommendationField]}: ${describeFieldValue(field, before[field])} → ${describeFieldValue(field, after[field])}`,
    );
}
