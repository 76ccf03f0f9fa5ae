import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  explainPair,
  findRecurringThemes,
  highlightText,
  stem,
  THEMES,
  themesOf,
  type ThemeInput,
} from "../../app/domain/themes";
import { fixtureInputs, fixtureTexts, hackneyInputs } from "./fixtures";

// Real recommendation texts, copied from db/fixtures/reports[/pdf]/*.expected.json.
const KENT_2013_SUPERVISION = "improve the quality of supervision and management oversight in casework";
const BRADFORD_2018_SUPERVISION =
  "supervision of social work staff, which provides direction, to be regular and reflective.";
const HAVERING_2011_SUPERVISED =
  "ensure family support workers carrying out direct work are actively supervised so that allocated social workers with overall case responsibility have an clear overview of progression towards agreed outcomes";
const KNOWSLEY_2014_SUPERVISION =
  "Ensure that staff supervision is regular and that supervision practice is audited with a focus on the quality of supervision offered. Deliver training for managers to support the development of supervision in line with the supervision policy.";
const HACKNEY_2024_ACCOMMODATION = "The timely allocation of accommodation for care leavers.";
const KENT_2013_ACCOMMODATION = "ensure there is sufficient and suitable accommodation available for care leavers.";
const HACKNEY_2024_RHI = "The delivery and oversight of return home interviews when children go missing.";
const TAMESIDE_2016_RHI =
  "Ensure that when children go missing from home or care, the information gathered at return home interviews is used to inform planning effectively and reduce future risk.";
const HULL_2015_RETURN_INTERVIEWED =
  "Ensure children who go missing from care are interviewed by an independent person when they return.";
const HAMMERSMITH_2011_OVERSIGHT =
  "Improve the consistency of the recording of management oversight of cases to ensure that required actions are specified and measurable.";
const TRAFFORD_2026_OVERSIGHT =
  "Quality, consistency and impact of management oversight (enabler: leaders drive conditions for effective practice, national framework)";
const TAMESIDE_2016_MANAGERIAL =
  "Ensure that all staff receive high-quality supervision and managerial oversight at a frequency that reflects their skills and levels of experience and agree levels of external support for newly qualified staff on the assessed and supported year in employment.";
const SCILLY_2023_STRATEGY = "The quality of strategy discussions and subsequent child protection enquiries.";
const KNOWSLEY_2014_STRATEGY =
  "Ensure that strategy meetings involve representatives from at least three agencies and include the workers who will carry out any enquiries, and ensure that the minutes of the meeting include clear directions and rationale for actions.";
const BRADFORD_2018_HOMELESS =
  "the response to children with specific vulnerabilities, including children aged 16 to 17 who present as homeless and children privately fostered, as well as the oversight and monitoring of allegations against professionals working with children";
const TRAFFORD_2026_HOMELESS = "Response to 16- and 17-year-old homeless children (outcome 2, national framework)";
const HAVERING_2011_PATHWAY =
  "improve the quality of pathway plans and ensure they contain important information about educational achievement to support effective planning and support for young people aged 16 and over";
const TRAFFORD_2026_PATHWAY =
  "Quality of transitions and pathway planning for children leaving care (outcome 4, national framework)";
const BRADFORD_2018_SUFFICIENCY = "sufficiency of local placements to meet the needs of children in care";
const HAVERING_2011_PLACEMENTS =
  "ensure that a sufficient number of appropriate placements are made available to met the needs of looked after children and young people.";
const HACKNEY_2012_HEALTH =
  "NHS City and Hackney, Hackney Borough Council, Homerton University Hospital NHS Foundation Trust and NHS North East London and City must ensure that all initial health assessments, use of strengths and difficulties questionnaires and care leavers' health information are completed in line with the statutory guidance";
const BRADFORD_2018_ASSESSMENTS =
  "social work practice, including the quality of assessments and plans and their implementation";
const HAVERING_2011_WORK_EXPERIENCE =
  "review the arrangements for work experience placements and apprenticeship opportunities within the council for looked after young people and care leavers";
const TRAFFORD_2026_SAFETY = "Quality and impact of safety planning (outcome 2, national framework)";
const SLOUGH_2026_CARE_LEAVER_PLANNING =
  "The consistency of planning for care leavers. (enabler 3, national framework)";
const TAMESIDE_2016_PARENTING_CAPACITY =
  "Ensure that social work assessments include an effective consideration of history and parenting capacity that informs thorough analysis of risk and ensures that assessments are updated regularly to reflect children’s changing needs and circumstances.";
const SEFTON_2021_CASELOADS =
  "The capacity in social work teams and the number of children on social workers’ caseloads.";
const HACKNEY_2012_CRB =
  "ensure that all copies of criminal records bureau certificates are removed from staff files in the council within six months of receipt of a completed check to ensure compliance with statutory guidance.";

const themeKeys = (text: string) => themesOf(text).map((m) => m.key);

describe("the theme vocabulary", () => {
  it("has between 25 and 50 themes with unique keys and labels", () => {
    expect(THEMES.length).toBeGreaterThanOrEqual(25);
    expect(THEMES.length).toBeLessThanOrEqual(50);
    expect(new Set(THEMES.map((t) => t.key)).size).toBe(THEMES.length);
    expect(new Set(THEMES.map((t) => t.label)).size).toBe(THEMES.length);
  });

  it("recognises each of its own phrases", () => {
    for (const theme of THEMES) {
      for (const phrase of theme.phrases) expect(themeKeys(phrase), `${theme.key}: ${phrase}`).toContain(theme.key);
    }
  });

  it("stems plurals and -ed/-ing endings so that variants meet", () => {
    expect(stem("interviews")).toBe(stem("interview"));
    expect(stem("supervised")).toBe(stem("supervise"));
    expect(stem("planning")).toBe(stem("plans"));
    expect(stem("leavers'")).toBe(stem("leaver"));
    expect(stem("children’s")).toBe(stem("child"));
    expect(stem("process")).toBe("process");
  });

  it("reports the words as written in the recommendation", () => {
    const [rhi] = themesOf(TAMESIDE_2016_RHI).filter((m) => m.key === "return-home-interviews");
    expect(rhi.reasons).toEqual(["return home interviews"]);
    const accommodation = themesOf(HACKNEY_2024_ACCOMMODATION).find((m) => m.key === "care-leavers-accommodation");
    expect(accommodation?.reasons).toEqual(["accommodation", "care leavers"]);
  });

  it("does not count wording that only looks like a theme", () => {
    expect(themeKeys(HACKNEY_2012_HEALTH)).not.toContain("assessments");
    expect(themeKeys(HACKNEY_2012_HEALTH)).toContain("health");
    expect(themeKeys(TAMESIDE_2016_PARENTING_CAPACITY)).not.toContain("workforce");
    expect(themeKeys(HAVERING_2011_WORK_EXPERIENCE)).not.toContain("placement-sufficiency");
    expect(themeKeys(HACKNEY_2024_RHI)).not.toContain("management-oversight");
    expect(
      themeKeys(
        "NHS City and Hackney Clinical Commissioning Group to ensure that all midwives have regular safeguarding supervision",
      ),
    ).not.toContain("commissioning");
  });
});

describe("pairs that must be grouped", () => {
  const MUST: [string, string, string, string][] = [
    [
      "two differently worded supervision recommendations",
      KENT_2013_SUPERVISION,
      BRADFORD_2018_SUPERVISION,
      "supervision",
    ],
    ["'supervised' and 'supervision'", HAVERING_2011_SUPERVISED, KNOWSLEY_2014_SUPERVISION, "supervision"],
    ["care leavers' accommodation", HACKNEY_2024_ACCOMMODATION, KENT_2013_ACCOMMODATION, "care-leavers-accommodation"],
    ["return home interviews", HACKNEY_2024_RHI, TAMESIDE_2016_RHI, "return-home-interviews"],
    [
      "interviewed on return after going missing",
      HACKNEY_2024_RHI,
      HULL_2015_RETURN_INTERVIEWED,
      "return-home-interviews",
    ],
    ["management oversight", HAMMERSMITH_2011_OVERSIGHT, TRAFFORD_2026_OVERSIGHT, "management-oversight"],
    ["managerial and management oversight", TAMESIDE_2016_MANAGERIAL, KENT_2013_SUPERVISION, "management-oversight"],
    [
      "strategy discussions and strategy meetings",
      SCILLY_2023_STRATEGY,
      KNOWSLEY_2014_STRATEGY,
      "strategy-discussions",
    ],
    ["homeless 16- and 17-year-olds", BRADFORD_2018_HOMELESS, TRAFFORD_2026_HOMELESS, "homelessness-16-17"],
    ["pathway plans and pathway planning", HAVERING_2011_PATHWAY, TRAFFORD_2026_PATHWAY, "pathway-plans"],
    ["placement sufficiency", BRADFORD_2018_SUFFICIENCY, HAVERING_2011_PLACEMENTS, "placement-sufficiency"],
  ];
  it.each(MUST)("%s", (_name, a, b, key) => {
    const pair = explainPair(a, b);
    expect(pair.grouped).toBe(true);
    expect(pair.themes.map((t) => t.key)).toContain(key);
    expect(pair.why).toContain(`theme: ${THEMES.find((t) => t.key === key)!.label}`);
  });

  it("groups recommendations with no theme in common when they say nearly the same thing", () => {
    const rewritten =
      "Remove copies of criminal records bureau certificates from staff files once a check is completed.";
    const pair = explainPair(HACKNEY_2012_CRB, rewritten);
    expect(pair.themes).toEqual([]);
    expect(pair.grouped).toBe(true);
    expect(pair.wording.alike).toBe(true);
    expect(pair.wording.shared).toEqual(expect.arrayContaining(["criminal", "bureau", "certificates", "staff"]));
    expect(pair.why).toMatch(/^Wording \d+% alike: shared words 'bureau', /);
  });
});

describe("pairs that must not be grouped", () => {
  const MUST_NOT: [string, string, string][] = [
    ["supervision and care leavers' accommodation", KENT_2013_SUPERVISION, KENT_2013_ACCOMMODATION],
    ["strategy discussions and return home interviews", SCILLY_2023_STRATEGY, HACKNEY_2024_RHI],
    ["health assessments and social work assessments", HACKNEY_2012_HEALTH, BRADFORD_2018_ASSESSMENTS],
    ["oversight of return home interviews and management oversight", HACKNEY_2024_RHI, TRAFFORD_2026_OVERSIGHT],
    ["work experience placements and placement sufficiency", HAVERING_2011_WORK_EXPERIENCE, HAVERING_2011_PLACEMENTS],
    [
      "safety planning and planning for care leavers, both citing the national framework",
      TRAFFORD_2026_SAFETY,
      SLOUGH_2026_CARE_LEAVER_PLANNING,
    ],
    ["parenting capacity and caseloads", TAMESIDE_2016_PARENTING_CAPACITY, SEFTON_2021_CASELOADS],
    ["criminal records checks and return home interviews", HACKNEY_2012_CRB, HACKNEY_2024_RHI],
  ];
  it.each(MUST_NOT)("%s", (_name, a, b) => {
    const pair = explainPair(a, b);
    expect(pair.grouped).toBe(false);
    expect(pair.themes).toEqual([]);
    expect(pair.why).toMatch(/^No shared theme, and wording only \d+% alike/);
  });
});

describe("recurring themes for Hackney (2012 SLAC and 2024 ILACS seed reports)", () => {
  const groups = findRecurringThemes(hackneyInputs());

  it("finds care leavers recurring, and nothing else", () => {
    expect(groups.map((g) => g.key)).toEqual(["care-leavers"]);
    const [group] = groups;
    expect(group.inspections).toEqual([
      { id: 1, label: "SLAC 2012", date: "2012-06-01" },
      { id: 2, label: "ILACS 2024", date: "2024-07-12" },
    ]);
    expect(group.why).toBe("All 3 mention 'care leavers' (theme: Care leavers (any aspect))");
    expect(group.recommendations.map((r) => [r.inspectionId, r.text.slice(0, 40), r.reasons])).toEqual([
      [1, "NHS City and Hackney, Hackney Borough Co", ["care leavers"]],
      [2, "The timely allocation of accommodation f", ["care leavers"]],
      [2, "The consistency of responses to care lea", ["care leavers"]],
    ]);
  });

  it("does not flag return home interviews or supervision, which each come from one inspection only", () => {
    const items = hackneyInputs();
    const rhi = items.find((i) => i.text.includes("return home interviews"))!;
    const midwives = items.find((i) => i.text.includes("midwives"))!;
    expect(themeKeys(rhi.text)).toContain("return-home-interviews");
    expect(themeKeys(midwives.text)).toContain("supervision");
    const grouped = new Set(groups.flatMap((g) => g.recommendations.map((r) => r.id)));
    expect(grouped.has(rhi.id)).toBe(false);
    expect(grouped.has(midwives.id)).toBe(false);
  });

  it("flags return home interviews once a later inspection repeats them", () => {
    const later: ThemeInput = {
      id: 500,
      inspectionId: 3,
      inspectionLabel: "ILACS 2027",
      inspectionDate: "2027-05-14",
      text: TAMESIDE_2016_RHI,
    };
    const rhi = findRecurringThemes([...hackneyInputs(), later]).find((g) => g.key === "return-home-interviews");
    expect(rhi?.inspections.map((i) => i.label)).toEqual(["ILACS 2024", "ILACS 2027"]);
    expect(rhi?.why).toBe("Both mention 'return home interviews' (theme: Return home interviews)");
  });
});

describe("grouping across real reports", () => {
  it("finds supervision, management oversight and care leavers' accommodation recurring between Kent 2013 and Slough 2026 or Tameside 2016", () => {
    const items = [
      ...fixtureInputs("01_kent_2013_lac", 1, 1),
      ...fixtureInputs("07_tameside_2016_sif", 2, 101),
      ...fixtureInputs("24_slough_2026_fv", 3, 201),
    ];
    const groups = findRecurringThemes(items);
    const byKey = new Map(groups.map((g) => [g.key, g]));
    expect(byKey.get("supervision")?.inspections.map((i) => i.id)).toEqual([1, 2, 3]);
    expect(byKey.get("management-oversight")?.inspections.map((i) => i.id)).toEqual([1, 2, 3]);
    expect(byKey.get("care-leavers-accommodation")?.inspections.map((i) => i.id)).toEqual([1, 2]);
    expect(byKey.has("return-home-interviews")).toBe(false);
    // Groups spanning more inspections come first.
    const spans = groups.map((g) => g.inspections.length);
    expect([...spans].sort((a, b) => b - a)).toEqual(spans);
  });

  it("leaves a broad theme out when a narrower one groups exactly the same recommendations", () => {
    const items: ThemeInput[] = [
      { id: 1, inspectionId: 1, inspectionLabel: "A", inspectionDate: "2016-01-01", text: HACKNEY_2024_ACCOMMODATION },
      { id: 2, inspectionId: 2, inspectionLabel: "B", inspectionDate: "2024-01-01", text: KENT_2013_ACCOMMODATION },
    ];
    expect(findRecurringThemes(items).map((g) => g.key)).toEqual(["care-leavers-accommodation"]);
  });

  it("names every member's wording when they share no phrase", () => {
    const items: ThemeInput[] = [
      {
        id: 1,
        inspectionId: 1,
        inspectionLabel: "SLAC 2011",
        inspectionDate: "2011-01-01",
        text: HAVERING_2011_SUPERVISED,
      },
      {
        id: 2,
        inspectionId: 2,
        inspectionLabel: "LAC 2013",
        inspectionDate: "2013-01-01",
        text: KENT_2013_SUPERVISION,
      },
      {
        id: 3,
        inspectionId: 3,
        inspectionLabel: "ILACS 2018",
        inspectionDate: "2018-01-01",
        text: BRADFORD_2018_SUPERVISION,
      },
    ];
    const [group] = findRecurringThemes(items).filter((g) => g.key === "supervision");
    expect(group.why).toBe("Each mentions at least one of 'supervision', 'supervised' (theme: Supervision of staff)");
    expect(group.recommendations.map((r) => r.reasons)).toEqual([["supervised"], ["supervision"], ["supervision"]]);
  });

  it("never groups recommendations of one inspection only", () => {
    expect(findRecurringThemes(fixtureInputs("havering-2011-slac", 1, 1))).toEqual([]);
  });
});

describe("highlighting", () => {
  it("marks each reason where it is written, as whole words", () => {
    expect(
      highlightText("Return home interviews when children go missing.", ["return home interviews", "go missing"]),
    ).toEqual([
      { text: "Return home interviews", mark: true },
      { text: " when children ", mark: false },
      { text: "go missing", mark: true },
      { text: ".", mark: false },
    ]);
    expect(highlightText("supervisions", ["supervision"])).toEqual([{ text: "supervisions", mark: false }]);
  });
});

// Every real recommendation text in the repo fixtures, for the properties below.
const POOL = [
  "hackney-2012-slac",
  "hackney-2024-ilacs",
  "hammersmith-fulham-2011-slac",
  "havering-2011-slac",
  "01_kent_2013_lac",
  "03_knowsley_2014_sif",
  "04_kingston_upon_hull_2015_sif",
  "07_tameside_2016_sif",
  "09_bradford_2018_ilacs",
  "10_middlesbrough_2020_ilacs",
  "13_isles_of_scilly_2023_ilacs_short",
  "15_trafford_2026_ilacs",
  "21_sefton_2021_fv",
  "24_slough_2026_fv",
].flatMap(fixtureTexts);

const itemsArbitrary = fc
  .uniqueArray(
    fc.record({ text: fc.integer({ min: 0, max: POOL.length - 1 }), inspection: fc.integer({ min: 1, max: 4 }) }),
    {
      minLength: 0,
      maxLength: 30,
      selector: (r) => r.text,
    },
  )
  .map((rows) =>
    rows.map((r, i): ThemeInput => ({
      id: i + 1,
      inspectionId: r.inspection,
      inspectionLabel: `Inspection ${r.inspection}`,
      inspectionDate: r.inspection === 4 ? null : `201${r.inspection}-06-01`,
      text: POOL[r.text],
    })),
  );

describe("properties", () => {
  it("gives the same groups whatever order the recommendations come in", () => {
    const items = [
      ...hackneyInputs(),
      ...fixtureInputs("07_tameside_2016_sif", 3, 301),
      ...fixtureInputs("01_kent_2013_lac", 4, 401),
    ];
    const expected = findRecurringThemes(items);
    expect(expected.length).toBeGreaterThan(3);
    fc.assert(
      fc.property(fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }), (shuffled) => {
        expect(findRecurringThemes(shuffled)).toEqual(expected);
      }),
      { numRuns: 30 },
    );
  });

  it("explains a pair the same way round either way", () => {
    fc.assert(
      fc.property(fc.constantFrom(...POOL), fc.constantFrom(...POOL), (a, b) => {
        const ab = explainPair(a, b);
        const ba = explainPair(b, a);
        expect(ba.grouped).toBe(ab.grouped);
        expect(ba.themes.map((t) => t.key)).toEqual(ab.themes.map((t) => t.key));
        expect(ba.wording.score).toBe(ab.wording.score);
        expect(ba.wording.shared).toEqual(ab.wording.shared);
      }),
      { numRuns: 300 },
    );
  });

  it("only forms groups spanning two or more inspections, each member explained by words in its own text", () => {
    fc.assert(
      fc.property(itemsArbitrary, (items) => {
        for (const group of findRecurringThemes(items)) {
          expect(new Set(group.recommendations.map((r) => r.inspectionId)).size).toBeGreaterThanOrEqual(2);
          expect(group.inspections.map((i) => i.id)).toEqual([
            ...new Set(group.recommendations.map((r) => r.inspectionId)),
          ]);
          expect(group.why.length).toBeGreaterThan(0);
          for (const r of group.recommendations) {
            expect(r.reasons.length).toBeGreaterThan(0);
            for (const reason of r.reasons) expect(r.text.toLowerCase()).toContain(reason.toLowerCase());
          }
          if (!group.key.startsWith("wording-")) {
            // Any two members of a theme group from different inspections are grouped as a pair too.
            const [first] = group.recommendations;
            const other = group.recommendations.find((r) => r.inspectionId !== first.inspectionId)!;
            expect(explainPair(first, other).themes.map((t) => t.key)).toContain(group.key);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
