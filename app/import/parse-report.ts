/**
 * Report text -> structured report. Pure: text in, data out. The pipeline is
 * normalised lines -> front matter and kind -> judgements -> recommendations.
 */
import { boardAbbreviation } from "./agencies";
import { withoutPageFurniture } from "./furniture";
import { extractJudgements } from "./judgements";
import { normaliseLines, type ReportLine } from "./lines";
import { extractMetadata } from "./metadata";
import { extractRecommendations } from "./recommendations";
import type { ParsedReport, ParseWarning } from "./types";

export function parseReportLines(lines: ReportLine[]): ParsedReport {
  const { title, localAuthority, kind, inspectionStart, inspectionEnd, published } = extractMetadata(lines);
  // Running headers, page numbers and footnotes can fall inside a table or a list.
  const body = withoutPageFurniture(lines);
  const judgements = extractJudgements(body, kind);
  // An LSCB review on its own is one part; a SIF report's LSCB part names its own board.
  const { recommendations, warnings: itemWarnings } = extractRecommendations(
    body,
    kind,
    kind === "other" ? { boardAbbreviation: boardAbbreviation(body) } : {},
  );

  const warnings: ParseWarning[] = [];
  const note = (message: string) => warnings.push({ message, recommendationIndex: null, line: null });
  if (kind === "other") note("report kind not recognised; sections and timescales may be missing");
  if (!localAuthority) note("no local authority name found");
  if (!inspectionStart) note("no inspection dates found");
  if (!published) note("no publication date found");
  if (recommendations.length === 0) note("no recommendations found");
  warnings.push(...itemWarnings);

  return {
    title,
    localAuthority,
    kind,
    inspectionStart,
    inspectionEnd,
    published,
    judgements,
    recommendations,
    warnings,
  };
}

export function parseReportText(text: string): ParsedReport {
  return parseReportLines(normaliseLines(text));
}
