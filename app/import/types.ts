/** What kind of Ofsted document a report is; decides where its recommendations sit. */
export type ReportKind =
  "slac" | "lac_2013" | "sif" | "ilacs" | "ilacs_short" | "focused_visit" | "monitoring_visit" | "jtai" | "other";

/** The part of the report a recommendation or judgement belongs to. */
export type Section = "safeguarding" | "looked_after_children" | "lscb" | null;

export type Timescale = "immediately" | "three_months" | "six_months" | null;

export interface ParsedRecommendation {
  section: Section;
  timescale: Timescale;
  /** Literal sub-heading the item sits under, e.g. "Within three months:" or "What needs to improve?". */
  heading: string | null;
  /** Under "Priority and immediate action" / "Areas for priority action". */
  priority: boolean;
  text: string;
  agencies: string[];
  /** The report's paragraph number, if the item carries one. */
  paragraphNumber: string | null;
  /**
   * National Framework cross-references the item carries, as written inside its brackets
   * ("outcome 1, national framework"); they stay in `text` as well.
   */
  frameworkReferences: string[];
  /** 0-based index of the item's first line in the normalised text lines. */
  sourceLine: number;
  /** Set by the import preview (never by the reader) when the lead chose the section. */
  sectionSetByLead?: boolean;
}

export interface ParsedJudgement {
  section: Section;
  area: string;
  grade: string;
}

export interface ParseWarning {
  message: string;
  recommendationIndex: number | null;
  line: number | null;
}

export interface ParsedReport {
  title: string | null;
  localAuthority: string | null;
  kind: ReportKind;
  /** YYYY-MM-DD */
  inspectionStart: string | null;
  inspectionEnd: string | null;
  published: string | null;
  judgements: ParsedJudgement[];
  recommendations: ParsedRecommendation[];
  warnings: ParseWarning[];
}
