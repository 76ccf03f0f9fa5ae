import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decideRecommendationArea,
  effectiveArea,
  recommendationReadiness,
  summariseArea,
  type ReadinessAction,
  type ReadinessArea,
} from "./readiness-areas";

interface FixtureRecommendation {
  section: string | null;
  heading?: string | null;
  text: string;
}

function fixture(path: string): FixtureRecommendation[] {
  return (JSON.parse(fs.readFileSync(path, "utf8")) as { recommendations: FixtureRecommendation[] }).recommendations;
}

/** The area the rule gives the fixture's recommendation that starts with `start`. */
function areaOf(path: string, start: string) {
  const found = fixture(path).filter((r) => r.text.startsWith(start));
  expect(found, `${path}: one recommendation starting "${start}"`).toHaveLength(1);
  return decideRecommendationArea({
    section: found[0].section,
    heading: found[0].heading ?? null,
    text: found[0].text,
  });
}

const SEEDS = "db/fixtures/reports";
const PDFS = "db/fixtures/reports/pdf";

// [report, start of the recommendation, the area it must fall under, an area it must not]
const CASES: [string, string, ReadinessArea, ReadinessArea][] = [
  // Hackney 2024: both care-leaver recommendations under care leavers; return home interviews are help and protection.
  [
    `${SEEDS}/hackney-2024-ilacs.expected.json`,
    "The timely allocation of accommodation for care leavers",
    "care_leavers",
    "children_in_care",
  ],
  [
    `${SEEDS}/hackney-2024-ilacs.expected.json`,
    "The consistency of responses to care leavers",
    "care_leavers",
    "leaders",
  ],
  [
    `${SEEDS}/hackney-2024-ilacs.expected.json`,
    "The delivery and oversight of return home interviews",
    "help_and_protection",
    "leaders",
  ],
  // SLAC: wording beats the coarse section, both ways.
  [
    `${SEEDS}/hackney-2012-slac.expected.json`,
    "strengthen the influence and reach of the corporate parenting board",
    "leaders",
    "children_in_care",
  ],
  [
    `${SEEDS}/hackney-2012-slac.expected.json`,
    "take steps to widen the participation and contribution of looked after",
    "children_in_care",
    "help_and_protection",
  ],
  [
    `${SEEDS}/hackney-2012-slac.expected.json`,
    "develop a comprehensive workforce strategy",
    "leaders",
    "help_and_protection",
  ],
  [
    `${SEEDS}/hammersmith-fulham-2011-slac.expected.json`,
    "Improve the consistency of the recording of management oversight",
    "leaders",
    "help_and_protection",
  ],
  [
    `${SEEDS}/hammersmith-fulham-2011-slac.expected.json`,
    "increase the understanding across the partnership of the thresholds",
    "help_and_protection",
    "leaders",
  ],
  [
    `${SEEDS}/havering-2011-slac.expected.json`,
    "improve the quality of pathway plans",
    "care_leavers",
    "children_in_care",
  ],
  [
    `${SEEDS}/havering-2011-slac.expected.json`,
    "ensure that care leavers receive a copy of their health histories",
    "care_leavers",
    "children_in_care",
  ],
  [
    `${SEEDS}/havering-2011-slac.expected.json`,
    "ensure that staff supervision makes provision for reflective practice",
    "leaders",
    "help_and_protection",
  ],
  [
    `${SEEDS}/havering-2011-slac.expected.json`,
    "ensure that the progress of work to implement child protection plans",
    "help_and_protection",
    "leaders",
  ],
  // Real reports.
  [
    `${PDFS}/01_kent_2013_lac.expected.json`,
    "ensure there is sufficient and suitable accommodation available for care leavers",
    "care_leavers",
    "children_in_care",
  ],
  [
    `${PDFS}/01_kent_2013_lac.expected.json`,
    "improve the quality of supervision and management oversight in casework",
    "leaders",
    "children_in_care",
  ],
  [`${PDFS}/01_kent_2013_lac.expected.json`, "review the 16+ service", "care_leavers", "leaders"],
  [
    `${PDFS}/03_knowsley_2014_sif.expected.json`,
    "Ensure that strategy meetings involve representatives",
    "help_and_protection",
    "leaders",
  ],
  [
    `${PDFS}/03_knowsley_2014_sif.expected.json`,
    "Ensure that staff supervision is regular",
    "leaders",
    "help_and_protection",
  ],
  [
    `${PDFS}/03_knowsley_2014_sif.expected.json`,
    "Ensure that robust permanency plans",
    "children_in_care",
    "help_and_protection",
  ],
  [
    `${PDFS}/03_knowsley_2014_sif.expected.json`,
    "The LSCB should evaluate the effectiveness of early help services",
    "leaders",
    "help_and_protection",
  ],
  [
    `${PDFS}/04_kingston_upon_hull_2015_sif.expected.json`,
    "Ensure that pathway planning for care leavers starts early",
    "care_leavers",
    "children_in_care",
  ],
  [
    `${PDFS}/04_kingston_upon_hull_2015_sif.expected.json`,
    "Ensure that joint visits and S47 enquiries",
    "help_and_protection",
    "leaders",
  ],
  [
    `${PDFS}/07_tameside_2016_sif.expected.json`,
    "Ensure that the use of bed and breakfast accommodation for care leavers",
    "care_leavers",
    "children_in_care",
  ],
  [
    `${PDFS}/07_tameside_2016_sif.expected.json`,
    "Ensure that all staff receive high-quality supervision and managerial oversight",
    "leaders",
    "help_and_protection",
  ],
  [
    `${PDFS}/07_tameside_2016_sif.expected.json`,
    "Ensure that when children go missing from home or care",
    "help_and_protection",
    "children_in_care",
  ],
  [
    `${PDFS}/09_bradford_2018_ilacs.expected.json`,
    "multi-agency child protection work",
    "help_and_protection",
    "leaders",
  ],
  [
    `${PDFS}/09_bradford_2018_ilacs.expected.json`,
    "sufficiency of local placements",
    "children_in_care",
    "care_leavers",
  ],
  [
    `${PDFS}/09_bradford_2018_ilacs.expected.json`,
    "completion of mandatory training for all foster carers",
    "children_in_care",
    "leaders",
  ],
  [
    `${PDFS}/09_bradford_2018_ilacs.expected.json`,
    "supervision of social work staff",
    "leaders",
    "help_and_protection",
  ],
  [
    `${PDFS}/10_middlesbrough_2020_ilacs.expected.json`,
    "The effectiveness of management direction and challenge",
    "leaders",
    "children_in_care",
  ],
  [
    `${PDFS}/10_middlesbrough_2020_ilacs.expected.json`,
    "The provision of life-story work",
    "children_in_care",
    "help_and_protection",
  ],
  [
    `${PDFS}/13_isles_of_scilly_2023_ilacs_short.expected.json`,
    "The quality of strategy discussions and subsequent child protection enquiries",
    "help_and_protection",
    "leaders",
  ],
  [
    `${PDFS}/13_isles_of_scilly_2023_ilacs_short.expected.json`,
    "Management and leadership oversight of the service",
    "leaders",
    "help_and_protection",
  ],
  [
    `${PDFS}/15_trafford_2026_ilacs.expected.json`,
    "Quality of transitions and pathway planning for children leaving care",
    "care_leavers",
    "children_in_care",
  ],
  [
    `${PDFS}/15_trafford_2026_ilacs.expected.json`,
    "Timeliness and recording of children’s health assessments",
    "children_in_care",
    "help_and_protection",
  ],
  [
    `${PDFS}/15_trafford_2026_ilacs.expected.json`,
    "Quality, consistency and impact of management oversight",
    "leaders",
    "help_and_protection",
  ],
  [
    `${PDFS}/15_trafford_2026_ilacs.expected.json`,
    "The identification and response to young carers",
    "help_and_protection",
    "children_in_care",
  ],
  [
    `${PDFS}/21_sefton_2021_fv.expected.json`,
    "The effectiveness of case supervision and the monitoring of children who are subject to child protection",
    "help_and_protection",
    "leaders",
  ],
  [
    `${PDFS}/21_sefton_2021_fv.expected.json`,
    "The quality assurance arrangements and senior management oversight",
    "leaders",
    "help_and_protection",
  ],
  [
    `${PDFS}/24_slough_2026_fv.expected.json`,
    "Keeping in touch with and supporting care leavers",
    "care_leavers",
    "children_in_care",
  ],
  [
    `${PDFS}/24_slough_2026_fv.expected.json`,
    "Management oversight, including the supervision of staff",
    "leaders",
    "care_leavers",
  ],
];

describe("the judgement area of a recommendation", () => {
  for (const [path, start, must, mustNot] of CASES) {
    it(`${path.split("/").at(-1)}: "${start}" -> ${must}, not ${mustNot}`, () => {
      const decision = areaOf(path, start);
      expect(decision.area).toBe(must);
      expect(decision.area).not.toBe(mustNot);
      expect(decision.reason.length).toBeGreaterThan(0);
    });
  }

  it("says which words decided it", () => {
    expect(
      decideRecommendationArea({
        section: null,
        heading: "What needs to improve?",
        text: "Quality of transitions and pathway planning for children leaving care (outcome 4, national framework)",
      }),
    ).toEqual({
      area: "care_leavers",
      basis: "wording",
      reason: "wording: 'pathway planning', 'leaving care'; also 'outcome 4' (Children in care)",
    });
    expect(
      decideRecommendationArea({ section: null, heading: null, text: "The consistency of responses to care leavers." }),
    ).toEqual({
      area: "care_leavers",
      basis: "wording",
      reason: "wording: 'care leavers'",
    });
  });

  it("takes a heading that names an area as the section, whatever the wording", () => {
    expect(
      decideRecommendationArea({ section: null, heading: "Care leavers", text: "Improve the quality of supervision." }),
    ).toEqual({ area: "care_leavers", basis: "section", reason: "section 'Care leavers'" });
  });

  it("settles a tie by the SLAC section, then in favour of children over leadership, then by who is named first", () => {
    const tied = "ensure that the caseloads of workers with looked after children are manageable";
    expect(decideRecommendationArea({ section: "safeguarding", heading: null, text: tied }).area).toBe(
      "children_in_care",
    );
    expect(decideRecommendationArea({ section: null, heading: null, text: tied })).toMatchObject({
      area: "children_in_care",
      reason: expect.stringContaining("tie settled in favour of the group of children over leadership"),
    });
    expect(
      decideRecommendationArea({ section: null, heading: null, text: "homes for care leavers and children in care" })
        .area,
    ).toBe("care_leavers");
    expect(
      decideRecommendationArea({ section: null, heading: null, text: "homes for care leavers and children in care" })
        .reason,
    ).toContain("named first");
  });

  it("falls back to the SLAC section, then to help and protection, and says so", () => {
    expect(
      decideRecommendationArea({
        section: "looked_after_children",
        heading: null,
        text: "improve the timeliness of care proceedings.",
      }),
    ).toEqual({ area: "children_in_care", basis: "section", reason: "section 'Looked after children'" });
    expect(
      decideRecommendationArea({
        section: null,
        heading: "Recommendations",
        text: "Improve the quality of assessments.",
      }),
    ).toMatchObject({ area: "help_and_protection", basis: "default" });
  });

  describe("a section the lead chose beats the wording; a section the reader found does not", () => {
    const missing = "Improve the response to children who go missing from care.";

    it("files 'children who go missing from care' under children in care when the lead placed it there", () => {
      expect(
        decideRecommendationArea({
          section: "looked_after_children",
          heading: null,
          text: missing,
          sectionSetByLead: true,
        }),
      ).toEqual({
        area: "children_in_care",
        basis: "section",
        reason:
          "section 'Looked after children', chosen by the lead: a section the lead chose decides over the wording",
      });
    });

    it("keeps today's answer for the same text when the reader put it under safeguarding or looked after children", () => {
      for (const section of ["safeguarding", "looked_after_children", null]) {
        expect(decideRecommendationArea({ section, heading: null, text: missing })).toMatchObject({
          area: "help_and_protection",
          basis: "wording",
        });
        expect(decideRecommendationArea({ section, heading: null, text: missing, sectionSetByLead: false }).area).toBe(
          "help_and_protection",
        );
      }
    });

    it("beats a heading that names another area, and works for safeguarding too", () => {
      expect(
        decideRecommendationArea({
          section: "safeguarding",
          heading: "Care leavers",
          text: "Pathway plans for care leavers.",
          sectionSetByLead: true,
        }).area,
      ).toBe("help_and_protection");
    });

    it("decides nothing when the lead cleared the section: the wording decides", () => {
      expect(
        decideRecommendationArea({ section: null, heading: null, text: missing, sectionSetByLead: true }),
      ).toMatchObject({
        area: "help_and_protection",
        basis: "wording",
      });
    });

    it("still gives way to the lead's area override", () => {
      expect(
        effectiveArea(
          { section: "looked_after_children", heading: null, text: missing, sectionSetByLead: true },
          { area: "leaders", by: "Priya Lead", at: "2024-09-01T09:00:00Z" },
        ),
      ).toEqual({ area: "leaders", basis: "override", reason: "set by Priya Lead; the rule gives Children in care" });
    });
  });

  it("does not count private fostering as fostering for children in care", () => {
    expect(
      decideRecommendationArea({ section: null, heading: null, text: "the response to private fostering arrangements" })
        .area,
    ).toBe("help_and_protection");
  });

  it("lets a lead's override win, keeping the rule's answer in the reason", () => {
    const decision = effectiveArea(
      { section: null, heading: null, text: "The consistency of responses to care leavers." },
      { area: "leaders", by: "Priya Lead", at: "2024-09-01T09:00:00Z" },
    );
    expect(decision).toEqual({
      area: "leaders",
      basis: "override",
      reason: "set by Priya Lead; the rule gives Care leavers",
    });
  });

  it("places every recommendation of every fixture report somewhere, with a reason", () => {
    const paths = [
      ...fs
        .readdirSync(SEEDS)
        .filter((f) => f.endsWith(".expected.json"))
        .map((f) => `${SEEDS}/${f}`),
      ...fs
        .readdirSync(PDFS)
        .filter((f) => f.endsWith(".expected.json"))
        .map((f) => `${PDFS}/${f}`),
    ];
    let count = 0;
    for (const path of paths) {
      for (const r of fixture(path)) {
        const d = decideRecommendationArea({ section: r.section, heading: r.heading ?? null, text: r.text });
        expect(d.reason).toMatch(/^(wording|section|no section)/);
        count += 1;
      }
    }
    expect(count).toBeGreaterThan(150);
  });
});

const action = (overrides: Partial<ReadinessAction> = {}): ReadinessAction => ({
  status: "in_progress",
  targetDate: "2024-12-01",
  ownerId: 1,
  withdrawn: false,
  ...overrides,
});
const TODAY = "2024-09-02";

describe("a recommendation's readiness", () => {
  const status = (actions: ReadinessAction[], hasImpactEvidence = false) =>
    recommendationReadiness({ actions, hasImpactEvidence, today: TODAY }).status;

  it("is signed off with or without impact evidence only when every remaining action is signed off", () => {
    const done = action({ status: "signed_off", targetDate: "2024-01-01" });
    expect(status([done, action({ withdrawn: true, ownerId: null })], true)).toBe("signed_off_with_impact");
    expect(status([done], false)).toBe("signed_off_without_impact");
    expect(status([done, action()], true)).toBe("open");
  });

  it("puts overdue before no owner before no target date before open", () => {
    expect(status([action({ targetDate: "2024-09-01" }), action({ ownerId: null })])).toBe("overdue");
    expect(status([action({ targetDate: TODAY })])).toBe("open");
    expect(status([action({ ownerId: null, targetDate: null })])).toBe("no_owner");
    expect(status([action({ targetDate: null })])).toBe("no_target_date");
    expect(status([])).toBe("no_owner");
    expect(recommendationReadiness({ actions: [], hasImpactEvidence: false, today: TODAY }).detail).toBe(
      "No actions yet",
    );
  });

  it("does not call a signed-off action overdue", () => {
    expect(
      status([action({ status: "signed_off", targetDate: "2020-01-01" }), action({ targetDate: "2025-01-01" })]),
    ).toBe("open");
  });
});

describe("an area's summary", () => {
  it("is ready only when everything is signed off with impact evidence", () => {
    expect(summariseArea(["signed_off_with_impact", "signed_off_with_impact"]).readiness).toBe("ready");
    expect(summariseArea(["signed_off_with_impact", "signed_off_without_impact"]).readiness).toBe("partly_ready");
    expect(summariseArea(["open", "no_target_date"]).readiness).toBe("partly_ready");
  });

  it("is not ready when anything is overdue or unowned, and says why", () => {
    const summary = summariseArea(["signed_off_with_impact", "overdue", "no_owner"]);
    expect(summary.readiness).toBe("not_ready");
    expect(summary.explanation).toBe("Not ready because 1 of 3 overdue and 1 of 3 without an owner.");
    expect(summary.counts.overdue).toBe(1);
  });

  it("has nothing to judge without recommendations", () => {
    expect(summariseArea([]).readiness).toBe("nothing_asked");
  });
});
