import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { RAG_CELL_COLOURS } from "../../app/exports/rag-colours.server";
import { excelSerial } from "../../app/exports/spreadsheetml.server";
import { PAGE, TEXT_WIDTH } from "../../app/exports/wordml.server";
import { docxText, packFile, sheetXml, zipNames, zipPart } from "./pack-files";
import { LONG_TITLE, meetingPack, packFixture } from "./pack-fixture";

// The Word and Excel packs opened as a board secretary's software would read them: their XML
// parts, checked for every property the issue found missing.

/** WCAG contrast ratio of two RRGGBB colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [0, 2, 4].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const all = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)];

/** Each table's declared width, column widths and the text of its first row. */
function tables(xml: string) {
  return all(xml, /<w:tbl>(.*?)<\/w:tblGrid>(.*?)<\/w:tr>/g).map((m) => ({
    width: Number(/<w:tblW w:w="(\d+)"/.exec(m[1])?.[1]),
    columns: all(m[1], /<w:gridCol w:w="(\d+)"\/>/g).map((c) => Number(c[1])),
    header: all(m[2], /<w:t xml:space="preserve">([^<]*)<\/w:t>/g).map((t) => t[1]),
  }));
}

describe("the Word board pack", () => {
  it("has the council's marking, title and Page X of Y on every page, on A4 landscape", async () => {
    const fixture = await packFixture();
    const docx = await packFile(await meetingPack(fixture), "docx");
    const header = await zipPart(docx, "word/header1.xml");
    const footer = await zipPart(docx, "word/footer1.xml");
    expect(header).toContain(">OFFICIAL-SENSITIVE<");
    expect(header).toContain("Board pack: Alpha");
    expect(header).toContain("Improvement Board, 1 October 2024");
    expect(footer).toContain(">OFFICIAL-SENSITIVE<");
    expect(footer).toMatch(
      /Page .*<w:instrText xml:space="preserve"> PAGE <\/w:instrText>.* of .*<w:instrText xml:space="preserve"> NUMPAGES <\/w:instrText>/,
    );
    expect(footer).toContain("The plan as at 1 October 2024");
    const document = await zipPart(docx, "word/document.xml");
    expect(document).toContain('<w:headerReference w:type="default" r:id="rIdHeader"/>');
    expect(document).toContain('<w:footerReference w:type="default" r:id="rIdFooter"/>');
    expect(document).toContain(`<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}" w:orient="landscape"/>`);
    expect(PAGE.width).toBe(16838); // 297 mm
    const rels = await zipPart(docx, "word/_rels/document.xml.rels");
    expect(rels).toContain('Target="header1.xml"');
    expect(rels).toContain('Target="footer1.xml"');
    expect(await zipNames(docx)).toContain("word/styles.xml");
  });

  it("starts with a cover (council, board, meeting, as at) and contents linked to each section", async () => {
    const fixture = await packFixture();
    const docx = await packFile(await meetingPack(fixture), "docx");
    const text = await docxText(docx);
    const cover = text.slice(0, text.indexOf("Executive summary"));
    for (const line of [
      "Alpha",
      "Improvement plan: board pack",
      "Improvement Board, 1 October 2024",
      "The plan as at 1 October 2024.",
    ]) {
      expect(cover).toContain(line);
    }
    // The closed 2012 plan is left out by default, and the cover says so.
    expect(cover).toContain("Not in this pack: Safeguarding and looked after children 2012");
    expect(cover).toContain("closed (every action signed off or withdrawn)");
    const document = await zipPart(docx, "word/document.xml");
    for (const section of ["executive_summary", "summary", "exceptions", "changes", "plan", "measures"]) {
      expect(document).toContain(`<w:bookmarkStart w:id="`);
      expect(document).toContain(`w:name="_Pack_${section}"`);
      expect(document).toContain(`PAGEREF _Pack_${section} \\h`);
    }
    expect(text).toContain("The plan is mostly on track.");
    expect(text).toContain("Two actions need the board's attention.");
    expect(text).not.toContain("Old recommendation, long done.");
  });

  it("sizes every table to the page: fixed columns that add up to the text width, none a sliver", async () => {
    const fixture = await packFixture();
    const document = await zipPart(await packFile(await meetingPack(fixture), "docx"), "word/document.xml");
    const found = tables(document);
    expect(found.length).toBeGreaterThan(8);
    for (const t of found) {
      expect(t.columns.reduce((s, c) => s + c, 0)).toBe(t.width);
      expect(t.width).toBeLessThanOrEqual(TEXT_WIDTH);
      for (const c of t.columns) expect(c).toBeGreaterThan(600); // over 1 cm: "No." is the narrowest
    }
    expect(document).toContain('<w:tblLayout w:type="fixed"/>');
    // The action table: "Action" and "Latest update" several times as wide as "No.".
    const actions = found.find((t) => t.header.includes("Latest update"))!;
    expect(actions.header).toEqual([
      "No.",
      "Action",
      "Owner (service area)",
      "Target date",
      "Status",
      "RAG",
      "Latest update",
      "Evidence",
    ]);
    expect(actions.width).toBe(TEXT_WIDTH);
    expect(actions.columns[1] / actions.columns[0]).toBeGreaterThan(3);
    expect(actions.columns[6] / actions.columns[0]).toBeGreaterThan(3);
  });

  it("never splits a row across pages, repeats header rows, and keeps headings with what follows", async () => {
    const fixture = await packFixture();
    const document = await zipPart(await packFile(await meetingPack(fixture), "docx"), "word/document.xml");
    const rows = all(document, /<w:tr>(.*?)<\/w:tr>/g).map((m) => m[1]);
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(row).toMatch(/^<w:trPr><w:cantSplit\/>/);
    // Every table but the borderless layout ones (a chart beside its figures) has a repeated header row.
    const layoutTables = all(document, /<w:tblLook w:val="0000"/g).length;
    expect(rows.filter((r) => r.includes("<w:tblHeader/>")).length).toBe(
      all(document, /<w:tbl>/g).length - layoutTables,
    );
    const headings = all(document, /<w:p><w:pPr><w:pStyle w:val="Heading(\d)"\/>(.*?)<\/w:pPr>(.*?)<\/w:p>/g);
    expect(headings.length).toBeGreaterThan(10);
    for (const h of headings) expect(h[2]).toContain("<w:keepNext/>");
    // "Recommendation 1 (R-1)" is kept with its text and the facts line, and they with the table.
    const recommendation =
      /Recommendation 1 \(.*?\)<\/w:t><\/w:r><\/w:p><w:p><w:pPr><w:keepNext\/>.*?<w:pPr><w:pStyle w:val="Small"\/><w:keepNext\/>/.exec(
        document,
      );
    expect(recommendation).not.toBeNull();
    const styles = await zipPart(await packFile(await meetingPack(fixture), "docx"), "word/styles.xml");
    expect(styles).toMatch(/w:styleId="Heading1">.*?<w:keepNext\/>/);
  });

  it("shows RAG as filled cells that also say the word, in colours with accessible contrast", async () => {
    const fixture = await packFixture();
    const document = await zipPart(await packFile(await meetingPack(fixture), "docx"), "word/document.xml");
    const labels = { red: "Red", amber: "Amber", green: "Green", blue: "Blue" } as const;
    for (const [rag, label] of Object.entries(labels)) {
      const { fill, text } = RAG_CELL_COLOURS[rag as keyof typeof labels];
      expect(document).toContain(
        `<w:shd w:val="clear" w:color="auto" w:fill="${fill}"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>`,
      );
      const cell = new RegExp(
        `w:fill="${fill}"/></w:tcPr><w:p>.*?<w:color w:val="${text}"/></w:rPr><w:t xml:space="preserve">${label}</w:t>`,
      );
      expect(document).toMatch(cell);
    }
    for (const { fill, text } of Object.values(RAG_CELL_COLOURS))
      expect(contrast(fill, text)).toBeGreaterThanOrEqual(4.5);
  });

  it("prints full titles, the owner's recovery date (or 'Not given'), the lead's commentary, changes since the last board and each measure once with units", async () => {
    const fixture = await packFixture();
    const text = await docxText(await packFile(await meetingPack(fixture), "docx"));
    expect(text).not.toContain("…");
    // In the exceptions, the plan, and the changes (newly overdue, and its RAG change).
    expect(text.split(LONG_TITLE).length - 1).toBe(4);
    const exceptions = text.slice(
      text.indexOf("Why it is Red"),
      text.indexOf("Changes since the last board", text.indexOf("Why it is Red")),
    );
    // The late action: overdue, no recovery date given, the lead's commentary.
    expect(exceptions).toMatch(
      /Overdue since 20 September 2024\s*20 September 2024\s*Not given\s*Agency staff start in October\./,
    );
    // The action off track: its owner's forecast, not its target date.
    expect(exceptions).toMatch(/Flagged off track: Two vacancies\s*31 January 2025\s*30 November 2024\s*None/);
    expect(text).toContain("From the end of 10 September 2024 (the last board) to the end of 1 October 2024.");
    expect(text).toContain("Newly overdue");
    // The measure linked to two recommendations is printed once, with its unit on every figure.
    expect(text.split("Re-referrals within 12 months (%)").length - 1).toBe(1);
    expect(text).toMatch(/Linked to recommendations 1 \(.*?\), 2 \(.*?\)\./);
    expect(text).toContain("64% (2023-24)");
    expect(text).toContain("62% (2022-23)");
    expect(text).not.toMatch(/\b64 \(2023-24\)/);
    expect(text).toContain("No actions yet: this recommendation is a gap in the plan.");
    expect(text).toContain("Ofsted paragraph 25");
    expect(text).toContain("Ofsted paragraph 12");
  });
});

describe("the Excel board pack", () => {
  it("has real date cells shown '1 July 2024', RAG fills, a filter, a frozen header and landscape fit-to-width printing", async () => {
    const fixture = await packFixture();
    const xlsx = await packFile(await meetingPack(fixture), "xlsx");
    const actions = await sheetXml(xlsx, "Actions");
    const styles = await zipPart(xlsx, "xl/styles.xml");
    const cellXfs = all(/<cellXfs count="\d+">(.*?)<\/cellXfs>/.exec(styles)![1], /<xf [^>]*?(?:\/>|>.*?<\/xf>)/g).map(
      (m) => m[0],
    );
    const fills = all(/<fills count="\d+">(.*?)<\/fills>/.exec(styles)![1], /<fill>(.*?)<\/fill>/g).map((m) => m[1]);
    const numFmt = (id: string) => new RegExp(`<numFmt numFmtId="${id}" formatCode="([^"]+)"/>`).exec(styles)?.[1];

    // The late action's target date, 20 September 2024: a number (no t="..."), styled as a date.
    const serial = excelSerial("2024-09-20");
    expect(serial).toBe(45555);
    const dateCell = new RegExp(`<c r="K\\d+" s="(\\d+)"><v>${serial}</v></c>`).exec(actions);
    expect(dateCell, "a date cell for 20 September 2024").not.toBeNull();
    const dateStyle = cellXfs[Number(dateCell![1])];
    expect(numFmt(/numFmtId="(\d+)"/.exec(dateStyle)![1])).toBe("d mmmm yyyy");

    // RAG cells: the word, filled with its colour.
    for (const [label, rag] of [
      ["Red", "red"],
      ["Blue", "blue"],
    ] as const) {
      const cell = new RegExp(
        `<c r="N\\d+" s="(\\d+)" t="inlineStr"><is><t xml:space="preserve">${label}</t></is></c>`,
      ).exec(actions);
      expect(cell, label).not.toBeNull();
      const fillId = Number(/fillId="(\d+)"/.exec(cellXfs[Number(cell![1])])![1]);
      expect(fills[fillId]).toContain(`rgb="FF${RAG_CELL_COLOURS[rag].fill}"`);
    }

    expect(actions).toMatch(/<autoFilter ref="A1:Q\d+"\/>/);
    expect(actions).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(actions).toContain('<pageSetUpPr fitToPage="1"/>');
    expect(actions).toContain('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
    expect(actions).toMatch(/<oddHeader>&amp;C&amp;"Arial,Bold"&amp;11 OFFICIAL-SENSITIVE/);
    expect(actions).toContain("Page &amp;P of &amp;N");
    const workbook = await zipPart(xlsx, "xl/workbook.xml");
    expect(workbook).toMatch(
      /<definedName name="_xlnm.Print_Titles" localSheetId="\d">&apos;Actions&apos;!\$1:\$1<\/definedName>|<definedName name="_xlnm.Print_Titles" localSheetId="\d">'Actions'!\$1:\$1<\/definedName>/,
    );
    // Column widths set per column; the Summary sheet's value column no longer 100 characters wide.
    expect(actions).toMatch(/<col min="1" max="1" width="\d+" customWidth="1"\/>/);
    const summary = await sheetXml(xlsx, "Summary");
    const valueWidth = Number(/<col min="2" max="2" width="(\d+)"/.exec(summary)![1]);
    expect(valueWidth).toBeLessThanOrEqual(70);
    expect(summary).toContain('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>');

    // ExcelJS (as a spreadsheet program would) reads the dates as dates and the paragraph where known.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Actions")!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const rows = sheet.getSheetValues().slice(2).filter(Boolean) as unknown[][];
    const column = (name: string) => header.indexOf(name) + 1;
    const late = rows.find((r) => r[column("Title")] === LONG_TITLE)!;
    expect(late[column("Target date")]).toEqual(new Date("2024-09-20T00:00:00.000Z"));
    expect(late[column("Ofsted paragraph")]).toBe("25");
    expect(rows.map((r) => r[column("Ofsted paragraph")])).toContain("12");
  });

  it("has the exceptions with recovery dates and commentary, the changes since the last board, and the measures with units", async () => {
    const fixture = await packFixture();
    const xlsx = await packFile(await meetingPack(fixture), "xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      "Summary",
      "Exceptions",
      "Changes",
      "Actions",
      "Measures",
      "Measure values",
    ]);
    const exceptions = book.getWorksheet("Exceptions")!.getSheetValues().slice(2).filter(Boolean) as unknown[][];
    expect(exceptions.map((r) => [r[1], r[6], r[7]])).toEqual(
      [
        ["ILACS24 1.1", "Not given", "Agency staff start in October."],
        ["ILACS24 2.1", new Date("2024-11-30T00:00:00.000Z"), ""],
      ].map(([n, recovery, commentary]) => [n, recovery, commentary === "" ? undefined : commentary]),
    );
    const changes = book.getWorksheet("Changes")!.getSheetValues().slice(2).filter(Boolean) as unknown[][];
    expect(changes[0][3]).toBe("From the end of 10 September 2024 (the last board) to the end of 1 October 2024");
    expect(changes.map((r) => r[1])).toContain("Newly overdue");
    const measures = book.getWorksheet("Measures")!.getSheetValues().slice(2).filter(Boolean) as unknown[][];
    expect(measures).toHaveLength(1);
    expect(measures[0].slice(1, 7)).toEqual([
      "Re-referrals within 12 months",
      "%",
      expect.stringMatching(/^1 \(.*\), 2 \(/),
      "62% (2022-23)",
      "2023-24",
      64,
    ]);
    const summary = book.getWorksheet("Summary")!.getSheetValues().filter(Boolean) as unknown[][];
    const value = (label: string) => summary.find((r) => r[1] === label)?.[2];
    expect(value("Protective marking")).toBe("OFFICIAL-SENSITIVE");
    expect(value("As at")).toEqual(new Date("2024-10-01T00:00:00.000Z"));
    expect(value("Executive summary")).toContain("The plan is mostly on track.");
  });
});
