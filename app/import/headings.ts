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
  /** A part of the report (safeguarding services, services for looked after children). */
  | { type: "part"; section: Section };

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

const PART_HEADINGS: { pattern: RegExp; section: Section }[] = [
  { pattern: /^safeguarding services$/i, section: "safeguarding" },
  { pattern: /^services for looked after children$/i, section: "looked_after_children" },
  // The LSCB part of a SIF report or an LSCB review: "Section 2: The effectiveness of the
  // Local Safeguarding Children Board", "The Local Safeguarding Children Board (LSCB)",
  // "Inspection of the effectiveness of the local safeguarding children board".
  {
    pattern: new RegExp(
      String.raw`^(?:section \d+:?\s*)?(?:the\s+)?(?:(?:review|inspection) of\s+)?(?:the\s+)?(?:effectiveness of\s+)?(?:the\s+)?${LSCB_NAME}$`,
      "i",
    ),
    section: "lscb",
  },
  { pattern: /^what does the (?:lscb|board|local safeguarding children board) need to improve\??$/i, section: "lscb" },
  { pattern: /^(?:section \d+:?\s*)?the local authority$/i, section: null },
  { pattern: /^what does the local authority need to improve\??$/i, section: null },
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
  for (const { pattern, section } of PART_HEADINGS) {
    if (pattern.test(text)) return { type: "part", section };
  }
  const agencies = parseOwnerHeading(text);
  if (agencies) return { type: "owner", heading: text, agencies };
  return null;
}

/** "There are no areas for priority action." and the like: never a recommendation. */
export function isNegativeStatement(text: string): boolean {
  return /^(?:\d+\.\s*)?there (?:are|is|were|was) no\b/i.test(text.trim());
}

/** The sentence that introduces a list ("24. In order to improve ..., should take the following action."). */
export function isLeadIn(text: string): boolean {
  return (
    /\b(?:in order to improve|the following action|the following areas|should take the following)\b/i.test(text) ||
    /:$/.test(text.trim())
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
