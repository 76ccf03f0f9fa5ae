import type { ParsedReport } from "../import/types";
import { sameAuthority } from "./authority-names";
import { type BasisKind, computeDueDate, type DueDateRule } from "./due-dates";
import { assignReferences, STARTER_ACTION_TITLE } from "./references";

export interface ImportBasis {
  kind: BasisKind;
  /** Chosen by the lead; when null the date is taken from the report for that kind. */
  date: string | null;
}

/** The basis date actually used: the lead's date, else the report's date for that kind. */
export function resolveBasisDate(report: Pick<ParsedReport, "published" | "inspectionEnd">, basis: ImportBasis) {
  if (basis.date) return basis.date;
  if (basis.kind === "publication") return report.published;
  if (basis.kind === "inspection_end") return report.inspectionEnd;
  return null;
}

export interface PlannedRecommendation {
  reference: string;
  dueDate: string | null;
  dueDateRule: DueDateRule;
  actionTitle: string;
}

/** What confirming an import will create for each recommendation: reference, due date and first action. */
export function planRecommendations(
  report: ParsedReport,
  basis: ImportBasis,
  immediateGraceDays: number,
): PlannedRecommendation[] {
  const basisDate = resolveBasisDate(report, basis);
  const references = assignReferences(report.recommendations);
  return report.recommendations.map((rec, i) => {
    const due = computeDueDate({ timescale: rec.timescale, basisDate, immediateGraceDays });
    return {
      reference: references[i],
      dueDate: due.dueDate,
      dueDateRule: due.rule,
      actionTitle: STARTER_ACTION_TITLE,
    };
  });
}

/**
 * Whether the text is an Ofsted report at all. A report may rightly have no recommendations (an
 * outstanding short inspection, a focused visit with nothing to improve) and is still imported
 * for its dates and judgements; text with no recommendations, no judgements and no kind of report
 * recognised is something else.
 */
export function isRecognisedReport(report: Pick<ParsedReport, "kind" | "judgements" | "recommendations">): boolean {
  return report.recommendations.length > 0 || report.judgements.length > 0 || report.kind !== "other";
}

/**
 * When the report names another authority than the plan it would join, the two names: the lead
 * must confirm both before the report is added. Null when they agree or the report names none.
 */
export function otherAuthority(reportAuthority: string | null, planAuthority: string | null) {
  if (!reportAuthority || !planAuthority || sameAuthority(reportAuthority, planAuthority)) return null;
  return { reportAuthority, planAuthority };
}

/** A one-line title for an inspection from what the parser found. */
export function inspectionTitle(report: ParsedReport): string {
  if (report.title) return report.title;
  const kind = REPORT_KIND_LABELS[report.kind] ?? "Inspection";
  return report.localAuthority ? `${kind}: ${report.localAuthority}` : kind;
}

export const REPORT_KIND_LABELS: Record<ParsedReport["kind"], string> = {
  slac: "Safeguarding and looked after children inspection",
  lac_2013: "Looked after children inspection",
  sif: "Single inspection",
  ilacs: "Inspection of local authority children's services",
  ilacs_short: "Inspection of local authority children's services (short)",
  focused_visit: "Focused visit",
  monitoring_visit: "Monitoring visit",
  jtai: "Joint targeted area inspection",
  other: "Other report",
};
