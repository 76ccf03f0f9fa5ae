import { Document, Packer, Paragraph, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { checkDocxZip, DOCX_LIMITS } from "~/import/docx-zip.server";
import { isReaderReason, readReport, REASONS } from "~/import/read-file.server";
import { docxZip } from "./helpers/docx-zip";

// A Word document is a zip of XML, and XML packs a thousandfold: a 17 KB upload can unpack to
// megabytes, which the Word reader turns into gigabytes of objects. The zip is checked before the
// reader sees it: declared sizes, actual sizes while unpacking, and the main part's elements.

async function docxOf(paragraphs: number, text = "a") {
  const doc = new Document({
    sections: [
      { children: Array.from({ length: paragraphs }, () => new Paragraph({ children: [new TextRun(text)] })) },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** The zip with the size its central directory declares for `name` replaced. */
function withDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  let end = bytes.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  let offset = view.getUint32(end + 16, true);
  for (let n = view.getUint16(end + 10, true); n > 0; n--) {
    const nameLength = view.getUint16(offset + 28, true);
    const entry = Buffer.from(bytes.subarray(offset + 46, offset + 46 + nameLength)).toString("utf8");
    if (entry === name) view.setUint32(offset + 24, size, true);
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return bytes;
}

describe("a Word document's zip", () => {
  it("passes a real-sized report", async () => {
    expect(checkDocxZip(await docxOf(3000, "A paragraph of an ordinary report, about as long as most."))).toEqual({
      ok: true,
    });
  });

  it("reads a small document written byte by byte (so the documents below differ only in size)", async () => {
    const read = await readReport(docxZip(3, "What needs to improve?"));
    expect(read).toEqual({
      ok: true,
      format: "docx",
      text: "What needs to improve?\n\nWhat needs to improve?\n\nWhat needs to improve?",
    });
  });

  it("refuses 5 MB of XML packed into a few kilobytes, from the sizes it declares, before unpacking anything", async () => {
    const bomb = docxZip(160_000);
    expect(bomb.length).toBeLessThan(40 * 1024);
    const read = await readReport(bomb, "bomb.docx");
    expect(read).toEqual({
      ok: false,
      reason: "unpacks to text (XML) of 5.2 MB; a Word report has at most 4 MB, so it was not read",
    });
    expect(isReaderReason(read.ok ? "" : read.reason)).toBe(true);
  });

  it("refuses a zip that declares small sizes and unpacks to more, stopping at the limit", async () => {
    const lying = withDeclaredSize(docxZip(150_000), "word/document.xml", 1000);
    expect(checkDocxZip(lying)).toEqual({
      ok: false,
      reason: "unpacks to text (XML) of 4 MB; a Word report has at most 4 MB, so it was not read",
    });
    // Declaring a size other than the real one, under the limit, is damage.
    const wrong = withDeclaredSize(docxZip(100), "word/document.xml", 10);
    expect(await readReport(wrong)).toEqual({ ok: false, reason: REASONS.docxCorrupt });
  });

  it("refuses a main part of too many elements, though under the size limit", async () => {
    const dense = docxZip(60_000);
    expect(checkDocxZip(dense)).toEqual({
      ok: false,
      reason:
        "holds 180,002 pieces of formatting (XML elements); a Word report has at most 150,000, so it was not read",
    });
  });

  it("refuses a zip of too many files", async () => {
    expect(checkDocxZip(docxZip(1), { ...DOCX_LIMITS, entries: 2 })).toEqual({
      ok: false,
      reason: "holds 3 files inside it; a Word document has at most 2, so it was not read",
    });
  });
});
