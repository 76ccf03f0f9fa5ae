import { type HeadingLevel, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";

// The building blocks the Word exports (board pack, readiness report) share.

export const text = (value: string, bold = false) => new Paragraph({ children: [new TextRun({ text: value, bold })] });

export const heading = (value: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text: value, heading: level });

/** A full-width table with a repeated header row; a cell is text or paragraphs (an empty list is a blank cell). */
export function table(header: string[], rows: (string | Paragraph[])[][]): Table {
  const cell = (value: string | Paragraph[], bold = false) =>
    new TableCell({
      children: typeof value === "string" ? [text(value, bold)] : value.length > 0 ? value : [text("")],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((value) => cell(value)) })),
    ],
  });
}

const escapeXml = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/**
 * The document properties (docProps/core.xml) with a fixed author and the given time, so the same
 * document gives the same bytes.
 */
export function coreXml({ title, description, stamp }: { title: string; description: string; stamp: string }): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(title)}</dc:title><dc:creator>Followthrough</dc:creator>` +
    `<dc:description>${escapeXml(description)}</dc:description><cp:lastModifiedBy>Followthrough</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    "</cp:coreProperties>"
  );
}
