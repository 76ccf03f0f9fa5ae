import type { Section, Timescale } from "../import/types";

const SECTION_CODES: Record<Exclude<Section, null>, string> = {
  safeguarding: "SG",
  looked_after_children: "LAC",
  lscb: "LSCB",
};

const TIMESCALE_CODES: Record<Exclude<Timescale, null>, string> = {
  immediately: "IM",
  three_months: "3M",
  six_months: "6M",
};

/**
 * Stable references for a report's recommendations, in report order: section code, timescale
 * code and a count within that group, e.g. SG-3M-2 (second safeguarding item due within three
 * months). Priority actions are PA-n; items with neither section nor timescale are R-n.
 */
export function assignReferences(
  items: readonly { section: Section; timescale: Timescale; priority: boolean }[],
): string[] {
  const counts = new Map<string, number>();
  return items.map((item) => {
    const parts = [
      item.section ? SECTION_CODES[item.section] : null,
      item.timescale ? TIMESCALE_CODES[item.timescale] : null,
    ].filter((p): p is string => p !== null);
    if (parts.length === 0) parts.push(item.priority ? "PA" : "R");
    const prefix = parts.join("-");
    const n = (counts.get(prefix) ?? 0) + 1;
    counts.set(prefix, n);
    return `${prefix}-${n}`;
  });
}

export const SECTION_LABELS: Record<Exclude<Section, null>, string> = {
  safeguarding: "Safeguarding",
  looked_after_children: "Looked after children",
  lscb: "Local Safeguarding Children Board",
};

export function sectionLabel(section: string | null): string {
  return section && section in SECTION_LABELS ? SECTION_LABELS[section as keyof typeof SECTION_LABELS] : "Whole report";
}

/**
 * The title of the starter action the report import gives each recommendation: plainly a gap to
 * fill, not the recommendation's wording (which reads as a finding, not as something to do). The
 * plan editor shows it as an empty title with the recommendation beside it as guidance.
 */
export const STARTER_ACTION_TITLE = "Action not yet written";

/**
 * A short action title from a recommendation's text: its first sentence, cut at a word near 120
 * characters (what the import titled starter actions before STARTER_ACTION_TITLE; plans imported
 * then still have them).
 */
export function actionTitleFromRecommendation(text: string, max = 120): string {
  const firstSentence = text.split(/(?<=\.)\s/)[0] ?? text;
  const clean = firstSentence.replace(/\s+/g, " ").trim();
  const title = clean.length <= max ? clean : `${clean.slice(0, clean.lastIndexOf(" ", max - 1))}…`;
  return title.charAt(0).toUpperCase() + title.slice(1);
}

const KIND_CODES: Record<string, string> = {
  slac: "SLAC",
  lac_2013: "LAC",
  sif: "SIF",
  ilacs: "ILACS",
  ilacs_short: "ILACS",
  focused_visit: "FV",
  monitoring_visit: "MV",
  jtai: "JTAI",
};

/**
 * An inspection's short name: the kind of report and the two-digit year of its publication (else
 * the inspection's end or start, else the import), with b, c, ... when the authority already has
 * that name (`taken`): "FV24", "ILACS23", "SLAC11b". Given once, at import; never recomputed.
 */
export function inspectionShortName(
  inspection: {
    kind: string;
    published: string | null;
    inspectionEnd: string | null;
    inspectionStart: string | null;
    importedAt: string;
  },
  taken: ReadonlySet<string>,
): string {
  const date = inspection.published ?? inspection.inspectionEnd ?? inspection.inspectionStart ?? inspection.importedAt;
  const stem = `${KIND_CODES[inspection.kind] ?? "REP"}${date.slice(2, 4)}`;
  let name = stem;
  for (let n = 1; taken.has(name); n++) name = `${stem}${String.fromCharCode(97 + n)}`;
  return name;
}

/**
 * An action's reference in a council's plan: the inspection's short name and the action's number,
 * "FV24 1.1". Lists that mix inspections, exports and e-mails always print this; a page about one
 * inspection may show the number alone only with this beside it for screen readers.
 */
export function actionReference(inspectionShortName: string, recommendationPosition: number, sequence: number) {
  const number = actionNumber(recommendationPosition, sequence);
  return inspectionShortName ? `${inspectionShortName} ${number}` : number;
}

/** An action's number within its inspection: recommendation 3's second action is "3.2". */
export function actionNumber(recommendationPosition: number, sequence: number): string {
  return `${recommendationPosition + 1}.${sequence}`;
}
