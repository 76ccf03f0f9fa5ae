// Ofsted has judged children's services under several frameworks, each with its own judgement
// areas and grade wording. To show one authority's history as a line, older areas are mapped to
// the nearest current ILACS area by a maintained table; the original wording is always shown
// beside the mapping, so the reader can disagree with it.

export type CurrentArea = "leaders" | "help_and_protection" | "children_in_care" | "care_leavers" | "overall";

/** The current ILACS judgement areas, in the order reports print them. */
export const CURRENT_AREAS: readonly CurrentArea[] = [
  "leaders",
  "help_and_protection",
  "children_in_care",
  "care_leavers",
  "overall",
];

export const CURRENT_AREA_LABELS: Record<CurrentArea, string> = {
  leaders: "The impact of leaders on social work practice with children and families",
  help_and_protection: "The experiences and progress of children who need help and protection",
  children_in_care: "The experiences and progress of children in care",
  care_leavers: "The experiences and progress of care leavers",
  overall: "Overall effectiveness",
};

export const CURRENT_AREA_SHORT_LABELS: Record<CurrentArea, string> = {
  leaders: "Impact of leaders",
  help_and_protection: "Children who need help and protection",
  children_in_care: "Children in care",
  care_leavers: "Care leavers",
  overall: "Overall effectiveness",
};

export type Framework = "slac" | "lac_2013" | "sif" | "ilacs" | "ilacs_2026" | "other";

export const FRAMEWORK_LABELS: Record<Framework, string> = {
  slac: "SLAC",
  lac_2013: "LAC 2013",
  sif: "SIF",
  ilacs: "ILACS",
  ilacs_2026: "ILACS (from April 2026)",
  other: "Other",
};

/** The first day of the ILACS framework without an overall effectiveness judgement. */
export const ILACS_2026_FROM = "2026-04-01";

/** Each framework's grades, best first; the position (1-4) is the ordinal used to compare them. */
export const GRADE_SCALES: Record<Framework, readonly string[]> = {
  slac: ["Outstanding", "Good", "Adequate", "Inadequate"],
  lac_2013: ["Outstanding", "Good", "Adequate", "Inadequate"],
  sif: ["Outstanding", "Good", "Requires improvement", "Inadequate"],
  ilacs: ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"],
  ilacs_2026: ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"],
  other: ["Outstanding", "Good", "Requires improvement", "Inadequate"],
};

/** Which framework an inspection was judged under, from its kind and date (`YYYY-MM-DD`, or null). */
export function frameworkOf(kind: string, date: string | null): Framework {
  switch (kind) {
    case "slac":
      return "slac";
    case "lac_2013":
      return "lac_2013";
    case "sif":
      return "sif";
    case "ilacs":
    case "ilacs_short":
      return date !== null && date >= ILACS_2026_FROM ? "ilacs_2026" : "ilacs";
    default:
      return "other";
  }
}

/** Lower case, punctuation and repeated spaces gone: "Leadership, management  and Governance" -> "leadership management and governance". */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019']/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export type GradeOrdinal = 1 | 2 | 3 | 4;

export const ORDINAL_LABELS: Record<GradeOrdinal, string> = {
  1: "Outstanding",
  2: "Good",
  3: "Adequate / requires improvement",
  4: "Inadequate",
};

/**
 * 1 (outstanding) to 4 (inadequate) for any framework's wording: "Adequate", "Requires improvement",
 * "Require improvement" and "Requires Improvement to be good" are all 3. Null when unrecognised.
 */
export function gradeOrdinal(grade: string): GradeOrdinal | null {
  const g = normaliseText(grade);
  if (g === "outstanding") return 1;
  if (g === "good") return 2;
  if (g === "adequate" || /^requires? improvement( to be good)?$/.test(g)) return 3;
  if (g === "inadequate") return 4;
  return null;
}

interface MappingRule {
  /** Normalised area wordings this rule matches; absent matches any area in the section. */
  areas?: readonly string[];
  /** Only judgements in this section (safeguarding, looked_after_children, lscb). */
  section?: string;
  /** Only these frameworks. */
  frameworks?: readonly Framework[];
  /** Empty: deliberately not mapped (shown separately). */
  to: readonly CurrentArea[];
  /** The rule in words, for the "How older judgements are mapped" list. */
  description: string;
}

const LEADERSHIP_AREAS = [
  "leadership and management",
  "ambition and prioritisation",
  "performance management and quality assurance",
  "leadership management and governance",
  "capacity for improvement",
  "capacity to improve",
];

/** First match wins, so specific rows come before the catch-all section rules. */
export const MAPPING_RULES: readonly MappingRule[] = [
  {
    section: "lscb",
    to: [],
    description:
      "Local Safeguarding Children Board judgements are about the partnership, not the council: not mapped, shown separately",
  },
  {
    areas: ["overall effectiveness"],
    to: ["overall"],
    description: "Overall effectiveness (any framework, either SLAC section) → Overall effectiveness",
  },
  {
    areas: LEADERSHIP_AREAS,
    to: ["leaders"],
    description:
      "Leadership and management; Ambition and prioritisation; Performance management and quality assurance; Capacity for improvement (SLAC, LAC 2013); Leadership, management and governance (SIF) → Impact of leaders",
  },
  {
    areas: [
      "the impact of leaders on social work practice with children and families",
      "impact of leaders on social work practice with children and families",
    ],
    to: ["leaders"],
    description: "ILACS impact of leaders → Impact of leaders",
  },
  {
    areas: [
      "children who need help and protection",
      "the experiences and progress of children who need help and protection",
    ],
    to: ["help_and_protection"],
    description: "Children who need help and protection (SIF, ILACS) → Children who need help and protection",
  },
  {
    areas: ["the experiences and progress of children in care and care leavers"],
    to: ["children_in_care", "care_leavers"],
    description:
      "ILACS 2018-2022 'children in care and care leavers' (one judgement) → both Children in care and Care leavers",
  },
  {
    areas: [
      "the experiences and progress of children in care",
      "children looked after and achieving permanence",
      "adoption performance",
      "outcomes for looked after children and young people",
    ],
    to: ["children_in_care"],
    description:
      "Children looked after and achieving permanence; Adoption performance (SIF); Outcomes for looked after children (LAC 2013) → Children in care",
  },
  {
    areas: ["the experiences and progress of care leavers", "experiences and progress of care leavers"],
    to: ["care_leavers"],
    description: "Experiences and progress of care leavers (SIF, ILACS) → Care leavers",
  },
  {
    section: "safeguarding",
    to: ["help_and_protection"],
    description:
      "Any other SLAC safeguarding row (e.g. 'Children and young people are safe and feel safe', 'Quality of provision') → Children who need help and protection",
  },
  {
    section: "looked_after_children",
    to: ["children_in_care"],
    description:
      "Any other SLAC or LAC 2013 looked after children row (e.g. 'Staying safe', 'Being healthy', 'Quality of provision') → Children in care",
  },
];

const SECTION_NAMES: Record<string, string> = {
  safeguarding: "safeguarding",
  looked_after_children: "looked after children",
  lscb: "LSCB",
};

export interface AreaMapping {
  /** Empty when the judgement is not mapped to a current area. */
  to: readonly CurrentArea[];
  /** e.g. "SLAC 'Staying safe' (looked after children) → Children in care". */
  explanation: string;
}

/** The current ILACS area(s) a judgement from any framework counts towards, and why. */
export function mapJudgement(judgement: { framework: Framework; section: string | null; area: string }): AreaMapping {
  const area = normaliseText(judgement.area);
  const rule = MAPPING_RULES.find(
    (r) =>
      (r.section === undefined || r.section === judgement.section) &&
      (r.frameworks === undefined || r.frameworks.includes(judgement.framework)) &&
      (r.areas === undefined || r.areas.some((a) => normaliseText(a) === area)),
  );
  const to = rule?.to ?? [];
  const section = judgement.section ? ` (${SECTION_NAMES[judgement.section] ?? judgement.section})` : "";
  const source = `${FRAMEWORK_LABELS[judgement.framework]} '${judgement.area}'${section}`;
  const target = to.length === 0 ? "not mapped" : to.map((a) => CURRENT_AREA_SHORT_LABELS[a]).join(" and ");
  return { to, explanation: `${source} → ${target}` };
}

export interface HistoryJudgement {
  inspectionId: number;
  kind: string;
  title: string;
  /** The date the inspection is placed at on the timeline (`YYYY-MM-DD`). */
  date: string | null;
  section: string | null;
  area: string;
  grade: string;
}

export interface TimelineEntry extends HistoryJudgement {
  framework: Framework;
  frameworkLabel: string;
  ordinal: GradeOrdinal | null;
  explanation: string;
}

export interface AreaTimeline {
  area: CurrentArea;
  label: string;
  entries: TimelineEntry[];
  /** One point per inspection: the lowest (worst) mapped grade, for the chart. */
  points: {
    inspectionId: number;
    date: string | null;
    frameworkLabel: string;
    ordinal: GradeOrdinal;
    grades: string;
  }[];
}

/**
 * Every judgement grouped under the current ILACS area it maps to, oldest inspection first; a
 * judgement mapped to two areas appears in both. Unmapped judgements are returned separately.
 */
export function buildJudgementTimeline(judgements: readonly HistoryJudgement[]): {
  areas: AreaTimeline[];
  unmapped: TimelineEntry[];
} {
  const sorted = [...judgements].sort(
    (a, b) => (a.date ?? "").localeCompare(b.date ?? "") || a.inspectionId - b.inspectionId,
  );
  const byArea = new Map<CurrentArea, TimelineEntry[]>(CURRENT_AREAS.map((a) => [a, []]));
  const unmapped: TimelineEntry[] = [];
  for (const j of sorted) {
    const framework = frameworkOf(j.kind, j.date);
    const mapping = mapJudgement({ framework, section: j.section, area: j.area });
    const entry: TimelineEntry = {
      ...j,
      framework,
      frameworkLabel: FRAMEWORK_LABELS[framework],
      ordinal: gradeOrdinal(j.grade),
      explanation: mapping.explanation,
    };
    if (mapping.to.length === 0) unmapped.push(entry);
    for (const area of mapping.to) byArea.get(area)?.push(entry);
  }
  const areas = CURRENT_AREAS.map((area) => {
    const entries = byArea.get(area) ?? [];
    const points: AreaTimeline["points"] = [];
    for (const entry of entries) {
      if (entry.ordinal === null) continue;
      const point = points.find((p) => p.inspectionId === entry.inspectionId);
      if (!point) {
        points.push({
          inspectionId: entry.inspectionId,
          date: entry.date,
          frameworkLabel: entry.frameworkLabel,
          ordinal: entry.ordinal,
          grades: entry.grade,
        });
      } else {
        if (entry.ordinal > point.ordinal) point.ordinal = entry.ordinal;
        if (!point.grades.split(", ").includes(entry.grade)) point.grades += `, ${entry.grade}`;
      }
    }
    return { area, label: CURRENT_AREA_LABELS[area], entries, points };
  });
  return { areas, unmapped };
}
