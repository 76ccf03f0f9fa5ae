/**
 * A valid one-page PDF showing one line of text (Helvetica, 595 x 842 points), built without a
 * library: the reading worker reads one to load and compile its PDF reader before any upload
 * arrives, and the scale benchmark's data stores one as its evidence file. `line` must be plain
 * ASCII without parentheses or backslashes (it is written into the page as a PDF string).
 */
export function onePagePdf(line: string, fontSize = 11): Uint8Array {
  if (!/^[\x20-\x7e]*$/.test(line) || /[()\\]/.test(line)) throw new Error("onePagePdf takes plain ASCII text");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
  ];
  const drawn = `BT /F1 ${fontSize} Tf 72 760 Td (${line}) Tj ET`;
  objects.push(`<< /Length ${drawn.length} >>\nstream\n${drawn}\nendstream`);
  let out = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}
