/**
 * Word (.docx) -> text the parser reads: mammoth's HTML turned into lines, headings and
 * paragraphs set apart by blank lines, list items as "• item" (or "1. item"), table rows
 * as tab-separated cells.
 */
import mammoth from "mammoth";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** HTML from mammoth (well-formed, a handful of tags) -> text lines. */
export function htmlToReportText(html: string): string {
  const out: string[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let line = "";
  let cells: string[] | null = null;
  const endLine = (blankAfter: boolean) => {
    const text = line.replace(/[ \t]+/g, " ").trim();
    line = "";
    if (text !== "") out.push(text);
    if (blankAfter && out.length > 0 && out[out.length - 1] !== "") out.push("");
  };
  for (const token of html.split(/(<[^>]+>)/)) {
    if (!token.startsWith("<")) {
      line += decodeEntities(token);
      continue;
    }
    const tag = /^<\/?\s*([a-z0-9]+)/i.exec(token)?.[1].toLowerCase() ?? "";
    const closing = token.startsWith("</");
    if (tag === "br") line += " ";
    else if (tag === "ul" || tag === "ol") {
      if (closing) {
        lists.pop();
        if (lists.length === 0) endLine(true);
      } else {
        endLine(false);
        lists.push({ ordered: tag === "ol", next: 1 });
      }
    } else if (tag === "li") {
      endLine(false);
      if (!closing) {
        const list = lists[lists.length - 1];
        const indent = "  ".repeat(Math.max(0, lists.length - 1));
        line = list?.ordered ? `${indent}${list.next++}. ` : `${indent}• `;
      }
    } else if (tag === "table") {
      endLine(true);
    } else if (tag === "tr") {
      if (closing && cells) {
        out.push(cells.join("\t"));
        cells = null;
      } else if (!closing) cells = [];
    } else if (tag === "td" || tag === "th") {
      if (closing && cells) {
        cells.push(line.replace(/\s+/g, " ").trim());
        line = "";
      }
    } else if (/^(?:p|h[1-6])$/.test(tag) && closing && cells === null) {
      endLine(lists.length === 0);
    }
  }
  endLine(false);
  return out.join("\n").trim();
}

export async function docxToText(data: Uint8Array): Promise<{ ok: true; text: string } | { ok: false }> {
  try {
    const { value } = await mammoth.convertToHtml(
      { buffer: Buffer.from(data) },
      // Images are left packed: the text never uses them, and unpacking them costs memory.
      { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })) },
    );
    return { ok: true, text: htmlToReportText(value) };
  } catch {
    return { ok: false };
  }
}
