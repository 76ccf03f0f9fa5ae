import { describe, expect, it } from "vitest";
import { applyDraftEdit, type DraftItem, parseAgencyList, recommendationsFromDraft } from "./import-draft";

const item = (text: string, overrides: Partial<DraftItem> = {}): DraftItem => ({
  text,
  section: "safeguarding",
  timescale: "three_months",
  agencies: [],
  heading: "Within three months:",
  priority: false,
  paragraphNumber: null,
  frameworkReferences: [],
  sourceLine: 10,
  excluded: false,
  warnings: [],
  origin: "parser",
  ...overrides,
});

const REPORT = ["Areas for improvement", "", "- ensure that plans are", "  reviewed monthly, and", "", "- improve supervision"].join("\n");

describe("applyDraftEdit", () => {
  it("merges an item into the one above, dropping a trailing joiner and keeping both agencies", () => {
    const result = applyDraftEdit([item("ensure that plans are,", { agencies: ["NHS A"] }), item("reviewed monthly", { agencies: ["Police"] })], { kind: "merge", index: 1 }, REPORT);
    expect(result).toMatchObject({ ok: true, items: [{ text: "ensure that plans are, reviewed monthly", agencies: ["NHS A", "Police"] }] });
  });

  it("will not merge the first item", () => {
    expect(applyDraftEdit([item("a"), item("b")], { kind: "merge", index: 0 }, REPORT)).toMatchObject({ ok: false });
  });

  it("splits at a --- line into items that keep section and timescale", () => {
    const result = applyDraftEdit([item("first part.\n---\nsecond part.", { warnings: ["check"] })], { kind: "split", index: 0 }, REPORT);
    expect(result.ok && result.items.map((i) => [i.text, i.timescale, i.warnings])).toEqual([
      ["first part.", "three_months", ["check"]],
      ["second part.", "three_months", []],
    ]);
  });

  it("explains how to split when there is no marker", () => {
    const result = applyDraftEdit([item("one piece")], { kind: "split", index: 0 }, REPORT);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/---/) });
  });

  it("adds an item from report lines, without bullets or joiners, after the chosen item", () => {
    const result = applyDraftEdit([item("a"), item("b")], { kind: "add", fromLine: 3, toLine: 4, after: 0 }, REPORT);
    expect(result.ok && result.items.map((i) => i.text)).toEqual(["a", "ensure that plans are reviewed monthly", "b"]);
    expect(result.ok && result.items[1]).toMatchObject({ origin: "added", sourceLine: 2, section: "safeguarding" });
  });

  it("refuses line numbers outside the report and blank lines", () => {
    expect(applyDraftEdit([item("a")], { kind: "add", fromLine: 0, toLine: 2, after: 0 }, REPORT)).toMatchObject({ ok: false, field: "addFrom" });
    expect(applyDraftEdit([item("a")], { kind: "add", fromLine: 5, toLine: 99, after: 0 }, REPORT)).toMatchObject({ ok: false });
    expect(applyDraftEdit([item("a")], { kind: "add", fromLine: 2, toLine: 2, after: 0 }, REPORT)).toMatchObject({ ok: false, message: expect.stringMatching(/blank/) });
  });
});

describe("recommendationsFromDraft", () => {
  it("leaves out excluded items", () => {
    expect(recommendationsFromDraft([item("a"), item("b", { excluded: true })]).map((r) => r.text)).toEqual(["a"]);
  });
});

describe("parseAgencyList", () => {
  it("splits on semicolons and new lines and keeps commas inside names", () => {
    expect(parseAgencyList("NHS City and Hackney, CCG; police;\n police ; ")).toEqual(["NHS City and Hackney, CCG", "police"]);
  });
});
