import { describe, expect, it } from "vitest";

import { normaliseLines } from "./lines";
import { extractRecommendations } from "./recommendations";

const extract = (text: string, kind: Parameters<typeof extractRecommendations>[1] = "slac") =>
  extractRecommendations(normaliseLines(text), kind);
const texts = (text: string, kind?: Parameters<typeof extractRecommendations>[1]) =>
  extract(text, kind).recommendations.map((recommendation) => recommendation.text);

describe("extractRecommendations", () => {
  it("reads items under timescale headings with the timescale and literal heading", () => {
    const { recommendations } = extract(
      [
        "Areas for improvement",
        "",
        "Immediately:",
        "",
        "- do one thing",
        "",
        "Within six months:",
        "",
        "- do another thing.",
        "",
        "Next heading",
      ].join("\n"),
    );
    expect(recommendations).toMatchObject([
      {
        section: "safeguarding",
        timescale: "immediately",
        heading: "Immediately:",
        text: "do one thing",
        sourceLine: 4,
      },
      {
        section: "safeguarding",
        timescale: "six_months",
        heading: "Within six months:",
        text: "do another thing.",
        sourceLine: 8,
      },
    ]);
  });

  it("never takes contents-page lines for headings", () => {
    const text = ["Contents", "Areas for improvement\t8", "Immediately:\t9", "- not an item", "", "Body text"].join(
      "\n",
    );
    expect(extract(text).recommendations).toEqual([]);
  });

  it("finds nothing in a report with no recommendation list", () => {
    expect(
      extract("Inspection of something\n\n1. Findings paragraph.\n- a bullet in the findings\n").recommendations,
    ).toEqual([]);
  });

  it("removes a trailing ', and' joiner", () => {
    expect(
      texts("Areas for improvement\nWithin three months:\n- review the team, and\n- improve supervision, and,\n"),
    ).toEqual(["review the team", "improve supervision"]);
  });

  it("gives the bullets below an owner sub-heading that owner as agency, until the next heading", () => {
    const { recommendations } = extract(
      [
        "Areas for improvement",
        "Within three months:",
        "- ensure that supervision is regular, and",
        "",
        "NHS Outer North East London and the HSCB should ensure that:",
        "",
        "- general practitioners attend meetings",
        "- there is consistent representation.",
        "",
        "Within six months:",
        "- review placements",
      ].join("\n"),
    );
    expect(recommendations.map(({ agencies, heading }) => ({ agencies, heading }))).toEqual([
      { agencies: [], heading: "Within three months:" },
      {
        agencies: ["NHS Outer North East London", "HSCB"],
        heading: "NHS Outer North East London and the HSCB should ensure that:",
      },
      {
        agencies: ["NHS Outer North East London", "HSCB"],
        heading: "NHS Outer North East London and the HSCB should ensure that:",
      },
      { agencies: [], heading: "Within six months:" },
    ]);
  });

  it("joins an item split across a page break with a stray dash on its continuation, and warns", () => {
    const { recommendations, warnings } = extract(
      [
        "Areas for improvement",
        "Within three months:",
        "- the annual reports provide assurance that the respective health",
        "",
        "- trust safeguarding arrangements comply with guidance",
        "- there is consistent representation.",
      ].join("\n"),
    );
    expect(recommendations.map((recommendation) => recommendation.text)).toEqual([
      "the annual reports provide assurance that the respective health trust safeguarding arrangements comply with guidance",
      "there is consistent representation.",
    ]);
    expect(warnings).toEqual([
      { message: "may continue the item above across a page break; joined to it", recommendationIndex: 0, line: 4 },
    ]);
  });

  it("keeps a new item after a page break when it opens like one", () => {
    expect(
      texts(
        [
          "Areas for improvement",
          "Within three months:",
          "- extend the panel's terms of reference",
          "",
          "- increase understanding of thresholds",
        ].join("\n"),
      ),
    ).toEqual(["extend the panel's terms of reference", "increase understanding of thresholds"]);
  });

  it("takes an indented line without a bullet as a separate item and says so", () => {
    const { recommendations, warnings } = extract(
      [
        "Areas for improvement",
        "Within six months:",
        "",
        " ensure that placements are sufficient.",
        "",
        "Next heading",
      ].join("\n"),
    );
    expect(recommendations.map((recommendation) => recommendation.text)).toEqual([
      "ensure that placements are sufficient.",
    ]);
    expect(warnings[0]).toMatchObject({ recommendationIndex: 0, line: 3 });
    expect(warnings[0].message).toContain("no bullet");
  });

  it("decides the section by where the list sits, not by its lead-in sentence", () => {
    const { recommendations } = extract(
      [
        "Safeguarding services",
        "Areas for improvement",
        "14. In order to improve services for safeguarding children, the local authority should take the following action.",
        "Within three months:",
        "- first",
        "",
        "Services for looked after children",
        "Areas for improvement",
        "61. In order to improve services for safeguarding children, the local authority should take the following action.",
        "Within three months:",
        "- second",
      ].join("\n"),
    );
    expect(recommendations.map(({ section, text }) => ({ section, text }))).toEqual([
      { section: "safeguarding", text: "first" },
      { section: "looked_after_children", text: "second" },
    ]);
  });

  it("reads ILACS lists without timescales, dropping a glued footnote number from the heading", () => {
    const { recommendations } = extract(
      [
        "What needs to improve?1",
        "◼ Quality of contacts (outcome 2, national",
        "  framework)",
        "",
        "◼ Timeliness of plans",
        "",
        "The experiences and progress of care leavers: good",
      ].join("\n"),
      "ilacs",
    );
    expect(recommendations).toMatchObject([
      {
        section: null,
        timescale: null,
        heading: "What needs to improve?",
        priority: false,
        text: "Quality of contacts (outcome 2, national framework)",
      },
      { section: null, timescale: null, heading: "What needs to improve?", text: "Timeliness of plans" },
    ]);
  });

  it("marks priority actions, keeps paragraph numbers and skips negative statements", () => {
    const { recommendations } = extract(
      [
        "Priority and immediate action",
        "26. There are no areas for priority or immediate action.",
        "Areas for priority action",
        "- Ensure that strategy meetings are held promptly.",
        "Recommendations",
        "27. Improve the timeliness of assessments (paragraph 25).",
        "28. Strengthen management oversight.",
      ].join("\n"),
      "sif",
    );
    expect(recommendations.map(({ priority, paragraphNumber, text }) => ({ priority, paragraphNumber, text }))).toEqual(
      [
        { priority: true, paragraphNumber: null, text: "Ensure that strategy meetings are held promptly." },
        { priority: false, paragraphNumber: "27", text: "Improve the timeliness of assessments (paragraph 25)." },
        { priority: false, paragraphNumber: "28", text: "Strengthen management oversight." },
      ],
    );
  });
});
