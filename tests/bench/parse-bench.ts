/**
 * npm run bench:parse — milliseconds per report for the text and PDF paths, and the PDF
 * path against `pdftotext -layout` (poppler-utils) on the same files. Run by hand, not in CI.
 *
 *   text path: parseReportText on the text the PDF reader produced (parser only)
 *   PDF path:  readReport (pdfjs text layer + layout) then parseReportText
 *   pdftotext: `pdftotext -layout FILE -` per file (process start included), for scale
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { parseReportText } from "../../app/import/parse-report";
import { readReport } from "../../app/import/read-file.server";

const DIR = path.resolve(process.argv[2] ?? "db/fixtures/reports/pdf");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function hasPdftotext(): boolean {
  return spawnSync("pdftotext", ["-v"], { encoding: "utf8" }).error === undefined;
}

function best(times: number[]): number {
  return Math.min(...times);
}

async function main() {
  const files = fs
    .readdirSync(DIR)
    .filter((name) => name.toLowerCase().endsWith(".pdf"))
    .sort();
  if (files.length === 0) {
    console.error(`No PDFs in ${DIR}`);
    return 1;
  }
  const poppler = hasPdftotext();
  if (!poppler) {
    console.error(
      "pdftotext was not found, so the comparison column is skipped. Install it with: apt-get install poppler-utils",
    );
  }

  // Warm up pdfjs (module load) so the first file is not charged for it.
  await readReport(new Uint8Array(fs.readFileSync(path.join(DIR, files[0]))));

  const rows: { file: string; pages: number; text: number; pdf: number; poppler: number | null }[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, file)));
    const pdfTimes: number[] = [];
    let text = "";
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const read = await readReport(bytes);
      if (!read.ok) throw new Error(`${file}: ${read.reason}`);
      parseReportText(read.text);
      pdfTimes.push(performance.now() - started);
      text = read.text;
    }
    const textTimes: number[] = [];
    for (let round = 0; round < ROUNDS * 3; round++) {
      const started = performance.now();
      parseReportText(text);
      textTimes.push(performance.now() - started);
    }
    let popplerTime: number | null = null;
    if (poppler) {
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const started = performance.now();
        execFileSync("pdftotext", ["-layout", path.join(DIR, file), "-"], { maxBuffer: 64 * 1024 * 1024 });
        times.push(performance.now() - started);
      }
      popplerTime = best(times);
    }
    rows.push({
      file,
      pages: text.split("\f").length,
      text: best(textTimes),
      pdf: best(pdfTimes),
      poppler: popplerTime,
    });
  }

  const pad = (value: string, width: number) => value.padStart(width);
  console.log(`${"file".padEnd(44)}${pad("pages", 6)}${pad("text ms", 10)}${pad("pdf ms", 10)}${pad("pdftotext ms", 14)}${pad("pdf/pdftotext", 15)}`);
  for (const row of rows) {
    console.log(
      `${row.file.padEnd(44)}${pad(String(row.pages), 6)}${pad(row.text.toFixed(1), 10)}${pad(row.pdf.toFixed(1), 10)}${pad(
        row.poppler === null ? "-" : row.poppler.toFixed(1),
        14,
      )}${pad(row.poppler === null ? "-" : `${(row.pdf / row.poppler).toFixed(1)}x`, 15)}`,
    );
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const text = mean(rows.map((row) => row.text));
  const pdf = mean(rows.map((row) => row.pdf));
  console.log("");
  console.log(`text path: ${text.toFixed(1)} ms per report (parser only, ${rows.length} reports, best of ${ROUNDS * 3})`);
  console.log(`PDF path:  ${pdf.toFixed(1)} ms per report (read + parse, best of ${ROUNDS})`);
  if (poppler) {
    const popplerMean = mean(rows.map((row) => row.poppler ?? 0));
    console.log(`pdftotext -layout: ${popplerMean.toFixed(1)} ms per report; PDF path / pdftotext = ${(pdf / popplerMean).toFixed(1)}x`);
  }
  return 0;
}

process.exitCode = await main();
