import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { readReport, REASONS } from "~/import/read-file.server";

// A damaged PDF found by the fuzz test (parser-properties.test.ts): its page tree points at an
// object whose cross-reference entry is wrong. pdfjs fetched the pages' objects ahead and left the
// failed fetch unhandled, and an unhandled rejection stops a Node server. patches/pdfjs-dist+*.patch
// handles it; the reader answers with its own reason and nothing is left unhandled.

describe("a PDF whose page tree is damaged", () => {
  it("is refused as unreadable, with no unhandled rejection left behind", async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      const read = await readReport(new Uint8Array(fs.readFileSync("tests/fixtures/damaged/page-tree-prefetch.pdf")));
      // Rejections are reported after the microtask queue drains: give them a few turns.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(read.ok).toBe(false);
      if (!read.ok) expect(Object.values(REASONS)).toContain(read.reason);
      expect(unhandled.map(String)).toEqual([]);
    } finally {
      process.off("unhandledRejection", listener);
    }
  });
});
