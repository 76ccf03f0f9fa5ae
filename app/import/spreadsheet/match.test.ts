import { describe, expect, it } from "vitest";
import { matchRecommendation, type MatchableRecommendation } from "./match";

const recs: MatchableRecommendation[] = [
  {
    id: 11,
    reference: "SG-IM-1",
    paragraphNumber: null,
    position: 0,
    text: "ensure that all copies of criminal records bureau certificates are removed from staff files in the council within six months of receipt",
  },
  {
    id: 12,
    reference: "SG-3M-1",
    paragraphNumber: "27",
    position: 1,
    text: "ensure that parents in receipt of services from children's social care are aware of how to make complaints",
  },
  {
    id: 13,
    reference: "SG-3M-2",
    paragraphNumber: "28",
    position: 2,
    text: "Hackney Borough Council to ensure that all case file records include up to date chronologies",
  },
  {
    id: 14,
    reference: "LAC-6M-1",
    paragraphNumber: null,
    position: 3,
    text: "take steps to widen the participation and contribution of looked after children and young people, including those placed out of borough.",
  },
  {
    id: 15,
    reference: "LAC-3M-1",
    paragraphNumber: null,
    position: 4,
    text: "Hackney Council to ensure that children's records are readily retrievable for practice and audit purposes",
  },
];

const match = (text: string) => matchRecommendation(text, recs);

describe("matchRecommendation", () => {
  it("matches the app's references, in any case and with a label after", () => {
    expect(match("SG-3M-2")).toMatchObject({ ok: true, recommendationId: 13, method: "reference" });
    expect(match("sg - 3m - 2")).toMatchObject({ ok: true, recommendationId: 13 });
    expect(match("LAC-6M-1: participation")).toMatchObject({ ok: true, recommendationId: 14, method: "reference" });
  });

  it("matches report paragraph numbers", () => {
    expect(match("para 27")).toMatchObject({ ok: true, recommendationId: 12, method: "paragraph" });
    expect(match("Paragraph 28")).toMatchObject({ ok: true, recommendationId: 13, method: "paragraph" });
    expect(match("27.")).toMatchObject({ ok: true, recommendationId: 12, method: "paragraph" });
    expect(match("para 99")).toMatchObject({ ok: false, reason: "no_match" });
  });

  it("matches recommendation numbers by their order in the report", () => {
    expect(match("1")).toMatchObject({ ok: true, recommendationId: 11, method: "position" });
    expect(match("Rec 3")).toMatchObject({ ok: true, recommendationId: 13, method: "position" });
    expect(match("Recommendation 5")).toMatchObject({ ok: true, recommendationId: 15, method: "position" });
    expect(match("2.")).toMatchObject({ ok: true, recommendationId: 12, method: "position" });
    expect(match("9")).toMatchObject({ ok: false });
  });

  it("matches the recommendation's words, reworded or shortened", () => {
    expect(match("Parents receiving children's social care services know how to make a complaint")).toMatchObject({
      ok: true,
      recommendationId: 12,
      method: "text",
    });
    expect(match("All case file records to include up-to-date chronologies")).toMatchObject({
      ok: true,
      recommendationId: 13,
    });
    expect(match("Widen participation of looked after children and young people")).toMatchObject({
      ok: true,
      recommendationId: 14,
    });
    const numbered = match(
      "3. Hackney Borough Council to ensure that all case file records include up to date chronologies",
    );
    expect(numbered).toMatchObject({ ok: true, recommendationId: 13, method: "text" });
    if (numbered.ok) expect(numbered.similarity).toBeGreaterThan(0.9);
  });

  it("refuses weak or ambiguous word matches rather than guess", () => {
    expect(match("Improve supervision of social workers across the service")).toMatchObject({
      ok: false,
      reason: "no_match",
    });
    expect(match("records")).toMatchObject({ ok: false, reason: "no_match" });
    expect(match("Hackney records readily retrievable up to date")).toMatchObject({ ok: false });
    const twins = [
      {
        ...recs[0],
        id: 1,
        reference: "SG-1",
        position: 0,
        text: "Improve the quality of supervision for social workers in children in need teams",
      },
      {
        ...recs[0],
        id: 2,
        reference: "LAC-1",
        position: 1,
        text: "Improve the quality of supervision for social workers in care leaver teams",
      },
    ];
    expect(matchRecommendation("quality of supervision for social workers", twins)).toMatchObject({
      ok: false,
      reason: "ambiguous",
      candidates: ["SG-1", "LAC-1"],
    });
    expect(match("  ")).toMatchObject({ ok: false, reason: "blank" });
  });

  it("is deterministic", () => {
    const text = "Children's records readily retrievable for audit";
    expect(match(text)).toEqual(match(text));
  });
});
