import { describe, expect, it } from "vitest";
import { guessMapping } from "./headers";
import { type PlanContext, planRows, summarisePlan, titleAndDescription } from "./plan";
import type { SheetCell } from "./types";

const context: PlanContext = {
  recommendations: [
    {
      id: 1,
      reference: "SG-3M-1",
      paragraphNumber: "27",
      position: 0,
      text: "Ensure that all case file records include up to date chronologies",
      actionTitles: ["Chronologies on every file"],
    },
    {
      id: 2,
      reference: "SG-3M-2",
      paragraphNumber: "28",
      position: 1,
      text: "Strengthen the influence and reach of the corporate parenting board",
      actionTitles: [],
    },
  ],
  owners: [
    { id: 7, name: "Jane Smith", email: "jane@hackney.gov.uk", role: "service_manager", active: true, pending: false },
  ],
  date1904: false,
};

const header = ["Ofsted paragraph", "Area for improvement", "Lead", "Action", "By when", "Progress", "RAG", "Evidence"];
const rows: SheetCell[][] = [
  ["Improvement plan"],
  header,
  [
    "para 27",
    "Chronologies",
    "Jane Smith",
    "Audit 50 files for chronologies. Report findings to the board.",
    { d: "2024-07-01" },
    "Audit done in June",
    "Blue",
    "Audit report June 2024",
  ],
  [null, null, "J Smith", "Train team managers", "1 July 2024", null, "Red", null],
  [],
  ["SG-3M-2"],
  [null, null, null, "Recruit care leavers to the board", 45474, null, "amber", null],
  [null, null, null, null, "sometime", null, "Purple", null],
  ["Rec 9", null, null, "Something", null, null, null, null],
  [null, null, null, "Chronologies on every file", null, null, null, null],
];

describe("planRows", () => {
  const planned = planRows(rows, 1, guessMapping(header), context);

  it("reads each data row into an action, skipping blank rows", () => {
    expect(planned.map((r) => r.rowNumber)).toEqual([3, 4, 6, 7, 8, 9, 10]);
    expect(planned[0]).toMatchObject({
      kind: "action",
      recommendation: { id: 1, reference: "SG-3M-1", method: "paragraph", carried: false },
      title: "Audit 50 files for chronologies. Report findings to the board.",
      description: "",
      owner: { kind: "existing", userId: 7 },
      targetDate: "2024-07-01",
      status: "signed_off",
      riskFlag: null,
      progress: "Audit done in June",
      evidence: "Audit report June 2024",
      errors: [],
    });
  });

  it("carries the recommendation down to rows that leave it blank", () => {
    expect(planned[1]).toMatchObject({
      recommendation: { id: 1, carried: true },
      owner: { kind: "new", name: "J Smith" },
      targetDate: "2024-07-01",
      status: "in_progress",
      riskFlag: "off_track",
      errors: [],
    });
    expect(planned[2]).toMatchObject({ kind: "heading", recommendation: { id: 2 } });
    expect(planned[3]).toMatchObject({
      kind: "action",
      recommendation: { id: 2, carried: true },
      targetDate: "2024-07-01",
      status: "in_progress",
    });
  });

  it("reports row errors: empty action, unreadable date, unknown RAG, no recommendation, already in the plan", () => {
    expect(planned[4].errors).toEqual([
      "The action is empty",
      "The target date “sometime” is not a date: use a date like 01/07/2024 or 1 July 2024",
      "The RAG status “Purple” is not recognised: use Blue, Green, Amber or Red",
    ]);
    expect(planned[5].errors).toEqual(["No recommendation of this inspection matches “Rec 9”"]);
    expect(planned[6].errors).toEqual(["No recommendation: the recommendation above this row did not match one"]);
    const again = planRows(
      [header, ["SG-3M-1", null, null, "Chronologies on every file"]],
      0,
      guessMapping(header),
      context,
    );
    expect(again[0].errors).toEqual(["This action is already in the plan under SG-3M-1"]);
  });

  it("summarises what will be created, leaving out rows with errors and rows the lead excludes", () => {
    expect(summarisePlan(planned)).toMatchObject({
      actions: 3,
      withErrors: 3,
      headings: 1,
      newOwners: [{ name: "J Smith" }],
      matchedOwners: ["Jane Smith"],
    });
    expect(summarisePlan(planned, new Set([4]))).toMatchObject({ actions: 2, newOwners: [] });
  });
});

describe("titleAndDescription", () => {
  it("keeps a short action whole", () => {
    expect(titleAndDescription("Train team managers")).toEqual({ title: "Train team managers", description: "" });
  });

  it("uses the first sentence or line as the title and the rest as the description", () => {
    const long =
      "Audit fifty case files each month for chronologies. Report the findings to the improvement board and feed them into the practice week programme.";
    expect(titleAndDescription(long)).toEqual({
      title: "Audit fifty case files each month for chronologies",
      description: "Report the findings to the improvement board and feed them into the practice week programme.",
    });
    expect(titleAndDescription("• Refresh the policy\n• Brief staff\n• Audit")).toEqual({
      title: "Refresh the policy",
      description: "Brief staff\nAudit",
    });
  });

  it("cuts a very long first sentence at a word and keeps the full text", () => {
    const sentence = `${"Review the arrangements ".repeat(8)}now`;
    const { title, description } = titleAndDescription(sentence);
    expect(title.length).toBeLessThanOrEqual(121);
    expect(title.endsWith("…")).toBe(true);
    expect(description).toBe(sentence.trim());
  });
});
