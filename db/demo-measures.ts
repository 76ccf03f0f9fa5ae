import type { Actor } from "../app/domain/permissions";
import type { ImpactLevel } from "../app/domain/measures";
import { recordImpactJudgement } from "../app/models/impact.server";
import { createMeasure, type MeasureInput, recordMeasureValue, setMeasureRecommendations } from "../app/models/measures.server";
import type { PlanAction } from "./demo-plan";
import { instantOn, plusDays, workday } from "./demo-timeline";

// Hackney's evidence of impact: the indicators from the "Overview of Performance" and the
// performance tables of the Hackney Children and Families Service 2019-20 mid-year report
// (db/fixtures/reports/hackney-2019-midyear-report.txt), with values, periods and comparators as
// printed there. Baselines are the 2018/19 figures; targets are invented for the demo. Each is
// recorded through the audited model functions by the improvement lead, linked to the 2024 ILACS
// recommendations it speaks to, and the lead's impact judgements follow.

const SOURCE = "Hackney Children and Families Service mid-year report 2019-20";
/** The quarters since the 2024 inspection are invented for the demo, and say so. */
const LIVE_SOURCE = "Quarterly performance report (demo figures)";

interface DemoValue {
  period: string;
  periodEnd: string;
  value: number;
  statisticalNeighbours?: number;
  england?: number;
}

interface DemoMeasure extends MeasureInput {
  /** 2024 ILACS references: R-1 care leavers' accommodation, R-2 responses to care leavers, R-3 missing children. */
  recommendations: string[];
  values: DemoValue[];
}

const HALF_YEARS = (values: [number, number, number, number], march2018?: [number, number], march2019?: [number, number]): DemoValue[] => [
  { period: "Mar 2018", periodEnd: "2018-03-31", value: values[0], statisticalNeighbours: march2018?.[0], england: march2018?.[1] },
  { period: "Sept 2018", periodEnd: "2018-09-30", value: values[1] },
  { period: "Mar 2019", periodEnd: "2019-03-31", value: values[2], statisticalNeighbours: march2019?.[0], england: march2019?.[1] },
  { period: "Sept 2019", periodEnd: "2019-09-30", value: values[3] },
];

export const HACKNEY_MEASURES: DemoMeasure[] = [
  {
    name: "Re-referrals within 12 months of a previous referral",
    unit: "%",
    higherIsBetter: false,
    baselineValue: 16.5,
    baselinePeriod: "2018/19",
    targetValue: 16.3,
    targetPeriod: "2020/21",
    notes: "The report's overview gives 17.1% for April - September 2019; its table gives 17.2% as at 30 Sept 2019. Target: the 2018/19 statistical neighbour average.",
    recommendations: ["R-3"],
    values: [
      { period: "2017/18", periodEnd: "2018-03-31", value: 15.5, statisticalNeighbours: 15, england: 22 },
      { period: "As at 30 Sept 2018", periodEnd: "2018-09-30", value: 16.3 },
      { period: "2018/19", periodEnd: "2019-03-31", value: 16.5, statisticalNeighbours: 16.3, england: 22.6 },
      { period: "As at 30 Sept 2019", periodEnd: "2019-09-30", value: 17.2 },
    ],
  },
  {
    name: "Children becoming the subject of a child protection plan for a second or subsequent time",
    unit: "%",
    higherIsBetter: false,
    baselineValue: 23.4,
    baselinePeriod: "Mar 2019",
    targetValue: 20.8,
    targetPeriod: "Mar 2021",
    notes: "The report's overview gives 23.5% at the end of March 2019; its table gives 23.4%. Target: the England average for 2018/19.",
    recommendations: ["R-3"],
    values: HALF_YEARS([13.1, 21, 23.4, 24.9], [15.8, 20.2], [16.5, 20.8]),
  },
  {
    name: "Children looked after per 10,000 population aged under 18",
    unit: "per 10,000 children",
    higherIsBetter: false,
    baselineValue: 64,
    baselinePeriod: "Mar 2019",
    targetValue: null,
    targetPeriod: null,
    notes: "A context measure: a lower rate is only better when children are safely supported at home. 413 children were looked after at 30 September 2019.",
    recommendations: [],
    values: HALF_YEARS([61, 61, 64, 65], [63, 64], [60, 65]),
  },
  {
    name: "Looked after children with three or more placements in one year",
    unit: "%",
    higherIsBetter: false,
    baselineValue: 13,
    baselinePeriod: "Mar 2019",
    targetValue: 11,
    targetPeriod: "Mar 2021",
    notes: "The overview gives 13.5% as at 30 September 2019; the table rounds to 13%. Target: the 2018/19 statistical neighbour average.",
    recommendations: ["R-1"],
    values: HALF_YEARS([11, 13, 13, 13], [12, 10], [11, 10]),
  },
  {
    name: "Long-term placement stability (under 16s looked after for 2½ years, in the same placement for 2 years)",
    unit: "%",
    higherIsBetter: true,
    baselineValue: 62,
    baselinePeriod: "Mar 2019",
    targetValue: 69,
    targetPeriod: "Mar 2021",
    notes: "The report's overview gives 62% at 30 September 2019, down from 65%; its table gives 64%, up from 62%. The table is used here. Target: the England average for 2018/19.",
    recommendations: ["R-1", "R-2"],
    values: HALF_YEARS([62, 66, 62, 64], [69, 70], [70, 69]),
  },
  {
    name: "Care leavers aged 17-21 supported by the Leaving Care Service",
    unit: "number",
    higherIsBetter: true,
    baselineValue: 303,
    baselinePeriod: "31 Mar 2019",
    targetValue: null,
    targetPeriod: null,
    notes: "A count of the service's care leavers; read its direction with the accommodation and contact measures.",
    recommendations: ["R-1", "R-2"],
    values: [
      { period: "31 Mar 2019", periodEnd: "2019-03-31", value: 303 },
      { period: "30 Sept 2019", periodEnd: "2019-09-30", value: 296 },
    ],
  },
  {
    name: "Assessments completed within 45 days",
    unit: "%",
    higherIsBetter: true,
    baselineValue: 59,
    baselinePeriod: "April - September 2018",
    targetValue: 85,
    targetPeriod: "2020/21",
    notes: "No comparators are printed in the report.",
    recommendations: [],
    values: [
      { period: "April - September 2018", periodEnd: "2018-09-30", value: 59 },
      { period: "April - September 2019", periodEnd: "2019-09-30", value: 72 },
    ],
  },
];

const JUDGEMENTS: { reference: string; on: string; level: ImpactLevel; rationale: string }[] = [
  {
    reference: "R-1",
    on: "2024-12-13",
    level: "none",
    rationale: "The accommodation panel has only just started; no care leaver has yet moved through the new pathway.",
  },
  {
    reference: "R-1",
    on: "2025-03-14",
    level: "emerging",
    rationale:
      "Quarterly audit of 20 care leavers: 16 had accommodation agreed before their 18th birthday (9 of 20 in the baseline audit). Placement stability is steady at 13% with three or more moves.",
  },
  {
    reference: "R-2",
    on: "2025-02-14",
    level: "emerging",
    rationale: "Care leavers' forum feedback in January: most now know who their personal adviser is; consistency across teams not yet evidenced by audit.",
  },
  {
    reference: "R-3",
    on: "2025-04-11",
    level: "none",
    rationale: "Return home interviews are now offered within 72 hours in most cases, but re-referral and repeat child protection rates have not yet moved.",
  },
];

const QUARTER_ENDS = ["03-31", "06-30", "09-30", "12-31"] as const;

/**
 * The financial-year quarters from April 2024 (the live plan's year) to the last that ended
 * before `today`, labelled as councils write them ("Q1 2024/25" is April to June 2024).
 */
export function quartersBefore(today: string): { period: string; periodEnd: string }[] {
  const quarters: { period: string; periodEnd: string }[] = [];
  for (let year = 2024; year <= Number(today.slice(0, 4)); year++) {
    for (const [i, end] of QUARTER_ENDS.entries()) {
      const periodEnd = `${year}-${end}`;
      if (periodEnd < "2024-06-30" || periodEnd >= today) continue;
      // Financial years start in April: January to March is the fourth quarter of the year before.
      const fy = i === 0 ? year - 1 : year;
      const q = i === 0 ? 4 : i;
      quarters.push({ period: `Q${q} ${fy}/${String((fy + 1) % 100).padStart(2, "0")}`, periodEnd });
    }
  }
  return quarters;
}

/**
 * The demo's figures for the live plan's quarters (invented): from the last published figure
 * towards the target (or level, without one), with a small wobble so the chart looks like data.
 */
export function liveQuarterValues(measure: DemoMeasure, today: string): DemoValue[] {
  const quarters = quartersBefore(today);
  const last = measure.values.at(-1)!.value;
  const goal = measure.targetValue ?? last;
  const step = measure.unit === "number" ? 3 : measure.unit === "%" ? 0.4 : 0.6;
  return quarters.map((q, i) => {
    const progress = Math.min(1, (i + 1) / (quarters.length + 2));
    const wobble = (((i * 7 + measure.name.length) % 5) - 2) * step;
    const raw = last + (goal - last) * progress + wobble;
    return { ...q, value: measure.unit === "number" ? Math.round(raw) : Math.round(raw * 10) / 10 };
  });
}

/** Adds Hackney's measures, their values and links, and the lead's impact judgements. */
export async function playDemoMeasures(input: {
  authorityId: number;
  lead: Actor;
  actions: PlanAction[];
  today: string;
  latest: Date;
}) {
  const { lead, latest } = input;
  const recommendationId = (reference: string) => {
    const found = input.actions.find((a) => a.reference === reference);
    if (!found) throw new Error(`demo measures: the 2024 ILACS has no recommendation ${reference}`);
    return found.recommendationId;
  };
  const day = workday("2024-09-20");
  let step = 0;
  for (const measure of HACKNEY_MEASURES) {
    const { recommendations, values, ...details } = measure;
    const created = await createMeasure(lead, input.authorityId, details, instantOn(day, step++, latest));
    if (!created.ok) throw new Error(`demo measures: could not add ${measure.name}`);
    for (const v of values) {
      const recorded = await recordMeasureValue(
        lead,
        created.measureId,
        { period: v.period, periodEnd: v.periodEnd, value: v.value, statisticalNeighbours: v.statisticalNeighbours ?? null, england: v.england ?? null, source: SOURCE },
        instantOn(day, step, latest),
      );
      if (!recorded.ok) throw new Error(`demo measures: could not record ${measure.name} ${v.period}`);
    }
    // The live plan's quarters, each recorded by the lead about three weeks after it ended.
    for (const v of liveQuarterValues(measure, input.today)) {
      // Not before the measure was added, nor later than yesterday.
      const due = [plusDays(v.periodEnd, 21), day].sort().at(-1)!;
      const on = workday(due < input.today ? due : plusDays(input.today, -1));
      const recorded = await recordMeasureValue(
        lead,
        created.measureId,
        { period: v.period, periodEnd: v.periodEnd, value: v.value, statisticalNeighbours: null, england: null, source: LIVE_SOURCE },
        instantOn(on, 7, latest),
      );
      if (!recorded.ok) throw new Error(`demo measures: could not record ${measure.name} ${v.period}`);
    }
    if (recommendations.length > 0) {
      await setMeasureRecommendations(lead, created.measureId, [...new Set(recommendations.map(recommendationId))], instantOn(day, step, latest));
    }
  }
  for (const j of JUDGEMENTS) {
    const result = await recordImpactJudgement(
      lead,
      { recommendationId: recommendationId(j.reference), level: j.level, rationale: j.rationale },
      instantOn(workday(j.on), 6, latest),
    );
    if (!result.ok) throw new Error(`demo measures: could not judge ${j.reference}`);
  }
}
