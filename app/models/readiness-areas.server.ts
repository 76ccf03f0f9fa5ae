import { getDb } from "../../db/client";
import { type Actor, canManagePlan, canSeeAuthority } from "../domain/permissions";
import type { ActionStatus } from "../domain/rag";
import {
  decideRecommendationArea,
  effectiveArea,
  READINESS_AREAS,
  recommendationReadiness,
  summariseArea,
  type AreaDecision,
  type ReadinessArea,
  type RecommendationReadiness,
} from "../domain/readiness-areas";
import { londonDateOf } from "../utils/dates";
import { recordAuditEvent } from "./audit.server";
import { inspectionKept } from "./plan-scope.server";

export interface AreaAction {
  id: number;
  title: string;
  sequence: number;
  status: ActionStatus;
  targetDate: string | null;
  ownerName: string | null;
  /** The London day of the latest sign-off, when the audit log has one. */
  signedOffOn: string | null;
}

export interface AreaEvidence {
  actionId: number;
  description: string;
  date: string | null;
}

export interface AreaRecommendation {
  id: number;
  reference: string;
  text: string;
  inspection: { id: number; title: string; kind: string; published: string | null };
  decision: AreaDecision;
  status: RecommendationReadiness;
  detail: string;
  /** Actions still in the plan (withdrawn ones left out), in plan order. */
  actions: AreaAction[];
  impactEvidence: AreaEvidence[];
}

export interface AreaReadinessView {
  area: ReadinessArea;
  recommendations: AreaRecommendation[];
  summary: ReturnType<typeof summariseArea>;
}

/**
 * Every recommendation of one authority's inspections (newest inspection first), placed under
 * its current ILACS area (the lead's override, else the rule) with its readiness as at `today`.
 * Null when the actor may not see the authority.
 */
export async function listReadinessByArea(
  actor: Actor,
  authorityId: number,
  today: string,
): Promise<AreaReadinessView[] | null> {
  if (!canSeeAuthority(actor, authorityId)) return null;
  const db = getDb();
  const recommendationIds = db
    .selectFrom("recommendations")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select("recommendations.id")
    .where("inspections.authority_id", "=", authorityId)
    .where(inspectionKept);

  const [recommendations, actions, evidence, signOffs] = await Promise.all([
    db
      .selectFrom("recommendations")
      .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
      .leftJoin("users", "users.id", "recommendations.area_override_by")
      .select([
        "recommendations.id",
        "recommendations.reference",
        "recommendations.text",
        "recommendations.section",
        "recommendations.heading",
        "recommendations.section_set_by_lead",
        "recommendations.area_override",
        "recommendations.area_override_at",
        "users.name as area_override_by_name",
        "inspections.id as inspection_id",
        "inspections.title as inspection_title",
        "inspections.kind as inspection_kind",
        "inspections.published as inspection_published",
      ])
      .where("inspections.authority_id", "=", authorityId)
      .where(inspectionKept)
      .orderBy("inspections.published", "desc")
      .orderBy("inspections.id", "desc")
      .orderBy("recommendations.position")
      .execute(),
    db
      .selectFrom("actions")
      .leftJoin("users", "users.id", "actions.owner_id")
      .select([
        "actions.id",
        "actions.recommendation_id",
        "actions.title",
        "actions.sequence",
        "actions.status",
        "actions.target_date",
        "actions.owner_id",
        "actions.withdrawn_at",
        "users.name as owner_name",
      ])
      .where("actions.recommendation_id", "in", recommendationIds)
      .orderBy("actions.sequence")
      .orderBy("actions.id")
      .execute(),
    db
      .selectFrom("evidence")
      .innerJoin("actions", "actions.id", "evidence.action_id")
      .select(["evidence.action_id", "evidence.description", "evidence.evidence_date"])
      .where("actions.recommendation_id", "in", recommendationIds)
      .where("evidence.purpose", "=", "impact")
      .where("evidence.deleted_at", "is", null)
      .where("actions.withdrawn_at", "is", null)
      .orderBy("evidence.created_at")
      .orderBy("evidence.id")
      .execute(),
    db
      .selectFrom("audit_events")
      .select(["entity_id", "at"])
      .where("entity_type", "=", "action")
      .where("event", "=", "action.sign_off")
      .where("authority_id", "=", authorityId)
      .orderBy("at")
      .execute(),
  ]);

  const signedOffAt = new Map<number, string>();
  for (const s of signOffs) signedOffAt.set(s.entity_id, s.at);

  const views = new Map<ReadinessArea, AreaRecommendation[]>(READINESS_AREAS.map((a) => [a, []]));
  for (const r of recommendations) {
    const own = actions.filter((a) => a.recommendation_id === r.id);
    const live = own.filter((a) => a.withdrawn_at === null);
    const impactEvidence = evidence
      .filter((e) => live.some((a) => a.id === e.action_id))
      .map((e) => ({ actionId: e.action_id, description: e.description, date: e.evidence_date }));
    const readiness = recommendationReadiness({
      actions: own.map((a) => ({
        status: a.status,
        targetDate: a.target_date,
        ownerId: a.owner_id,
        withdrawn: a.withdrawn_at !== null,
      })),
      hasImpactEvidence: impactEvidence.length > 0,
      today,
    });
    const decision = effectiveArea(
      { section: r.section, heading: r.heading, text: r.text, sectionSetByLead: r.section_set_by_lead === 1 },
      r.area_override && r.area_override_at
        ? { area: r.area_override, by: r.area_override_by_name, at: r.area_override_at }
        : null,
    );
    views.get(decision.area)!.push({
      id: r.id,
      reference: r.reference,
      text: r.text,
      inspection: {
        id: r.inspection_id,
        title: r.inspection_title,
        kind: r.inspection_kind,
        published: r.inspection_published,
      },
      decision,
      status: readiness.status,
      detail: readiness.detail,
      actions: live.map((a) => {
        const at = a.status === "signed_off" ? signedOffAt.get(a.id) : undefined;
        return {
          id: a.id,
          title: a.title,
          sequence: a.sequence,
          status: a.status,
          targetDate: a.target_date,
          ownerName: a.owner_name,
          signedOffOn: at ? londonDateOf(at) : null,
        };
      }),
      impactEvidence,
    });
  }
  return READINESS_AREAS.map((area) => {
    const list = views.get(area)!;
    return { area, recommendations: list, summary: summariseArea(list.map((r) => r.status)) };
  });
}

/** One recommendation's area: the rule's decision, and the lead's override with who and when. */
export async function getRecommendationArea(actor: Actor, recommendationId: number) {
  let query = getDb()
    .selectFrom("recommendations")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .leftJoin("users", "users.id", "recommendations.area_override_by")
    .select([
      "recommendations.section",
      "recommendations.heading",
      "recommendations.text",
      "recommendations.section_set_by_lead",
      "recommendations.area_override",
      "recommendations.area_override_at",
      "users.name as area_override_by_name",
    ])
    .where("recommendations.id", "=", recommendationId);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const override =
    row.area_override && row.area_override_at
      ? { area: row.area_override, by: row.area_override_by_name, at: row.area_override_at }
      : null;
  const recommendation = { ...row, sectionSetByLead: row.section_set_by_lead === 1 };
  return {
    decision: effectiveArea(recommendation, override),
    rule: decideRecommendationArea(recommendation),
    override,
  };
}

export type AreaOverrideResult = { ok: true; changed: boolean } | { ok: false; reason: "not_found" | "forbidden" };

/**
 * A lead (or administrator) places a recommendation under an area, or with `area` null hands it
 * back to the rule. Audited; setting the same value again changes nothing.
 */
export async function setRecommendationAreaOverride(
  actor: Actor,
  input: { recommendationId: number; area: ReadinessArea | null },
  now: Date,
): Promise<AreaOverrideResult> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      let query = trx
        .selectFrom("recommendations")
        .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
        .select(["recommendations.id", "recommendations.area_override", "inspections.authority_id"])
        .where("recommendations.id", "=", input.recommendationId)
        .where(inspectionKept);
      if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
      const current = await query.executeTakeFirst();
      if (!current) return { ok: false, reason: "not_found" } as const;
      if (!canManagePlan(actor, current.authority_id)) return { ok: false, reason: "forbidden" } as const;
      if (current.area_override === input.area) return { ok: true, changed: false } as const;
      await trx
        .updateTable("recommendations")
        .set({
          area_override: input.area,
          area_override_by: input.area === null ? null : actor.id,
          area_override_at: input.area === null ? null : now.toISOString(),
        })
        .where("id", "=", current.id)
        .execute();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: current.authority_id,
        entityType: "recommendation",
        entityId: current.id,
        event: input.area === null ? "recommendation.area_override_cleared" : "recommendation.area_overridden",
        before: { area: current.area_override },
        after: { area: input.area },
        at: now,
      });
      return { ok: true, changed: true } as const;
    });
}
