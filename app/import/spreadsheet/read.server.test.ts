import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { inlineRow, xlsxBomb, xlsxZip } from "../../../tests/import-plan/xlsx-zip";
import { PLAN_READ_LIMITS } from "./limits";
import { detectDelimiter, readWorkbook } from "./read.server";

const utf8 = (text: string) => new TextEncoder().encode(text);

async function xlsx(build: (book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  build(book);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("readWorkbook: CSV", () => {
  it("reads comma, semicolon and tab separated text, with or without a byte order mark", async () => {
    for (const [text, delimiter] of [
      ["Action,Lead\nAudit files,Jane Smith\n", ","],
      ["\uFEFFAction;Lead\nAudit files;Jane Smith\n", ";"],
      ["Action\tLead\nAudit files\tJane Smith\n", "\t"],
    ]) {
      expect(detectDelimiter(text.replace(/^\uFEFF/, ""))).toBe(delimiter);
      const read = await readWorkbook(utf8(text));
      expect(read).toEqual({
        ok: true,
        format: "csv",
        workbook: {
          date1904: false,
          sheets: [
            {
              name: "CSV",
              hidden: false,
              rows: [
                ["Action", "Lead"],
                ["Audit files", "Jane Smith"],
              ],
            },
          ],
        },
      });
    }
  });

  it("keeps quoted commas and line breaks inside a cell", async () => {
    const read = await readWorkbook(utf8('Action,Lead\n"Audit files, then report",Jane\n"Line one\nLine two",Tom\n'));
    expect(read.ok && read.workbook.sheets[0].rows.slice(1)).toEqual([
      ["Audit files, then report", "Jane"],
      ["Line one\nLine two", "Tom"],
    ]);
  });

  it("reads Windows-1252 and UTF-16 text as Excel saves it", async () => {
    const cp1252 = new Uint8Array([...utf8("Action,Cost\nBuy,"), 0xa3, ...utf8("5\n")]);
    const read = await readWorkbook(cp1252);
    expect(read.ok && read.workbook.sheets[0].rows[1]).toEqual(["Buy", "£5"]);
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from("Action\tLead\nAudit\tJane\n", "utf16le")]);
    const read16 = await readWorkbook(utf16);
    expect(read16.ok && read16.workbook.sheets[0].rows).toEqual([
      ["Action", "Lead"],
      ["Audit", "Jane"],
    ]);
  });

  it("explains files that are not spreadsheets", async () => {
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array([]), /is empty/],
      [utf8("%PDF-1.7 ..."), /is a PDF/],
      [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /older Excel \(\.xls\)/],
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), /is not a spreadsheet/],
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8("word/document.xml")]), /is a Word document/],
      [
        new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8("xl/workbook.xml garbage")]),
        /could not be read as an Excel workbook/,
      ],
    ];
    for (const [bytes, reason] of cases) {
      const read = await readWorkbook(bytes);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.reason).toMatch(reason);
    }
  });

  it("refuses a sheet with too many rows", async () => {
    const read = await readWorkbook(utf8(`Action,Lead\n${"a,b\n".repeat(5001)}`));
    expect(read).toMatchObject({ ok: false, reason: expect.stringMatching(/more than 5,000 rows/) });
  });
});

describe("readWorkbook: xlsx", () => {
  it("reads every worksheet: text, numbers, date cells, rich text, formulas and merged cells", async () => {
    const bytes = await xlsx((book) => {
      const plan = book.addWorksheet("Plan");
      plan.getCell("A1").value = "Improvement plan";
      plan.mergeCells("A1:D1");
      plan.getRow(3).values = ["Ofsted paragraph", "Action", "By when", "Serial"];
      plan.getCell("A4").value = "SG-3M-1";
      plan.mergeCells("A4:A5");
      plan.getCell("B4").value = { richText: [{ text: "Audit " }, { text: "files", font: { bold: true } }] };
      plan.getCell("C4").value = new Date(Date.UTC(2024, 6, 1));
      plan.getCell("D4").value = 45474;
      plan.getCell("B5").value = { text: "See the policy", hyperlink: "https://example.org" };
      plan.getCell("C5").value = { formula: "C4+30", result: new Date(Date.UTC(2024, 6, 31)) };
      const notes = book.addWorksheet("Notes");
      notes.state = "hidden";
      notes.getCell("A1").value = "x";
    });
    const read = await readWorkbook(bytes);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.format).toBe("xlsx");
    const [plan, notes] = read.workbook.sheets;
    expect(plan.rows).toEqual([
      ["Improvement plan"],
      [],
      ["Ofsted paragraph", "Action", "By when", "Serial"],
      ["SG-3M-1", "Audit files", { d: "2024-07-01" }, 45474],
      ["SG-3M-1", "See the policy", { d: "2024-07-31" }],
    ]);
    expect(notes).toMatchObject({ name: "Notes", hidden: true });
  });
});

describe("readWorkbook: limits, checked before the workbook is built", () => {
  it("refuses a workbook that claims to unpack to more than 16 MB", async () => {
    const bytes = Buffer.from(await xlsx((book) => (book.addWorksheet("Plan").getCell("A1").value = "Action")));
    // Rewrite the first central directory entry's declared size to 300 MB.
    const directory = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(300 * 1024 * 1024, directory + 24);
    expect(await readWorkbook(bytes)).toEqual({
      ok: false,
      reason:
        "unpacks to more than 16 MB of spreadsheet data (the limit for a plan), so it was not read: remove the worksheets and pictures that are not the plan",
    });
  });

  it("refuses a bomb of a few hundred kilobytes that unpacks to 30 MB", async () => {
    const bomb = xlsxBomb();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await readWorkbook(bomb)).toMatchObject({ ok: false, reason: expect.stringMatching(/more than 16 MB/) });
  });

  it("refuses a zip that declares less than it unpacks to, as damaged", async () => {
    const bytes = Buffer.from(xlsxZip({ sheetRows: inlineRow(1, ["Action"]) }));
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    const central = bytes.indexOf(Buffer.concat([name]), bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    bytes.writeUInt32LE(10, central - 46 + 24);
    expect(await readWorkbook(bytes)).toMatchObject({ ok: false, reason: expect.stringMatching(/may be damaged/) });
  });

  it("refuses a filled row past 5,000, naming the worksheet and the row", async () => {
    const bytes = xlsxZip({ sheetRows: inlineRow(1, ["Action"]) + inlineRow(1_000_000, ["x"]) });
    expect(await readWorkbook(bytes)).toEqual({
      ok: false,
      reason:
        "has more than 5,000 rows in the worksheet “Plan” (a filled cell in row 1,000,000); a plan has at most 5,000, so it was not read: remove the rows that are not part of the plan",
    });
  });

  it("refuses a cell of more than 5,000 characters, inline or shared, naming it", async () => {
    const long = "a".repeat(PLAN_READ_LIMITS.cellCharacters + 1);
    expect(await readWorkbook(xlsxZip({ sheetRows: inlineRow(1, ["Action"]) + inlineRow(2, ["x", long]) }))).toEqual({
      ok: false,
      reason:
        "has a cell (B2 in the worksheet “Plan”) of 5,001 characters; a cell of a plan holds at most 5,000, so it was not read: shorten it, or keep the long text elsewhere",
    });
    const shared = xlsxZip({
      sheetRows: '<row r="3"><c r="C3" t="s"><v>1</v></c></row>',
      sharedStrings: ["Action", long],
    });
    expect(await readWorkbook(shared)).toMatchObject({ ok: false, reason: expect.stringMatching(/^has a cell \(C3 /) });
  });

  it("refuses one long shared string used by every cell once the workbook's text passes 10 million characters", async () => {
    const cells = Array.from({ length: 20 }, (_, i) => `<c r="${String.fromCharCode(65 + i)}1" t="s"><v>0</v></c>`);
    const rows = Array.from(
      { length: 2_100 },
      (_, r) => `<row r="${r + 1}">${cells.join("").replaceAll('1"', `${r + 1}"`)}</row>`,
    );
    const bytes = xlsxZip({ sheetRows: rows.join(""), sharedStrings: ["b".repeat(250)] });
    expect(await readWorkbook(bytes)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/more than 10,000,000 characters/),
    });
  });

  it("refuses a CSV of 50,000 rows at the first row past the limit", async () => {
    const read = await readWorkbook(utf8(`Action,Lead\n${"a,b\n".repeat(50_000)}`));
    expect(read).toEqual({
      ok: false,
      reason:
        "has more than 5,000 rows; a plan has at most 5,000, so it was not read: remove the rows that are not part of the plan",
    });
  });

  it("refuses a CSV cell of more than 5,000 characters", async () => {
    const read = await readWorkbook(utf8(`Action,Progress\nAudit files,${"p".repeat(60_000)}\n`));
    expect(read).toMatchObject({ ok: false, reason: expect.stringMatching(/^has a cell \(B2\) of 60,000 characters/) });
  });
});
