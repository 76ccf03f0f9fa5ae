import { describe, expect, it } from "vitest";

import { extractJudgements } from "./judgements";
import { normaliseLines } from "./lines";

describe("extractJudgements", () => {
  it("reads the SLAC record of main findings, switching section where looked after children restarts", () => {
    const text = [
      "Record of main findings\t38",
      "",
      "Record of main findings:",
      "",
      "Safeguarding services\t",
      "Overall effectiveness\tGood",
      "Capacity for improvement\tOutstanding",
      "Services for looked after children\t",
      "Partnership working\tgood",
      "Services for looked after children\t",
      "Overall effectiveness\tAdequate",
      "How good are outcomes for looked after children and care leavers?\t",
      "Being healthy\tInadequate",
    ].join("\n");
    expect(extractJudgements(normaliseLines(text), "slac")).toEqual([
      { section: "safeguarding", area: "Overall effectiveness", grade: "Good" },
      { section: "safeguarding", area: "Capacity for improvement", grade: "Outstanding" },
      { section: "safeguarding", area: "Partnership working", grade: "Good" },
      { section: "looked_after_children", area: "Overall effectiveness", grade: "Adequate" },
      { section: "looked_after_children", area: "Being healthy", grade: "Inadequate" },
    ]);
  });

  it("reads the ILACS judgement table", () => {
    const text = [
      "Judgement\tGrade",
      "The experiences and progress of care leavers\tRequires improvement to be good",
      "Overall effectiveness\tGood",
      "",
      "Prose that follows\tthe table",
    ].join("\n");
    expect(extractJudgements(normaliseLines(text), "ilacs")).toEqual([
      { section: null, area: "The experiences and progress of care leavers", grade: "Requires improvement to be good" },
      { section: null, area: "Overall effectiveness", grade: "Good" },
    ]);
  });

  it("gives no judgements for reports without a table", () => {
    expect(extractJudgements(normaliseLines("Record of main findings\t38\n\nBody"), "slac")).toEqual([]);
    expect(extractJudgements(normaliseLines("Judgement\tGrade\nRow\tGood"), "focused_visit")).toEqual([]);
  });
});
