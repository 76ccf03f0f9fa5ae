import { describe, expect, it } from "vitest";
import { findMentions } from "./mentions";

const people = [
  { id: 1, name: "Sam Manager" },
  { id: 2, name: "Sam Manager-Jones" },
  { id: 3, name: "Lena Lead" },
];

describe("findMentions", () => {
  it("finds full names after an @, in any case, at the end or before punctuation", () => {
    expect(findMentions("@sam manager, can you add the audit? Thanks @Lena Lead.", people).sort()).toEqual([1, 3]);
    expect(findMentions("cc @Lena Lead", people)).toEqual([3]);
  });

  it("does not take a longer name's start, or a name without an @, or part of a word", () => {
    expect(findMentions("@Sam Manager-Jones has it", people)).toEqual([2]);
    expect(findMentions("Sam Manager has it", people)).toEqual([]);
    expect(findMentions("@Lena Leadership team", people)).toEqual([]);
  });
});
