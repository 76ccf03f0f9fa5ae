/**
 * Judgements: the SLAC/2013 "Record of main findings" table and the ILACS judgement
 * table ("Judgement  Grade" then one row per area, "Overall effectiveness" last).
 */
import { isBlank, isContentsLine, type ReportLine } from "./lines";
import type { ParsedJudgement, ReportKind, Section } from "./types";

const SLAC_GRADE = /^(outstanding|good|adequate|inadequate)$/i;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Splits a table row into its label and grade cells (tab- or wide-space-separated). */
function cells(line: ReportLine): string[] {
  return line.raw
    .trim()
    .split(/\t+|\s{2,}/)
    .map((cell) => cell.replace(/\*+/g, "").trim())
    .filter(Boolean);
}

/**
 * "Record of main findings": rows "area<TAB>grade" under group rows without a grade.
 * The table restarts at "Overall effectiveness" for looked after children; a stray
 * "Services for looked after children" group row elsewhere (Hammersmith and Fulham
 * 2011) does not change the section.
 */
function recordOfMainFindings(lines: ReportLine[], kind: ReportKind): ParsedJudgement[] {
  const start = lines.findIndex((line) => /^record of main findings:?$/i.test(line.text) && !isContentsLine(line));
  if (start === -1) return [];
  const judgements: ParsedJudgement[] = [];
  let section: Section = kind === "lac_2013" ? "looked_after_children" : "safeguarding";
  let pendingLookedAfter = false;
  for (const line of lines.slice(start + 1)) {
    if (isBlank(line)) {
      if (judgements.length > 0) break;
      continue;
    }
    const [area, grade, ...rest] = cells(line);
    if (grade === undefined || rest.length > 0 || !SLAC_GRADE.test(grade)) {
      if (grade === undefined && /^services for looked after children$/i.test(area)) pendingLookedAfter = true;
      else if (grade !== undefined) break;
      continue;
    }
    if (pendingLookedAfter && /^overall effectiveness$/i.test(area)) section = "looked_after_children";
    pendingLookedAfter = false;
    judgements.push({ section, area, grade: capitalise(grade.toLowerCase()) });
  }
  return judgements;
}

/** The ILACS table: header "Judgement  Grade", then rows until a blank line after the last row. */
function ilacsJudgementTable(lines: ReportLine[]): ParsedJudgement[] {
  const start = lines.findIndex((line) => /^judgement\s+grade$/i.test(line.text.replace(/\t/g, " ")));
  if (start === -1) return [];
  const judgements: ParsedJudgement[] = [];
  for (const line of lines.slice(start + 1)) {
    if (isBlank(line)) {
      if (judgements.length > 0) break;
      continue;
    }
    const [area, grade, ...rest] = cells(line);
    if (grade === undefined || rest.length > 0) break;
    judgements.push({ section: null, area, grade: capitalise(grade) });
  }
  return judgements;
}

const GRADE_WORDS = new Set([
  "requires",
  "require",
  "improvement",
  "to",
  "be",
  "good",
  "inadequate",
  "outstanding",
  "adequate",
]);
const FULL_GRADE = /^(?:outstanding|good|adequate|inadequate|requires? improvement(?: to be good)?)$/i;
/** Where a grade is stated in a sentence ("The overall judgement is inadequate"). */
const GRADE_IN_SENTENCE = String.raw`(outstanding|good|adequate|inadequate|requires? improvement(?: to be good)?)`;

function isGradeFragment(text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every((word) => GRADE_WORDS.has(word));
}

interface Cell {
  text: string;
  column: number;
}

function positionedCells(line: ReportLine): Cell[] {
  const result: Cell[] = [];
  for (const match of line.raw.matchAll(/\S+(?: \S+)*/g)) {
    const text = match[0].replace(/\*+/g, "").trim();
    if (text) result.push({ text, column: match.index ?? 0 });
  }
  return result;
}

interface Row {
  label: string[];
  grade: string[];
}

/**
 * A two-column judgement table laid out as text: each row a label (wrapped over lines
 * that continue in lower case, numbered "2.1" in SIF reports) and a grade in the right
 * column, which may wrap too and sit above, beside or below the label's first line.
 */
function judgementTable(lines: ReportLine[]): ParsedJudgement[] {
  const rows: Row[] = [];
  let row: Row | null = null;
  const close = () => {
    if (row && (row.label.length > 0 || row.grade.length > 0)) rows.push(row);
    row = null;
  };
  for (const line of lines) {
    if (isBlank(line)) {
      close();
      continue;
    }
    if (/^judgement\s+grade$/i.test(line.text.replace(/\t/g, " ")) || /^key judgement/i.test(line.text)) continue;
    const cells = positionedCells(line);
    let label = "";
    let grade = "";
    if (cells.length >= 2 && isGradeFragment(cells[cells.length - 1].text)) {
      label = cells
        .slice(0, -1)
        .map((cell) => cell.text)
        .join(" ");
      grade = cells[cells.length - 1].text;
    } else if (cells.length === 1 && cells[0].column >= 30 && isGradeFragment(cells[0].text)) {
      grade = cells[0].text;
    } else {
      label = cells.map((cell) => cell.text).join(" ");
    }
    const current = row as Row | null;
    if (label && /^[A-Z0-9]/.test(label) && current && current.label.length > 0) close();
    if (
      grade &&
      /^[A-Z]/.test(grade) &&
      row &&
      (row as Row).grade.length > 0 &&
      FULL_GRADE.test((row as Row).grade.join(" "))
    ) {
      close();
    }
    row ??= { label: [], grade: [] };
    if (label) row.label.push(label);
    if (grade) row.grade.push(grade);
  }
  close();
  const judgements: ParsedJudgement[] = [];
  for (const { label, grade } of rows) {
    const area = label
      .join(" ")
      .replace(/^\d+(?:\.\d+)*\.?\s+/, "")
      .replace(/\s+/g, " ")
      .trim();
    const gradeText = grade.join(" ").replace(/\s+/g, " ").trim();
    if (!area || area.length > 120 || /[.:]$/.test(area) || !FULL_GRADE.test(gradeText)) continue;
    judgements.push({ section: null, area, grade: capitalise(gradeText) });
  }
  return judgements;
}

/** The lines of the first page (up to the first page break), or the first 80 lines. */
function firstPage(lines: ReportLine[]): ReportLine[] {
  const end = lines.findIndex((line, index) => index > 0 && line.pageBreak);
  return lines.slice(0, end === -1 ? 80 : end);
}

function paragraphText(lines: ReportLine[]): string {
  return lines
    .map((line) => line.text)
    .join(" ")
    .replace(/\s+/g, " ");
}

/** "The overall judgement is inadequate", "Children's services in Tameside are inadequate". */
function overallSentence(text: string): string | null {
  const match =
    new RegExp(
      String.raw`overall judgement is (?:that )?(?:children['’]s services (?:in [A-Z][\w -]* )?(?:are )?)?${GRADE_IN_SENTENCE}`,
      "i",
    ).exec(text) ??
    new RegExp(String.raw`children['’]s services in [A-Z][\w -]*? (?:are|is) ${GRADE_IN_SENTENCE}`, "i").exec(text) ??
    // "Children’s services in Cheshire East require improvement to be good".
    new RegExp(String.raw`children['’]s services in [A-Z][\w -]*? (requires? improvement(?: to be good)?)`, "i").exec(
      text,
    );
  return match ? capitalise(match[1].toLowerCase()) : null;
}

/** "The effectiveness of the Local Safeguarding Children Board (LSCB) is inadequate", "The Local Safeguarding Children Board requires improvement". */
function lscbSentence(text: string): string | null {
  const match = new RegExp(
    String.raw`(?:effectiveness of the (?:local safeguarding children board|lscb)(?: \([A-Z]*SCB\))? is|the local safeguarding children board(?: \([A-Z]*SCB\))?(?: is)?) ${GRADE_IN_SENTENCE}\b`,
    "i",
  ).exec(text);
  return match ? capitalise(match[1].toLowerCase()) : null;
}

function sifJudgements(lines: ReportLine[], kind: ReportKind): ParsedJudgement[] {
  const page = firstPage(lines);
  const judgements: ParsedJudgement[] = [];
  const overall = overallSentence(paragraphText(page));
  if (overall) judgements.push({ section: null, area: "Overall effectiveness", grade: overall });
  if (kind === "sif") judgements.push(...judgementTable(page));
  // Only the lines that name the board, each with the line after it (the grade may wrap).
  const aboutBoard = lines
    .map((line, at) =>
      /safeguarding children|lscb/i.test(line.text) ? `${line.text} ${lines[at + 1]?.text ?? ""}` : null,
    )
    .filter((text): text is string => text !== null)
    .join(" | ");
  const lscb = lscbSentence(aboutBoard.replace(/\s+/g, " "));
  if (lscb) judgements.push({ section: "lscb", area: "Local Safeguarding Children Board", grade: lscb });
  return judgements;
}

/** The 2013 looked-after-children table under "Record of main findings", as laid out in a PDF. */
function lacRecordOfMainFindings(lines: ReportLine[]): ParsedJudgement[] {
  const start = lines.findIndex((line) => /^record of main findings:?$/i.test(line.text) && !isContentsLine(line));
  if (start === -1) return [];
  const end = lines.findIndex((line, index) => index > start && line.pageBreak);
  return judgementTable(lines.slice(start + 1, end === -1 ? undefined : end))
    .filter((judgement) => !/^services for/i.test(judgement.area))
    .map((judgement) => ({ ...judgement, section: "looked_after_children" as const }));
}

export function extractJudgements(lines: ReportLine[], kind: ReportKind): ParsedJudgement[] {
  if (kind === "slac") return recordOfMainFindings(lines, kind);
  if (kind === "lac_2013") {
    const tabbed = recordOfMainFindings(lines, kind);
    const laidOut = lacRecordOfMainFindings(lines);
    return laidOut.length > tabbed.length ? laidOut : tabbed;
  }
  if (kind === "ilacs" || kind === "ilacs_short") {
    const tabbed = ilacsJudgementTable(lines);
    const laidOut = judgementTable(firstPage(lines));
    return laidOut.length > tabbed.length ? laidOut : tabbed;
  }
  if (kind === "sif" || kind === "other") return sifJudgements(lines, kind);
  return [];
}
