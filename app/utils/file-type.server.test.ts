import { describe, expect, it } from "vitest";
import {
  docxBytes,
  exeBytes,
  gifBytes,
  htmlBytes,
  jpegBytes,
  oleBytes,
  pdfBytes,
  plainZipBytes,
  pngBytes,
  webpBytes,
  xlsxBytes,
} from "../../tests/helpers/evidence-files";
import { detectFileType, zipEntryNames } from "./file-type.server";

const text = (s: string) => new TextEncoder().encode(s);

describe("detectFileType", () => {
  it("recognises each accepted type from its content", async () => {
    const cases: [Uint8Array, string][] = [
      [pdfBytes(), "pdf"],
      [await docxBytes(), "docx"],
      [await xlsxBytes(), "xlsx"],
      [oleBytes("WordDocument"), "doc"],
      [oleBytes("Workbook"), "xls"],
      [oleBytes("Book"), "xls"],
      [pngBytes(), "png"],
      [jpegBytes(), "jpeg"],
      [gifBytes(), "gif"],
      [webpBytes(), "webp"],
      [text("Minutes of the improvement board, 3 March 2025.\nItem 4: audit findings."), "text"],
      [text('\uFEFFteam,audited,good\nNorth,12,9\nSouth,"10, of which 2 late",7\n'), "csv"],
    ];
    for (const [bytes, type] of cases) expect(detectFileType(bytes), type).toEqual({ ok: true, type });
  });

  it("refuses programs, archives, markup and binary data, naming what is accepted", () => {
    const refused = [
      exeBytes(),
      plainZipBytes(),
      htmlBytes(),
      text("  <svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
      text("<?xml version='1.0'?><a/>"),
      text("hello <script>alert(1)</script>"),
      oleBytes("__substg1.0_0037001F"),
      new Uint8Array([0x41, 0x00, 0x42]),
      new Uint8Array([0xc3, 0x28]),
    ];
    for (const bytes of refused) {
      const result = detectFileType(bytes);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/is not a PDF, Word .* or CSV file/);
    }
    expect(detectFileType(new Uint8Array())).toEqual({ ok: false, reason: "is empty" });
  });

  it("refuses Office files with macros", async () => {
    const docx = Buffer.from(await docxBytes());
    // Rename an entry (same length, so offsets hold) to look like a macro project.
    const withMacro = Buffer.from(docx.toString("latin1").replaceAll("word/styles.xml", "/vbaProject.bin"), "latin1");
    const result = detectFileType(new Uint8Array(withMacro));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/macros/) });
  });

  it("reads zip entry names and gives up on a truncated zip", async () => {
    const xlsx = await xlsxBytes();
    expect(zipEntryNames(xlsx)).toEqual(expect.arrayContaining(["[Content_Types].xml", "xl/workbook.xml"]));
    expect(zipEntryNames(xlsx.subarray(0, xlsx.length - 30))).toBeNull();
    expect(detectFileType(xlsx.subarray(0, 200)).ok).toBe(false);
  });
});
