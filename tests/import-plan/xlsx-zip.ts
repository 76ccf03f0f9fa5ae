import { zipOf } from "../import/helpers/docx-zip";

/**
 * Workbooks written byte by byte, for the plan reader's limits: the parts an .xlsx needs and one
 * worksheet "Plan" whose XML is `sheetXml` (rows of inline strings unless given). Much faster
 * than building thousands of rows with exceljs, and able to say things exceljs never would
 * (a row numbered 1,000,000, a shared string used by every cell).
 */
export function xlsxZip(options: { sheetRows: string; sharedStrings?: string[] }): Uint8Array {
  const shared = options.sharedStrings ?? [];
  const parts = [
    {
      name: "[Content_Types].xml",
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          (shared.length
            ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            : "") +
          "</Types>",
      ),
    },
    {
      name: "_rels/.rels",
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
    },
    {
      name: "xl/workbook.xml",
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
          (shared.length
            ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            : "") +
          "</Relationships>",
      ),
    },
    {
      name: "xl/worksheets/sheet1.xml",
      data: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${options.sheetRows}</sheetData></worksheet>`,
      ),
    },
  ];
  if (shared.length) {
    parts.push({
      name: "xl/sharedStrings.xml",
      data: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared.map((s) => `<si><t>${s}</t></si>`).join("")}</sst>`,
      ),
    });
  }
  return zipOf(parts);
}

/** A row of inline-string cells. */
export function inlineRow(row: number, cells: string[]): string {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return `<row r="${row}">${cells.map((text, i) => `<c r="${letters[i]}${row}" t="inlineStr"><is><t>${text}</t></is></c>`).join("")}</row>`;
}

/**
 * An .xlsx bomb: `rows` rows of `columns` cells of a long text, which unpacks to tens of
 * megabytes of XML from a file of a few megabytes (the 28 MB workbook that once stopped the server).
 */
export function xlsxBomb(rows = 4_000, columns = 20): Uint8Array {
  const text = "Improve the quality of supervision and management oversight. ".repeat(5);
  const parts: string[] = [];
  for (let r = 1; r <= rows; r++)
    parts.push(
      inlineRow(
        r,
        Array.from({ length: columns }, () => text),
      ),
    );
  return xlsxZip({ sheetRows: parts.join("") });
}
