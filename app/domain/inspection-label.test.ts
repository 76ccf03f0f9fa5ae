import { describe, expect, it } from "vitest";
import { inspectionLabel } from "./inspection-label";

describe("inspectionLabel", () => {
  const title = "Inspection of Havering local authority children's services";

  it("names a report by its publication date where it prints one", () => {
    expect(inspectionLabel({ title, published: "2011-10-28", inspection_start: "2011-09-05" })).toBe(
      `${title} (published 28 October 2011)`,
    );
  });

  it("names an ILACS report, which prints no publication date, by its inspection dates", () => {
    expect(inspectionLabel({ title, published: null, inspection_start: "2025-03-03", inspection_end: "2025-03-14" })).toBe(
      `${title} (inspected 3 March 2025 to 14 March 2025)`,
    );
    expect(inspectionLabel({ title, published: null, inspection_start: "2025-03-03", inspection_end: null })).toBe(
      `${title} (inspected 3 March 2025)`,
    );
  });

  it("is the title alone when no date is known", () => {
    expect(inspectionLabel({ title, published: null })).toBe(title);
  });
});
