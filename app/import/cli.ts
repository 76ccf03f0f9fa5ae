/**
 * parse-report: prints what the parser finds in one or more report files.
 *   npm run --silent parse-report -- FILE [FILE...]
 *   npm run --silent parse-report -- --audit DIR
 *   npm run --silent parse-report -- --score DIR
 * Files may be PDF, Word .docx or text, told apart by content.
 *
 * One file: a pretty-printed JSON object. Several: one compact JSON object per line with
 * a `file` field. A report with no recommendations (an outstanding short inspection, a
 * visit with nothing to improve) prints its JSON with an empty list and a warning on
 * stderr. Exit 1 (after printing the rest) if any file cannot be read, with a one-line
 * reason per file on stderr.
 *
 * --audit DIR reads every PDF, .docx and .txt in DIR and lists, per file, what no correct
 * extraction can contain (see audit.ts), then a summary line; exit 1 if anything is listed.
 * --score DIR scores the reader against every `*.expected.json` in DIR (beside a report of
 * the same name) and prints precision, recall, F1 and field agreement.
 */
import fs from "node:fs";
import path from "node:path";

import { computeDueDate, DEFAULT_IMMEDIATE_GRACE_DAYS } from "../domain/due-dates";
import { auditReport, type AuditFinding } from "./audit";
import { withoutPageFurniture } from "./furniture";
import { normaliseLines } from "./lines";
import { parseReportLines } from "./parse-report";
import { readReportFile } from "./read-file.server";
import { scoreReport, summariseScores, type ExpectedRecommendation, type ReportScore } from "./score";
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

const REPORT_FILE = /\.(?:pdf|docx|txt)$/i;

function reportFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => REPORT_FILE.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

async function parseFiles(files: string[]): Promise<number> {
  let failed = false;
  for (const file of files) {
    const read = await readReportFile(file);
    if (!read.ok) {
      process.stderr.write(`${file}: ${read.reason}\n`);
      failed = true;
      continue;
    }
    const report = parseReportLines(normaliseLines(read.text));
    if (report.recommendations.length === 0) {
      process.stderr.write(`${file}: warning: no recommendations found (kind: ${report.kind})\n`);
    }
    const output = toOutput(report);
    process.stdout.write(
      files.length === 1 ? `${JSON.stringify(output, null, 2)}\n` : `${JSON.stringify({ file, ...output })}\n`,
    );
  }
  return failed ? 1 : 0;
}

async function audit(dir: string): Promise<number> {
  const files = reportFiles(dir);
  const counts = new Map<AuditFinding["kind"], number>();
  let withFindings = 0;
  let unreadable = 0;
  let items = 0;
  for (const file of files) {
    const name = path.basename(file);
    const read = await readReportFile(file);
    if (!read.ok) {
      process.stdout.write(`${name}: unreadable: ${read.reason}\n`);
      unreadable += 1;
      continue;
    }
    const lines = normaliseLines(read.text);
    const report = parseReportLines(lines);
    items += report.recommendations.length;
    const findings = auditReport(report, withoutPageFurniture(lines));
    if (findings.length === 0) continue;
    withFindings += 1;
    process.stdout.write(`${name} (${report.kind}, ${report.recommendations.length} items)\n`);
    for (const finding of findings) {
      counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
      const where = finding.item === null ? "" : ` item ${finding.item + 1}`;
      process.stdout.write(`  ${finding.kind}${where}: ${finding.message}\n`);
    }
  }
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const byKind = [...counts.entries()].map(([kind, count]) => `${kind} ${count}`).join(", ");
  process.stdout.write(
    `audit: ${files.length} files, ${items} items, ${total} findings in ${withFindings} files` +
      `${byKind ? ` (${byKind})` : ""}, ${unreadable} unreadable\n`,
  );
  return total > 0 || unreadable > 0 ? 1 : 0;
}

interface ExpectedFile {
  recommendations: ExpectedRecommendation[];
}

async function score(dir: string): Promise<number> {
  const expectedFiles = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".expected.json"))
    .sort();
  const scores: ReportScore[] = [];
  for (const name of expectedFiles) {
    const base = name.replace(/\.expected\.json$/, "");
    const report = ["pdf", "docx", "txt"]
      .map((ext) => path.join(dir, `${base}.${ext}`))
      .find((file) => fs.existsSync(file));
    if (!report) {
      process.stdout.write(`${name}: no report file beside it\n`);
      continue;
    }
    const read = await readReportFile(report);
    if (!read.ok) {
      process.stdout.write(`${name}: ${read.reason}\n`);
      continue;
    }
    const expected = (JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as ExpectedFile).recommendations;
    const result = scoreReport(expected, parseReportLines(normaliseLines(read.text)).recommendations);
    scores.push(result);
    const ok = result.missing.length === 0 && result.extra.length === 0 && result.mismatches.length === 0;
    process.stdout.write(
      `${ok ? "ok  " : "FAIL"} ${base}: ${result.matched}/${result.expected} matched, ${result.found} found\n`,
    );
    for (const text of result.missing) process.stdout.write(`     missing: ${text.slice(0, 140)}\n`);
    for (const text of result.extra) process.stdout.write(`     extra:   ${text.slice(0, 140)}\n`);
    for (const { text, field, expected: want, found } of result.mismatches) {
      process.stdout.write(
        `     ${field}: expected ${JSON.stringify(want)}, found ${JSON.stringify(found)} (${text.slice(0, 60)})\n`,
      );
    }
  }
  const summary = summariseScores(scores);
  const figure = (value: number) => value.toFixed(3);
  const fields = Object.entries(summary.fieldsAgree)
    .map(([field, value]) => `${field} ${figure(value)}`)
    .join(", ");
  process.stdout.write(
    `score: ${scores.length} reports, precision ${figure(summary.precision)}, recall ${figure(summary.recall)}, ` +
      `F1 ${figure(summary.f1)}, agencies ${figure(summary.agencies)} (fields: ${fields})\n`,
  );
  return summary.f1 === 1 && Object.values(summary.fieldsAgree).every((value) => value === 1) ? 0 : 1;
}

async function main(args: string[]): Promise<number> {
  const usage = "usage: npm run --silent parse-report -- FILE [FILE...] | --audit DIR | --score DIR\n";
  if (args[0] === "--audit" || args[0] === "--score") {
    const dir = args[1];
    if (!dir || args.length > 2 || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      process.stderr.write(dir ? `${dir}: not a folder\n` : usage);
      return 2;
    }
    return args[0] === "--audit" ? audit(dir) : score(dir);
  }
  if (args.length === 0) {
    process.stderr.write(usage);
    return 2;
  }
  return parseFiles(args);
}

process.exitCode = await main(process.argv.slice(2));
