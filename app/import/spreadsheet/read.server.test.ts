import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { detectDelimiter, readWorkbook, zipUnpackedSize } from "./read.server";

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

describe("zipUnpackedSize", () => {
  it("adds up the sizes the zip declares, before anything is unpacked", async () => {
    const bytes = Buffer.from(await xlsx((book) => (book.addWorksheet("Plan").getCell("A1").value = "Action")));
    const size = zipUnpackedSize(bytes);
    expect(size).toBeGreaterThan(bytes.length);
    expect(size).toBeLessThan(100_000);
    expect(zipUnpackedSize(Buffer.from("PK\u0003\u0004 not really a zip"))).toBeNull();
  });

  it("refuses a workbook that claims to unpack to more than 200 MB", async () => {
    const bytes = Buffer.from(await xlsx((book) => (book.addWorksheet("Plan").getCell("A1").value = "Action")));
    // Rewrite the first central directory entry's declared size to 300 MB.
    const directory = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(300 * 1024 * 1024, directory + 24);
    expect(await readWorkbook(bytes)).toEqual({
      ok: false,
      reason: "is too large once unpacked: remove the worksheets that are not the plan",
    });
  });
});
