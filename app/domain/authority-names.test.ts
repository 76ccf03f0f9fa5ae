import { describe, expect, it } from "vitest";
import { authorityKey, sameAuthority } from "./authority-names";

describe("authorityKey", () => {
  it.each([
    ["Slough Borough Council", "Slough"],
    ["City of Bradford Metropolitan District Council", "Bradford"],
    ["London Borough of Hackney", "Hackney"],
    ["Kingston upon Hull City Council", "Kingston upon Hull"],
    ["Surrey County Council", "Surrey"],
    ["Royal Borough of Kingston upon Thames", "Kingston upon Thames"],
    ["Stockton-on-Tees Borough Council", "Stockton-on-Tees"],
    ["Knowsley Council", "Knowsley"],
  ])("matches %s with %s", (a, b) => {
    expect(sameAuthority(a, b)).toBe(true);
  });

  it.each([
    ["Kingston upon Hull", "Kingston upon Thames"],
    ["Bradford Children and Families Trust", "Bradford"],
    ["North Lincolnshire", "Lincolnshire"],
  ])("keeps %s and %s apart", (a, b) => {
    expect(sameAuthority(a, b)).toBe(false);
  });

  it("never matches empty names", () => {
    expect(authorityKey("Council")).toBe("");
    expect(sameAuthority("Council", "The Council")).toBe(false);
  });
});
