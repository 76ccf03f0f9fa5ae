import { describe, expect, it } from "vitest";

import {
  isContentsLine,
  joinPieces,
  normaliseLines,
  parseBullet,
  withoutFootnoteMarker,
  withoutTrailingJoiner,
} from "./lines";

describe("normaliseLines", () => {
  it("keeps line numbers and marks page breaks instead of adding lines", () => {
    const lines = normaliseLines("Title\r\n\fWhat needs to improve?\n  indented\u00A0text  \n");
    expect(lines.map((line) => line.text)).toEqual(["Title", "What needs to improve?", "indented text", ""]);
    expect(lines[1].pageBreak).toBe(true);
    expect(lines[0].pageBreak).toBe(false);
    expect(lines[2].indent).toBe(2);
    expect(lines.map((line) => line.index)).toEqual([0, 1, 2, 3]);
  });
});

describe("parseBullet", () => {
  it.each([
    ["- ensure that x", "dash", null, "ensure that x"],
    ["\uF0A7 improve the quality", "glyph", null, "improve the quality"],
    ["\uF06E Improve", "glyph", null, "Improve"],
    ["◼ Quality of contacts", "glyph", null, "Quality of contacts"],
    ["27. Improve the timeliness", "number", "27", "Improve the timeliness"],
    ["- 14. The council", "dash", "14", "The council"],
    ["ensure that lost bullets stay text", null, null, "ensure that lost bullets stay text"],
    ["2.1 Adoption performance", null, null, "2.1 Adoption performance"],
    ["-based approach", null, null, "-based approach"],
  ])("%s", (text, kind, number, body) => {
    expect(parseBullet(text)).toEqual({ kind, number, body });
  });
});

describe("isContentsLine", () => {
  const line = (raw: string) => normaliseLines(raw)[0];
  it("recognises contents entries with a tab, spaces or dot leaders before the page number", () => {
    expect(isContentsLine(line("Areas for improvement\t8"))).toBe(true);
    expect(isContentsLine(line("Record of main findings                                            19"))).toBe(true);
    expect(isContentsLine(line("Areas for improvement ........ 21"))).toBe(true);
  });
  it("does not take headings or sentences ending in a number for contents entries", () => {
    expect(isContentsLine(line("Areas for improvement"))).toBe(false);
    expect(isContentsLine(line("the total in 2011 was 22"))).toBe(false);
    expect(isContentsLine(line("Overall effectiveness\tGood"))).toBe(false);
  });
});

describe("item text clean-up", () => {
  it("removes trailing list joiners", () => {
    expect(withoutTrailingJoiner("respond in a timely way, and")).toBe("respond in a timely way");
    expect(withoutTrailingJoiner("minority groups, and,")).toBe("minority groups");
    expect(withoutTrailingJoiner("support they need; and")).toBe("support they need");
    expect(withoutTrailingJoiner("children and young people")).toBe("children and young people");
  });
  it("joins wrapped pieces with single spaces and keeps real hyphens", () => {
    expect(joinPieces(["improve the  quality of", "  casework"])).toBe("improve the quality of casework");
    expect(joinPieces(["multi-", "agency working"])).toBe("multi-agency working");
  });
  it("drops a footnote number glued to a heading", () => {
    expect(withoutFootnoteMarker("What needs to improve?1")).toBe("What needs to improve?");
    expect(withoutFootnoteMarker("Within six months:")).toBe("Within six months:");
  });
});
