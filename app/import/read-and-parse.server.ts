/**
 * One untrusted document, uploaded or pasted, to its text and parsed report: what a reading
 * worker does (read-worker.ts). Every cost is bounded by the limits; a document that breaks
 * one comes back with a reason naming it.
 */
import { parseReportText } from "./parse-report";
import {
  DEFAULT_READ_LIMITS,
  readReport,
  type ReadReportLimits,
  type ReportFormat,
  textLengthRefusal,
} from "./read-file.server";
import { formatCount, READ_LIMITS } from "./read-limits";
import type { ParsedReport } from "./types";

export type ReadSource = { kind: "file"; bytes: Uint8Array; fileName: string } | { kind: "text"; text: string };

/** A refusal's reason reads after "The file “name” " or "The pasted text ". */
export type ReadOutcome =
  { ok: true; text: string; format: ReportFormat; report: ParsedReport } | { ok: false; reason: string };

export interface ParseLimits extends ReadReportLimits {
  recommendations: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  ...DEFAULT_READ_LIMITS,
  recommendations: READ_LIMITS.recommendations,
};

export async function readAndParse(
  source: ReadSource,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): Promise<ReadOutcome> {
  let text: string;
  let format: ReportFormat;
  if (source.kind === "file") {
    const read = await readReport(source.bytes, source.fileName, limits);
    if (!read.ok) return read;
    ({ text, format } = read);
  } else {
    const tooLong = textLengthRefusal(source.text, limits.textCharacters);
    if (tooLong) return { ok: false, reason: tooLong };
    text = source.text;
    format = "text";
  }
  const report = parseReportText(text);
  if (report.recommendations.length > limits.recommendations) {
    return {
      ok: false,
      reason:
        `has ${formatCount(report.recommendations.length)} recommendations; a report has at most ` +
        `${formatCount(limits.recommendations)} (check it holds one report, pasted once), so it was not read`,
    };
  }
  return { ok: true, text, format, report };
}
