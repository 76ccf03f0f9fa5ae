import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import { describe, expect, it } from "vitest";

import { parseReportText } from "~/import/parse-report";
import {
  classifyReport,
  DEFAULT_READ_LIMITS,
  decodeReportBytes,
  LIMIT_REASONS,
  MAX_REPORT_FILE_BYTES,
  readReport,
  REASONS,
} from "~/import/read-file.server";

import { tinyPdf } from "./helpers/tiny-pdf";

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));

async function tinyDocx(): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            text: "Inspection of Testshire local authority children's services",
            heading: HeadingLevel.TITLE,
          }),
          new Paragraph("Inspection dates: 3 to 14 June 2024"),
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph("Judgement")] }),
                  new TableCell({ children: [new Paragraph("Grade")] }),
                ],
              }),
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph("Overall effectiveness")] }),
                  new TableCell({ children: [new Paragraph("Good")] }),
                ],
              }),
            ],
          }),
          new Paragraph({ text: "What needs to improve?", heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: "The quality of plans for children in need.", bullet: { level: 0 } }),
          new Paragraph({
            text: "Management oversight of practice (outcome 1, national framework).",
            bullet: { level: 0 },
          }),
          new Paragraph({ text: "Strengths", heading: HeadingLevel.HEADING_2, alignment: AlignmentType.LEFT }),
          new Paragraph("Leaders know their services well."),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe("readReport: the type is decided by content", () => {
  it("reads plain UTF-8 text, with or without a byte order mark", async () => {
    expect(await readReport(bytes("What needs to improve?\n- one thing\n"), "report.pdf")).toEqual({
      ok: true,
      text: "What needs to improve?\n- one thing\n",
      format: "text",
    });
    const withBom = await readReport(bytes("\uFEFFReport text"));
    expect(withBom.ok && withBom.format).toBe("text");
  });

  it("reads the text layer of a PDF, pages separated by form feeds", async () => {
    const pdf = tinyPdf({
      pages: [
        ["Inspection of Testshire local authority children's services", "What needs to improve?"],
        ["Page two text line"],
      ],
    });
    const read = await readReport(pdf, "report.txt");
    expect(read).toEqual({
      ok: true,
      format: "pdf",
      text: "Inspection of Testshire local authority children's services\nWhat needs to improve?\n\fPage two text line",
    });
  });

  it("lays out every page from the document's margin, so a page of bullets keeps their indentation", async () => {
    const pdf = tinyPdf({
      pages: [
        [
          "What needs to improve in this area of social work practice",
          [{ text: "- The first area for improvement, long enough", x: 90 }],
          [{ text: "wrapped onto the next line", x: 100 }],
        ],
        [
          [{ text: "- The second area for improvement, long enough", x: 90 }],
          [{ text: "wrapped onto the next line", x: 100 }],
        ],
        ["Findings", "A line of findings at the left margin of the page"],
      ],
    });
    const read = await readReport(pdf);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const lines = read.text.split("\n");
    const first = lines.find((line) => line.includes("The first area"))!;
    const second = lines.find((line) => line.includes("The second area"))!;
    const indent = (line: string) => line.length - line.replace(/^[\f ]+/, "").length;
    expect(indent(first)).toBeGreaterThan(2);
    expect(indent(second.replace("\f", ""))).toBe(indent(first));
  });

  it("joins a raised ordinal suffix to the number it follows", async () => {
    const pdf = tinyPdf({
      pages: [
        [
          "Personal advisers are only allocated as a young person",
          [
            { text: "approaches their 18", x: 72 },
            { text: "th", x: 169.3, size: 7, rise: 4 },
            { text: "birthday, which is too late.", x: 178 },
          ],
        ],
      ],
    });
    const read = await readReport(pdf);
    expect(read.ok && read.text).toContain("approaches their 18th birthday, which is too late.");
  });

  it("does not change the caller's bytes when reading a PDF", async () => {
    const pdf = tinyPdf({ pages: [["Some text on a page of a report"]] });
    const copy = pdf.slice();
    await readReport(pdf);
    expect(pdf).toEqual(copy);
  });

  it("reads a Word document: headings, list items as bullets, table rows as cells", async () => {
    const read = await readReport(await tinyDocx(), "report.pdf");
    expect(read.ok && read.format).toBe("docx");
    if (!read.ok) return;
    expect(read.text).toContain("Judgement\tGrade");
    expect(read.text).toContain("• The quality of plans for children in need.");
    const report = parseReportText(read.text);
    expect(report.kind).toBe("ilacs");
    expect(report.recommendations.map((r) => [r.heading, r.text, r.frameworkReferences])).toEqual([
      ["What needs to improve?", "The quality of plans for children in need.", []],
      [
        "What needs to improve?",
        "Management oversight of practice (outcome 1, national framework).",
        ["outcome 1, national framework"],
      ],
    ]);
  });

  it.each([
    ["an empty file", new Uint8Array(), REASONS.empty],
    ["a file of blank lines", bytes("  \n\n\t\n"), REASONS.empty],
    ["a damaged PDF", bytes("%PDF-1.7\nthis is not really a PDF at all"), REASONS.pdfCorrupt],
    ["a PDF cut short", tinyPdf({ pages: [["Some text"]] }).slice(0, 60), REASONS.pdfCorrupt],
    ["a scanned PDF (no text layer)", tinyPdf({ pages: [[], [], []] }), REASONS.pdfNoText],
    ["a password-protected PDF", tinyPdf({ pages: [["Secret text"]], encrypted: true }), REASONS.pdfPassword],
    ["a zip that is not a Word document", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 0, 0]), REASONS.zip],
    ["an old Word .doc", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), REASONS.oldWord],
    ["a binary file", new Uint8Array([0x48, 0x00, 0x01, 0x02, 0xff]), REASONS.binary],
    ["text that is not UTF-8", new Uint8Array([0x48, 0x69, 0xe9, 0x21]), REASONS.encoding],
  ])("refuses %s with a reason that reads after 'The selected file'", async (_name, data, reason) => {
    const read = await readReport(data);
    expect(read).toEqual({ ok: false, reason });
    expect(`The selected file ${reason}.`).toMatch(/^The selected file (?:is|has) .+[^.]\.$/);
  });

  it("refuses a damaged Word document", async () => {
    const docx = await tinyDocx();
    const read = await readReport(docx.slice(0, 400));
    expect(read).toEqual({ ok: false, reason: REASONS.docxCorrupt });
  });

  it("refuses a file over 20 MB without reading it", async () => {
    const read = await readReport(new Uint8Array(MAX_REPORT_FILE_BYTES + 1));
    expect(read).toEqual({ ok: false, reason: REASONS.tooLarge });
  });

  it("refuses a PDF of more pages than a report has, before reading its pages", async () => {
    const pdf = tinyPdf({ pages: Array.from({ length: 301 }, (_, i) => [`Page ${i + 1}`]) });
    expect(await readReport(pdf)).toEqual({ ok: false, reason: LIMIT_REASONS.pdfPages(301, 300) });
    expect(LIMIT_REASONS.pdfPages(20000, 300)).toBe("is a PDF of 20,000 pages; reports have at most 300, so it was not read");
  });

  it("refuses more text than a report has, from a text file or while reading a PDF's pages", async () => {
    expect(await readReport(bytes("x".repeat(1_000_001)))).toEqual({
      ok: false,
      reason: "has 1,000,001 characters of text; a report has at most 1,000,000, so it was not read",
    });
    const pdf = tinyPdf({ pages: Array.from({ length: 5 }, () => ["A line of text on a page of this report"]) });
    expect(await readReport(pdf, undefined, { ...DEFAULT_READ_LIMITS, textCharacters: 100 })).toEqual({
      ok: false,
      reason: "has more than 100 characters of text; a report has at most 100, so it was not read",
    });
  });

  it("tells a password-protected Word document from an old-style .doc", () => {
    const ole = new Uint8Array(2048);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(classifyReport(ole)).toEqual({ ok: false, reason: REASONS.oldWord });
    ole.set(Buffer.from("EncryptedPackage", "utf16le"), 1024);
    expect(classifyReport(ole)).toEqual({ ok: false, reason: REASONS.docxPassword });
  });

  it("keeps decodeReportBytes for text only", () => {
    expect(decodeReportBytes(bytes("text"))).toEqual({ ok: true, text: "text" });
    expect(decodeReportBytes(new Uint8Array([0, 1]))).toEqual({ ok: false, reason: REASONS.binary });
  });
});
