import crypto from "node:crypto";
import type { Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import { type Actor, canManagePlan } from "../domain/permissions";
import type { OwnerCandidate } from "../import/spreadsheet/owners";
import type { PlannedRow } from "../import/spreadsheet/plan";
import { IMPORTED_AT_RISK_REASON, IMPORTED_RED_REASON } from "../import/spreadsheet/rag";
import type { ChangeRefusal } from "./action-changes.server";
import { recordAuditEvent } from "./audit.server";
import { inspectionInPlan } from "./plan-scope.server";

/** Stored instead of a password hash for pending users: it never verifies, so nobody can sign in as them. */
const NO_PASSWORD = "!pending";
const ASSIGNABLE_ROLES = ["service_manager", "improvement_lead"] as const;

/** Inspections in the plan the actor may import a plan into: their authority's, or every one for an administrator. */
export async function listPlanImportInspections(actor: Actor) {
  if (actor.role !== "admin" && actor.role !== "improvement_lead") return [];
  let query = getDb()
    .selectFrom("inspections")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .select([
      "inspections.id",
      "inspections.title",
      "inspections.inspection_start",
      "authorities.name as authority_name",
    ])
    .where(inspectionInPlan)
    .orderBy("authorities.name")
    .orderBy("inspections.inspection_start", "desc")
    .orderBy("inspections.id", "desc");
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query.execute();
}

/**
 * What a plan is matched against: the inspection (if the actor may manage its plan), its
 * recommendations with the titles of their actions, and the people of its authority.
 */
export async function getPlanImportTarget(actor: Actor, inspectionId: number) {
  const db = getDb();
  let query = db
    .selectFrom("inspections")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .select(["inspections.id", "inspections.title", "inspections.authority_id", "authorities.name as authority_name"])
    .where("inspections.id", "=", inspectionId)
    .where(inspectionInPlan);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  const inspection = await query.executeTakeFirst();
  if (!inspection || !canManagePlan(actor, inspection.authority_id)) return undefined;

  const [recommendations, actions, users] = await Promise.all([
    db
      .selectFrom("recommendations")
      .select(["id", "reference", "paragraph_number", "position", "text"])
      .where("inspection_id", "=", inspection.id)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("actions")
      .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
      .select(["actions.recommendation_id", "actions.title"])
      .where("recommendations.inspection_id", "=", inspection.id)
      .execute(),
    db
      .selectFrom("users")
      .select(["id", "name", "email", "role", "active", "pending"])
      .where("authority_id", "=", inspection.authority_id)
      .orderBy("id")
      .execute(),
  ]);
  return {
    inspection,
    recommendations: recommendations.map((r) => ({
      id: r.id,
      reference: r.reference,
      paragraphNumber: r.paragraph_number,
      position: r.position,
      text: r.text,
      actionTitles: actions.filter((a) => a.recommendation_id === r.id).map((a) => a.title),
    })),
    owners: users.map((u): OwnerCandidate => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      active: u.active === 1,
      pending: u.pending === 1,
    })),
  };
}
export type PlanImportTarget = NonNullable<Awaited<ReturnType<typeof getPlanImportTarget>>>;

function findUserByEmail(trx: Transaction<DB>, email: string) {
  return trx
    .selectFrom("users")
    .select(["id", "authority_id", "pending"])
    .where("email", "=", email)
    .executeTakeFirst();
}

/** An address that can never receive mail (.invalid is reserved), unique per authority and name. */
function placeholderEmail(authorityId: number, key: string): string {
  const digest = crypto.createHash("sha256").update(`${authorityId}:${key}`).digest("hex").slice(0, 16);
  return `pending-${authorityId}-${digest}@followthrough.invalid`;
}

export type ImportPlanResult = { ok: true; actions: number; pendingUsers: number } | ChangeRefusal;

/**
 * Saves the rows of a previewed plan as actions, in one transaction: pending users for owners
 * nobody matched, then each action with its progress update and evidence note, every one audited.
 * The rows must already be free of errors; the inspection, recommendations and owners are checked
 * again here, inside the transaction.
 */
export async function importPlanRows(
  actor: Actor,
  input: { inspectionId: number; fileName: string | null; rows: readonly PlannedRow[]; leftOut: number },
  now: Date,
): Promise<ImportPlanResult> {
  const at = now.toISOString();
  return getDb()
    .transaction()
    .execute(async (trx): Promise<ImportPlanResult> => {
      const inspection = await trx
        .selectFrom("inspections")
        .select(["id", "authority_id"])
        .where("id", "=", input.inspectionId)
        .where("removed_at", "is", null)
        .$if(actor.role !== "admin", (q) => q.where("authority_id", "=", actor.authorityId ?? -1))
        .executeTakeFirst();
      if (!inspection) return { ok: false, reason: "not_found" };
      const authorityId = inspection.authority_id;
      if (!canManagePlan(actor, authorityId)) {
        return {
          ok: false,
          reason: "forbidden",
          message: "Only an improvement lead or administrator can import a plan.",
        };
      }
      const rows = input.rows.filter((r) => r.kind === "action");
      if (rows.length === 0) return { ok: false, reason: "invalid", message: "There are no rows to import." };
      if (rows.some((r) => r.errors.length > 0 || r.recommendation === null)) {
        return { ok: false, reason: "invalid", message: "Rows with errors cannot be imported." };
      }
      const recommendationIds = new Set(
        (await trx.selectFrom("recommendations").select("id").where("inspection_id", "=", inspection.id).execute()).map(
          (r) => r.id,
        ),
      );
      if (rows.some((r) => !recommendationIds.has(r.recommendation!.id))) {
        return { ok: false, reason: "invalid", message: "A row names a recommendation of another inspection." };
      }

      const owners = await resolveOwners(trx, actor, authorityId, rows, input.fileName, now);
      if (!owners.ok) return owners;

      for (const row of rows) {
        const ownerId =
          row.owner.kind === "none"
            ? null
            : owners.ids.get(row.owner.kind === "new" ? row.owner.key : `id:${row.owner.userId}`)!;
        const riskReason =
          row.riskFlag === "off_track"
            ? IMPORTED_RED_REASON
            : row.riskFlag === "at_risk"
              ? IMPORTED_AT_RISK_REASON
              : null;
        const { id: actionId } = await trx
          .insertInto("actions")
          .values({
            recommendation_id: row.recommendation!.id,
            title: row.title,
            description: row.description,
            owner_id: ownerId,
            target_date: row.targetDate,
            baseline_target_date: row.targetDate,
            status: row.status,
            risk_flag: row.riskFlag,
            risk_reason: riskReason,
            created_at: at,
            updated_at: at,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const audit = { userId: actor.id, authorityId, entityType: "action" as const, entityId: actionId, at: now };
        await recordAuditEvent(trx, {
          ...audit,
          event: "action.imported",
          after: {
            recommendationId: row.recommendation!.id,
            title: row.title,
            ownerId,
            targetDate: row.targetDate,
            status: row.status,
            riskFlag: row.riskFlag,
            source: input.fileName,
            row: row.rowNumber,
          },
        });
        if (row.progress) {
          const { id } = await trx
            .insertInto("progress_updates")
            .values({ action_id: actionId, author_id: actor.id, body: row.progress, created_at: at })
            .returning("id")
            .executeTakeFirstOrThrow();
          await recordAuditEvent(trx, { ...audit, event: "action.progress_imported", after: { progressUpdateId: id } });
        }
        if (row.evidence) {
          const { id } = await trx
            .insertInto("evidence")
            .values({
              action_id: actionId,
              kind: "note",
              purpose: "completion",
              description: row.evidence,
              url: null,
              evidence_date: null,
              added_by: actor.id,
              created_at: at,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          await recordAuditEvent(trx, {
            ...audit,
            event: "action.evidence_imported",
            after: { evidenceId: id, kind: "note", purpose: "completion", description: row.evidence },
          });
        }
      }

      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId,
        entityType: "inspection",
        entityId: inspection.id,
        event: "inspection.plan_imported",
        after: {
          source: input.fileName,
          actions: rows.length,
          pendingUsers: owners.created,
          rowsLeftOut: input.leftOut,
        },
        at: now,
      });
      return { ok: true, actions: rows.length, pendingUsers: owners.created };
    });
}

type ResolvedOwners = { ok: true; ids: Map<string, number>; created: number } | ChangeRefusal;

/** Checks the matched owners are still assignable and creates one pending user per new person. */
async function resolveOwners(
  trx: Transaction<DB>,
  actor: Actor,
  authorityId: number,
  rows: readonly PlannedRow[],
  fileName: string | null,
  now: Date,
): Promise<ResolvedOwners> {
  const ids = new Map<string, number>();
  const existingIds = [...new Set(rows.flatMap((r) => (r.owner.kind === "existing" ? [r.owner.userId] : [])))];
  if (existingIds.length > 0) {
    const found = await trx
      .selectFrom("users")
      .select("id")
      .where("id", "in", existingIds)
      .where("authority_id", "=", authorityId)
      .where("role", "in", ASSIGNABLE_ROLES)
      .where((eb) => eb.or([eb("active", "=", 1), eb("pending", "=", 1)]))
      .execute();
    if (found.length !== existingIds.length) {
      return {
        ok: false,
        reason: "invalid",
        message: "An owner in the plan can no longer own actions. Preview the plan again.",
      };
    }
    for (const { id } of found) ids.set(`id:${id}`, id);
  }

  let created = 0;
  for (const row of rows) {
    if (row.owner.kind !== "new" || ids.has(row.owner.key)) continue;
    // An address with an account outside the authority is not taken over, and nothing says so (a
    // lead must not learn who has accounts in other councils): the pending user gets a placeholder.
    let email = row.owner.email ?? placeholderEmail(authorityId, row.owner.key);
    let existing = await findUserByEmail(trx, email);
    if (existing && row.owner.email !== null && existing.authority_id !== authorityId) {
      email = placeholderEmail(authorityId, row.owner.key);
      existing = await findUserByEmail(trx, email);
    }
    if (existing) {
      // Created by an earlier import (or one that finished between this preview and confirm).
      if (existing.authority_id !== authorityId || existing.pending !== 1) {
        return {
          ok: false,
          reason: "invalid",
          message: `The e-mail address ${email} is already in use. Preview the plan again.`,
        };
      }
      ids.set(row.owner.key, existing.id);
      continue;
    }
    const { id } = await trx
      .insertInto("users")
      .values({
        name: row.owner.name.slice(0, 200),
        email,
        role: "service_manager",
        authority_id: authorityId,
        password_hash: NO_PASSWORD,
        active: 0,
        pending: 1,
        created_at: now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId,
      entityType: "user",
      entityId: id,
      event: "user.pending_created",
      after: { name: row.owner.name, email: row.owner.email, role: "service_manager", source: fileName },
      at: now,
    });
    ids.set(row.owner.key, id);
    created += 1;
  }
  return { ok: true, ids, created };
}
