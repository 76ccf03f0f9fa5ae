/**
 * Report text -> structured report. Pure: text in, data out. The pipeline is
 * normalised lines -> front matter and kind -> judgements -> recommendations.
 */
import { extractJudgements } from "./judgements";
import { normaliseLines, type ReportLine } from "./lines";
import { extractMetadata } from "./metadata";
import { extractRecommendations } from "./recommendations";
import type { ParsedReport, ParseWarning } from "./types";

export function parseReportLines(lines: ReportLine[]): ParsedReport {
  const { title, localAuthority, kind, inspectionStart, inspectionEnd, published } = extractMetadata(lines);
  const judgements = extractJudgements(lines, kind);
  const { recommendations, warnings: itemWarnings } = extractRecommendations(lines, kind);

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
