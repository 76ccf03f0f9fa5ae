import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const TSX = path.resolve("node_modules/.bin/tsx");
const CLI = path.resolve("app/import/cli.ts");
const fixture = (name: string) => path.resolve("db/fixtures/reports", name);

function parseReport(...files: string[]) {
  const result = spawnSync(TSX, [CLI, ...files], { encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "parse-report-"));
  fs.writeFileSync(path.join(tmp, "empty.txt"), "  \n\n");
  fs.writeFileSync(path.join(tmp, "binary.txt"), Buffer.from([0x48, 0x00, 0x01, 0x02, 0xff]));
  fs.writeFileSync(path.join(tmp, "report.pdf"), "%PDF-1.4\n");
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

// Each case starts the CLI in a new process; allow for a busy machine.
describe("parse-report CLI", { timeout: 60_000 }, () => {
  it("prints one report as a JSON object with due dates from the publication date", () => {
    const { status, stdout, stderr } = parseReport(fixture("hackney-2012-slac.txt"));
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual([
      "localAuthority",
      "kind",
      "inspectionStart",
      "inspectionEnd",
      "published",
      "judgements",
      "recommendations",
      "warnings",
    ]);
    expect(report.published).toBe("2012-07-10");
    expect(report.judgements).toHaveLength(22);
    expect(report.recommendations).toHaveLength(12);
    expect(report.recommendations[0]).toEqual({
      section: "safeguarding",
      timescale: "immediately",
      heading: "Immediately:",
      text: "ensure that all copies of criminal records bureau certificates are removed from staff files in the council within six months of receipt of a completed check to ensure compliance with statutory guidance.",
      agencies: [],
      dueDate: "2012-08-07",
      priority: false,
      paragraphNumber: null,
      frameworkReferences: [],
    });
    expect(report.recommendations[1].dueDate).toBe("2012-10-10");
    expect(report.recommendations[11].dueDate).toBe("2013-01-10");
  });

  it("gives no due date where the report gives no timescale or publication date", () => {
    const { status, stdout } = parseReport(fixture("hackney-2024-ilacs.txt"));
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.recommendations.map((recommendation: { dueDate: string | null }) => recommendation.dueDate)).toEqual([
      null,
      null,
      null,
    ]);
    expect(report.warnings).toContainEqual({
      message: "no publication date found",
      recommendationIndex: null,
      line: null,
    });
  });

  it("prints one compact line per file for several files, with the file name", () => {
    const files = [fixture("havering-2011-slac.txt"), fixture("hammersmith-fulham-2011-slac.txt")];
    const { status, stdout } = parseReport(...files);
    expect(status).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    const reports = lines.map((line) => JSON.parse(line));
    expect(reports.map((report) => [report.file, report.localAuthority, report.recommendations.length])).toEqual([
      [files[0], "London Borough of Havering", 30],
      [files[1], "London Borough of Hammersmith and Fulham", 9],
    ]);
  });

  it("prints a report with no recommendations with an empty list, warns on stderr and exits 0", () => {
    const file = fixture("hackney-2019-midyear-report.txt");
    const { status, stdout, stderr } = parseReport(file);
    expect(status).toBe(0);
    expect(stderr).toBe(`${file}: warning: no recommendations found (kind: other)\n`);
    const report = JSON.parse(stdout);
    expect(report.kind).toBe("other");
    expect(report.recommendations).toEqual([]);
    expect(report.warnings).toContainEqual({
      message: "no recommendations found",
      recommendationIndex: null,
      line: null,
    });
  });

  it("reads an outstanding short inspection with nothing to improve as an empty list, exit 0", () => {
    const file = path.resolve("db/fixtures/reports/pdf/12_north_lincolnshire_2022_ilacs_short.pdf");
    const { status, stdout, stderr } = parseReport(file);
    expect(status).toBe(0);
    expect(stderr).toBe(`${file}: warning: no recommendations found (kind: ilacs_short)\n`);
    expect(JSON.parse(stdout)).toMatchObject({ kind: "ilacs_short", recommendations: [] });
  });

  it("exits 1 for unreadable, empty, binary and PDF files, one line each", () => {
    const cases = [
      ["missing.txt", "file not found"],
      ["empty.txt", "is empty"],
      ["binary.txt", "is a binary file, not a PDF, Word document or text"],
      ["report.pdf", "is a PDF that is damaged or incomplete"],
    ];
    const files = cases.map(([name]) => path.join(tmp, name));
    const { status, stdout, stderr } = parseReport(...files);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(cases.length);
    cases.forEach(([, reason], index) => expect(lines[index]).toContain(`${files[index]}: ${reason}`));
  });

  it("reads a PDF report, told apart by content", () => {
    const file = path.resolve("db/fixtures/reports/pdf/21_sefton_2021_fv.pdf");
    const copy = path.join(tmp, "sefton.txt");
    fs.copyFileSync(file, copy);
    const { status, stdout, stderr } = parseReport(copy);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.kind).toBe("focused_visit");
    expect(report.recommendations).toHaveLength(5);
    expect(report.recommendations.filter((r: { priority: boolean }) => r.priority)).toHaveLength(
      report.recommendations.filter((r: { heading: string }) => /priority/i.test(r.heading)).length,
    );
  });

  it("--audit lists per file what no correct extraction contains, with a summary line", () => {
    const dir = fs.mkdtempSync(path.join(tmp, "audit-"));
    fs.copyFileSync(fixture("hackney-2024-ilacs.txt"), path.join(dir, "clean.txt"));
    // A focused visit holds a handful of areas for improvement, never eleven.
    const items = Array.from({ length: 11 }, (_, index) => `- The quality of practice area ${index + 1}.`);
    fs.writeFileSync(
      path.join(dir, "runaway.txt"),
      [
        "Focused visit to Testshire children’s services",
        "",
        "What needs to improve in this area of social work practice",
        "",
        ...items,
      ].join("\n"),
    );
    fs.writeFileSync(path.join(dir, "notes.md"), "not a report");
    const { status, stdout, stderr } = parseReport("--audit", dir);
    expect(stderr).toBe("");
    expect(status).toBe(1);
    expect(stdout).not.toContain("clean.txt");
    expect(stdout).not.toContain("notes.md");
    expect(stdout).toContain(
      "runaway.txt (focused_visit, 11 items)\n  count: 11 items, more than a focused_visit report holds\n",
    );
    expect(stdout.trim().split("\n").at(-1)).toBe(
      "audit: 2 files, 14 items, 1 findings in 1 files (count 1), 0 unreadable",
    );
  });

  it("--audit exits 0 when nothing is listed, and refuses a folder that is not there", () => {
    const dir = fs.mkdtempSync(path.join(tmp, "clean-"));
    fs.copyFileSync(fixture("hackney-2012-slac.txt"), path.join(dir, "slac.txt"));
    const clean = parseReport("--audit", dir);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toBe("audit: 1 files, 12 items, 0 findings in 0 files, 0 unreadable\n");
    const missing = parseReport("--audit", path.join(tmp, "no-such-folder"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("not a folder");
  });

  it("--score scores every expected.json against its report and exits 0 only at F1 1.000", () => {
    const dir = fs.mkdtempSync(path.join(tmp, "score-"));
    for (const name of ["hackney-2012-slac.txt", "hackney-2012-slac.expected.json"]) {
      fs.copyFileSync(fixture(name), path.join(dir, name));
    }
    const perfect = parseReport("--score", dir);
    expect(perfect.status).toBe(0);
    expect(perfect.stdout).toContain("ok   hackney-2012-slac: 12/12 matched, 12 found\n");
    expect(perfect.stdout).toContain("score: 1 reports, precision 1.000, recall 1.000, F1 1.000, agencies 1.000");

    const expected = JSON.parse(fs.readFileSync(path.join(dir, "hackney-2012-slac.expected.json"), "utf8"));
    expected.recommendations.pop();
    expected.recommendations[0].timescale = "six_months";
    fs.writeFileSync(path.join(dir, "hackney-2012-slac.expected.json"), JSON.stringify(expected));
    const imperfect = parseReport("--score", dir);
    expect(imperfect.status).toBe(1);
    expect(imperfect.stdout).toContain("FAIL hackney-2012-slac: 11/11 matched, 12 found\n");
    expect(imperfect.stdout).toContain("     extra:   take steps to widen the participation");
    expect(imperfect.stdout).toContain('     timescale: expected "six_months", found "immediately"');
    expect(imperfect.stdout).toContain("precision 0.917, recall 1.000, F1 0.957");
  });

  it("still prints the readable files when another fails, then exits 1", () => {
    const good = fixture("hackney-2024-ilacs.txt");
    const missing = path.join(tmp, "missing.txt");
    const { status, stdout, stderr } = parseReport(missing, good);
    expect(status).toBe(1);
    expect(JSON.parse(stdout.trim())).toMatchObject({ file: good, kind: "ilacs" });
    expect(stderr).toBe(`${missing}: file not found\n`);
  });
});
