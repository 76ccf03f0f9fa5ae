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
import { attachmentDisposition, detectFileType, sanitiseFileName, zipEntryNames } from "./file-type.server";

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

describe("sanitiseFileName", () => {
  it("keeps a sensible name and strips folders and unsafe characters", () => {
    expect(sanitiseFileName("Audit report – March 2025.pdf", "pdf")).toBe("Audit report – March 2025.pdf");
    expect(sanitiseFileName("../../etc/passwd", "text")).toBe("passwd.txt");
    expect(sanitiseFileName("C:\\Users\\me\\minutes.docx", "docx")).toBe("minutes.docx");
    expect(sanitiseFileName('a<b>c:"d|e?f*\u0000g\n.PDF', "pdf")).toBe("abcdefg.PDF");
    expect(sanitiseFileName("...", "png")).toBe("evidence.png");
    expect(sanitiseFileName("photo.jpeg", "jpeg")).toBe("photo.jpeg");
  });

  it("makes the extension match the detected type", () => {
    expect(sanitiseFileName("report.pdf", "text")).toBe("report.pdf.txt");
    expect(sanitiseFileName("page.html", "text")).toBe("page.html.txt");
    expect(sanitiseFileName("figures", "csv")).toBe("figures.csv");
  });

  it("shortens long names, keeping the extension", () => {
    const name = sanitiseFileName(`${"a".repeat(300)}.xlsx`, "xlsx");
    expect(name).toHaveLength(150);
    expect(name.endsWith(".xlsx")).toBe(true);
  });
});

describe("attachmentDisposition", () => {
  it("gives an ASCII fallback and the UTF-8 name", () => {
    expect(attachmentDisposition("Audit – “final”.pdf")).toBe(
      `attachment; filename="Audit _ _final_.pdf"; filename*=UTF-8''Audit%20%E2%80%93%20%E2%80%9Cfinal%E2%80%9D.pdf`,
    );
    expect(attachmentDisposition("it's (1).txt")).toBe(
      `attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`,
    );
  });
});
