/**
 * Hand-written minimal PDFs for reader tests: one page per entry, each line of text drawn
 * with Helvetica at a given position, correct cross-reference offsets, optional
 * encryption dictionary (with a user password, so it cannot be opened without one).
 */
/** A run of text at its own position on a line: its x, type size and rise above the baseline. */
export interface TinyPiece {
  text: string;
  x: number;
  size?: number;
  rise?: number;
}

export interface TinyPdfOptions {
  /**
   * Lines of text per page, drawn top down: a string at the left margin (x 72), or pieces
   * placed along the line. An empty page has no text layer.
   */
  pages: (string | TinyPiece[])[][];
  /** Add a standard security handler whose user password is not empty. */
  encrypted?: boolean;
}

function escapePdfString(text: string): string {
  return text.replace(/[\\()]/g, (char) => `\\${char}`);
}

export function tinyPdf({ pages, encrypted = false }: TinyPdfOptions): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add("");
  const pageTree = add("");
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const pageRefs: number[] = [];
  for (const lines of pages) {
    const drawn = lines
      .flatMap((line, index) =>
        (typeof line === "string" ? [{ text: line, x: 72 }] : line).map(
          ({ text, x, size = 11, rise = 0 }: TinyPiece) =>
            `BT /F1 ${size} Tf ${x} ${760 - index * 16 + rise} Td (${escapePdfString(text)}) Tj ET`,
        ),
      )
      .join("\n");
    const content = add(`<< /Length ${Buffer.byteLength(drawn, "latin1")} >>\nstream\n${drawn}\nendstream`);
    pageRefs.push(
      add(
        `<< /Type /Page /Parent ${pageTree} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pageTree} 0 R >>`;
  objects[pageTree - 1] =
    `<< /Type /Pages /Kids [${pageRefs.map((ref) => `${ref} 0 R`).join(" ")}] /Count ${pageRefs.length} >>`;
  const hex32 = (seed: string) => seed.repeat(64).slice(0, 64);
  const encrypt = encrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${hex32("7a3f")}> /U <${hex32("c1d9")}> >>`)
    : null;

  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  const id = "<0123456789abcdef0123456789abcdef>";
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /ID [${id} ${id}]${
    encrypt ? ` /Encrypt ${encrypt} 0 R` : ""
  } >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}
