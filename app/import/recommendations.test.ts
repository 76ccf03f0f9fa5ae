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

/**
 * The failure classes of issue 14, each in the layout the PDF reader gives (indentation,
 * glyphs, page breaks as form feeds), so each rule is tested as a reader meets it.
 */
describe("extractRecommendations on laid-out report text", () => {
  const items = (text: string, kind: Parameters<typeof extractRecommendations>[1] = "sif") =>
    extract(text, kind).recommendations.map(({ heading, timescale, priority, text: itemText }) => ({
      heading,
      timescale,
      priority,
      text: itemText,
    }));

  it("reads a list under topic sub-headings whose first item is not an instruction", () => {
    const text = [
      "What does the local authority need to improve?",
      "",
      "Priority and immediate action",
      "",
      "Care leavers",
      "9.   A leaving care service improvement plan should be developed. The plan should",
      "     consider overall improvement of the service provided to care leavers.",
      "",
      "10. Ensure that all looked after young people have a Pathway Plan by the age of",
      "     16 years and 3 months.",
      "",
      "Areas for Improvement",
      " Planning for children who need protection",
      "",
      "11. Embed the Getting it Right framework (GIR) to ensure that partners",
      "     understand their responsibilities.",
      "Planning and support for children who are looked after",
      "",
      "12. When children return home, improve the quality of assessments.",
      "",
      "                                                                                  6",
      "\fThe local authority’s strengths",
      "",
      "28. No children or young people seen by inspectors were unsafe. Where children",
      "     had been identified as being at risk of harm, speedy action was taken.",
    ].join("\n");
    expect(items(text)).toEqual([
      {
        heading: "Care leavers",
        timescale: "immediately",
        priority: true,
        text: "A leaving care service improvement plan should be developed. The plan should consider overall improvement of the service provided to care leavers.",
      },
      {
        heading: "Care leavers",
        timescale: "immediately",
        priority: true,
        text: "Ensure that all looked after young people have a Pathway Plan by the age of 16 years and 3 months.",
      },
      {
        heading: "Planning for children who need protection",
        timescale: null,
        priority: false,
        text: "Embed the Getting it Right framework (GIR) to ensure that partners understand their responsibilities.",
      },
      {
        heading: "Planning and support for children who are looked after",
        timescale: null,
        priority: false,
        text: "When children return home, improve the quality of assessments.",
      },
    ]);
  });

  it("tells a topic sub-heading from the next section's heading by the paragraph under it", () => {
    const text = [
      "Areas for improvement",
      "",
      "171. Ensure that the LSCB effectively undertakes monitoring and quality assurance",
      "       of multi-agency safeguarding practice.",
      "",
      "Business planning",
      "",
      "172. Develop a single overarching plan for the delivery of business priorities.",
      "",
      "Board arrangements",
      "",
      "173. The Local Safeguarding Children Board (LSCB) is not effective in ensuring that",
      "       partners always work together.",
    ].join("\n");
    expect(items(text).map((item) => [item.heading, item.text.slice(0, 20)])).toEqual([
      ["Areas for improvement", "Ensure that the LSCB"],
      ["Business planning", "Develop a single ove"],
    ]);
  });

  it("reads a list directly under 'What does the local authority need to improve?'", () => {
    const text = [
      "What does the local authority need to improve?",
      "",
      "19. Ensure that all strategy discussions include the police as a minimum",
      "     standard.",
      "",
      "20. Take actions to increase capacity in the child protection conference service.",
      "",
      "Information about this inspection",
      "",
      "Inspectors have looked closely at the experiences of children.",
    ].join("\n");
    expect(items(text)).toEqual([
      {
        heading: "What does the local authority need to improve?",
        timescale: null,
        priority: false,
        text: "Ensure that all strategy discussions include the police as a minimum standard.",
      },
      {
        heading: "What does the local authority need to improve?",
        timescale: null,
        priority: false,
        text: "Take actions to increase capacity in the child protection conference service.",
      },
    ]);
  });

  it("ends a list at a heading that wraps onto two lines, before numbered findings", () => {
    const text = [
      "      What needs to improve?1",
      "",
      "      ◼ The quality, frequency and recording of supervision, including use of reflection.",
      "         (Enabler two: National Framework)",
      "",
      "      ◼ The quality and consistency of pathway planning for care leavers.",
      "",
      "      The experiences and progress of children who need help and",
      "      protection: outstanding",
      "",
      "1.   The range and reach of the Early Help offer in Newcastle are extensive. It provides",
      "     children and families with effective and timely support services.",
      "",
      "2.   The Initial Response Service (IRS) provides a very effective front door.",
    ].join("\n");
    expect(items(text, "ilacs").map((item) => item.text)).toEqual([
      "The quality, frequency and recording of supervision, including use of reflection. (Enabler two: National Framework)",
      "The quality and consistency of pathway planning for care leavers.",
    ]);
  });

  it("ends a list at a heading set less deep than its bullets, before bulleted findings", () => {
    const text = [
      "   What needs to improve in this area of social work practice",
      "",
      "    \uF06E Managers’ use of performance information and quality assurance processes.",
      "",
      "    \uF06E The quality and timeliness of return home interviews when young people go",
      "       missing.",
      "",
      "   Findings",
      " \uF06E Social workers and personal advisers are highly committed to supporting care",
      "   leavers.",
    ].join("\n");
    expect(items(text, "focused_visit").map((item) => item.text)).toEqual([
      "Managers’ use of performance information and quality assurance processes.",
      "The quality and timeliness of return home interviews when young people go missing.",
    ]);
  });

  it("carries an item over a page break, even where the new page's lines stand further left", () => {
    const text = [
      "Areas for Improvement",
      "",
      "    \uF06E A small minority of care leavers placed in larger semi-independent settings",
      "       have been exposed to new risks, which highlights the need for the provision of",
      "\f   more intensive support accommodation to respond to the complexity of need",
      "   of some children leaving care.",
      "",
      "\uF06E More could be done to engage the wider cohort of care leavers.",
      "",
      "\fOfsted will take the findings from this focused visit into account.",
    ].join("\n");
    expect(items(text, "focused_visit").map((item) => item.text)).toEqual([
      "A small minority of care leavers placed in larger semi-independent settings have been exposed to new risks, which highlights the need for the provision of more intensive support accommodation to respond to the complexity of need of some children leaving care.",
      "More could be done to engage the wider cohort of care leavers.",
    ]);
  });

  it("never takes a negative statement, numbered or not, for a recommendation", () => {
    const text = [
      "Priority and immediate action",
      "",
      "26.    The inspection did not find any areas for priority and immediate action.",
      "",
      "Areas for improvement",
      "",
      "27.    Ensure that the thresholds for access to children’s social care services are",
      "       clear, understood and consistently applied by all relevant agencies.",
      "",
      "Areas for priority action",
      "",
      "There are no priority actions following this focused visit.",
    ].join("\n");
    expect(items(text).map((item) => item.text)).toEqual([
      "Ensure that the thresholds for access to children’s social care services are clear, understood and consistently applied by all relevant agencies.",
    ]);
  });

  it("keeps nested sub-bullets in their item, with or without a colon, and drops their glyphs", () => {
    const text = [
      "What needs to improve?",
      "",
      "   ◼ The oversight, timeliness and rigour of the response to children",
      "       \u2212 experiencing neglect, including children in Public Law Outline pre-",
      "          proceedings, and",
      "       \u2212 in private fostering arrangements.",
      "   ◼ The quality of children’s written records, including:",
      "      \u23AF the child’s written plan",
      "      \uF02D the rationale for decision-making",
      "   ◼ The recording of management oversight.",
      "",
      "The experiences and progress of children who need help and protection: good",
    ].join("\n");
    expect(items(text, "ilacs").map((item) => item.text)).toEqual([
      "The oversight, timeliness and rigour of the response to children experiencing neglect, including children in Public Law Outline pre-proceedings, and in private fostering arrangements.",
      "The quality of children’s written records, including: the child’s written plan the rationale for decision-making",
      "The recording of management oversight.",
    ]);
  });

  it("keeps numbered sub-items '(i)' in the item they belong to", () => {
    const text = [
      "Areas for improvement",
      "",
      " 147. Give closer scrutiny to the local authority and board partners where",
      "",
      "       (i)   they are privately fostered",
      "",
      "       (ii)  they are known to the Youth Offending Team.",
      "",
      " 148. Ensure that all statutory partners routinely attend the Board.",
    ].join("\n");
    expect(items(text).map((item) => item.text)).toEqual([
      "Give closer scrutiny to the local authority and board partners where (i) they are privately fostered (ii) they are known to the Youth Offending Team.",
      "Ensure that all statutory partners routinely attend the Board.",
    ]);
  });

  it("takes no item from a sentence that points back to earlier recommendations, nor from a lead-in", () => {
    const text = [
      "Areas for priority action",
      "",
      "The areas for priority action set at the last focused visit in February 2020 remain.",
      "There are no additional priority actions.",
      "",
      "What needs to improve in this area of social work practice",
      "",
      "The areas for improvement continue to be those that were identified at the ILACS",
      "inspection in February 2019, with one additional area for improvement:",
      "",
      "   ◼ the timeliness of assessment of disabled children’s needs.",
      "",
      "Findings",
      "",
      "Areas for improvement",
      "",
      "   ◼ The areas for improvement remain those identified at the inspection in 2019.",
      "",
      "Main findings",
    ].join("\n");
    expect(items(text, "focused_visit")).toEqual([
      {
        heading: "What needs to improve in this area of social work practice",
        timescale: null,
        priority: false,
        text: "the timeliness of assessment of disabled children’s needs.",
      },
    ]);
  });

  it("reads a list of plain paragraphs one item each, but not a lone comment under the heading", () => {
    const list = [
      "What needs to improve in this area of social work practice",
      "",
      "In locality team hubs, many assessments do not sufficiently describe the changes",
      "and emerging needs being experienced by children and families.",
      "",
      "Social workers in some locality teams experienced excessively high caseloads until",
      "very recently. Staff have raised this with managers, but it was not addressed by",
      "managers quickly enough.",
      "While supervision is regular in locality team hubs, supervision is not being used",
      "effectively to improve practice.",
      "",
      "Ofsted will take the findings from this focused visit into account.",
    ].join("\n");
    expect(items(list, "focused_visit").map((item) => item.text.slice(0, 30))).toEqual([
      "In locality team hubs, many as",
      "Social workers in some localit",
      "While supervision is regular i",
    ]);
    const comment = [
      "What needs to improve?",
      "",
      "There are an extremely small number of areas of variability in what is otherwise an",
      "exceptional practice. Senior leaders have an accurate understanding of the service.",
      "",
      "The experiences and progress of children who need help and",
      "protection: outstanding",
    ].join("\n");
    expect(items(comment, "ilacs_short")).toEqual([]);
  });

  it("splits items that lost their bullets by the short line that ends each, and stops at 'Findings'", () => {
    const text = [
      "What needs to improve in this area of social work practice",
      "",
      "  The quality of the casework supervision record between team managers and",
      "   social workers.",
      "  The recording of contingency planning, and the oversight of plans for children who",
      "   are at risk of exploitation, within children’s care plans.",
      "",
      "  Findings",
      " Social workers and personal advisers are highly committed to supporting care",
      "   leavers.",
    ].join("\n");
    expect(items(text, "focused_visit").map((item) => item.text)).toEqual([
      "The quality of the casework supervision record between team managers and social workers.",
      "The recording of contingency planning, and the oversight of plans for children who are at risk of exploitation, within children’s care plans.",
    ]);
  });

  it("reads the LSCB part under a title that wraps, with the board under its own abbreviation", () => {
    const text = [
      "The Bristol Safeguarding Children Board (BSCB) met the inspectors.",
      "\fSection 2: The effectiveness of the local safeguarding",
      "children board",
      "",
      "Areas for improvement",
      "",
      "139. The BSCB annual report should provide a rigorous assessment of services.",
      "",
      "140. Hold partners to account for the learning from serious case reviews.",
      "",
      "141. The Board should challenge the BSCB's partners. The BSCB chair agrees.",
    ].join("\n");
    expect(extract(text, "sif").recommendations.map(({ section, agencies }) => ({ section, agencies }))).toEqual([
      { section: "lscb", agencies: ["BSCB"] },
      { section: "lscb", agencies: ["BSCB"] },
      { section: "lscb", agencies: ["BSCB"] },
    ]);
  });

  it("lists a partner the item makes responsible, not one the council is to work with or a sentence's first word", () => {
    const text = [
      "Recommendations",
      "",
      "1. Work with the police to ensure that police notifications are timely.",
      "",
      "2. Continue to ensure that the quality of social work recording is high.",
      "",
      "3. Ensure that joint visits undertaken by the police and children’s social care are swift.",
      "",
      "4. Hackney Borough Council to ensure that all case file records include chronologies.",
      "",
      "5. Access to health histories for care leavers.",
    ].join("\n");
    expect(extract(text, "sif").recommendations.map((item) => item.agencies)).toEqual([
      [],
      [],
      ["police"],
      ["Hackney Borough Council"],
      [],
    ]);
  });
});
