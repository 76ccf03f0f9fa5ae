/**
 * parse-report: prints what the parser finds in one or more report files.
 *   npm run --silent parse-report -- FILE [FILE...]
 * Files may be PDF, Word .docx or text, told apart by content.
 * One file: a pretty-printed JSON object. Several: one compact JSON object per line with
 * a `file` field. Exit 1 (after printing the rest) if any file cannot be read or has no
 * recommendations, with a one-line reason per file on stderr.
 */
import { computeDueDate, DEFAULT_IMMEDIATE_GRACE_DAYS } from "../domain/due-dates";
import { parseReportText } from "./parse-report";
import { readReportFile } from "./read-file.server";
import type { ParsedReport } from "./types";

function toOutput(report: ParsedReport) {
  return {
    localAuthority: report.localAuthority,
    kind: report.kind,
    inspectionStart: report.inspectionStart,
    inspectionEnd: report.inspectionEnd,
    published: report.published,
    judgements: report.judgements.map(({ section, area, grade }) => ({ section, area, grade })),
    recommendations: report.recommendations.map(
      ({ section, timescale, heading, text, agencies, priority, paragraphNumber, frameworkReferences }) => ({
        section,
        timescale,
        heading,
        text,
        agencies,
        dueDate: computeDueDate({
          timescale,
          basisDate: report.published,
          immediateGraceDays: DEFAULT_IMMEDIATE_GRACE_DAYS,
        }).dueDate,
        priority,
        paragraphNumber,
        frameworkReferences,
      }),
    ),
    warnings: report.warnings,
  };
}

async function main(files: string[]): Promise<number> {
  if (files.length === 0) {
    process.stderr.write("usage: npm run --silent parse-report -- FILE [FILE...]\n");
    return 2;
  }
  let failed = false;
  for (const file of files) {
    const read = await readReportFile(file);
    if (!read.ok) {
      process.stderr.write(`${file}: ${read.reason}\n`);
      failed = true;
      continue;
    }
    const report = parseReportText(read.text);
    if (report.recommendations.length === 0) {
      process.stderr.write(`${file}: no recommendations found (kind: ${report.kind})\n`);
      failed = true;
      continue;
    }
    const output = toOutput(report);
    process.stdout.write(
      files.length === 1 ? `${JSON.stringify(output, null, 2)}\n` : `${JSON.stringify({ file, ...output })}\n`,
    );
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
