import { describe, expect, it } from "vitest";
import { chooseSheet, detectHeaderRow, guessMapping, headerLabels } from "./headers";

describe("guessMapping", () => {
  it("maps a typical council plan's headings", () => {
    const headers = [
      "Ofsted paragraph",
      "Area for improvement",
      "Lead",
      "Action",
      "By when",
      "Progress",
      "RAG",
      "Monitoring and evaluation",
      "Evidence",
    ];
    expect(guessMapping(headers)).toEqual({
      reference: 0,
      recommendation: 1,
      owner: 2,
      action: 3,
      targetDate: 4,
      progress: 5,
      rag: 6,
      evidence: 8,
    });
  });

  it("recognises other wordings, whatever their case and punctuation", () => {
    expect(
      guessMapping([
        "Recommendation",
        "Actions",
        "Responsible officer",
        "Target date",
        "Update",
        "Status",
        "Monitoring & evaluation",
      ]),
    ).toEqual({
      reference: null,
      recommendation: 0,
      action: 1,
      owner: 2,
      targetDate: 3,
      progress: 4,
      rag: 5,
      evidence: 6,
    });
    expect(guessMapping(["Ref", "What needs to improve", "Action owner", "Deadline", "RAG rating"])).toMatchObject({
      reference: 0,
      recommendation: 1,
      owner: 2,
      action: null,
      targetDate: 3,
      rag: 4,
    });
    expect(guessMapping(["Owner", "Timescale", "OWNER", "Action\nto be taken"])).toMatchObject({
      owner: 0,
      targetDate: 1,
      action: 3,
    });
  });

  it("leaves unknown headings unmapped", () => {
    expect(guessMapping(["Colour", "", "Notes"])).toEqual({
      reference: null,
      recommendation: null,
      action: null,
      owner: null,
      targetDate: null,
      progress: null,
      rag: null,
      evidence: null,
    });
  });
});

describe("detectHeaderRow", () => {
  it("skips a title row, even one merged across the sheet", () => {
    const rows = [
      [
        "Hackney Children's Services Improvement Plan 2024",
        "Hackney Children's Services Improvement Plan 2024",
        "Hackney Children's Services Improvement Plan 2024",
      ],
      [],
      ["Updated", { d: "2024-09-01" }],
      ["Ofsted paragraph", "Action", "Lead", "By when"],
      ["SG-1", "Do it", "Jane", "1/7/24"],
    ];
    expect(detectHeaderRow(rows)).toBe(3);
  });

  it("falls back to the first row with several text cells when no heading is recognised", () => {
    expect(detectHeaderRow([["Plan"], ["Alpha", "Beta", "Gamma"], ["x", "y", "z"]])).toBe(1);
  });

  it("copes with narrow and empty sheets", () => {
    expect(
      detectHeaderRow([
        ["Action", "Owner"],
        ["a", "b"],
      ]),
    ).toBe(0);
    expect(detectHeaderRow([])).toBe(0);
  });
});

describe("headerLabels", () => {
  it("labels every column the data uses", () => {
    expect(
      headerLabels(
        [
          ["A", null, "C"],
          ["1", "2", "3", "4"],
        ],
        0,
      ),
    ).toEqual(["A", "", "C", ""]);
  });
});

describe("chooseSheet", () => {
  it("chooses the visible worksheet whose headings look most like a plan", () => {
    const cover = {
      hidden: false,
      rows: [["About this plan"], ["Owner: Director of Children's Services", "Version 3", "Draft"]],
    };
    const plan = { hidden: false, rows: [["Ofsted paragraph", "Action", "Lead", "By when", "RAG"]] };
    const lookups = { hidden: true, rows: [["Action", "Lead", "By when", "RAG", "Progress", "Evidence"]] };
    expect(chooseSheet([cover, plan, lookups])).toBe(1);
    expect(chooseSheet([cover])).toBe(0);
    expect(chooseSheet([{ hidden: false, rows: [] }, cover])).toBe(1);
  });
});
