import { describe, expect, it } from "vitest";
import { readReport } from "~/import/read-file.server";
import { onePagePdf } from "~/utils/one-page-pdf";

describe("a one-page PDF built without a library", () => {
  it("is read back by the report reader with its line of text", async () => {
    const outcome = await readReport(onePagePdf("What needs to improve? Audit findings: fifty case files"));
    expect(JSON.stringify(outcome)).toContain("What needs to improve? Audit findings: fifty case files");
  });

  it("refuses text it could not write into the page safely", () => {
    expect(() => onePagePdf("Brackets (close) here")).toThrow("plain ASCII");
    expect(() => onePagePdf("Café")).toThrow("plain ASCII");
  });
});
