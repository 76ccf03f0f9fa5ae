import type { Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import { type Actor, canManagePlan } from "../domain/permissions";
import { actionNumber } from "../domain/references";
import { closeRefusal, type OpenActionsChoice, PLAN_CLOSED, PLAN_REOPENED } from "../domain/plan-closure";
import { recordAuditEvent } from "./audit.server";

// Closing a plan and reopening it (app/domain/plan-closure.ts). Open actions of a superseded plan
// are either withdrawn with the reason, or carried over: each becomes a new action of the newer
// inspection (under a recommendation "carried over" from the old one) with the same owner, dates
// and details, and the old one is withdrawn saying where it went. The old plan's history stays.

export type ClosureResult =
  | { ok: true; carried: number; withdrawn: number }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "forbidden"; message: string }
  | { ok: false; reason: "invalid"; field: string; message: string }
  | { ok: false; reason: "conflict" };

function scopedInspection(actor: Actor, db: Transaction<DB> | ReturnType<typeof getDb>, id: number) {
  let query = db
    .selectFrom("inspections")
    .select([
      "inspections.id",
      "inspections.title",
      "inspections.authority_id",
      "inspections.version",
      "inspections.removed_at",
      "inspections.closed_at",
      "inspections.closed_reason",
      "inspections.superseded_by",
      "inspections.inspection_start",
      "inspections.published",
    ])
    .where("inspections.id", "=", id);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query;
}

async function openActionsOf(db: Transaction<DB> | ReturnType<typeof getDb>, inspectionId: number) {
  return db
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .selectAll("actions")
    .select([
      "recommendations.reference as rec_reference",
      "recommendations.position as rec_position",
      "recommendations.text as rec_text",
      "recommendations.section as rec_section",
      "recommendations.agencies as rec_agencies",
    ])
    .where("recommendations.inspection_id", "=", inspectionId)
    .where("actions.withdrawn_at", "is", null)
    .where("actions.status", "!=", "signed_off")
    .orderBy("recommendations.position")
    .orderBy("actions.sequence")
    .execute();
}

/** What the close page shows: the plan, who closed it and why, its open actions and the newer plans. */
export async function getPlanClosure(actor: Actor, inspectionId: number) {
  const db = getDb();
  const inspection = await scopedInspection(actor, db, inspectionId)
    .leftJoin("users", "users.id", "inspections.closed_by")
    .leftJoin("inspections as newer", "newer.id", "inspections.superseded_by")
    .select(["users.name as closed_by_name", "newer.title as superseded_by_title"])
    .executeTakeFirst();
  if (!inspection) return undefined;
  const [open, newer] = await Promise.all([
    openActionsOf(db, inspection.id),
    db
      .selectFrom("inspections")
      .select(["id", "title", "inspection_start", "published"])
      .where("authority_id", "=", inspection.authority_id)
      .where("id", "!=", inspection.id)
      .where("removed_at", "is", null)
      .where("closed_at", "is", null)
      .orderBy((eb) => eb.fn.coalesce("inspection_start", "published"), "desc")
      .orderBy("id", "desc")
      .execute(),
  ]);
  return {
    inspection,
    openActions: open.map((a) => ({
      id: a.id,
      title: a.title,
      reference: a.rec_reference,
      number: actionNumber(a.rec_position, a.sequence),
    })),
    newer,
  };
}

/**
 * A lead or administrator closes the plan: at once when nothing is open, or, superseded by a newer
 * inspection of the same authority, with its open actions carried over or withdrawn. Audited.
 */
export async function closePlan(
  actor: Actor,
  input: {
    inspectionId: number;
    version: number;
    reason: string;
    supersededBy: number | null;
    openActions: OpenActionsChoice | null;
  },
  now: Date,
): Promise<ClosureResult> {
  return getDb()
    .transaction()
    .execute(async (trx): Promise<ClosureResult> => {
      const inspection = await scopedInspection(actor, trx, input.inspectionId).executeTakeFirst();
      if (!inspection) return { ok: false, reason: "not_found" };
      if (!canManagePlan(actor, inspection.authority_id)) {
        return {
          ok: false,
          reason: "forbidden",
          message: "Only an improvement lead or administrator can close a plan.",
        };
      }
      if (inspection.removed_at || inspection.closed_at) {
        return { ok: false, reason: "invalid", field: "reason", message: "This plan is already out of the plan." };
      }
      if (inspection.version !== input.version) return { ok: false, reason: "conflict" };
      const open = await openActionsOf(trx, inspection.id);
      let newer: { id: number; title: string } | undefined;
      if (input.supersededBy !== null) {
        newer = await trx
          .selectFrom("inspections")
          .select(["id", "title"])
          .where("id", "=", input.supersededBy)
          .where("id", "!=", inspection.id)
          .where("authority_id", "=", inspection.authority_id)
          .where("removed_at", "is", null)
          .where("closed_at", "is", null)
          .executeTakeFirst();
        if (!newer) {
          return {
            ok: false,
            reason: "invalid",
            field: "supersededBy",
            message: "Choose another open plan of this council",
          };
        }
      }
      const refusal = closeRefusal({
        openActions: open.length,
        supersededBy: newer?.id ?? null,
        choice: input.openActions,
        reason: input.reason,
      });
      if (refusal) return { ok: false, reason: "invalid", ...refusal };
      const reason = input.reason.trim();
      const at = now.toISOString();
      let carried = 0;
      let withdrawn = 0;
      for (const action of open) {
        let withdrawReason = reason;
        if (input.openActions === "carry_over" && newer) {
          const newId = await carryOver(trx, actor, inspection.authority_id, action, newer.id, inspection.title, now);
          withdrawReason = `Carried over to ${newer.title} (action ${newId}): ${reason}`;
          carried++;
        } else {
          withdrawn++;
        }
        await trx
          .updateTable("actions")
          .set({ withdrawn_at: at, withdrawn_reason: withdrawReason, version: action.version + 1, updated_at: at })
          .where("id", "=", action.id)
          .execute();
        await recordAuditEvent(trx, {
          userId: actor.id,
          authorityId: inspection.authority_id,
          entityType: "action",
          entityId: action.id,
          event: "action.withdrawn",
          after: { reason: withdrawReason },
          at: now,
        });
      }
      await trx
        .updateTable("inspections")
        .set({
          closed_at: at,
          closed_by: actor.id,
          closed_reason: reason,
          superseded_by: newer?.id ?? null,
          version: inspection.version + 1,
        })
        .where("id", "=", inspection.id)
        .execute();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: inspection.authority_id,
        entityType: "inspection",
        entityId: inspection.id,
        event: PLAN_CLOSED,
        after: {
          title: inspection.title,
          reason,
          ...(newer ? { supersededBy: newer.id, supersededByTitle: newer.title } : {}),
          carriedOver: carried,
          withdrawn,
        },
        at: now,
      });
      return { ok: true, carried, withdrawn };
    });
}

type OpenAction = Awaited<ReturnType<typeof openActionsOf>>[number];

/** A copy of an open action in the newer plan, under a recommendation carried over from the old one. */
async function carryOver(
  trx: Transaction<DB>,
  actor: Actor,
  authorityId: number,
  action: OpenAction,
  newerId: number,
  fromTitle: string,
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  const reference = `CO-${action.rec_reference}`;
  let recommendation = await trx
    .selectFrom("recommendations")
    .select("id")
    .where("inspection_id", "=", newerId)
    .where("reference", "=", reference)
    .where("text", "=", action.rec_text)
    .executeTakeFirst();
  if (!recommendation) {
    const { last } = await trx
      .selectFrom("recommendations")
      .select((eb) => eb.fn.max("position").as("last"))
      .where("inspection_id", "=", newerId)
      .executeTakeFirstOrThrow();
    recommendation = await trx
      .insertInto("recommendations")
      .values({
        inspection_id: newerId,
        reference,
        section: action.rec_section,
        timescale: null,
        heading: `Carried over from ${fromTitle}`,
        text: action.rec_text,
        agencies: action.rec_agencies,
        paragraph_number: null,
        position: Number(last ?? -1) + 1,
        source_line: null,
        due_date: null,
        due_date_rule: "carried_over",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  }
  const { n } = await trx
    .selectFrom("actions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("recommendation_id", "=", recommendation.id)
    .executeTakeFirstOrThrow();
  const { id } = await trx
    .insertInto("actions")
    .values({
      recommendation_id: recommendation.id,
      title: action.title,
      description: action.description,
      owner_id: action.owner_id,
      target_date: action.target_date,
      baseline_target_date: action.baseline_target_date,
      status: action.status,
      risk_flag: action.risk_flag,
      risk_reason: action.risk_reason,
      recovery_date: action.recovery_date,
      sequence: Number(n) + 1,
      partner_agency: action.partner_agency,
      service_area: action.service_area,
      success_measure: action.success_measure,
      withdrawn_at: null,
      withdrawn_reason: null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAuditEvent(trx, {
    userId: actor.id,
    authorityId,
    entityType: "action",
    entityId: id,
    event: "action.created",
    after: { title: action.title, carriedOverFrom: action.id },
    at: now,
  });
  return id;
}

/** A lead or administrator reopens a closed plan; actions withdrawn or carried over stay as they are. */
export async function reopenPlan(
  actor: Actor,
  input: { inspectionId: number; version: number },
  now: Date,
): Promise<ClosureResult> {
  return getDb()
    .transaction()
    .execute(async (trx): Promise<ClosureResult> => {
      const inspection = await scopedInspection(actor, trx, input.inspectionId).executeTakeFirst();
      if (!inspection) return { ok: false, reason: "not_found" };
      if (!canManagePlan(actor, inspection.authority_id)) {
        return {
          ok: false,
          reason: "forbidden",
          message: "Only an improvement lead or administrator can reopen a plan.",
        };
      }
      if (!inspection.closed_at) {
        return { ok: false, reason: "invalid", field: "version", message: "This plan is open." };
      }
      if (inspection.version !== input.version) return { ok: false, reason: "conflict" };
      await trx
        .updateTable("inspections")
        .set({
          closed_at: null,
          closed_by: null,
          closed_reason: null,
          superseded_by: null,
          version: inspection.version + 1,
        })
        .where("id", "=", inspection.id)
        .execute();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: inspection.authority_id,
        entityType: "inspection",
        entityId: inspection.id,
        event: PLAN_REOPENED,
        before: { closedAt: inspection.closed_at, reason: inspection.closed_reason },
        after: { title: inspection.title },
        at: now,
      });
      return { ok: true, carried: 0, withdrawn: 0 };
    });
}
