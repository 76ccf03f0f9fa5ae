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

export function extractJudgements(lines: ReportLine[], kind: ReportKind): ParsedJudgement[] {
  if (kind === "slac" || kind === "lac_2013") return recordOfMainFindings(lines, kind);
  if (kind === "ilacs" || kind === "ilacs_short") return ilacsJudgementTable(lines);
  return [];
}
