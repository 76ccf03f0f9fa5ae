// Readiness for re-inspection is judged area by area: every recommendation, from any framework,
// is placed under one of the four current ILACS judgement areas. The rule reads the section the
// recommendation sat in and its wording, and says which words decided it, so a lead can see why
// and override it on the recommendation's page.

import { isOverdue, type ActionStatus } from "./rag";

export type ReadinessArea = "leaders" | "help_and_protection" | "children_in_care" | "care_leavers";

/** In the order ILACS reports print the judgements. */
export const READINESS_AREAS: readonly ReadinessArea[] = [
  "leaders",
  "help_and_protection",
  "children_in_care",
  "care_leavers",
];

export const READINESS_AREA_LABELS: Record<ReadinessArea, string> = {
  leaders: "The impact of leaders on social work practice with children and families",
  help_and_protection: "The experiences and progress of children who need help and protection",
  children_in_care: "The experiences and progress of children in care",
  care_leavers: "The experiences and progress of care leavers",
};

export const READINESS_AREA_SHORT_LABELS: Record<ReadinessArea, string> = {
  leaders: "Impact of leaders",
  help_and_protection: "Children who need help and protection",
  children_in_care: "Children in care",
  care_leavers: "Care leavers",
};

export function isReadinessArea(value: unknown): value is ReadinessArea {
  return typeof value === "string" && (READINESS_AREAS as readonly string[]).includes(value);
}

interface Term {
  /** Matched against the lower-cased text with curly quotes straightened. */
  pattern: RegExp;
  area: ReadinessArea;
}

const t = (area: ReadinessArea, ...patterns: RegExp[]): Term[] => patterns.map((pattern) => ({ pattern, area }));

/**
 * The maintained vocabulary. Each distinct term found counts once for its area. Population terms
 * (care leavers, children in care, child protection) are specific; leadership terms cover what
 * ILACS judges under the impact of leaders (oversight, supervision, workforce, quality assurance,
 * partnerships, corporate parenting).
 */
export const AREA_TERMS: readonly Term[] = [
  ...t(
    "care_leavers",
    /\bcare leavers?\b/,
    /\b(?:leaving|left) care\b/,
    /\bpathway plan(?:s|ning)?\b/,
    /\bpersonal advis[eo]rs?\b/,
    /\b16\+ (?:service|team)\b/,
    /\bstaying put\b/,
    /\bstaying close\b/,
    /\bcare experienced\b/,
  ),
  ...t(
    "children_in_care",
    /\bchildren (?:and young people )?in care\b/,
    /\blooked[- ]after\b/,
    /\bcare plan(?:s|ning)?\b/,
    /\bplacements?\b/,
    /\bpermanen(?:ce|cy)\b/,
    /\badopt(?:ion|ed|ers?)\b/,
    /\bfoster carers?\b/,
    /(?<!private )\bfostering\b/,
    /\bindependent reviewing (?:officers?|services?)\b/,
    /\biros?\b/,
    /\blife[- ]story\b/,
    /\bpersonal education plans?\b/,
    /\bpeps?\b/,
    /\bvirtual school\b/,
    /\bhealth assessments?\b/,
    /\bspecial guardianship\b/,
    /\bchildren in care council\b/,
    /\boutcome 4\b/,
  ),
  ...t(
    "help_and_protection",
    /\bchild protection\b/,
    /\bstrategy (?:discussions?|meetings?)\b/,
    /\bsection 47\b/,
    /\bs47\b/,
    /\bthresholds?\b/,
    /\breferrals?\b/,
    /\bcontacts\b/,
    /\bfront door\b/,
    /\bmash\b/,
    /\bearly help\b/,
    /\bchildren in need\b/,
    /\bchild in need\b/,
    /\bmissing\b/,
    /\breturn home interviews?\b/,
    /\bexploitation\b/,
    /\bneglect\b/,
    /\bdomestic abuse\b/,
    /\bpre-proceedings\b/,
    /\bpublic law outline\b/,
    /\bhomeless\b/,
    /\bcore groups?\b/,
    /\bprivately fostered\b/,
    /\bprivate fostering\b/,
    /\byoung carers\b/,
    /\bdisabled children\b/,
    /\bcommon assessments?\b/,
    /\bcaf\b/,
    /\bsafety planning\b/,
    /\bsignificant harm\b/,
    /\ballegations against\b/,
    /\bemergency duty\b/,
    /\bout of hours\b/,
    /\boutcome [123]\b/,
  ),
  ...t(
    "leaders",
    /\bleaders(?:hip)?\b/,
    /\bmanage(?:ment|rial) (?:oversight|direction|grip)\b/,
    /(?<!manage(?:ment|rial) )\boversight\b/,
    /\bsupervis(?:ion|ed|ors?)\b/,
    /\b(?:senior|middle|team|service) managers?\b/,
    /\bmanagerial\b/,
    /\bstaff(?:ing)?\b/,
    /\bsenior management\b/,
    /\bquality assurance\b/,
    /\bperformance management\b/,
    /\bperformance information\b/,
    /\baudit(?:s|ing)?\b/,
    /\bworkforce\b/,
    /\brecruitment\b/,
    /\bcaseloads?\b/,
    /\bcorporate parenting\b/,
    /\belected members\b/,
    /\bgovernance\b/,
    /\bstrategic partnerships?\b/,
    /\bsafeguarding (?:children )?(?:board|partnership)\b/,
    /\blscb\b/,
    /\bcommissioning\b/,
    /\bcommissioned\b/,
    /\btraining\b/,
    /\benabler\b/,
  ),
];

/** Report section codes the parser records, and where a recommendation in them falls by default. */
const SECTION_AREAS: Record<string, { area: ReadinessArea; label: string }> = {
  safeguarding: { area: "help_and_protection", label: "Safeguarding" },
  looked_after_children: { area: "children_in_care", label: "Looked after children" },
};

/** A heading that itself names an area decides (e.g. an ILACS report printing a list under "Care leavers"). */
const HEADING_AREAS: readonly { pattern: RegExp; area: ReadinessArea }[] = [
  { pattern: /\bcare leavers?\b|\bleaving care\b/, area: "care_leavers" },
  { pattern: /\bchildren (?:in care|looked after)\b|\blooked after children\b/, area: "children_in_care" },
  { pattern: /\bhelp and protection\b|\bchild protection\b/, area: "help_and_protection" },
  { pattern: /\bimpact of leaders\b|\bleadership\b/, area: "leaders" },
];

export type AreaBasis = "section" | "wording" | "default" | "override";

export interface AreaDecision {
  area: ReadinessArea;
  basis: AreaBasis;
  /** In plain words, e.g. "wording: 'care leavers', 'pathway plans'" or "section 'Care leavers'". */
  reason: string;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u2010-\u2014]/g, "-")
    .replace(/\s+/g, " ");
}

const quoteList = (words: readonly string[]) => words.map((w) => `'${w}'`).join(", ");

/** The terms of each area found in the text, in the text's own words, first occurrence first. */
export function areaTermsIn(text: string): Map<ReadinessArea, string[]> {
  return new Map([...findTerms(text)].map(([area, list]) => [area, list.map((f) => f.word)]));
}

function findTerms(text: string): Map<ReadinessArea, { at: number; word: string }[]> {
  const found = new Map<ReadinessArea, { at: number; word: string }[]>();
  const normalised = normalise(text);
  for (const term of AREA_TERMS) {
    const match = term.pattern.exec(normalised);
    if (!match) continue;
    const list = found.get(term.area) ?? [];
    if (!list.some((f) => f.word === match[0])) list.push({ at: match.index, word: match[0] });
    found.set(term.area, list);
  }
  for (const list of found.values()) list.sort((a, b) => a.at - b.at);
  return found;
}

/**
 * The current ILACS area a recommendation falls under, and why. In order:
 * 1. an LSCB review recommendation is about the partnership's leadership: Impact of leaders;
 * 2. a section the lead chose (in the import preview, or corrected after import) decides: the lead
 *    knows where the report put it better than its wording does (a section merely read from the
 *    report does not decide here: see 4);
 * 3. a heading that names an area (e.g. "Care leavers") decides;
 * 4. otherwise the area with the most distinct terms in the wording; a tie is settled by the
 *    report section (SLAC safeguarding / looked after children), then a group of children wins
 *    over leadership, then the group of children named first;
 * 5. with no telling words, the report section; with no section either, children who need help
 *    and protection, where general social work practice (assessment, planning, recording) is judged.
 */
export function decideRecommendationArea(recommendation: {
  section: string | null;
  heading: string | null;
  text: string;
  /** True when a lead chose the section rather than the reader finding it. */
  sectionSetByLead?: boolean;
}): AreaDecision {
  const { section, heading, text } = recommendation;
  if (section === "lscb") {
    return {
      area: "leaders",
      basis: "section",
      reason: `section 'LSCB review'${recommendation.sectionSetByLead ? ", chosen by the lead" : ""}: the safeguarding partnership's leadership`,
    };
  }
  const sectionArea = section ? SECTION_AREAS[section] : undefined;
  if (sectionArea && recommendation.sectionSetByLead) {
    return {
      area: sectionArea.area,
      basis: "section",
      reason: `section '${sectionArea.label}', chosen by the lead: a section the lead chose decides over the wording`,
    };
  }
  if (heading) {
    const named = HEADING_AREAS.find((h) => h.pattern.test(normalise(heading)));
    if (named) return { area: named.area, basis: "section", reason: `section '${heading.replace(/[:?]\s*$/, "")}'` };
  }
  const found = findTerms(text);
  if (found.size > 0) {
    const most = Math.max(...[...found.values()].map((w) => w.length));
    const tied = [...found].filter(([, w]) => w.length === most).map(([a]) => a);
    const children = tied.filter((a) => a !== "leaders").sort((a, b) => found.get(a)![0].at - found.get(b)![0].at);
    let area: ReadinessArea;
    let tieNote = "";
    if (tied.length === 1) area = tied[0];
    else if (sectionArea && tied.includes(sectionArea.area)) {
      area = sectionArea.area;
      tieNote = `; tie settled by section '${sectionArea.label}'`;
    } else if (children.length > 1) {
      area = children[0];
      tieNote = "; tie settled by the group of children named first";
    } else {
      area = children[0];
      tieNote = "; tie settled in favour of the group of children over leadership";
    }
    const words = (a: ReadinessArea) => quoteList(found.get(a)!.map((f) => f.word));
    let reason = `wording: ${words(area)}`;
    const others = READINESS_AREAS.filter((a) => a !== area && found.has(a));
    if (others.length > 0) {
      reason += `; also ${others.map((a) => `${words(a)} (${READINESS_AREA_SHORT_LABELS[a]})`).join("; ")}${tieNote}`;
    }
    return { area, basis: "wording", reason };
  }
  if (sectionArea) return { area: sectionArea.area, basis: "section", reason: `section '${sectionArea.label}'` };
  return {
    area: "help_and_protection",
    basis: "default",
    reason: "no section or wording names an area: general social work practice counts under help and protection",
  };
}

/** The lead's override when there is one, otherwise the rule. */
export function effectiveArea(
  recommendation: { section: string | null; heading: string | null; text: string; sectionSetByLead?: boolean },
  override: { area: ReadinessArea; by: string | null; at: string } | null,
): AreaDecision {
  if (override) {
    return {
      area: override.area,
      basis: "override",
      reason: `set by ${override.by ?? "a former user"}; the rule gives ${READINESS_AREA_SHORT_LABELS[decideRecommendationArea(recommendation).area]}`,
    };
  }
  return decideRecommendationArea(recommendation);
}

// ---------------------------------------------------------------------------------------------
// Each recommendation's readiness, and each area's summary.

export type RecommendationReadiness =
  "signed_off_with_impact" | "signed_off_without_impact" | "overdue" | "no_owner" | "no_target_date" | "open";

export const READINESS_LABELS: Record<RecommendationReadiness, string> = {
  signed_off_with_impact: "Signed off with impact evidence",
  signed_off_without_impact: "Signed off without impact evidence",
  overdue: "Overdue",
  no_owner: "No owner",
  no_target_date: "No target date",
  open: "Open",
};

/** GOV.UK tag colour for each status in the task list. */
export const READINESS_TAG_CLASSES: Record<RecommendationReadiness, string> = {
  signed_off_with_impact: "govuk-tag--green",
  signed_off_without_impact: "govuk-tag--yellow",
  overdue: "govuk-tag--red",
  no_owner: "govuk-tag--red",
  no_target_date: "govuk-tag--orange",
  open: "govuk-tag--blue",
};

/** How each status is decided, in the order the checks are made; printed on the page. */
export const READINESS_STATUS_RULES: readonly string[] = [
  "Signed off with impact evidence: every action is signed off and at least one piece of evidence is marked as evidence of impact.",
  "Signed off without impact evidence: every action is signed off, but none of the evidence shows impact on children's experiences.",
  "Overdue: an action that is not signed off is past its target date.",
  "No owner: there are no actions yet, or an action that is not signed off has nobody assigned.",
  "No target date: an action that is not signed off has no target date.",
  "Open: work is under way and on time.",
];

export interface ReadinessAction {
  status: ActionStatus;
  targetDate: string | null;
  ownerId: number | null;
  /** Withdrawn actions leave the plan: they are not counted. */
  withdrawn: boolean;
}

/** One recommendation's readiness from its actions and whether any evidence shows impact. */
export function recommendationReadiness(input: {
  actions: readonly ReadinessAction[];
  hasImpactEvidence: boolean;
  today: string;
}): { status: RecommendationReadiness; detail: string } {
  const actions = input.actions.filter((a) => !a.withdrawn);
  if (actions.length === 0) return { status: "no_owner", detail: "No actions yet" };
  const open = actions.filter((a) => a.status !== "signed_off");
  if (open.length === 0) {
    return input.hasImpactEvidence
      ? { status: "signed_off_with_impact", detail: "All actions signed off; impact evidenced" }
      : { status: "signed_off_without_impact", detail: "All actions signed off; no impact evidence yet" };
  }
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const overdue = open.filter((a) => isOverdue({ status: a.status, targetDate: a.targetDate, today: input.today }));
  if (overdue.length > 0) return { status: "overdue", detail: `${count(overdue.length, "action")} overdue` };
  const unowned = open.filter((a) => a.ownerId === null);
  if (unowned.length > 0) return { status: "no_owner", detail: `${count(unowned.length, "action")} without an owner` };
  const undated = open.filter((a) => a.targetDate === null);
  if (undated.length > 0) {
    return { status: "no_target_date", detail: `${count(undated.length, "action")} without a target date` };
  }
  return {
    status: "open",
    detail: `${actions.length - open.length} of ${count(actions.length, "action")} signed off`,
  };
}

export type AreaReadiness = "ready" | "partly_ready" | "not_ready" | "nothing_asked";

export const AREA_READINESS_LABELS: Record<AreaReadiness, string> = {
  ready: "Ready",
  partly_ready: "Partly ready",
  not_ready: "Not ready",
  nothing_asked: "No recommendations",
};

export const AREA_READINESS_TAG_CLASSES: Record<AreaReadiness, string> = {
  ready: "govuk-tag--green",
  partly_ready: "govuk-tag--yellow",
  not_ready: "govuk-tag--red",
  nothing_asked: "govuk-tag--grey",
};

/** The summary rule in plain words, printed on the page and in the report. */
export const AREA_READINESS_RULES: readonly string[] = [
  "Ready: every recommendation in the area is signed off with evidence of impact.",
  "Not ready: at least one recommendation in the area is overdue or has no owner.",
  "Partly ready: anything in between: nothing is overdue or unowned, but some recommendations are still open, have no target date, or are signed off without evidence of impact.",
];

/** An area's summary from its recommendations' statuses, with the counts behind it. */
export function summariseArea(statuses: readonly RecommendationReadiness[]): {
  readiness: AreaReadiness;
  counts: Record<RecommendationReadiness, number>;
  explanation: string;
} {
  const counts: Record<RecommendationReadiness, number> = {
    signed_off_with_impact: 0,
    signed_off_without_impact: 0,
    overdue: 0,
    no_owner: 0,
    no_target_date: 0,
    open: 0,
  };
  for (const s of statuses) counts[s] += 1;
  const total = statuses.length;
  if (total === 0) {
    return { readiness: "nothing_asked", counts, explanation: "No recommendation falls under this area." };
  }
  const of = (n: number) => `${n} of ${total}`;
  if (counts.overdue + counts.no_owner > 0) {
    const parts = [
      counts.overdue > 0 ? `${of(counts.overdue)} overdue` : null,
      counts.no_owner > 0 ? `${of(counts.no_owner)} without an owner` : null,
    ].filter(Boolean);
    return { readiness: "not_ready", counts, explanation: `Not ready because ${parts.join(" and ")}.` };
  }
  if (counts.signed_off_with_impact === total) {
    return {
      readiness: "ready",
      counts,
      explanation: `Ready: all ${total} signed off with evidence of impact.`,
    };
  }
  return {
    readiness: "partly_ready",
    counts,
    explanation: `Partly ready: ${of(counts.signed_off_with_impact)} signed off with evidence of impact; nothing overdue or unowned.`,
  };
}
