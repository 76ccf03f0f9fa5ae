import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import { type Actor, canManagePlan } from "../domain/permissions";
import type { OwnerCandidate } from "../import/spreadsheet/owners";
import type { PlannedRow } from "../import/spreadsheet/plan";
import { IMPORTED_AT_RISK_REASON, IMPORTED_RED_REASON } from "../import/spreadsheet/rag";
import type { PlanDraftChoices } from "../domain/plan-import-draft";
import type { ChangeRefusal } from "./action-changes.server";
import { recordAuditEvent } from "./audit.server";
import { lockPlanDraft, markPlanDraftImported } from "./plan-import-drafts.server";
import { inspectionInPlan } from "./plan-scope.server";

/** Stored instead of a password hash for pending users: it never verifies, so nobody can sign in as them. */
const NO_PASSWORD = "!pending";
const ASSIGNABLE_ROLES = ["service_manager", "improvement_lead"] as const;

/**
 * The starter actions the report import made that nobody has touched since: no owner, no target
 * date of their own (none, or the recommendation's due date), not started, no flag, no details,
 * never edited (no audit event names them; every change to an action is audited), and no progress,
 * evidence or target-date change. Imported actions may replace these.
 */
function untouchedStarterActions(db: Kysely<DB> | Transaction<DB>, inspectionId: number) {
  return db
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .select(["actions.id", "actions.recommendation_id", "actions.title", "actions.sequence"])
    .where("recommendations.inspection_id", "=", inspectionId)
    .where("actions.owner_id", "is", null)
    .where("actions.status", "=", "not_started")
    .where("actions.risk_flag", "is", null)
    .where("actions.withdrawn_at", "is", null)
    .where("actions.version", "=", 1)
    .where("actions.description", "=", "")
    .where("actions.success_measure", "=", "")
    .where("actions.partner_agency", "is", null)
    .where("actions.service_area", "is", null)
    .where("actions.recovery_date", "is", null)
    .where((eb) =>
      eb.or([
        eb("actions.target_date", "is", null),
        eb("actions.target_date", "=", eb.ref("recommendations.due_date")),
      ]),
    )
    .where((eb) =>
      eb.and([
        eb.not(eb.exists(eb.selectFrom("progress_updates").select("id").whereRef("action_id", "=", "actions.id"))),
        eb.not(eb.exists(eb.selectFrom("evidence").select("id").whereRef("action_id", "=", "actions.id"))),
        eb.not(eb.exists(eb.selectFrom("target_date_changes").select("id").whereRef("action_id", "=", "actions.id"))),
        eb.not(
          eb.exists(
            eb
              .selectFrom("audit_events")
              .select("audit_events.id")
              .where("audit_events.entity_type", "=", "action")
              .whereRef("audit_events.entity_id", "=", "actions.id"),
          ),
        ),
      ]),
    )
    .orderBy("actions.id");
}

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

  const [recommendations, actions, users, starters] = await Promise.all([
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
    untouchedStarterActions(db, inspection.id).execute(),
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
    /** Untouched starter actions, by recommendation: what "replace the starter actions" would delete. */
    starterActions: starters.map((a) => ({ id: a.id, recommendationId: a.recommendation_id, title: a.title })),
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

export type ImportPlanResult =
  | { ok: true; actions: number; pendingUsers: number; replaced: number }
  | ChangeRefusal
  | { ok: false; reason: "conflict"; changedAt: string };

/**
 * Saves the rows of a previewed plan as actions, in one transaction: pending users for owners
 * nobody matched, then each action with its progress update and evidence note, every one audited.
 * The rows must already be free of errors; the inspection, recommendations and owners are checked
 * again here, inside the transaction. Each action is numbered after the actions its
 * recommendation already has (1.1, 1.2, 1.3 in the order of the rows). With `replacePlaceholders`,
 * the untouched starter actions of the recommendations that get actions are deleted first (they
 * hold nothing anyone entered; an audit event records each), so the imported actions take their
 * numbers. With a draft, the draft must be the actor's and still at `revision`; it is marked
 * imported in the same transaction.
 */
export async function importPlanRows(
  actor: Actor,
  input: {
    inspectionId: number;
    fileName: string | null;
    rows: readonly PlannedRow[];
    leftOut: number;
    replacePlaceholders?: boolean;
    draft?: { id: number; revision: number; choices: PlanDraftChoices };
  },
  now: Date,
): Promise<ImportPlanResult> {
  const at = now.toISOString();
  return getDb()
    .transaction()
    .execute(async (trx): Promise<ImportPlanResult> => {
      if (input.draft) {
        const locked = await lockPlanDraft(trx, actor, input.draft.id, input.draft.revision, now);
        if (!locked.ok) {
          return locked.reason === "conflict"
            ? { ok: false, reason: "conflict", changedAt: locked.changedAt }
            : { ok: false, reason: "not_found" };
        }
      }
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

      const joined = new Set(rows.map((r) => r.recommendation!.id));
      const replaced = input.replacePlaceholders
        ? (await untouchedStarterActions(trx, inspection.id).execute()).filter((a) => joined.has(a.recommendation_id))
        : [];
      if (replaced.length > 0) {
        await trx
          .deleteFrom("actions")
          .where(
            "id",
            "in",
            replaced.map((a) => a.id),
          )
          .execute();
        for (const starter of replaced) {
          await recordAuditEvent(trx, {
            userId: actor.id,
            authorityId,
            entityType: "action",
            entityId: starter.id,
            event: "action.replaced_by_import",
            before: { recommendationId: starter.recommendation_id, sequence: starter.sequence, title: starter.title },
            after: { source: input.fileName },
            at: now,
          });
        }
      }
      // Numbers continue after the actions each recommendation keeps (withdrawn ones keep theirs too).
      const nextSequence = new Map<number, number>();
      for (const { recommendation_id, last } of await trx
        .selectFrom("actions")
        .select((eb) => ["recommendation_id", eb.fn.max("sequence").as("last")])
        .where("recommendation_id", "in", [...joined])
        .groupBy("recommendation_id")
        .execute()) {
        nextSequence.set(recommendation_id, Number(last) + 1);
      }

      for (const row of rows) {
        const sequence = nextSequence.get(row.recommendation!.id) ?? 1;
        nextSequence.set(row.recommendation!.id, sequence + 1);
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
            sequence,
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
            sequence,
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
          starterActionsReplaced: replaced.length,
        },
        at: now,
      });
      if (input.draft) await markPlanDraftImported(trx, input.draft.id, input.draft.revision, input.draft.choices, now);
      return { ok: true, actions: rows.length, pendingUsers: owners.created, replaced: replaced.length };
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
