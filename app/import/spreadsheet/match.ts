/**
 * Finds which of an inspection's recommendations a plan row belongs to, from what the plan's
 * "Ofsted paragraph" or "area for improvement" cell says. In order:
 * 1. a reference the app gave the recommendation ("SG-3M-2", "WNI-1"), anywhere at the start;
 * 2. a number written as a paragraph ("para 27", "paragraph 27", "27.", "¶27") against the
 *    report's paragraph numbers, or as a recommendation number ("Rec 3", "Recommendation 3",
 *    a bare "3") against the recommendations' order in the report;
 * 3. the words: the recommendation whose text shares the most words with the cell.
 *
 * Text similarity is the Dice coefficient of the two sets of significant words (lower case, no
 * stop words, crude suffix stripping): 2|A∩B| / (|A|+|B|). A match needs at least
 * {@link MIN_SHARED_WORDS} shared words and either a similarity of {@link MIN_SIMILARITY} or
 * nearly all the cell's words found in the recommendation ({@link MIN_CONTAINMENT}, for cells
 * that quote only part of it); and it must beat the runner-up by {@link MIN_MARGIN}, otherwise the
 * row is reported as ambiguous. Deterministic: ties go to the earlier recommendation.
 */

export interface MatchableRecommendation {
  id: number;
  reference: string;
  paragraphNumber: string | null;
  /** 0-based order in the report. */
  position: number;
  text: string;
}

export type MatchMethod = "reference" | "paragraph" | "position" | "text";

export type RecommendationMatch =
  | { ok: true; recommendationId: number; reference: string; method: MatchMethod; similarity: number | null }
  | { ok: false; reason: "blank" | "no_match" | "ambiguous"; candidates: string[] };

export const MIN_SIMILARITY = 0.5;
export const MIN_CONTAINMENT = 0.8;
export const MIN_SHARED_WORDS = 3;
export const MIN_MARGIN = 0.1;

const STOP_WORDS = new Set(
  "a an and are as at be by for from has have in into is it its of on or that the their them there these they this to was were which will with within all any ensure ensuring including so than such should must".split(
    " ",
  ),
);

function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  for (const suffix of ["ing", "ed", "es", "s"]) {
    if (word.length - suffix.length >= 4 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

export function significantWords(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/[’']s\b/g, "")
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w) && !/^\d+$/.test(w));
  return new Set(words.map(stem));
}

function normaliseReference(text: string): string {
  return text
    .toUpperCase()
    .replace(/[\u2010-\u2015]/g, "-")
    .replace(/\s*-\s*/g, "-");
}

function byReference(text: string, recs: readonly MatchableRecommendation[]): MatchableRecommendation | undefined {
  const head = normaliseReference(text).split(/[\s:;,.)(]+/)[0] ?? "";
  return recs.find((r) => normaliseReference(r.reference) === head);
}

const PARAGRAPH = /^(?:para(?:graph)?s?\.?\s*|¶\s*|p\.?\s*)(\d{1,4})\b/i;
const NUMBERED_PARAGRAPH = /^(\d{1,4})\.(?!\d)/;
const POSITION = /^(?:rec(?:ommendation)?s?\.?\s*(?:no\.?\s*)?|no\.?\s*|#\s*)?(\d{1,3})$/i;

function byNumber(
  text: string,
  recs: readonly MatchableRecommendation[],
): { rec: MatchableRecommendation; method: MatchMethod } | undefined {
  const paragraph = PARAGRAPH.exec(text) ?? NUMBERED_PARAGRAPH.exec(text);
  if (paragraph) {
    const rec = recs.find((r) => r.paragraphNumber !== null && r.paragraphNumber.replace(/\.$/, "") === paragraph[1]);
    if (rec) return { rec, method: "paragraph" };
  }
  const position = POSITION.exec(text) ?? NUMBERED_PARAGRAPH.exec(text);
  if (position) {
    const n = Number(position[1]);
    const rec = [...recs].sort((a, b) => a.position - b.position)[n - 1];
    if (rec) return { rec, method: "position" };
    const paragraphRec = recs.find(
      (r) => r.paragraphNumber !== null && r.paragraphNumber.replace(/\.$/, "") === position[1],
    );
    if (paragraphRec) return { rec: paragraphRec, method: "paragraph" };
  }
  return undefined;
}

function byText(text: string, recs: readonly MatchableRecommendation[]): RecommendationMatch {
  const words = significantWords(text);
  if (words.size < MIN_SHARED_WORDS) return { ok: false, reason: "no_match", candidates: [] };
  const scored = recs
    .map((rec) => {
      const recWords = significantWords(rec.text);
      let shared = 0;
      for (const w of words) if (recWords.has(w)) shared += 1;
      const similarity = (2 * shared) / (words.size + recWords.size);
      const containment = shared / words.size;
      return { rec, shared, similarity, containment };
    })
    .filter((s) => s.shared >= MIN_SHARED_WORDS && (s.similarity >= MIN_SIMILARITY || s.containment >= MIN_CONTAINMENT))
    // Containment first (a cell quoting part of a recommendation), then overall similarity.
    .sort((a, b) => b.containment - a.containment || b.similarity - a.similarity || a.rec.position - b.rec.position);
  const [best, second] = scored;
  if (!best) return { ok: false, reason: "no_match", candidates: [] };
  if (
    second &&
    best.containment - second.containment < MIN_MARGIN &&
    best.similarity - second.similarity < MIN_MARGIN
  ) {
    return { ok: false, reason: "ambiguous", candidates: scored.slice(0, 3).map((s) => s.rec.reference) };
  }
  return {
    ok: true,
    recommendationId: best.rec.id,
    reference: best.rec.reference,
    method: "text",
    similarity: round(best.similarity),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Which recommendation a cell names, or why none (see the module comment for the rules). */
export function matchRecommendation(cell: string, recs: readonly MatchableRecommendation[]): RecommendationMatch {
  const text = cell.replace(/\s+/g, " ").trim();
  if (text === "") return { ok: false, reason: "blank", candidates: [] };
  const reference = byReference(text, recs);
  if (reference)
    return {
      ok: true,
      recommendationId: reference.id,
      reference: reference.reference,
      method: "reference",
      similarity: null,
    };

  // A short cell is a number or a label; a long one is the recommendation's words, perhaps numbered.
  const short = text.split(" ").length <= 3;
  if (short) {
    const numbered = byNumber(text, recs);
    if (numbered)
      return {
        ok: true,
        recommendationId: numbered.rec.id,
        reference: numbered.rec.reference,
        method: numbered.method,
        similarity: null,
      };
  }
  const textMatch = byText(text, recs);
  if (textMatch.ok || short) return textMatch;
  const numbered = byNumber(text, recs);
  if (numbered)
    return {
      ok: true,
      recommendationId: numbered.rec.id,
      reference: numbered.rec.reference,
      method: numbered.method,
      similarity: null,
    };
  return textMatch;
}
