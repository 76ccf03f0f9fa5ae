import type { Rag } from "./rag";

// What a board pack covers, as the lead chooses it for a meeting: which inspections' plans, which
// sections, how much detail and in what order. Pure rules: parsing what is stored, ordering, and
// which plans count as open.

/** Limits of what the lead writes for a meeting's pack (checked on the server, shown in the hints). */
export const EXECUTIVE_SUMMARY_MAX = 10_000;
export const COMMENTARY_MAX = 2_000;

export const PACK_SECTIONS = ["executive_summary", "summary", "exceptions", "changes", "plan", "measures"] as const;
export type PackSection = (typeof PACK_SECTIONS)[number];

export const PACK_SECTION_LABELS: Record<PackSection, string> = {
  executive_summary: "Executive summary",
  summary: "Summary: counts by RAG and by inspection",
  exceptions: "Exceptions: Red actions, with recovery dates and commentary",
  changes: "Changes since the last board",
  plan: "The plan: recommendations and their actions",
  measures: "Performance measures, each with its trend chart",
};

/** Short names, for the pack's contents and the meeting page. */
export const PACK_SECTION_TITLES: Record<PackSection, string> = {
  executive_summary: "Executive summary",
  summary: "Summary",
  exceptions: "Exceptions",
  changes: "Changes since the last board",
  plan: "The plan",
  measures: "Performance measures",
};

export const PACK_DETAILS = ["full", "exceptions", "summary"] as const;
export type PackDetail = (typeof PACK_DETAILS)[number];

export const PACK_DETAIL_LABELS: Record<PackDetail, { label: string; hint: string }> = {
  full: { label: "Full", hint: "Every action, with its latest update and evidence." },
  exceptions: {
    label: "Exceptions only",
    hint: "Only Red, Amber and not scheduled actions (and recommendations with no actions yet), with their latest update; the rest are counted.",
  },
  summary: { label: "Summary", hint: "One line per recommendation with its count of actions by RAG." },
};

export const PACK_ORDERS = ["plan", "rag", "target"] as const;
export type PackOrder = (typeof PACK_ORDERS)[number];

export const PACK_ORDER_LABELS: Record<PackOrder, string> = {
  plan: "Report order",
  rag: "RAG: Red first, then Amber, not scheduled, Green and Blue",
  target: "Target date: earliest first",
};

export interface PackChoices {
  /** The inspections whose plans the pack covers; null for the plans open at the pack's date. */
  inspectionIds: number[] | null;
  sections: PackSection[];
  detail: PackDetail;
  order: PackOrder;
}

export const DEFAULT_PACK_CHOICES: PackChoices = {
  inspectionIds: null,
  sections: [...PACK_SECTIONS],
  detail: "full",
  order: "plan",
};

function parseJsonArray(text: string | null): unknown[] | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** The choices stored with a meeting; anything unreadable falls back to the default. */
export function storedPackChoices(row: {
  pack_inspection_ids: string | null;
  pack_sections: string | null;
  pack_detail: string;
  pack_order: string;
}): PackChoices {
  const ids = parseJsonArray(row.pack_inspection_ids);
  const sections = parseJsonArray(row.pack_sections);
  return {
    inspectionIds: ids === null ? null : ids.filter((id): id is number => Number.isInteger(id)),
    sections: sections === null ? [...PACK_SECTIONS] : PACK_SECTIONS.filter((s) => sections.includes(s)),
    detail: (PACK_DETAILS as readonly string[]).includes(row.pack_detail) ? (row.pack_detail as PackDetail) : "full",
    order: (PACK_ORDERS as readonly string[]).includes(row.pack_order) ? (row.pack_order as PackOrder) : "plan",
  };
}

/**
 * A plan is open at a date while any of its actions is neither signed off nor withdrawn, or while
 * it has no actions yet (the plan is still to be written). `statuses`: its live actions' statuses.
 */
export function isOpenPlan(statuses: readonly string[]): boolean {
  return statuses.length === 0 || statuses.some((s) => s !== "signed_off");
}

/**
 * Red first: the order boards read risk in. Gaps come after Amber: an action not scheduled, and a
 * recommendation with no actions.
 */
const RAG_RANK: Record<Rag, number> = { red: 0, amber: 1, grey: 2, green: 3, blue: 4 };
const NO_ACTIONS_RANK = 2;

export function ragRank(rag: Rag | null): number {
  return rag === null ? NO_ACTIONS_RANK : (RAG_RANK[rag] ?? NO_ACTIONS_RANK);
}

interface Orderable {
  rag: Rag;
  targetDate: string | null;
  status: string;
}

/** The worst RAG of a recommendation's actions; null when it has none. */
export function worstRag(actions: readonly Orderable[]): Rag | null {
  let worst: Rag | null = null;
  for (const a of actions) if (worst === null || ragRank(a.rag) < ragRank(worst)) worst = a.rag;
  return worst;
}

/** The earliest target date of the actions still open; null when none has one. */
export function earliestOpenTarget(actions: readonly Orderable[]): string | null {
  let earliest: string | null = null;
  for (const a of actions) {
    if (a.status === "signed_off" || a.targetDate === null) continue;
    if (earliest === null || a.targetDate < earliest) earliest = a.targetDate;
  }
  return earliest;
}

const byDate = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

/** Actions in the chosen order; equal ones keep their plan order (the sort is stable). */
export function orderActions<T extends Orderable>(actions: readonly T[], order: PackOrder): T[] {
  if (order === "plan") return [...actions];
  if (order === "rag") return [...actions].sort((a, b) => ragRank(a.rag) - ragRank(b.rag));
  return [...actions].sort((a, b) =>
    byDate(a.status === "signed_off" ? null : a.targetDate, b.status === "signed_off" ? null : b.targetDate),
  );
}

/** Recommendations in the chosen order, judged by their actions; equal ones keep their report order. */
export function orderRecommendations<R extends { actions: readonly Orderable[] }>(
  recommendations: readonly R[],
  order: PackOrder,
): R[] {
  if (order === "plan") return [...recommendations];
  if (order === "rag") {
    return [...recommendations].sort((a, b) => ragRank(worstRag(a.actions)) - ragRank(worstRag(b.actions)));
  }
  return [...recommendations].sort((a, b) => byDate(earliestOpenTarget(a.actions), earliestOpenTarget(b.actions)));
}

/** Which actions a level of detail lists (the others are only counted): exceptions are risks and gaps. */
export function listedInDetail(detail: PackDetail, rag: Rag): boolean {
  if (detail === "full") return true;
  if (detail === "exceptions") return rag === "red" || rag === "amber" || rag === "grey";
  return false;
}

/**
 * The Ofsted report paragraph a recommendation answers: its own paragraph number when the report
 * numbers its recommendations (SIF), otherwise the paragraph its text cites ("(paragraph 25)",
 * "(paragraphs 25 and 27)"); null when neither is known.
 */
export function ofstedParagraph(paragraphNumber: string | null, text: string): string | null {
  if (paragraphNumber && paragraphNumber.trim()) return paragraphNumber.trim();
  const cited = /\(\s*(?:see\s+)?paragraphs?\s+([0-9]+(?:[0-9, and&-]*[0-9])?)\s*\)/i.exec(text);
  if (!cited) return null;
  return cited[1].replace(/\s+/g, " ").trim();
}

/**
 * An action's title as the pack prints it: in full. Actions made from a report's recommendations
 * are titled with the recommendation's first sentence, cut near 120 characters with "…" (see
 * actionTitleFromRecommendation); a board paper prints the whole sentence instead, from the
 * recommendation's text as it is now or, where a lead has since corrected it, as it was extracted.
 * Any other title, including one a person wrote ending in "…", is printed as it is.
 */
export function fullActionTitle(title: string, recommendationText: string, extractedText?: string | null): string {
  if (!title.endsWith("…")) return title;
  const stem = title.slice(0, -1);
  for (const text of [recommendationText, extractedText]) {
    if (!text) continue;
    const sentence = (text.split(/(?<=\.)\s/)[0] ?? text).replace(/\s+/g, " ").trim();
    const whole = sentence.charAt(0).toUpperCase() + sentence.slice(1);
    if (stem.length > 0 && whole.startsWith(stem) && whole.length > stem.length) return whole;
  }
  return title;
}
