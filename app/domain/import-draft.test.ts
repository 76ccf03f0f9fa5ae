import { describe, expect, it } from "vitest";
import {
  applyDraftEdit,
  applyItemFields,
  type DraftItem,
  draftFromReport,
  findRepeats,
  type ItemFields,
  parseAgencyList,
  recommendationsFromDraft,
} from "./import-draft";

let n = 0;
const item = (text: string, overrides: Partial<DraftItem> = {}): DraftItem => ({
  key: `k${++n}`,
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

const REPORT = [
  "Areas for improvement",
  "",
  "- ensure that plans are",
  "  reviewed monthly, and",
  "",
  "- improve supervision",
].join("\n");

describe("draftFromReport", () => {
  it("gives every item a key of its own and says which key comes next", () => {
    const report = {
      title: null,
      localAuthority: null,
      kind: "ilacs" as const,
      inspectionStart: null,
      inspectionEnd: null,
      published: null,
      judgements: [],
      recommendations: [0, 1].map((i) => ({ ...recommendationsFromDraft([item(`Item ${i}`)])[0] })),
      warnings: [{ message: "check item 2", recommendationIndex: 1, line: 4 }],
    };
    const draft = draftFromReport(report);
    expect(draft.items.map((i) => [i.key, i.text, i.warnings])).toEqual([
      ["k1", "Item 0", []],
      ["k2", "Item 1", ["check item 2"]],
    ]);
    expect(draft.nextKey).toBe(3);
  });
});

describe("applyDraftEdit", () => {
  it("merges an item into the one above, dropping a trailing joiner and keeping both agencies and warnings", () => {
    const above = item("ensure that plans are,", { agencies: ["NHS A"], warnings: ["a"] });
    const below = item("reviewed monthly", { agencies: ["Police"], warnings: ["b"] });
    const result = applyDraftEdit([above, below], { kind: "merge", key: below.key }, REPORT, 10);
    expect(result).toMatchObject({
      ok: true,
      focusKey: above.key,
      message: "Item 2 merged into item 1",
      items: [
        {
          key: above.key,
          text: "ensure that plans are, reviewed monthly",
          agencies: ["NHS A", "Police"],
          warnings: ["a", "b"],
        },
      ],
    });
  });

  it("will not merge the first item, or an item that no longer exists", () => {
    const first = item("a");
    expect(applyDraftEdit([first, item("b")], { kind: "merge", key: first.key }, REPORT, 10)).toMatchObject({
      ok: false,
    });
    expect(applyDraftEdit([first], { kind: "merge", key: "k999" }, REPORT, 10)).toMatchObject({
      ok: false,
      field: "items",
    });
  });

  it("splits at a --- line into items that keep section and timescale; the new pieces get new keys", () => {
    const whole = item("first part.\n---\nsecond part.\n---\nthird part.", { warnings: ["check"] });
    const result = applyDraftEdit([whole], { kind: "split", key: whole.key }, REPORT, 7);
    expect(result.ok && result.items.map((i) => [i.key, i.text, i.timescale, i.warnings])).toEqual([
      [whole.key, "first part.", "three_months", ["check"]],
      ["k7", "second part.", "three_months", []],
      ["k8", "third part.", "three_months", []],
    ]);
    expect(result.ok && result.nextKey).toBe(9);
  });

  it("explains how to split when there is no marker", () => {
    const one = item("one piece");
    const result = applyDraftEdit([one], { kind: "split", key: one.key }, REPORT, 10);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/---/) });
  });

  it("adds an item from report lines, without bullets or joiners, after the chosen item", () => {
    const [a, b] = [item("a"), item("b")];
    const result = applyDraftEdit([a, b], { kind: "add", fromLine: 3, toLine: 4, afterKey: a.key }, REPORT, 5);
    expect(result.ok && result.items.map((i) => i.text)).toEqual(["a", "ensure that plans are reviewed monthly", "b"]);
    expect(result.ok && result.items[1]).toMatchObject({
      key: "k5",
      origin: "added",
      sourceLine: 2,
      section: "safeguarding",
    });
    const atStart = applyDraftEdit([a, b], { kind: "add", fromLine: 6, toLine: 6, afterKey: null }, REPORT, 5);
    expect(atStart.ok && atStart.items.map((i) => i.text)).toEqual(["improve supervision", "a", "b"]);
    expect(applyDraftEdit([], { kind: "add", fromLine: 6, toLine: 6, afterKey: null }, REPORT, 1)).toMatchObject({
      ok: true,
    });
  });

  it("refuses line numbers outside the report, blank lines and a place that is gone", () => {
    const a = item("a");
    expect(applyDraftEdit([a], { kind: "add", fromLine: 0, toLine: 2, afterKey: a.key }, REPORT, 5)).toMatchObject({
      ok: false,
      field: "addFrom",
    });
    expect(applyDraftEdit([a], { kind: "add", fromLine: 5, toLine: 99, afterKey: a.key }, REPORT, 5)).toMatchObject({
      ok: false,
    });
    expect(applyDraftEdit([a], { kind: "add", fromLine: 2, toLine: 2, afterKey: a.key }, REPORT, 5)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/blank/),
    });
    expect(applyDraftEdit([a], { kind: "add", fromLine: 3, toLine: 3, afterKey: "k999" }, REPORT, 5)).toMatchObject({
      ok: false,
      field: "addAfter",
    });
  });

  it("excludes every item that repeats an earlier one, keeping the first of each", () => {
    const items = [item("Improve plans."), item("Improve supervision"), item("improve  PLANS"), item("Improve plans.")];
    const result = applyDraftEdit(items, { kind: "exclude_repeats" }, REPORT, 10);
    expect(result.ok && result.items.map((i) => i.excluded)).toEqual([false, false, true, true]);
    expect(result).toMatchObject({ message: "2 repeated items excluded; the first of each is kept" });
    expect(applyDraftEdit([item("a")], { kind: "exclude_repeats" }, REPORT, 10)).toMatchObject({ ok: false });
  });
});

describe("findRepeats", () => {
  it("finds items repeating an earlier item word for word, whatever the case, spacing and end punctuation", () => {
    const items = [item("Improve plans."), item("Other"), item("improve plans"), item(""), item("")];
    expect([...findRepeats(items)]).toEqual([[items[2].key, 0]]);
  });
});

describe("applyItemFields", () => {
  const fields = (overrides: Partial<ItemFields> = {}): ItemFields => ({
    text: "Edited text",
    section: "looked_after_children",
    timescale: null,
    agencies: ["Police"],
    excluded: false,
    ...overrides,
  });

  it("applies the posted fields to their items and leaves items not posted as they were", () => {
    const [a, b] = [item("a"), item("b")];
    const { items, errors } = applyItemFields([a, b], new Map([[b.key, fields({ text: "  Edited text \n" })]]));
    expect(errors).toEqual({});
    expect(items[0]).toBe(a);
    expect(items[1]).toMatchObject({
      key: b.key,
      text: "Edited text",
      section: "looked_after_children",
      timescale: null,
      agencies: ["Police"],
    });
  });

  it("names the field of every problem and keeps what was typed", () => {
    const [a, b, c] = [item("a"), item("b"), item("c")];
    const { items, errors } = applyItemFields(
      [a, b, c],
      new Map([
        [a.key, fields({ text: " " })],
        [b.key, fields({ text: "x".repeat(5001) })],
        [c.key, fields({ agencies: Array.from({ length: 21 }, (_, i) => `Agency ${i}`) })],
      ]),
    );
    expect(errors).toEqual({
      [`item-${a.key}-text`]: "Enter the text of item 1, or exclude it",
      [`item-${b.key}-text`]: "Item 2 is longer than 5,000 characters",
      [`item-${c.key}-agencies`]: "Item 3 can name at most 20 partner agencies",
    });
    expect(items[1].text).toHaveLength(5001);
    // An emptied item that is excluded is fine.
    expect(applyItemFields([a], new Map([[a.key, fields({ text: "", excluded: true })]])).errors).toEqual({});
  });
});

describe("recommendationsFromDraft", () => {
  it("leaves out excluded items", () => {
    expect(recommendationsFromDraft([item("a"), item("b", { excluded: true })]).map((r) => r.text)).toEqual(["a"]);
  });
});

describe("parseAgencyList", () => {
  it("splits on semicolons and new lines and keeps commas inside names", () => {
    expect(parseAgencyList("NHS City and Hackney, CCG; police;\n police ; ")).toEqual([
      "NHS City and Hackney, CCG",
      "police",
    ]);
  });
});
