import { describe, expect, it } from "vitest";
import {
  DEFAULT_PACK_CHOICES,
  fullActionTitle,
  isOpenPlan,
  listedInDetail,
  ofstedParagraph,
  orderActions,
  orderRecommendations,
  storedPackChoices,
  worstRag,
} from "./board-pack-options";

const action = (rag: "red" | "amber" | "green" | "blue", targetDate: string | null, n: number) => ({
  rag,
  targetDate,
  status: rag === "blue" ? "signed_off" : "in_progress",
  n,
});

describe("what a board pack covers", () => {
  it("reads stored choices, falling back to the default for anything unreadable", () => {
    const row = { pack_inspection_ids: null, pack_sections: null, pack_detail: "full", pack_order: "plan" };
    expect(storedPackChoices(row)).toEqual(DEFAULT_PACK_CHOICES);
    expect(
      storedPackChoices({
        pack_inspection_ids: "[3, 5]",
        pack_sections: '["plan","summary","nonsense"]',
        pack_detail: "exceptions",
        pack_order: "rag",
      }),
    ).toEqual({ inspectionIds: [3, 5], sections: ["summary", "plan"], detail: "exceptions", order: "rag" });
    expect(storedPackChoices({ ...row, pack_inspection_ids: "{oops", pack_detail: "everything" })).toEqual(
      DEFAULT_PACK_CHOICES,
    );
  });

  it("counts a plan open while any action is not signed off, and one with no actions yet", () => {
    expect(isOpenPlan([])).toBe(true);
    expect(isOpenPlan(["signed_off", "in_progress"])).toBe(true);
    expect(isOpenPlan(["signed_off", "signed_off"])).toBe(false);
  });

  it("lists every action in full, Red and Amber ones for exceptions, none in a summary", () => {
    expect(["red", "amber", "green", "blue"].map((r) => listedInDetail("full", r as "red"))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(["red", "amber", "green", "blue"].map((r) => listedInDetail("exceptions", r as "red"))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(listedInDetail("summary", "red")).toBe(false);
  });

  it("orders actions by RAG (Red first) or by target date (signed off and unset last), keeping plan order for ties", () => {
    const actions = [
      action("green", "2025-01-10", 1),
      action("red", "2024-12-01", 2),
      action("blue", "2024-01-01", 3),
      action("amber", null, 4),
      action("red", "2025-02-01", 5),
    ];
    expect(orderActions(actions, "plan").map((a) => a.n)).toEqual([1, 2, 3, 4, 5]);
    expect(orderActions(actions, "rag").map((a) => a.n)).toEqual([2, 5, 4, 1, 3]);
    expect(orderActions(actions, "target").map((a) => a.n)).toEqual([2, 1, 5, 3, 4]);
  });

  it("orders recommendations by their worst action, a recommendation with no actions after Amber", () => {
    const recs = [
      { id: "all blue", actions: [action("blue", null, 1)] },
      { id: "none", actions: [] },
      { id: "amber", actions: [action("green", "2025-03-01", 1), action("amber", "2025-01-01", 2)] },
      { id: "red", actions: [action("red", "2024-06-01", 1)] },
    ];
    expect(orderRecommendations(recs, "rag").map((r) => r.id)).toEqual(["red", "amber", "none", "all blue"]);
    expect(orderRecommendations(recs, "target").map((r) => r.id)).toEqual(["red", "amber", "all blue", "none"]);
    expect(worstRag([])).toBeNull();
  });

  it("finds the Ofsted paragraph a recommendation answers, where the report gives one", () => {
    expect(ofstedParagraph("27", "Improve plans.")).toBe("27");
    expect(ofstedParagraph(null, "Improve the timeliness of assessments (paragraph 25).")).toBe("25");
    expect(ofstedParagraph(null, "Strengthen oversight (paragraphs 31 and 34).")).toBe("31 and 34");
    expect(ofstedParagraph(null, "Quality of plans (see paragraph 5)")).toBe("5");
    expect(ofstedParagraph(" ", "Improve the quality of plans for children in care.")).toBeNull();
  });

  it("prints in full an action title the import cut short, and leaves any other title alone", () => {
    const text =
      "ensure that all assessments take full account of parents' past history when assessing risk and that the views of children are recorded and acted on. Audit them quarterly.";
    const cut =
      "Ensure that all assessments take full account of parents' past history when assessing risk and that the views of…";
    expect(fullActionTitle(cut, text)).toBe(
      "Ensure that all assessments take full account of parents' past history when assessing risk and that the views of children are recorded and acted on.",
    );
    expect(fullActionTitle("Audit supervision", text)).toBe("Audit supervision");
    expect(fullActionTitle("Wait and see…", text)).toBe("Wait and see…");
    // The recommendation's text was corrected after the action was made: the text as extracted completes it.
    expect(fullActionTitle(cut, "Ensure assessments take account of history.", text)).toBe(
      "Ensure that all assessments take full account of parents' past history when assessing risk and that the views of children are recorded and acted on.",
    );
    expect(fullActionTitle(cut, "Ensure assessments take account of history.", null)).toBe(cut);
  });
});
