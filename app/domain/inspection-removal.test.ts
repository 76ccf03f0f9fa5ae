import { describe, expect, it } from "vitest";
import { describeRemoval, inspectionsRemovedAsAt, originalContentHash, removedContentHash } from "./inspection-removal";

describe("inspectionsRemovedAsAt", () => {
  const events = [
    { inspectionId: 1, at: "2024-09-10T10:00:00.000Z", event: "inspection.removed" },
    { inspectionId: 2, at: "2024-09-11T10:00:00.000Z", event: "inspection.removed" },
    { inspectionId: 1, at: "2024-09-18T10:00:00.000Z", event: "inspection.restored" },
  ];

  it("is what the last removal or restoration by the end of the day says", () => {
    expect(inspectionsRemovedAsAt(events, "2024-09-09")).toEqual(new Set());
    expect(inspectionsRemovedAsAt(events, "2024-09-10")).toEqual(new Set([1]));
    expect(inspectionsRemovedAsAt(events, "2024-09-15")).toEqual(new Set([1, 2]));
    expect(inspectionsRemovedAsAt(events, "2024-09-18")).toEqual(new Set([2]));
  });

  it("counts a London day to its end, in summer time too", () => {
    // 23:30 UTC on 10 September is 00:30 on the 11th in London.
    const late = [{ inspectionId: 3, at: "2024-09-10T23:30:00.000Z", event: "inspection.removed" }];
    expect(inspectionsRemovedAsAt(late, "2024-09-10")).toEqual(new Set());
    expect(inspectionsRemovedAsAt(late, "2024-09-11")).toEqual(new Set([3]));
  });
});

describe("the content hash of a removed inspection", () => {
  it("is marked with the inspection, and gives the document's own hash back", () => {
    const hash = "a".repeat(64);
    expect(removedContentHash(7, hash)).toBe(`removed:7:${hash}`);
    expect(originalContentHash(removedContentHash(7, hash))).toBe(hash);
    expect(originalContentHash(hash)).toBe(hash);
  });
});

describe("describeRemoval", () => {
  it("says when (a London day), by whom and why", () => {
    expect(
      describeRemoval({
        removedAt: "2024-09-10T23:30:00.000Z",
        removedBy: "Lena Lead",
        reason: "Another council's visit",
      }),
    ).toBe("Removed from the plan on 11 September 2024 by Lena Lead: “Another council's visit”.");
  });
});
