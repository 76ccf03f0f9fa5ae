import { getDb } from "../../db/client";
import { inTurns, turnsEvery } from "../utils/turns.server";
import type { ImpactLevel } from "../../db/schema";
import { isAfterLondonDay } from "../domain/as-at";
import {
  DEFAULT_PACK_CHOICES,
  fullActionTitle,
  isOpenPlan,
  ofstedParagraph,
  orderActions,
  orderRecommendations,
  type PackChoices,
  worstRag,
} from "../domain/board-pack-options";
import { formatMeasureValue } from "../domain/measures";
import { type Actor, canSeeAuthority } from "../domain/permissions";
import { type ActionStatus, type Rag, RAG_LABELS, RAG_ORDER, ragDefinitions, STATUS_LABELS } from "../domain/rag";
import { actionReference, sectionLabel } from "../domain/references";
import { formatDate } from "../utils/dates";
import { changesFromStates, type MeetingChanges, previousHeldMeeting } from "./board-changes.server";
import { type ActionDetails, loadActionDetails } from "./board-pack-details.server";
import { actionStatesAtDates, type ActionStateAsAt } from "./board.server";
import { removedInspectionsAsAt } from "./plan-scope.server";

// The board pack: the plan as it stood at the end of one London day, covering what the lead chose
// for the meeting (which plans, sections, detail, order). Statuses, RAG, owners, target and
// recovery dates come from the board's reconstruction from history (app/domain/as-at.ts); plans
// imported, updates, evidence and measure values recorded after the date are left out.
//
// The pack is built in two parts, so that a pack of any size is written within bounded memory:
// the frame (every recommendation and action with its state: small per action) is built at once;
// each action's latest update and evidence (the bulk) are read a page at a time while a file is
// written (loadActionDetails). buildBoardPack joins the two for the page and the tests.

export interface PackSummary {
  total: number;
  signedOff: number;
  /** Whole per cent of the plan's actions signed off; 0 for an empty plan. */
  percentSignedOff: number;
  red: number;
  amber: number;
  green: number;
  blue: number;
  grey: number;
  overdue: number;
  noTargetDate: number;
}

export interface PackException {
  actionId: number;
  number: string;
  title: string;
  owner: string;
  reason: string;
  targetDate: string | null;
  /** The date the owner now expects the action done (their forecast); null when they have not given one. */
  recoveryDate: string | null;
  /** The lead's commentary for the meeting; null when none was written. */
  commentary: string | null;
}

export type { ActionDetails, PackEvidence } from "./board-pack-details.server";

/** An action in the pack, without its updates and evidence (see ActionDetails). */
export interface PackActionRow {
  id: number;
  number: string;
  title: string;
  owner: string;
  /** The service area that delivers the action, as at the pack's date; null when none was set. */
  serviceArea: string | null;
  targetDate: string | null;
  baselineTargetDate: string | null;
  status: ActionStatus;
  statusLabel: string;
  rag: Rag;
  ragLabel: string;
  overdue: boolean;
}

export type PackAction = PackActionRow & ActionDetails;

export interface RagCounts {
  total: number;
  red: number;
  amber: number;
  green: number;
  blue: number;
  grey: number;
}

export interface PackRecommendation<A extends PackActionRow = PackAction> {
  id: number;
  number: number;
  reference: string;
  /** The Ofsted report paragraph it answers, where known (see ofstedParagraph). */
  paragraph: string | null;
  section: string;
  text: string;
  impactLevel: ImpactLevel | null;
  counts: RagCounts;
  /** The worst RAG of its actions; null when it has none. */
  worstRag: Rag | null;
  /** Every live action, in the pack's order; the Word pack lists those its level of detail asks for. */
  actions: A[];
  /** The measures linked to it (see the pack's measures). */
  measureIds: number[];
}

export interface PackInspection<A extends PackActionRow = PackAction> {
  id: number;
  title: string;
  published: string | null;
  counts: RagCounts;
  recommendations: PackRecommendation<A>[];
}

export interface PackMeasureValue {
  period: string;
  value: number;
  statisticalNeighbours: number | null;
  england: number | null;
}

export interface PackMeasure {
  id: number;
  name: string;
  unit: string;
  higherIsBetter: boolean;
  /** "62% (2018-19)", or "Not set". */
  baseline: string;
  target: string;
  targetValue: number | null;
  latest: PackMeasureValue | null;
  /** Every value recorded by the pack's date, oldest period first: the points of the trend chart. */
  values: PackMeasureValue[];
  /** The recommendations it is linked to, e.g. "3 (SG-3M-1)". */
  recommendations: string[];
}

/** An inspection of the authority and whether the pack covers it. */
export interface PackCoverage {
  id: number;
  title: string;
  published: string | null;
  open: boolean;
  included: boolean;
  actions: number;
}

interface PackBase {
  authority: { id: number; name: string; protectiveMarking: string };
  meeting: { id: number; boardName: string; meetingDate: string } | null;
  asAt: string;
  amberWindowDays: number;
  choices: PackChoices;
  coverage: PackCoverage[];
  executiveSummary: string;
  summary: PackSummary;
  ragKey: { rag: Rag; label: string; definition: string }[];
  exceptions: PackException[];
  /** Changes since the last held meeting; null when the pack leaves the section out. */
  changes: MeetingChanges | null;
  measures: PackMeasure[];
}

/** The pack without the actions' updates and evidence, which writers read a page at a time. */
export interface BoardPackFrame extends PackBase {
  inspections: PackInspection<PackActionRow>[];
}

export interface BoardPack extends PackBase {
  inspections: PackInspection<PackAction>[];
}

/** What to build: the date and, for a meeting's pack, the lead's choices and words. */
export interface PackRequest {
  asAt: string;
  amberWindowDays: number;
  choices?: PackChoices;
  meeting?: {
    id: number;
    boardName: string;
    meetingDate: string;
    executiveSummary: string;
    commentary: ReadonlyMap<number, string>;
  };
}

export const UNASSIGNED_OWNER = "Not assigned";

/**
 * A pack with no earlier held meeting to compare with lists no changes (not every change since the
 * plan began, which for a large plan would be most of it): its writers say it is the first.
 */
function noEarlierMeeting(asAt: string): MeetingChanges {
  return {
    since: null,
    until: asAt,
    newlySignedOff: [],
    newlyOverdue: [],
    ragChanges: [],
    targetDatesMoved: [],
    newRecommendations: [],
    newEvidence: [],
    previousMeeting: null,
  };
}

const emptyCounts = (): RagCounts => ({ total: 0, red: 0, amber: 0, green: 0, blue: 0, grey: 0 });

function periodValue(value: number | null, period: string | null, unit: string): string {
  if (value === null) return "Not set";
  return `${formatMeasureValue(value, unit)}${period ? ` (${period})` : ""}`;
}

async function loadPlan(authorityId: number) {
  const db = getDb();
  const planInspections = db.selectFrom("inspections").select("id").where("authority_id", "=", authorityId);
  const recommendationIds = db.selectFrom("recommendations").select("id").where("inspection_id", "in", planInspections);
  return inTurns([
    () =>
      db
        .selectFrom("authorities")
        .select(["id", "name", "protective_marking"])
        .where("id", "=", authorityId)
        .executeTakeFirst(),
    () =>
      db
        .selectFrom("inspections")
        .select(["id", "title", "published", "imported_at", "short_name"])
        .where("authority_id", "=", authorityId)
        .orderBy("inspection_start", "desc")
        .orderBy("id", "desc")
        .execute(),
    () =>
      db
        .selectFrom("recommendations")
        .select(["id", "inspection_id", "reference", "position", "paragraph_number", "section", "text", "extracted_text"])
        .where("inspection_id", "in", planInspections)
        .orderBy("position")
        .orderBy("id")
        .execute(),
    () =>
      db
        .selectFrom("actions")
        .select(["id", "recommendation_id", "sequence", "title", "baseline_target_date", "risk_flag", "risk_reason"])
        .where("recommendation_id", "in", recommendationIds)
        .orderBy("sequence")
        .orderBy("id")
        .execute(),
    () => db.selectFrom("users").select(["id", "name"]).where("authority_id", "=", authorityId).execute(),
    () =>
      db
        .selectFrom("impact_judgements")
        .select(["recommendation_id", "level", "judged_at"])
        .where("recommendation_id", "in", recommendationIds)
        .orderBy("judged_at")
        .orderBy("id")
        .execute(),
  ]);
}

/**
 * The measures linked to the pack's recommendations (`links`: their labels by id), each once, with
 * the values recorded by the date; and which measures each recommendation is linked to.
 */
async function loadMeasures(
  authorityId: number,
  asAt: string,
  links: ReadonlyMap<number, string>,
): Promise<{ measures: PackMeasure[]; measureIdsOf: Map<number, number[]> }> {
  const db = getDb();
  const [measures, linkRows, values] = await inTurns([
    () =>
      db
        .selectFrom("measures")
        .select([
          "id",
          "name",
          "unit",
          "higher_is_better",
          "baseline_value",
          "baseline_period",
          "target_value",
          "target_period",
          "created_at",
        ])
        .where("authority_id", "=", authorityId)
        .orderBy("name")
        .orderBy("id")
        .execute(),
    () =>
      db
        .selectFrom("measure_recommendations")
        .innerJoin("measures", "measures.id", "measure_recommendations.measure_id")
        .select(["measure_recommendations.measure_id", "measure_recommendations.recommendation_id"])
        .where("measures.authority_id", "=", authorityId)
        .execute(),
    () =>
      db
        .selectFrom("measure_values")
        .innerJoin("measures", "measures.id", "measure_values.measure_id")
        .select([
          "measure_values.measure_id",
          "measure_values.period",
          "measure_values.value",
          "measure_values.statistical_neighbours",
          "measure_values.england",
          "measure_values.recorded_at",
        ])
        .where("measures.authority_id", "=", authorityId)
        .orderBy("measure_values.period_end")
        .execute(),
  ]);
  const existed = new Set(measures.filter((m) => !isAfterLondonDay(m.created_at, asAt)).map((m) => m.id));
  const linked = new Map<number, string[]>();
  const measureIdsOf = new Map<number, number[]>();
  for (const l of linkRows) {
    const label = links.get(l.recommendation_id);
    if (!label || !existed.has(l.measure_id)) continue;
    linked.set(l.measure_id, [...(linked.get(l.measure_id) ?? []), label]);
    measureIdsOf.set(l.recommendation_id, [...(measureIdsOf.get(l.recommendation_id) ?? []), l.measure_id]);
  }
  const valuesOf = new Map<number, PackMeasureValue[]>();
  for (const v of values) {
    if (isAfterLondonDay(v.recorded_at, asAt)) continue;
    const list = valuesOf.get(v.measure_id) ?? [];
    list.push({
      period: v.period,
      value: v.value,
      statisticalNeighbours: v.statistical_neighbours,
      england: v.england,
    });
    valuesOf.set(v.measure_id, list);
  }
  const packMeasures = measures
    .filter((m) => linked.has(m.id))
    .map((m) => {
      const list = valuesOf.get(m.id) ?? [];
      return {
        id: m.id,
        name: m.name,
        unit: m.unit,
        higherIsBetter: m.higher_is_better === 1,
        baseline: periodValue(m.baseline_value, m.baseline_period, m.unit),
        target: periodValue(m.target_value, m.target_period, m.unit),
        targetValue: m.target_value,
        latest: list.at(-1) ?? null,
        values: list,
        recommendations: linked.get(m.id)!,
      };
    });
  return { measures: packMeasures, measureIdsOf };
}

/**
 * The pack's frame for one authority as at the end of `request.asAt`: every recommendation and
 * action of the plans it covers, with states, counts, exceptions, changes and measures, but not
 * the actions' updates and evidence. Null when the actor may not see the authority.
 */
export async function buildBoardPackFrame(
  actor: Actor,
  authorityId: number,
  request: PackRequest,
): Promise<BoardPackFrame | null> {
  if (!canSeeAuthority(actor, authorityId)) return null;
  const { asAt, amberWindowDays, meeting } = request;
  const choices = request.choices ?? DEFAULT_PACK_CHOICES;
  const [authority, inspectionRows, recommendations, actions, people, impact] = await loadPlan(authorityId);
  if (!authority) return null;

  const previous = choices.sections.includes("changes")
    ? ((await previousHeldMeeting(authorityId, meeting?.meetingDate ?? asAt, {
        boardName: meeting?.boardName,
        exceptId: meeting?.id,
      })) ?? null)
    : undefined;
  const since = previous ? (previous.meeting_date < asAt ? previous.meeting_date : asAt) : null;
  const [states, statesBefore] = await actionStatesAtDates(
    authorityId,
    since === null ? [asAt] : [asAt, since],
    amberWindowDays,
  );

  const names = new Map(people.map((p) => [p.id, p.name]));
  const ownerName = (id: number | null) => (id === null ? UNASSIGNED_OWNER : (names.get(id) ?? "Former owner"));
  const impactLevel = new Map<number, ImpactLevel>();
  for (const j of impact) if (!isAfterLondonDay(j.judged_at, asAt)) impactLevel.set(j.recommendation_id, j.level);

  // Plans imported after the date, or removed as imported in error by then, were not there to report on.
  const removed = await removedInspectionsAsAt(authorityId, asAt);
  const known = inspectionRows.filter((i) => !isAfterLondonDay(i.imported_at, asAt) && !removed.has(i.id));
  const liveActions = new Map<number, { row: (typeof actions)[number]; state: ActionStateAsAt }[]>();
  for (const a of actions) {
    const state = states.get(a.id);
    if (!state) continue; // not yet created, or withdrawn, as at the date
    const list = liveActions.get(a.recommendation_id) ?? [];
    list.push({ row: a, state });
    liveActions.set(a.recommendation_id, list);
  }
  const recommendationsOf = new Map<number, typeof recommendations>();
  for (const r of recommendations) {
    const list = recommendationsOf.get(r.inspection_id) ?? [];
    list.push(r);
    recommendationsOf.set(r.inspection_id, list);
  }
  const statusesOf = (inspectionId: number) =>
    (recommendationsOf.get(inspectionId) ?? []).flatMap((r) =>
      (liveActions.get(r.id) ?? []).map((a) => a.state.status),
    );
  const coverage: PackCoverage[] = known.map((i) => {
    const statuses = statusesOf(i.id);
    const open = isOpenPlan(statuses);
    return {
      id: i.id,
      title: i.title,
      published: i.published,
      open,
      included: choices.inspectionIds === null ? open : choices.inspectionIds.includes(i.id),
      actions: statuses.length,
    };
  });

  const summary: PackSummary = {
    total: 0,
    signedOff: 0,
    percentSignedOff: 0,
    red: 0,
    amber: 0,
    green: 0,
    blue: 0,
    grey: 0,
    overdue: 0,
    noTargetDate: 0,
  };
  const exceptions: PackException[] = [];
  const inspections: PackInspection<PackActionRow>[] = [];
  const linkLabels = new Map<number, string>();

  const shortNames = new Map(known.map((i) => [i.id, i.short_name]));
  // A plan of thousands of actions: other requests run between every few hundred.
  const pause = turnsEvery(400);
  for (const inspection of coverage.filter((c) => c.included)) {
    const counts = emptyCounts();
    const packRecommendations: PackRecommendation<PackActionRow>[] = [];
    for (const r of recommendationsOf.get(inspection.id) ?? []) {
      const recommendationCounts = emptyCounts();
      const rows: PackActionRow[] = [];
      for (const { row: a, state } of liveActions.get(r.id) ?? []) {
        await pause();
        const number = actionReference(shortNames.get(inspection.id) ?? "", r.position, a.sequence);
        const title = fullActionTitle(a.title, r.text, r.extracted_text);
        const owner = ownerName(state.ownerId);
        summary.total += 1;
        summary[state.rag] += 1;
        for (const c of [counts, recommendationCounts]) {
          c.total += 1;
          c[state.rag] += 1;
        }
        if (state.status === "signed_off") summary.signedOff += 1;
        if (state.overdue) summary.overdue += 1;
        if (state.noTargetDate) summary.noTargetDate += 1;
        if (state.rag === "red") {
          const flagReason =
            state.riskFlag === "off_track" && a.risk_flag === "off_track" && a.risk_reason ? `: ${a.risk_reason}` : "";
          exceptions.push({
            actionId: a.id,
            number,
            title,
            owner,
            reason: state.overdue ? `Overdue since ${formatDate(state.targetDate)}` : `Flagged off track${flagReason}`,
            targetDate: state.targetDate,
            recoveryDate: state.recoveryDate,
            commentary: meeting?.commentary.get(a.id)?.trim() || null,
          });
        }
        rows.push({
          id: a.id,
          number,
          title,
          owner,
          serviceArea: state.serviceArea,
          targetDate: state.targetDate,
          baselineTargetDate: a.baseline_target_date,
          status: state.status,
          statusLabel: STATUS_LABELS[state.status],
          rag: state.rag,
          ragLabel: RAG_LABELS[state.rag],
          overdue: state.overdue,
        });
      }
      linkLabels.set(r.id, `${r.position + 1} (${r.reference})`);
      packRecommendations.push({
        id: r.id,
        number: r.position + 1,
        reference: r.reference,
        paragraph: ofstedParagraph(r.paragraph_number, r.text),
        section: sectionLabel(r.section),
        text: r.text,
        impactLevel: impactLevel.get(r.id) ?? null,
        counts: recommendationCounts,
        worstRag: worstRag(rows),
        actions: orderActions(rows, choices.order),
        measureIds: [],
      });
    }
    inspections.push({
      id: inspection.id,
      title: inspection.title,
      published: inspection.published,
      counts,
      recommendations: orderRecommendations(packRecommendations, choices.order),
    });
  }
  summary.percentSignedOff = summary.total === 0 ? 0 : Math.round((summary.signedOff / summary.total) * 100);
  if (choices.order === "target") {
    exceptions.sort((a, b) => (a.targetDate ?? "9999").localeCompare(b.targetDate ?? "9999"));
  }

  const { measures, measureIdsOf } = await loadMeasures(authorityId, asAt, linkLabels);
  for (const i of inspections) for (const r of i.recommendations) r.measureIds = measureIdsOf.get(r.id) ?? [];

  const includedIds = new Set(coverage.filter((c) => c.included).map((c) => c.id));
  const changes =
    previous === undefined
      ? null
      : previous === null
        ? noEarlierMeeting(asAt)
        : {
            ...(await changesFromStates(authorityId, {
              since,
              until: asAt,
              current: states,
              previous: statesBefore,
              inspectionIds: includedIds,
            })),
            previousMeeting: { id: previous.id, meetingDate: previous.meeting_date },
          };
  const definitions = ragDefinitions(amberWindowDays);

  return {
    authority: { id: authority.id, name: authority.name, protectiveMarking: authority.protective_marking },
    meeting: meeting ? { id: meeting.id, boardName: meeting.boardName, meetingDate: meeting.meetingDate } : null,
    asAt,
    amberWindowDays,
    choices: { ...choices, inspectionIds: [...includedIds] },
    coverage,
    executiveSummary: meeting?.executiveSummary.trim() ?? "",
    summary,
    ragKey: RAG_ORDER.map((rag) => ({
      rag,
      label: RAG_LABELS[rag],
      definition: definitions[rag].replace(/^[^:]+: /, ""),
    })),
    exceptions,
    changes,
    measures,
    inspections,
  };
}

/** The whole pack, every action with its updates and evidence: for the page and the tests. */
export async function buildBoardPack(
  actor: Actor,
  authorityId: number,
  request: PackRequest,
): Promise<BoardPack | null> {
  const frame = await buildBoardPackFrame(actor, authorityId, request);
  if (!frame) return null;
  const ids = frame.inspections.flatMap((i) => i.recommendations.flatMap((r) => r.actions.map((a) => a.id)));
  const details = await loadActionDetails(ids, frame.asAt);
  return {
    ...frame,
    inspections: frame.inspections.map((i) => ({
      ...i,
      recommendations: i.recommendations.map((r) => ({
        ...r,
        actions: r.actions.map((a) => ({ ...a, ...details.get(a.id)! })),
      })),
    })),
  };
}

/** Every action of the pack, in the pack's order, with its recommendation: the rows of the CSV and the Actions sheet. */
export function packActionRows<A extends PackActionRow>(pack: { inspections: PackInspection<A>[] }) {
  return pack.inspections.flatMap((inspection) =>
    inspection.recommendations.flatMap((recommendation) =>
      recommendation.actions.map((action) => ({ inspection, recommendation, action })),
    ),
  );
}
