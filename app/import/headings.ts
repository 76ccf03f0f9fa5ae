/**
 * Recognises the headings that organise an inspection report's recommendations. Each
 * function takes one normalised line and answers without looking at its neighbours;
 * the state machine in recommendations.ts decides what they mean in context.
 */
import { parseOwnerHeading } from "./agencies";
import { isContentsLine, withoutFootnoteMarker, type ReportLine } from "./lines";
import type { Section, Timescale } from "./types";

export type Heading =
  /** Starts a list of recommendations ("Areas for improvement", "What needs to improve?"). */
  | { type: "list"; heading: string; timescale: Timescale; priority: boolean }
  | { type: "timescale"; heading: string; timescale: Timescale }
  /** "NHS Outer North East London should ensure that:" — its bullets belong to these agencies. */
  | { type: "owner"; heading: string; agencies: string[] }
  /**
   * A part of the report (safeguarding services, services for looked after children). The
   * SIF question "What does the local authority need to improve?" also heads a list of its
   * own when no "Priority and immediate action" or "Areas for improvement" follows it.
   */
  | { type: "part"; section: Section; list: string | null };

const LIST_HEADINGS: { pattern: RegExp; timescale: Timescale; priority: boolean }[] = [
  { pattern: /^areas for improvement:?$/i, timescale: null, priority: false },
  // "What needs to improve", "... ?", "... :", "... in this area of social work practice?"; not prose that runs on.
  { pattern: /^What [Nn]eeds [Tt]o [Ii]mprove(?: in [A-Za-z’' -]{1,60})?\s*[?:]?$/, timescale: null, priority: false },
  { pattern: /^recommendations:?$/i, timescale: null, priority: false },
  { pattern: /^priority and immediate action:?$/i, timescale: "immediately", priority: true },
  { pattern: /^areas for priority action:?$/i, timescale: null, priority: true },
];

const TIMESCALE_HEADINGS: { pattern: RegExp; timescale: Timescale }[] = [
  { pattern: /^immediately:?$/i, timescale: "immediately" },
  { pattern: /^within (?:three|3) months:?$/i, timescale: "three_months" },
  { pattern: /^within (?:six|6) months:?$/i, timescale: "six_months" },
];

const LSCB_NAME = String.raw`(?:local safeguarding(?: children(?: board)?)?|lscb)(?:\s*\(lscb\))?`;

const PART_HEADINGS: { pattern: RegExp; section: Section; list?: boolean }[] = [
  { pattern: /^safeguarding services$/i, section: "safeguarding" },
  { pattern: /^services for looked after children$/i, section: "looked_after_children" },
  // The LSCB part of a SIF report or an LSCB review: "Section 2: The effectiveness of the
  // Local Safeguarding Children Board", "The Local Safeguarding Children Board (LSCB)",
  // "Inspection of the effectiveness of the local safeguarding children board".
  {
    pattern: new RegExp(
      String.raw`^(?:section \d+:?\s*)?(?:the\s+)?(?:(?:review|inspection) of\s+)?(?:the\s+)?(?:effectiveness(?: of)?\s+)?(?:the\s+)?${LSCB_NAME}$`,
      "i",
    ),
    section: "lscb",
  },
  {
    pattern: /^what does the (?:[a-z]*scb|board|local safeguarding children(?:'s|’s)? board) need to improve\??$/i,
    section: "lscb",
    list: true,
  },
  { pattern: /^(?:section \d+:?\s*)?the local authority$/i, section: null },
  { pattern: /^what does the local authority need to improve\??$/i, section: null, list: true },
];

export function classifyHeading(line: ReportLine): Heading | null {
  if (line.text === "" || isContentsLine(line)) return null;
  const text = withoutFootnoteMarker(line.text.replace(/\*+/g, "").trim());
  // A heading is one short line; a sentence that merely starts with the words is not.
  if (text.length > 120) return null;

  for (const { pattern, timescale, priority } of LIST_HEADINGS) {
    if (pattern.test(text) && !/\.$/.test(text)) return { type: "list", heading: text, timescale, priority };
  }
  for (const { pattern, timescale } of TIMESCALE_HEADINGS) {
    if (pattern.test(text)) return { type: "timescale", heading: text, timescale };
  }
  for (const { pattern, section, list } of PART_HEADINGS) {
    if (pattern.test(text)) return { type: "part", section, list: list ? text : null };
  }
  const agencies = parseOwnerHeading(text);
  if (agencies) return { type: "owner", heading: text, agencies };
  return null;
}

/**
 * "There are no areas for priority action.", "The inspection did not find any areas for
 * priority and immediate action.", "No areas were identified for immediate improvement.":
 * a sentence saying a list is empty, never a recommendation.
 */
export function isNegativeStatement(text: string): boolean {
  const sentence = text.trim().replace(/^\d{1,3}\.\s*/, "");
  if (sentence.length > 260) return false;
  // What the sentence says there is none of: areas, priorities, recommendations, actions.
  const about = String.raw`(?:[\w-]+\s+){0,4}?(?:areas?|priorit(?:y|ies)|recommendations?|actions?|improvements?)\b`;
  return [
    new RegExp(String.raw`^there (?:are|is|were|was|have been|has been) no ${about}`, "i"),
    new RegExp(String.raw`^no ${about}`, "i"),
    new RegExp(
      String.raw`\b(?:did|does|do|has|have|were|was) not (?:find|identify|found|identified|highlight|make|raise) (?:any|further) ${about}`,
      "i",
    ),
    new RegExp(String.raw`\bnone (?:were|was|have been|has been) (?:identified|found)\b`, "i"),
  ].some((pattern) => pattern.test(sentence));
}

/**
 * A sentence that only points back to recommendations made before ("The areas for
 * improvement continue to be those identified at the ILACS inspection in February
 * 2019", "The areas for priority action set at the last focused visit remain."). It
 * adds nothing to track; the earlier report's recommendations are tracked from it.
 */
export function isBackReference(text: string): boolean {
  const sentence = text.trim();
  if (sentence.length > 400) return false;
  const areas = String.raw`(?:the )?(?:areas? (?:for|of) (?:priority action|priority and immediate action|improvement|development)|recommendations|priority actions|priorities|improvements? needed)`;
  return (
    new RegExp(
      String.raw`^${areas}\b.{0,120}\b(?:continue to be|remain(?:s)?|are (?:still|unchanged|the same)|have not changed)\b`,
      "i",
    ).test(sentence) ||
    /\b(?:continue to be|remain|are still|are) (?:those|the same as those|as) (?:that were |which were )?(?:identified|set out|set|made|reported|outlined|described)\b/i.test(
      sentence,
    )
  );
}

/**
 * The sentence that introduces a list ("In order to improve ..., the local authority
 * should take the following action.", "The local authority needs to take swift and
 * decisive action to address the following areas of weakness:").
 */
export function isLeadIn(text: string): boolean {
  const sentence = text.trim();
  return (
    /\b(?:should|must|needs? to|will need to|is required to) take the following\b/i.test(sentence) ||
    /^(?:\d{1,3}\.\s*)?in order to improve\b.*\b(?:should|must|needs? to)\b/i.test(sentence) ||
    /\bthe following (?:actions?|areas?|recommendations?|improvements?|weaknesses)\b.{0,80}[.:]$/i.test(sentence) ||
    /:$/.test(sentence)
  );
}

/** Headings of the report's own sections, which end a list rather than head a topic within it. */
const REPORT_SECTION = new RegExp(
  [
    String.raw`^(?:summary\b|information about|inspection judgements?\b|inspection findings|(?:main |headline |key )?findings\b`,
    String.raw`key strengths|executive summary|what the inspection judgements? mean|contents\b|next steps\b|progress since`,
    String.raw`the local authority['’]s strengths|the lscb['’]s strengths|the (?:local authority|lscb|board) has the following`,
    String.raw`the experiences and progress of|the impact of leaders|overall effectiveness|local authority['’]s (?:areas|response)`,
    String.raw`.*\b(?:strengths|weaknesses)$|.*:\s*(?:outstanding|good|adequate|inadequate|requires? improvement(?: to be good)?)$)`,
  ].join("|"),
  "i",
);

/** A heading that opens another part of the report: a list never runs on past it. */
export function isReportSectionHeading(text: string): boolean {
  return text.length <= 160 && REPORT_SECTION.test(text.trim());
}

/**
 * Base-form verbs that open Ofsted recommendations. Used only to tell a topic sub-heading
 * from a section heading by the paragraph below it (a recommendation or a finding), never
 * to decide where an item starts or ends: that is the layout's job.
 */
export const IMPERATIVES = new Set(
  (
    "ensure improve increase extend review develop define work take strengthen put provide establish " +
    "make reduce implement embed introduce monitor evaluate consider undertake secure address promote " +
    "raise complete agree continue clarify analyse analyze use identify set produce enable support build " +
    "engage publish record audit maintain assess seek widen prioritise prioritize share involve collect " +
    "tackle respond create deliver expand demonstrate commission revise update plan offer explore " +
    "challenge coordinate co-ordinate formalise align collate check confirm track listen train recruit " +
    "retain bring give obtain refresh carry hold appoint allocate apply achieve act accelerate adopt " +
    "capture ascertain conclude determine focus fully further gather cease stop end re-establish " +
    "reestablish re-evaluate reconsider restructure rationalise redesign refocus reinforce reinvigorate " +
    "revitalise scrutinise sustain systematically urgently swiftly rapidly significantly consistently " +
    "routinely enhance invest encourage facilitate inform manage measure resolve rectify remove replace " +
    "report require restore revisit simplify specify streamline test transform understand upgrade " +
    "utilise verify articulate ask assure attend collaborate communicate compile consult coproduce " +
    "co-produce design devise disseminate distribute document drive eliminate empower evidence examine " +
    "finalise follow integrate maximise minimise mobilise negotiate oversee pursue quality-assure " +
    "quicken reach recognise reflect tighten"
  ).split(" "),
);

/** Subjects that open a finding ("The LSCB is ...", "Partners value ..."), not an instruction. */
const FINDING_OPENERS =
  /^(?:the|a|an|this|these|that|those|there|it|its|their|most|many|some|few|all|each|every|both|inspectors?|since|although|however|while|despite|overall|partners|leaders|children|young|senior|managers|staff|social|members|governance|arrangements|work|good|strong|effective|recent)\b/i;

/**
 * The paragraph reports what inspectors found rather than asking for something: no
 * modal ("should", "must", "needs to") and no instruction opening its first sentence.
 */
export function readsAsFinding(text: string): boolean {
  const first = text.trim().split(/(?<=[.!?])\s+(?=[A-Z])/)[0] ?? "";
  if (/\b(?:should|must|needs? to|need to|ought to|is required to|are required to|to ensure that)\b/i.test(first)) {
    return false;
  }
  const opener = /^([A-Za-z-]+)/.exec(first)?.[1].toLowerCase() ?? "";
  if (IMPERATIVES.has(opener)) return false;
  // "When children return home, improve ..." puts the instruction after a clause.
  const afterClause =
    /^(?:when|where|until|with|working|in|by|through|as|if|once|for|following)\b[^,]{0,120},\s*([a-z-]+)/i.exec(first);
  if (afterClause && IMPERATIVES.has(afterClause[1].toLowerCase())) return false;
  return (
    FINDING_OPENERS.test(first) ||
    /\b(?:is|are|was|were|has|have|had|does|do|did|can|cannot|remains?|continues?)\b/i.test(first)
  );
}

/**
 * A line that ends a list: a plain heading such as "Safeguarding outcomes for children
 * and young people" or "The experiences and progress of care leavers: good".
 */
export function endsList(line: ReportLine): boolean {
  const text = line.text;
  if (text === "" || line.indent > 0) return false;
  if (!/^[A-Z"'‘“(]/.test(text)) return false;
  return !/[,;]\s*(?:and|or)?$/.test(text);
}
