import { describe, expect, it } from "vitest";
import type { Workbook } from "./types";
import { workbookFromText, workbookToText } from "./workbook-text.server";

const small: Workbook = {
  date1904: true,
  sheets: [
    {
      name: 'Plan "2025"\nv2',
      hidden: false,
      rows: [
        ["Ref", "Action", "Target"],
        ["1.1", "Audit\nsupervision\r\nfiles \u2028 quarterly", { d: "2025-03-31" }],
        [],
        [null, 42, ""],
      ],
    },
    { name: "Empty", hidden: true, rows: [] },
    { name: "Notes", hidden: false, rows: [["one line"]] },
  ],
};

describe("the workbook kept with a plan-import draft", () => {
  it("reads back exactly what was written, newlines in cells and names included", async () => {
    const text = await workbookToText(small);
    expect(text.split("\n")).toHaveLength(1 + 3 + 4 + 0 + 1);
    expect(await workbookFromText(text)).toEqual(small);
  });

  it("reads a draft stored as one JSON document before this format", async () => {
    expect(await workbookFromText(JSON.stringify(small))).toEqual(small);
  });

  it("lets other requests in while it reads and writes a workbook at the size limit", async () => {
    const rows = Array.from({ length: 5_000 }, (_, r) =>
      Array.from({ length: 40 }, (_, c) => `${"x".repeat(50)}${r}-${c}`),
    );
    const big: Workbook = { date1904: false, sheets: [{ name: "Plan", hidden: false, rows }] };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const text = await workbookToText(big);
      const writeTicks = ticks;
      const read = await workbookFromText(text);
      expect(read.sheets[0].rows[4_999][39]).toBe(`${"x".repeat(50)}4999-39`);
      // A one-millisecond timer ran during each: no single block of work held the thread throughout.
      expect(writeTicks).toBeGreaterThan(0);
      expect(ticks - writeTicks).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
  });
});
