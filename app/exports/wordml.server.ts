import { HEADER_FILL } from "./rag-colours.server";
import { appPropertiesXml, corePropertiesXml, XML_DECLARATION, xmlEscape } from "./xml.server";
import type { ZipEntry } from "./zip-stream.server";

// WordprocessingML (the XML inside a .docx) written as text, a piece at a time, for the Word
// exports: the board pack, the statement of action and the readiness report. Each builder returns
// a string; a document's body is an iterable of them, zipped as it is produced (zip-stream), so
// the document is never held whole in memory. Everything a board secretary would otherwise fix by
// hand is set here: A4 landscape with a header and footer on every page (protective marking,
// title, "Page X of Y"), fixed column widths that add up to the page, table rows that never split
// across pages, header rows repeated on each page, and headings kept with what follows them.

/** Twentieths of a point. A4 landscape is 297 x 210 mm. */
export const PAGE = {
  width: 16838,
  height: 11906,
  marginX: 851, // 1.5 cm
  marginTop: 1247, // 2.2 cm, leaving room for the two-line header
  marginBottom: 1134,
  header: 454,
  footer: 454,
} as const;

/** The width tables and text may use. */
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.marginX;

const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const DRAWING_NS =
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"';

export interface RunStyle {
  bold?: boolean;
  italic?: boolean;
  /** Half-points. */
  size?: number;
  /** RRGGBB. */
  colour?: string;
}

/** A run of text; line breaks become Word line breaks and tabs Word tabs. */
export function run(text: string, style: RunStyle = {}): string {
  const props =
    (style.bold ? "<w:b/><w:bCs/>" : "") +
    (style.italic ? "<w:i/>" : "") +
    (style.colour ? `<w:color w:val="${style.colour}"/>` : "") +
    (style.size ? `<w:sz w:val="${style.size}"/><w:szCs w:val="${style.size}"/>` : "");
  const body = text
    .replaceAll("\r\n", "\n")
    .split("\n")
    .map((line) =>
      line
        .split("\t")
        .map((part) => (part ? `<w:t xml:space="preserve">${xmlEscape(part)}</w:t>` : ""))
        .join("<w:tab/>"),
    )
    .join("<w:br/>");
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ""}${body}</w:r>`;
}

export interface ParagraphStyle {
  style?: string;
  /** Keep with the next paragraph on the same page. */
  keepNext?: boolean;
  align?: "left" | "center" | "right";
  /** Space after, in twips. */
  after?: number;
  before?: number;
  pageBreakBefore?: boolean;
  /** A bookmark around the paragraph, for the contents' links and page numbers. */
  bookmark?: { id: number; name: string };
  /** Tab stops: position in twips, and kind. */
  tabs?: { pos: number; kind: "left" | "center" | "right"; leader?: "dot" }[];
  outlineLevel?: number;
}

/** A paragraph of runs (or of plain text). */
export function paragraph(content: string | string[], style: ParagraphStyle = {}): string {
  const runs = Array.isArray(content) ? content.join("") : content;
  const spacing =
    style.after !== undefined || style.before !== undefined
      ? `<w:spacing${style.before !== undefined ? ` w:before="${style.before}"` : ""}${style.after !== undefined ? ` w:after="${style.after}"` : ""}/>`
      : "";
  const tabs = style.tabs
    ? `<w:tabs>${style.tabs.map((t) => `<w:tab w:val="${t.kind}"${t.leader ? ` w:leader="${t.leader}"` : ""} w:pos="${t.pos}"/>`).join("")}</w:tabs>`
    : "";
  const props =
    (style.style ? `<w:pStyle w:val="${style.style}"/>` : "") +
    (style.keepNext ? "<w:keepNext/><w:keepLines/>" : "") +
    (style.pageBreakBefore ? "<w:pageBreakBefore/>" : "") +
    tabs +
    spacing +
    (style.align ? `<w:jc w:val="${style.align}"/>` : "") +
    (style.outlineLevel !== undefined ? `<w:outlineLvl w:val="${style.outlineLevel}"/>` : "");
  const inner = style.bookmark
    ? `<w:bookmarkStart w:id="${style.bookmark.id}" w:name="${style.bookmark.name}"/>${runs}<w:bookmarkEnd w:id="${style.bookmark.id}"/>`
    : runs;
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ""}${inner}</w:p>`;
}

/** Plain text as a paragraph. */
export const text = (value: string, style: ParagraphStyle & RunStyle = {}) => paragraph(run(value, style), style);

/** A heading (Heading1..3 styles), always kept with what follows it. */
export function heading(
  value: string,
  level: 1 | 2 | 3,
  options: { bookmark?: { id: number; name: string }; pageBreakBefore?: boolean } = {},
): string {
  return paragraph(run(value), { style: `Heading${level}`, keepNext: true, ...options });
}

export const pageBreak = () => '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';

/** A field (PAGE, NUMPAGES, PAGEREF ...) with its last known result. */
export function field(instruction: string, result: string, style: RunStyle = {}, dirty = false): string {
  const props = style.bold ? "<w:rPr><w:b/></w:rPr>" : "";
  return (
    `<w:r>${props}<w:fldChar w:fldCharType="begin"${dirty ? ' w:dirty="true"' : ""}/></w:r>` +
    `<w:r>${props}<w:instrText xml:space="preserve"> ${instruction} </w:instrText></w:r>` +
    `<w:r>${props}<w:fldChar w:fldCharType="separate"/></w:r>` +
    run(result, style) +
    `<w:r>${props}<w:fldChar w:fldCharType="end"/></w:r>`
  );
}

/** A link to a bookmark in the same document. */
export const internalLink = (bookmark: string, runs: string) =>
  `<w:hyperlink w:anchor="${bookmark}" w:history="1">${runs}</w:hyperlink>`;

// ---------------------------------------------------------------------------------------------
// Tables

export interface Cell {
  /** Plain text (line breaks kept), or `paragraphs` for anything richer. */
  text?: string;
  paragraphs?: string;
  bold?: boolean;
  /** Background, RRGGBB. */
  fill?: string;
  /** Text colour, RRGGBB. */
  colour?: string;
}

export type CellValue = string | Cell;

function cellXml(value: CellValue, width: number, header: boolean, keepNext = header): string {
  const cell: Cell = typeof value === "string" ? { text: value } : value;
  const shading = cell.fill ?? (header ? HEADER_FILL : undefined);
  const content =
    cell.paragraphs ??
    paragraph(run(cell.text ?? "", { bold: cell.bold ?? header, colour: cell.colour }), {
      style: "TableText",
      // A header row stays with the first row under it.
      keepNext,
    });
  return (
    `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>` +
    (shading ? `<w:shd w:val="clear" w:color="auto" w:fill="${shading}"/>` : "") +
    `</w:tcPr>${content}</w:tc>`
  );
}

/** The opening of a fixed-layout table whose columns are `widths` twips wide. */
export function tableStart(widths: readonly number[]): string {
  const total = widths.reduce((sum, w) => sum + w, 0);
  return (
    `<w:tbl><w:tblPr><w:tblStyle w:val="PackTable"/><w:tblW w:w="${total}" w:type="dxa"/>` +
    '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>' +
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>`
  );
}

/**
 * One table row that never splits across a page; a header row repeats at the top of each page and
 * stays with the row under it (as does any row with `keepNext`).
 */
export function tableRow(
  widths: readonly number[],
  cells: readonly CellValue[],
  header = false,
  keepNext = header,
): string {
  return (
    `<w:tr><w:trPr><w:cantSplit/>${header ? "<w:tblHeader/>" : ""}</w:trPr>` +
    cells.map((c, i) => cellXml(c, widths[i], header, keepNext)).join("") +
    "</w:tr>"
  );
}

/** The end of a table, and a small paragraph after it (Word joins tables that touch). */
export const tableEnd = () => "</w:tbl>" + paragraph("", { style: "AfterTable" });

/** A whole table at once, for short ones. */
export function table(
  widths: readonly number[],
  header: readonly CellValue[],
  rows: readonly (readonly CellValue[])[],
) {
  return (
    tableStart(widths) + tableRow(widths, header, true) + rows.map((r) => tableRow(widths, r)).join("") + tableEnd()
  );
}

/**
 * Blocks of content side by side, in a table with no borders (e.g. a chart and its figures). Each
 * block is paragraphs and tables; the row never splits across pages.
 */
export function sideBySide(widths: readonly number[], blocks: readonly string[]): string {
  const total = widths.reduce((sum, w) => sum + w, 0);
  return (
    `<w:tbl><w:tblPr><w:tblW w:w="${total}" w:type="dxa"/><w:tblLayout w:type="fixed"/>` +
    '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar>' +
    '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>' +
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>` +
    "<w:tr><w:trPr><w:cantSplit/></w:trPr>" +
    blocks
      .map(
        (block, i) =>
          // A cell must end with a paragraph, even after a table.
          `<w:tc><w:tcPr><w:tcW w:w="${widths[i]}" w:type="dxa"/></w:tcPr>${block}${block.endsWith("</w:p>") ? "" : paragraph("", { style: "AfterTable" })}</w:tc>`,
      )
      .join("") +
    "</w:tr>" +
    tableEnd()
  );
}

/**
 * Column widths in twips from relative weights, adding up exactly to `total` (the text width by
 * default), so every table fills the page and no column is wider than its content needs.
 */
export function columnWidths(weights: readonly number[], total: number = TEXT_WIDTH): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const widths = weights.map((w) => Math.floor((w / sum) * total));
  widths[widths.length - 1] += total - widths.reduce((s, w) => s + w, 0);
  return widths;
}

// ---------------------------------------------------------------------------------------------
// Pictures

const EMU_PER_PIXEL = 9525; // at 96 dots per inch

/** The images of one document, each a part of its own, referenced from the body by relationship id. */
export class WordMedia {
  readonly images: { rId: string; path: string; bytes: Uint8Array }[] = [];

  /** Adds an image part and returns its relationship id. */
  add(bytes: Uint8Array): string {
    const n = this.images.length + 1;
    const rId = `rIdImage${n}`;
    this.images.push({ rId, path: `media/image${n}.png`, bytes });
    return rId;
  }
}

/** An inline picture `widthPx` x `heightPx` (at 96 dpi) with alt text. */
export function inlineImage(
  rId: string,
  options: { id: number; widthPx: number; heightPx: number; title: string; description: string },
): string {
  const cx = Math.round(options.widthPx * EMU_PER_PIXEL);
  const cy = Math.round(options.heightPx * EMU_PER_PIXEL);
  const title = xmlEscape(options.title);
  const description = xmlEscape(options.description);
  return (
    `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/>` +
    '<wp:effectExtent l="0" t="0" r="0" b="0"/>' +
    `<wp:docPr id="${options.id}" name="Picture ${options.id}" descr="${description}" title="${title}"/>` +
    '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>' +
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>' +
    `<pic:nvPicPr><pic:cNvPr id="${options.id}" name="image${options.id}.png" descr="${description}"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="${rId}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
    "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
  );
}

// ---------------------------------------------------------------------------------------------
// The package

const CENTRE_TAB = Math.round(TEXT_WIDTH / 2);

export interface PageFurniture {
  /** The protective marking, e.g. "OFFICIAL", printed at the top and bottom of every page. */
  marking: string;
  /** Left of the header's second line, e.g. "Board pack: Hackney". */
  headerLeft: string;
  /** Right of the header's second line, e.g. "Improvement Board, 1 October 2024". */
  headerRight: string;
  /** Left of the footer, e.g. "Plan as at 1 October 2024". */
  footerLeft: string;
}

const TABS: ParagraphStyle["tabs"] = [
  { pos: CENTRE_TAB, kind: "center" },
  { pos: TEXT_WIDTH, kind: "right" },
];

function headerXml(f: PageFurniture): string {
  return (
    XML_DECLARATION +
    `<w:hdr ${W_NS}>` +
    paragraph(run(f.marking, { bold: true, size: 22 }), { style: "Header", align: "center" }) +
    paragraph([run(f.headerLeft), "<w:r><w:tab/><w:tab/></w:r>", run(f.headerRight)], {
      style: "Header",
      tabs: TABS,
    }) +
    "</w:hdr>"
  );
}

function footerXml(f: PageFurniture): string {
  return (
    XML_DECLARATION +
    `<w:ftr ${W_NS}>` +
    paragraph(
      [
        run(f.footerLeft),
        "<w:r><w:tab/></w:r>",
        run(f.marking, { bold: true, size: 22 }),
        "<w:r><w:tab/></w:r>",
        run("Page "),
        field("PAGE", "1"),
        run(" of "),
        field("NUMPAGES", "1"),
      ],
      { style: "Footer", tabs: TABS },
    ) +
    "</w:ftr>"
  );
}

const STYLES =
  XML_DECLARATION +
  `<w:styles ${W_NS}>` +
  '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>' +
  '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>' +
  '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>' +
  '<w:pPr><w:keepNext/><w:spacing w:before="1200" w:after="240"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="56"/><w:szCs w:val="56"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>' +
  '<w:pPr><w:keepNext/><w:spacing w:after="160"/></w:pPr><w:rPr><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>' +
  [1, 2, 3]
    .map((level) => {
      const size = [0, 32, 26, 22][level];
      const before = [0, 360, 280, 200][level];
      return (
        `<w:style w:type="paragraph" w:styleId="Heading${level}"><w:name w:val="heading ${level}"/><w:basedOn w:val="Normal"/>` +
        `<w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>` +
        `<w:spacing w:before="${before}" w:after="120"/><w:outlineLvl w:val="${level - 1}"/></w:pPr>` +
        `<w:rPr><w:b/><w:bCs/><w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr></w:style>`
      );
    })
    .join("") +
  '<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/>' +
  '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="AfterTable"><w:name w:val="After Table"/><w:basedOn w:val="Normal"/>' +
  '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="12"/><w:szCs w:val="12"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Small"><w:name w:val="Small"/><w:basedOn w:val="Normal"/><w:qFormat/>' +
  '<w:rPr><w:color w:val="505A5F"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/>' +
  '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/></w:pPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Contents"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/>' +
  `<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="${TEXT_WIDTH}"/></w:tabs><w:spacing w:after="80"/></w:pPr></w:style>` +
  '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>' +
  '<w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>' +
  '<w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>' +
  '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="1D70B8"/><w:u w:val="single"/></w:rPr></w:style>' +
  '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>' +
  '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
  '<w:style w:type="table" w:styleId="PackTable"><w:name w:val="Pack Table"/><w:basedOn w:val="TableNormal"/><w:tblPr>' +
  '<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="8E9295"/><w:left w:val="single" w:sz="4" w:space="0" w:color="8E9295"/>' +
  '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="8E9295"/><w:right w:val="single" w:sz="4" w:space="0" w:color="8E9295"/>' +
  '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="8E9295"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="8E9295"/></w:tblBorders>' +
  '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>' +
  "</w:tblPr></w:style>" +
  "</w:styles>";

const SETTINGS =
  XML_DECLARATION +
  `<w:settings ${W_NS}><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>` +
  '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>' +
  "</w:settings>";

const NUMBERING =
  XML_DECLARATION +
  `<w:numbering ${W_NS}><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>` +
  '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/>' +
  '<w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr></w:lvl>' +
  '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>';

/** A bullet point. */
export const bullet = (value: string) => paragraph(run(value), { style: "ListBullet" });

const CONTENT_TYPES =
  XML_DECLARATION +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
  '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>' +
  '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' +
  '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>' +
  '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
  "</Types>";

const PACKAGE_RELS =
  XML_DECLARATION +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
  "</Relationships>";

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

function documentRels(media: WordMedia): string {
  return (
    XML_DECLARATION +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rIdSettings" Type="${REL}/settings" Target="settings.xml"/>` +
    `<Relationship Id="rIdNumbering" Type="${REL}/numbering" Target="numbering.xml"/>` +
    `<Relationship Id="rIdHeader" Type="${REL}/header" Target="header1.xml"/>` +
    `<Relationship Id="rIdFooter" Type="${REL}/footer" Target="footer1.xml"/>` +
    media.images.map((i) => `<Relationship Id="${i.rId}" Type="${REL}/image" Target="${i.path}"/>`).join("") +
    "</Relationships>"
  );
}

const SECTION =
  '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/>' +
  `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}" w:orient="landscape"/>` +
  `<w:pgMar w:top="${PAGE.marginTop}" w:right="${PAGE.marginX}" w:bottom="${PAGE.marginBottom}" w:left="${PAGE.marginX}" ` +
  `w:header="${PAGE.header}" w:footer="${PAGE.footer}" w:gutter="0"/></w:sectPr>`;

async function* documentXml(body: Iterable<string> | AsyncIterable<string>): AsyncGenerator<string> {
  yield XML_DECLARATION + `<w:document ${W_NS} ${DRAWING_NS}><w:body>`;
  for await (const piece of body) yield piece;
  yield SECTION + "</w:body></w:document>";
}

export interface WordDocument {
  title: string;
  description: string;
  /** The document's date: its properties and zip entries carry it, so the same content gives the same bytes. */
  stamp: Date;
  furniture: PageFurniture;
  /** The body's XML, piece by piece; pictures it uses are added to `media` before it ends. */
  body: Iterable<string> | AsyncIterable<string>;
  media: WordMedia;
}

/** The parts of a .docx, in the order they are zipped; the body is written as it is produced. */
export function* wordPackage(doc: WordDocument): Generator<ZipEntry> {
  yield { name: "[Content_Types].xml", content: [CONTENT_TYPES] };
  yield { name: "_rels/.rels", content: [PACKAGE_RELS] };
  yield {
    name: "docProps/core.xml",
    content: [corePropertiesXml({ title: doc.title, description: doc.description, stamp: doc.stamp })],
  };
  yield { name: "docProps/app.xml", content: [appPropertiesXml("Microsoft Office Word")] };
  yield { name: "word/styles.xml", content: [STYLES] };
  yield { name: "word/settings.xml", content: [SETTINGS] };
  yield { name: "word/numbering.xml", content: [NUMBERING] };
  yield { name: "word/header1.xml", content: [headerXml(doc.furniture)] };
  yield { name: "word/footer1.xml", content: [footerXml(doc.furniture)] };
  yield { name: "word/document.xml", content: documentXml(doc.body) };
  // Read only now: the body has finished, so every picture it uses is known.
  yield { name: "word/_rels/document.xml.rels", content: [documentRels(doc.media)] };
  for (const image of doc.media.images) yield { name: `word/${image.path}`, content: [image.bytes] };
}
