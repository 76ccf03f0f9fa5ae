import type { Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import {
  INSPECTION_REMOVED,
  INSPECTION_RESTORED,
  originalContentHash,
  removedContentHash,
} from "../domain/inspection-removal";
import { type Actor, canManagePlan } from "../domain/permissions";
import { recordAuditEvent } from "./audit.server";

// Removing an inspection imported in error, and (administrators) restoring it. Nothing is
// deleted: the inspection and everything under it stay, marked, so the plan "as at" an earlier
// date, the audit log and a restoration bring it back exactly as it was.

export type RemovalResult =
  | { ok: true }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "forbidden"; message: string }
  | { ok: false; reason: "invalid"; message: string }
  | { ok: false; reason: "conflict"; changedBy: string | null; changedAt: string | null };

/** Who removed an inspection, when and why; undefined when it is in the plan (or the actor cannot see it). */
export async function getInspectionRemoval(actor: Actor, inspectionId: number) {
  let query = getDb()
    .selectFrom("inspections")
    .leftJoin("users", "users.id", "inspections.removed_by")
    .select([
      "inspections.id",
      "inspections.title",
      "inspections.authority_id",
      "inspections.removed_at",
      "inspections.removed_reason",
      "users.name as removed_by_name",
    ])
    .where("inspections.id", "=", inspectionId)
    .where("inspections.removed_at", "is not", null);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  const row = await query.executeTakeFirst();
  return row && row.removed_at
    ? {
        inspectionId: row.id,
        title: row.title,
        removedAt: row.removed_at,
        removedBy: row.removed_by_name,
        reason: row.removed_reason ?? "",
      }
    : undefined;
}
export type InspectionRemoval = NonNullable<Awaited<ReturnType<typeof getInspectionRemoval>>>;

/** The removed inspections the actor may see, newest removal first, for the inspections page. */
export async function listRemovedInspections(actor: Actor) {
  let query = getDb()
    .selectFrom("inspections")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .leftJoin("users", "users.id", "inspections.removed_by")
    .select([
      "inspections.id",
      "inspections.title",
      "inspections.authority_id",
      "authorities.name as authority_name",
      "inspections.removed_at",
      "inspections.removed_reason",
      "users.name as removed_by_name",
    ])
    .where("inspections.removed_at", "is not", null)
    .orderBy("inspections.removed_at", "desc")
    .orderBy("inspections.id", "desc");
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query.execute();
}

/**
 * What removing an inspection takes out of the plan, for the confirmation page: its
 * recommendations, the actions still in the plan (open and overdue among them), their evidence
 * and links to performance measures. Undefined when the actor may not see it.
 */
export async function describeRemoval(actor: Actor, inspectionId: number, today: string) {
  const db = getDb();
  let query = db
    .selectFrom("inspections")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .select([
      "inspections.id",
      "inspections.title",
      "inspections.kind",
      "inspections.published",
      "inspections.imported_at",
      "inspections.version",
      "inspections.removed_at",
      "inspections.authority_id",
      "authorities.name as authority_name",
    ])
    .where("inspections.id", "=", inspectionId);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  const inspection = await query.executeTakeFirst();
  if (!inspection) return undefined;
  const recommendationIds = db
    .selectFrom("recommendations")
    .select("recommendations.id")
    .where("recommendations.inspection_id", "=", inspection.id);
  const actions = db
    .selectFrom("actions")
    .where("actions.recommendation_id", "in", recommendationIds)
    .where("actions.withdrawn_at", "is", null);
  const [recommendations, actionCounts, evidence, measureLinks] = await Promise.all([
    db
      .selectFrom("recommendations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("inspection_id", "=", inspection.id)
      .executeTakeFirstOrThrow(),
    actions
      .select((eb) => [
        eb.fn.countAll<number>().as("total"),
        eb.fn.sum<number>(eb.case().when("actions.status", "!=", "signed_off").then(1).else(0).end()).as("open"),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb("actions.status", "!=", "signed_off"), eb("actions.target_date", "<", today)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as("overdue"),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("evidence")
      .innerJoin("actions", "actions.id", "evidence.action_id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("actions.recommendation_id", "in", recommendationIds)
      .where("evidence.deleted_at", "is", null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("measure_recommendations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("recommendation_id", "in", recommendationIds)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    ...inspection,
    recommendations: Number(recommendations.n),
    actions: Number(actionCounts.total),
    openActions: Number(actionCounts.open ?? 0),
    overdueActions: Number(actionCounts.overdue ?? 0),
    evidence: Number(evidence.n),
    measureLinks: Number(measureLinks.n),
  };
}

/** Who made the inspection's latest recorded change (for a conflict). */
async function lastChange(trx: Transaction<DB>, inspectionId: number) {
  return trx
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.user_id")
    .select(["users.name", "audit_events.at"])
    .where("entity_type", "=", "inspection")
    .where("entity_id", "=", inspectionId)
    .orderBy("audit_events.id", "desc")
    .executeTakeFirst();
}

/**
 * A lead (of its authority) or an administrator takes an inspection imported in error out of the
 * plan, with a reason. Its document may then be imported again. Audited.
 */
export async function removeInspection(
  actor: Actor,
  input: { inspectionId: number; version: number; reason: string },
  now: Date,
): Promise<RemovalResult> {
  return getDb()
    .transaction()
    .execute(async (trx): Promise<RemovalResult> => {
      let query = trx
        .selectFrom("inspections")
        .select(["id", "title", "authority_id", "content_hash", "version", "removed_at"])
        .where("id", "=", input.inspectionId);
      if (actor.role !== "admin") query = query.where("authority_id", "=", actor.authorityId ?? -1);
      const inspection = await query.executeTakeFirst();
      if (!inspection) return { ok: false, reason: "not_found" };
      if (!canManagePlan(actor, inspection.authority_id)) {
        return {
          ok: false,
          reason: "forbidden",
          message: "Only an improvement lead or administrator can remove an inspection.",
        };
      }
      if (inspection.removed_at !== null) {
        return { ok: false, reason: "invalid", message: "This inspection has already been removed from the plan." };
      }
      if (inspection.version !== input.version) {
        const last = await lastChange(trx, inspection.id);
        return { ok: false, reason: "conflict", changedBy: last?.name ?? null, changedAt: last?.at ?? null };
      }
      const reason = input.reason.trim();
      await trx
        .updateTable("inspections")
        .set({
          removed_at: now.toISOString(),
          removed_by: actor.id,
          removed_reason: reason,
          content_hash: removedContentHash(inspection.id, inspection.content_hash),
          version: inspection.version + 1,
        })
        .where("id", "=", inspection.id)
        .where("version", "=", inspection.version)
        .execute();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: inspection.authority_id,
        entityType: "inspection",
        entityId: inspection.id,
        event: INSPECTION_REMOVED,
        before: null,
        after: { title: inspection.title, reason },
        at: now,
      });
      return { ok: true };
    });
}

/**
 * An administrator puts a removed inspection back into the plan, exactly as it was. Refused while
 * the same document, imported again since, is in the plan. Audited.
 */
export async function restoreInspection(
  actor: Actor,
  input: { inspectionId: number; version: number },
  now: Date,
): Promise<RemovalResult> {
  return getDb()
    .transaction()
    .execute(async (trx): Promise<RemovalResult> => {
      let query = trx
        .selectFrom("inspections")
        .select([
          "id",
          "title",
          "authority_id",
          "content_hash",
          "version",
          "removed_at",
          "removed_by",
          "removed_reason",
        ])
        .where("id", "=", input.inspectionId);
      if (actor.role !== "admin") query = query.where("authority_id", "=", actor.authorityId ?? -1);
      const inspection = await query.executeTakeFirst();
      if (!inspection) return { ok: false, reason: "not_found" };
      if (actor.role !== "admin") {
        return { ok: false, reason: "forbidden", message: "Only an administrator can restore a removed inspection." };
      }
      if (inspection.removed_at === null) {
        return {
          ok: false,
          reason: "invalid",
          message: "This inspection is in the plan: there is nothing to restore.",
        };
      }
      if (inspection.version !== input.version) {
        const last = await lastChange(trx, inspection.id);
        return { ok: false, reason: "conflict", changedBy: last?.name ?? null, changedAt: last?.at ?? null };
      }
      const hash = originalContentHash(inspection.content_hash);
      const again = await trx
        .selectFrom("inspections")
        .select(["id", "title"])
        .where("content_hash", "=", hash)
        .executeTakeFirst();
      if (again) {
        return {
          ok: false,
          reason: "invalid",
          message: `The same report has been imported again since, as inspection ${again.id} (“${again.title}”). Remove that one first to restore this one.`,
        };
      }
      await trx
        .updateTable("inspections")
        .set({
          removed_at: null,
          removed_by: null,
          removed_reason: null,
          content_hash: hash,
          version: inspection.version + 1,
        })
        .where("id", "=", inspection.id)
        .where("version", "=", inspection.version)
        .execute();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: inspection.authority_id,
        entityType: "inspection",
        entityId: inspection.id,
        event: INSPECTION_RESTORED,
        before: {
          removedAt: inspection.removed_at,
          removedBy: inspection.removed_by,
          reason: inspection.removed_reason,
        },
        after: { title: inspection.title },
        at: now,
      });
      return { ok: true };
    });
}
