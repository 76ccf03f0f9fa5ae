import { getDb } from "../../db/client";
import type { EvidenceKind, EvidencePurpose, ImpactLevel } from "../../db/schema";
import { formatMeasureValue } from "../domain/measures";
import { type Actor, canSeeAuthority } from "../domain/permissions";
import { type ActionStatus, type Rag, RAG_LABELS, RAG_ORDER, ragDefinitions, STATUS_LABELS } from "../domain/rag";
import { actionNumber, sectionLabel } from "../domain/references";
import { formatDate, londonDateOf } from "../utils/dates";
import { actionStatesAsAt } from "./board.server";
import { getAuthority } from "./authority.server";
import { removedInspectionsAsAt } from "./plan-scope.server";

// The board pack: the plan as it stood at the end of one London day, as a plain object that every
// writer (page, Word, Excel, CSV) renders and that is stored as JSON with a held meeting's pack.
// Statuses, RAG, owners and target dates come from the board's reconstruction from history
// (app/domain/as-at.ts); updates, evidence, measure values and impact judgements recorded after
// the date are left out.

export interface PackSummary {
  total: number;
  signedOff: number;
  /** Whole per cent of the plan's actions signed off; 0 for an empty plan. */
  percentSignedOff: number;
  red: number;
  amber: number;
  green: number;
  blue: number;
  overdue: number;
  noTargetDate: number;
}

export interface PackException {
  actionId: number;
  number: string;
  title: string;
  owner: string;
  reason: string;
  /** The date the action is now due: its current target date, or null when none is set. */
  recoveryDate: string | null;
}

export interface PackEvidence {
  description: string;
  kind: EvidenceKind;
  purpose: EvidencePurpose;
  date: string | null;
}

export interface PackAction {
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
  latestUpdate: { date: string; body: string } | null;
  evidence: PackEvidence[];
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
  baseline: string;
  target: string;
  targetValue: number | null;
  latest: PackMeasureValue | null;
  /** Every value recorded by the pack's date, oldest period first: the points of the trend chart. */
  values: PackMeasureValue[];
}

export interface PackRecommendation {
  id: number;
  number: number;
  reference: string;
  /** The report paragraph the recommendation comes from, when the report numbers them. */
  paragraph: string | null;
  section: string;
  text: string;
  impactLevel: ImpactLevel | null;
  actions: PackAction[];
  measures: PackMeasure[];
}

export interface PackInspection {
  id: number;
  title: string;
  published: string | null;
  recommendations: PackRecommendation[];
}

export interface BoardPack {
  authority: { id: number; name: string };
  asAt: string;
  amberWindowDays: number;
  summary: PackSummary;
  ragKey: { rag: Rag; label: string; definition: string }[];
  exceptions: PackException[];
  inspections: PackInspection[];
}

export const UNASSIGNED_OWNER = "Not assigned";

const onOrBefore = (instant: string, asAt: string) => londonDateOf(instant) <= asAt;

function periodValue(value: number | null, period: string | null, unit: string): string {
  if (value === null) return "Not set";
  return `${formatMeasureValue(value, unit)}${period ? ` (${period})` : ""}`;
}

/** The board pack for one authority as at the end of `asAt`; null when the actor may not see the authority. */
export async function buildBoardPack(
  actor: Actor,
  authorityId: number,
  input: { asAt: string; amberWindowDays: number },
): Promise<BoardPack | null> {
  if (!canSeeAuthority(actor, authorityId)) return null;
  const db = getDb();
  const authority = await getAuthority(authorityId);
  if (!authority) return null;
  const { asAt, amberWindowDays } = input;

  const recommendationIds = db
    .selectFrom("recommendations")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select("recommendations.id")
    .where("inspections.authority_id", "=", authorityId);
  const actionIds = db
    .selectFrom("actions")
    .select("actions.id")
    .where("actions.recommendation_id", "in", recommendationIds);

  const [states, removed, recommendations, actions, people, updates, evidence, impact, measureLinks, measureValues] =
    await Promise.all([
      actionStatesAsAt(authorityId, asAt, amberWindowDays),
      removedInspectionsAsAt(authorityId, asAt),
      db
        .selectFrom("recommendations")
        .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
        .select([
          "recommendations.id",
          "recommendations.reference",
          "recommendations.position",
          "recommendations.paragraph_number",
          "recommendations.section",
          "recommendations.text",
          "inspections.id as inspection_id",
          "inspections.title as inspection_title",
          "inspections.published as inspection_published",
          "inspections.imported_at as inspection_imported_at",
        ])
        .where("inspections.authority_id", "=", authorityId)
        .orderBy("inspections.inspection_start", "desc")
        .orderBy("inspections.id", "desc")
        .orderBy("recommendations.position")
        .execute(),
      db
        .selectFrom("actions")
        .select(["id", "recommendation_id", "sequence", "title", "baseline_target_date", "risk_flag", "risk_reason"])
        .where("id", "in", actionIds)
        .orderBy("sequence")
        .orderBy("id")
        .execute(),
      db.selectFrom("users").select(["id", "name"]).where("authority_id", "=", authorityId).execute(),
      db
        .selectFrom("progress_updates")
        .select(["action_id", "body", "created_at"])
        .where("action_id", "in", actionIds)
        .orderBy("created_at")
        .orderBy("id")
        .execute(),
      db
        .selectFrom("evidence")
        .select(["action_id", "description", "kind", "purpose", "evidence_date", "created_at", "deleted_at"])
        .where("action_id", "in", actionIds)
        .orderBy("created_at")
        .orderBy("id")
        .execute(),
      db
        .selectFrom("impact_judgements")
        .select(["recommendation_id", "level", "judged_at"])
        .where("recommendation_id", "in", recommendationIds)
        .orderBy("judged_at")
        .orderBy("id")
        .execute(),
      db
        .selectFrom("measure_recommendations")
        .innerJoin("measures", "measures.id", "measure_recommendations.measure_id")
        .select([
          "measure_recommendations.recommendation_id",
          "measures.id",
          "measures.name",
          "measures.unit",
          "measures.higher_is_better",
          "measures.baseline_value",
          "measures.baseline_period",
          "measures.target_value",
          "measures.target_period",
        ])
        .where("measures.authority_id", "=", authorityId)
        .orderBy("measures.name")
        .orderBy("measures.id")
        .execute(),
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

  const ownerName = (id: number | null) =>
    id === null ? UNASSIGNED_OWNER : (people.find((p) => p.id === id)?.name ?? "Former owner");
  const latestUpdate = new Map<number, { date: string; body: string }>();
  for (const u of updates) {
    if (onOrBefore(u.created_at, asAt))
      latestUpdate.set(u.action_id, { date: londonDateOf(u.created_at), body: u.body });
  }
  const impactLevel = new Map<number, ImpactLevel>();
  for (const j of impact) if (onOrBefore(j.judged_at, asAt)) impactLevel.set(j.recommendation_id, j.level);
  const valuesOf = new Map<number, PackMeasureValue[]>();
  for (const v of measureValues) {
    if (!onOrBefore(v.recorded_at, asAt)) continue;
    const list = valuesOf.get(v.measure_id) ?? [];
    list.push({
      period: v.period,
      value: v.value,
      statisticalNeighbours: v.statistical_neighbours,
      england: v.england,
    });
    valuesOf.set(v.measure_id, list);
  }

  const summary: PackSummary = {
    total: 0,
    signedOff: 0,
    percentSignedOff: 0,
    red: 0,
    amber: 0,
    green: 0,
    blue: 0,
    overdue: 0,
    noTargetDate: 0,
  };
  const exceptions: PackException[] = [];
  const inspections: PackInspection[] = [];

  for (const r of recommendations) {
    // An inspection removed as imported in error by the pack's date was not in the plan then.
    if (removed.has(r.inspection_id)) continue;
    let inspection = inspections.at(-1);
    if (inspection?.id !== r.inspection_id) {
      inspection = {
        id: r.inspection_id,
        title: r.inspection_title,
        published: r.inspection_published,
        recommendations: [],
      };
      inspections.push(inspection);
    }
    const packActions: PackAction[] = [];
    for (const a of actions) {
      if (a.recommendation_id !== r.id) continue;
      const state = states.get(a.id);
      if (!state) continue; // not yet created, or withdrawn, as at the date
      const number = actionNumber(r.position, a.sequence);
      const owner = ownerName(state.ownerId);
      summary.total += 1;
      summary[state.rag] += 1;
      if (state.status === "signed_off") summary.signedOff += 1;
      if (state.overdue) summary.overdue += 1;
      if (state.noTargetDate) summary.noTargetDate += 1;
      if (state.rag === "red") {
        const flagReason =
          state.riskFlag === "off_track" && a.risk_flag === "off_track" && a.risk_reason ? `: ${a.risk_reason}` : "";
        exceptions.push({
          actionId: a.id,
          number,
          title: a.title,
          owner,
          reason: state.overdue ? `Overdue since ${formatDate(state.targetDate)}` : `Flagged off track${flagReason}`,
          recoveryDate: state.targetDate,
        });
      }
      packActions.push({
        id: a.id,
        number,
        title: a.title,
        owner,
        serviceArea: state.serviceArea,
        targetDate: state.targetDate,
        baselineTargetDate: a.baseline_target_date,
        status: state.status,
        statusLabel: STATUS_LABELS[state.status],
        rag: state.rag,
        ragLabel: RAG_LABELS[state.rag],
        overdue: state.overdue,
        latestUpdate: latestUpdate.get(a.id) ?? null,
        evidence: evidence
          .filter(
            (e) =>
              e.action_id === a.id &&
              onOrBefore(e.created_at, asAt) &&
              (e.deleted_at === null || !onOrBefore(e.deleted_at, asAt)),
          )
          .map((e) => ({ description: e.description, kind: e.kind, purpose: e.purpose, date: e.evidence_date })),
      });
    }
    inspection.recommendations.push({
      id: r.id,
      number: r.position + 1,
      reference: r.reference,
      paragraph: r.paragraph_number,
      section: sectionLabel(r.section),
      text: r.text,
      impactLevel: impactLevel.get(r.id) ?? null,
      actions: packActions,
      measures: measureLinks
        .filter((m) => m.recommendation_id === r.id)
        .map((m) => {
          const values = valuesOf.get(m.id) ?? [];
          return {
            id: m.id,
            name: m.name,
            unit: m.unit,
            higherIsBetter: m.higher_is_better === 1,
            baseline: periodValue(m.baseline_value, m.baseline_period, m.unit),
            target: periodValue(m.target_value, m.target_period, m.unit),
            targetValue: m.target_value,
            latest: values.at(-1) ?? null,
            values,
          };
        }),
    });
  }
  summary.percentSignedOff = summary.total === 0 ? 0 : Math.round((summary.signedOff / summary.total) * 100);
  const definitions = ragDefinitions(amberWindowDays);

  return {
    authority,
    asAt,
    amberWindowDays,
    summary,
    ragKey: RAG_ORDER.map((rag) => ({
      rag,
      label: RAG_LABELS[rag],
      definition: definitions[rag].replace(/^\w+: /, ""),
    })),
    exceptions,
    inspections,
  };
}

/** Every action of the pack, in plan order, with its recommendation: the rows of the CSV and the Actions sheet. */
export function packActionRows(pack: BoardPack) {
  return pack.inspections.flatMap((inspection) =>
    inspection.recommendations.flatMap((recommendation) =>
      recommendation.actions.map((action) => ({ inspection, recommendation, action })),
    ),
  );
}
