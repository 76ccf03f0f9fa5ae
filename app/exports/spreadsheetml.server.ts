import { parseIsoDate } from "../utils/dates";
import { HEADER_FILL, RAG_CELL_COLOURS, ragCellColour } from "./rag-colours.server";
import { appPropertiesXml, corePropertiesXml, XML_DECLARATION, xmlEscape } from "./xml.server";
import type { ZipEntry } from "./zip-stream.server";

// SpreadsheetML (the XML inside an .xlsx) written a row at a time, so a workbook of any size is
// zipped as it is produced. What a board secretary needs is set here: dates as real date cells
// shown "1 July 2024" (sortable, filterable), RAG as filled cells that also say the word, bold
// header rows that stay in view (frozen) and carry a filter, column widths set per column,
// landscape printing scaled to one page wide with the header row repeated on each page, and the
// protective marking and "Page X of Y" in the printed header and footer. Text is written inline
// in each cell (no shared-strings table, which would need every string before the first row).

export type ColumnKind = "text" | "date" | "integer" | "number" | "percent" | "rag" | "label";

export interface Column {
  header: string;
  /** Characters, as Excel measures column widths. */
  width: number;
  kind: ColumnKind;
}

/** A cell's value: text, a number, an ISO date for a date column (or text, e.g. "Not set"), or empty. */
export type CellInput = string | number | null | undefined;

export interface SheetPicture {
  /** Zero-based column and row of the cell the picture's top left corner sits in. */
  col: number;
  row: number;
  widthPx: number;
  heightPx: number;
  png: Uint8Array;
  description: string;
}

export interface Sheet {
  name: string;
  columns: readonly Column[];
  rows: Iterable<readonly CellInput[]> | AsyncIterable<readonly CellInput[]>;
  /** Freeze the header row, give it a filter, and repeat it on every printed page (default true). */
  table?: boolean;
  /** Row heights in points, by zero-based data row (for rows holding a picture). */
  rowHeights?: ReadonlyMap<number, number>;
  /** Per data row, kinds that differ from the columns' (a two-column sheet of labels and values). */
  cellKinds?: readonly (readonly ColumnKind[])[];
  pictures?: readonly SheetPicture[];
}

export interface PrintFurniture {
  marking: string;
  title: string;
}

// Styles (cellXfs), by index.
const STYLE = {
  default: 0,
  header: 1,
  text: 2,
  date: 3,
  integer: 4,
  percent: 5,
  number: 6,
  label: 7,
  rag: { red: 8, amber: 9, green: 10, blue: 11, grey: 12 },
} as const;

const DATE_FORMAT = 164;

const STYLES_XML =
  XML_DECLARATION +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  `<numFmts count="2"><numFmt numFmtId="${DATE_FORMAT}" formatCode="d mmmm yyyy"/><numFmt numFmtId="165" formatCode="#,##0.0##"/></numFmts>` +
  '<fonts count="4">' +
  '<font><sz val="10"/><color rgb="FF0B0C0C"/><name val="Arial"/><family val="2"/></font>' +
  '<font><b/><sz val="10"/><color rgb="FF0B0C0C"/><name val="Arial"/><family val="2"/></font>' +
  '<font><b/><sz val="10"/><color rgb="FFFFFFFF"/><name val="Arial"/><family val="2"/></font>' +
  '<font><b/><sz val="10"/><color rgb="FF0B0C0C"/><name val="Arial"/><family val="2"/></font>' +
  "</fonts>" +
  '<fills count="8"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  [HEADER_FILL, ...(["red", "amber", "green", "blue", "grey"] as const).map((r) => RAG_CELL_COLOURS[r].fill)]
    .map(
      (rgb) =>
        `<fill><patternFill patternType="solid"><fgColor rgb="FF${rgb}"/><bgColor indexed="64"/></patternFill></fill>`,
    )
    .join("") +
  "</fills>" +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
  '<border><left style="thin"><color rgb="FFB1B4B6"/></left><right style="thin"><color rgb="FFB1B4B6"/></right>' +
  '<top style="thin"><color rgb="FFB1B4B6"/></top><bottom style="thin"><color rgb="FFB1B4B6"/></bottom><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="13">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  `<xf numFmtId="${DATE_FORMAT}" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="top" wrapText="1"/></xf>` +
  '<xf numFmtId="1" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>' +
  '<xf numFmtId="9" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  (["red", "amber", "green", "blue", "grey"] as const)
    .map(
      (rag, i) =>
        `<xf numFmtId="0" fontId="${RAG_CELL_COLOURS[rag].text === "FFFFFF" ? 2 : 3}" fillId="${3 + i}" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf>`,
    )
    .join("") +
  "</cellXfs>" +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  "</styleSheet>";

/** A column's letters: 0 is A, 26 is AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** An ISO date as Excel's serial day number (1 July 2024 is 45474). */
export function excelSerial(isoDate: string): number {
  const day = parseIsoDate(isoDate);
  return Math.round((Date.UTC(day.getFullYear(), day.getMonth(), day.getDate()) - EXCEL_EPOCH) / 86_400_000);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function ragStyle(value: string): number {
  const fill = ragCellColour(value.toLowerCase()).fill;
  const rag = (Object.keys(RAG_CELL_COLOURS) as (keyof typeof RAG_CELL_COLOURS)[]).find(
    (k) => RAG_CELL_COLOURS[k].fill === fill,
  )!;
  return STYLE.rag[rag];
}

const inlineString = (ref: string, value: string, style: number) =>
  `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${xmlEscape(value)}</t></is></c>`;

function cellXml(ref: string, value: CellInput, kind: ColumnKind): string {
  if (value === null || value === undefined || value === "") return `<c r="${ref}" s="${STYLE.text}"/>`;
  if (typeof value === "number" && Number.isFinite(value)) {
    const style =
      kind === "integer"
        ? STYLE.integer
        : kind === "percent"
          ? STYLE.percent
          : kind === "date"
            ? STYLE.date
            : STYLE.number;
    return `<c r="${ref}" s="${style}"><v>${value}</v></c>`;
  }
  const textValue = String(value);
  if (kind === "date" && ISO_DATE.test(textValue)) {
    return `<c r="${ref}" s="${STYLE.date}"><v>${excelSerial(textValue)}</v></c>`;
  }
  if (kind === "rag") return inlineString(ref, textValue, ragStyle(textValue));
  if (kind === "label") return inlineString(ref, textValue, STYLE.label);
  // A text cell never starts a formula: Excel reads inline strings as text, whatever they start with.
  return inlineString(ref, textValue, STYLE.text);
}

function headerFooter(print: PrintFurniture): string {
  // &C centre, &R right; &P page, &N pages; a literal & is written &&. A space follows each font
  // size, so text starting with a digit is not read as part of it.
  const escape = (value: string) => xmlEscape(value.replaceAll("&", "&&"));
  return (
    `<headerFooter><oddHeader>&amp;C&amp;"Arial,Bold"&amp;11 ${escape(print.marking)}&amp;R&amp;"Arial,Regular"&amp;9 ${escape(print.title)}</oddHeader>` +
    `<oddFooter>&amp;C&amp;"Arial,Bold"&amp;11 ${escape(print.marking)}&amp;R&amp;"Arial,Regular"&amp;9 Page &amp;P of &amp;N</oddFooter></headerFooter>`
  );
}

interface WrittenSheet {
  name: string;
  lastRow: number;
  columns: number;
  table: boolean;
  pictures: readonly SheetPicture[];
}

async function* sheetXml(sheet: Sheet, print: PrintFurniture, written: WrittenSheet): AsyncGenerator<string> {
  const table = sheet.table ?? true;
  const lastColumn = columnLetters(sheet.columns.length - 1);
  yield (
    XML_DECLARATION +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
    (table
      ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>') +
    '<sheetFormatPr defaultRowHeight="13.2"/>' +
    `<cols>${sheet.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join("")}</cols>` +
    "<sheetData>" +
    `<row r="1">${sheet.columns.map((c, i) => inlineString(`${columnLetters(i)}1`, c.header, STYLE.header)).join("")}</row>`
  );
  let rowNumber = 1;
  let pending = "";
  for await (const row of sheet.rows) {
    rowNumber += 1;
    const height = sheet.rowHeights?.get(rowNumber - 2);
    pending +=
      `<row r="${rowNumber}"${height ? ` ht="${height}" customHeight="1"` : ""}>` +
      row
        .map((value, i) =>
          cellXml(
            `${columnLetters(i)}${rowNumber}`,
            value,
            sheet.cellKinds?.[rowNumber - 2]?.[i] ?? sheet.columns[i]?.kind ?? "text",
          ),
        )
        .join("") +
      "</row>";
    if (pending.length > 32_768) {
      yield pending;
      pending = "";
    }
  }
  const pictures = sheet.pictures ?? [];
  written.lastRow = rowNumber;
  yield (
    pending +
    "</sheetData>" +
    (table ? `<autoFilter ref="A1:${lastColumn}${rowNumber}"/>` : "") +
    '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' +
    headerFooter(print) +
    (pictures.length > 0 ? '<drawing r:id="rIdDrawing"/>' : "") +
    "</worksheet>"
  );
}

const EMU_PER_PIXEL = 9525;

function drawingXml(pictures: readonly SheetPicture[]): string {
  return (
    XML_DECLARATION +
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    pictures
      .map((p, i) => {
        const cx = p.widthPx * EMU_PER_PIXEL;
        const cy = p.heightPx * EMU_PER_PIXEL;
        return (
          `<xdr:oneCellAnchor><xdr:from><xdr:col>${p.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
          `<xdr:ext cx="${cx}" cy="${cy}"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${i + 2}" name="Picture ${i + 1}" descr="${xmlEscape(p.description)}"/>` +
          '<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>' +
          `<xdr:blipFill><a:blip r:embed="rIdPicture${i + 1}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
          `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>` +
          "</xdr:pic><xdr:clientData/></xdr:oneCellAnchor>"
        );
      })
      .join("") +
    "</xdr:wsDr>"
  );
}

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS_OPEN =
  XML_DECLARATION + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">';

function contentTypes(sheets: number, drawings: number): string {
  return (
    XML_DECLARATION +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    Array.from(
      { length: sheets },
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    ).join("") +
    Array.from(
      { length: drawings },
      (_, d) =>
        `<Override PartName="/xl/drawings/drawing${d + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`,
    ).join("") +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    "</Types>"
  );
}

/** A sheet name as a formula reference: 'Actions'. */
const sheetRef = (name: string) => `'${name.replaceAll("'", "''")}'`;

export interface Workbook {
  title: string;
  description: string;
  stamp: Date;
  print: PrintFurniture;
  sheets: readonly Sheet[];
}

/** The parts of an .xlsx, in the order they are zipped; each sheet's rows are written as they come. */
export function* workbookPackage(book: Workbook): Generator<ZipEntry> {
  const written: WrittenSheet[] = book.sheets.map((s) => ({
    name: s.name,
    lastRow: 1,
    columns: s.columns.length,
    table: s.table ?? true,
    pictures: s.pictures ?? [],
  }));
  const drawings = written.filter((w) => w.pictures.length > 0).length;
  yield { name: "[Content_Types].xml", content: [contentTypes(written.length, drawings)] };
  for (const [i, sheet] of book.sheets.entries()) {
    yield { name: `xl/worksheets/sheet${i + 1}.xml`, content: sheetXml(sheet, book.print, written[i]) };
  }
  // Written after the sheets: the filter ranges and pictures are known only once every row is.
  let drawing = 0;
  for (const [i, w] of written.entries()) {
    if (w.pictures.length === 0) continue;
    drawing += 1;
    yield {
      name: `xl/worksheets/_rels/sheet${i + 1}.xml.rels`,
      content: [
        `${RELS_OPEN}<Relationship Id="rIdDrawing" Type="${REL}/drawing" Target="../drawings/drawing${drawing}.xml"/></Relationships>`,
      ],
    };
    yield { name: `xl/drawings/drawing${drawing}.xml`, content: [drawingXml(w.pictures)] };
    yield {
      name: `xl/drawings/_rels/drawing${drawing}.xml.rels`,
      content: [
        RELS_OPEN +
          w.pictures
            .map(
              (_, p) =>
                `<Relationship Id="rIdPicture${p + 1}" Type="${REL}/image" Target="../media/sheet${i + 1}-picture${p + 1}.png"/>`,
            )
            .join("") +
          "</Relationships>",
      ],
    };
    for (const [p, picture] of w.pictures.entries()) {
      yield { name: `xl/media/sheet${i + 1}-picture${p + 1}.png`, content: [picture.png] };
    }
  }
  const definedNames = written.flatMap((w, i) =>
    w.table
      ? [
          `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlEscape(sheetRef(w.name))}!$A$1:$${columnLetters(w.columns - 1)}$${w.lastRow}</definedName>`,
          `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlEscape(sheetRef(w.name))}!$1:$1</definedName>`,
        ]
      : [],
  );
  yield {
    name: "xl/workbook.xml",
    content: [
      XML_DECLARATION +
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets>' +
        written
          .map((w, i) => `<sheet name="${xmlEscape(w.name)}" sheetId="${i + 1}" r:id="rIdSheet${i + 1}"/>`)
          .join("") +
        "</sheets>" +
        (definedNames.length > 0 ? `<definedNames>${definedNames.join("")}</definedNames>` : "") +
        '<calcPr calcId="191029"/></workbook>',
    ],
  };
  yield {
    name: "xl/_rels/workbook.xml.rels",
    content: [
      RELS_OPEN +
        written
          .map(
            (_, i) =>
              `<Relationship Id="rIdSheet${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
          )
          .join("") +
        `<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ],
  };
  yield { name: "xl/styles.xml", content: [STYLES_XML] };
  yield {
    name: "docProps/core.xml",
    content: [corePropertiesXml({ title: book.title, description: book.description, stamp: book.stamp })],
  };
  yield { name: "docProps/app.xml", content: [appPropertiesXml("Microsoft Excel")] };
  yield {
    name: "_rels/.rels",
    content: [
      RELS_OPEN +
        `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    ],
  };
}
