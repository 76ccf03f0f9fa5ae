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
