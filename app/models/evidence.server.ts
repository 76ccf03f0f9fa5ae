import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB, EvidenceKind, EvidencePurpose } from "../../db/schema";
import { type Actor, canSeeAuthority, evidenceWithdrawalRefusal } from "../domain/permissions";
import { changeAction, type ChangeResult } from "./action-changes.server";
import { recordAuditEvent } from "./audit.server";
import { ownerActed } from "./follow-up.server";

/** An identical item from the same person within this long is the same submission sent twice. */
export const DUPLICATE_EVIDENCE_WINDOW_MS = 60_000;

// Evidence for an action: notes, links and uploaded files (stored by hash, see
// app/utils/evidence-store.server.ts). Rows are never deleted; withdrawn evidence is marked and
// left out of lists, and the withdrawal is in the action's history.

/** Evidence joined to its action and authority, limited to what the actor may see. */
function scopedEvidence(actor: Actor, db: Kysely<DB> | Transaction<DB> = getDb()) {
  let query = db
    .selectFrom("evidence")
    .innerJoin("actions", "actions.id", "evidence.action_id")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id");
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query;
}

/** The action evidence is being added to, for the page heading and the permission check. */
export async function getEvidenceTarget(actor: Actor, actionId: number, db: Kysely<DB> | Transaction<DB> = getDb()) {
  let query = db
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .select([
      "actions.id",
      "actions.title",
      "actions.status",
      "actions.owner_id as ownerId",
      "recommendations.reference",
      "inspections.authority_id as authorityId",
      "inspections.id as inspectionId",
      "inspections.removed_at as inspectionRemovedAt",
      "authorities.name as authorityName",
    ])
    .where("actions.id", "=", actionId);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query.executeTakeFirst();
}

/** An action's evidence, newest first, without withdrawn items. */
export async function listActionEvidence(actionId: number) {
  return getDb()
    .selectFrom("evidence")
    .leftJoin("users", "users.id", "evidence.added_by")
    .select([
      "evidence.id",
      "evidence.kind",
      "evidence.purpose",
      "evidence.description",
      "evidence.url",
      "evidence.evidence_date",
      "evidence.file_name",
      "evidence.file_size",
      "evidence.file_type",
      "evidence.created_at",
      "users.name as added_by_name",
      "evidence.added_by as added_by_id",
    ])
    .where("evidence.action_id", "=", actionId)
    .where("evidence.deleted_at", "is", null)
    .orderBy("evidence.created_at", "desc")
    .orderBy("evidence.id", "desc")
    .execute();
}

export interface NewEvidence {
  actionId: number;
  kind: EvidenceKind;
  purpose: EvidencePurpose;
  description: string;
  url: string | null;
  evidenceDate: string | null;
  /** For a file already stored by hash. */
  file: { sha256: string; name: string; size: number; type: string } | null;
}

/**
 * Adds evidence to an action the actor may work on, audited. The file must already be stored. The
 * same item (kind, purpose, description, link, date, file and its name) from the same person within a minute
 * is a button pressed twice: it is saved once, and `duplicate` says so.
 */
export async function addEvidence(
  actor: Actor,
  input: NewEvidence,
  now: Date,
): Promise<ChangeResult & { duplicate?: boolean }> {
  let duplicate = false;
  // Evidence is appended, never edited, so no version check (as for progress updates).
  const result = await changeAction(actor, input.actionId, "work", null, async (trx, action) => {
    const file = input.kind === "file" ? input.file : null;
    if (input.kind === "file" && !file) return { ok: false, reason: "invalid", message: "Choose a file to upload" };
    const url = input.kind === "link" ? input.url : null;
    const twin = await trx
      .selectFrom("evidence")
      .select("id")
      .where("action_id", "=", action.id)
      .where("added_by", "=", actor.id)
      .where("deleted_at", "is", null)
      .where("kind", "=", input.kind)
      .where("purpose", "=", input.purpose)
      .where("description", "=", input.description)
      .where("url", "is not distinct from", url)
      .where("evidence_date", "is not distinct from", input.evidenceDate)
      .where("file_sha256", "is not distinct from", file?.sha256 ?? null)
      .where("file_name", "is not distinct from", file?.name ?? null)
      .where("created_at", ">=", new Date(now.getTime() - DUPLICATE_EVIDENCE_WINDOW_MS).toISOString())
      .executeTakeFirst();
    if (twin) {
      duplicate = true;
      return { ok: true };
    }
    const { id } = await trx
      .insertInto("evidence")
      .values({
        action_id: action.id,
        kind: input.kind,
        purpose: input.purpose,
        description: input.description,
        url,
        evidence_date: input.evidenceDate,
        added_by: actor.id,
        created_at: now.toISOString(),
        file_sha256: file?.sha256 ?? null,
        file_name: file?.name ?? null,
        file_size: file?.size ?? null,
        file_type: file?.type ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId: action.authorityId,
      entityType: "action",
      entityId: action.id,
      event: "action.evidence_added",
      after: {
        evidenceId: id,
        kind: input.kind,
        purpose: input.purpose,
        description: input.description,
        ...(file ? { fileName: file.name, fileSize: file.size, fileType: file.type, sha256: file.sha256 } : {}),
      },
      at: now,
    });
    await ownerActed(trx, actor, action.id);
    return { ok: true };
  });
  return result.ok ? { ok: true, duplicate } : result;
}

/** One evidence item the actor can see, with what the withdraw page and its checks need. */
export async function getEvidenceItem(actor: Actor, evidenceId: number, db: Kysely<DB> | Transaction<DB> = getDb()) {
  return scopedEvidence(actor, db)
    .select([
      "evidence.id",
      "evidence.kind",
      "evidence.purpose",
      "evidence.description",
      "evidence.url",
      "evidence.file_name",
      "evidence.deleted_at",
      "evidence.added_by as addedBy",
      "actions.id as actionId",
      "actions.title as actionTitle",
      "actions.status",
      "actions.owner_id as ownerId",
      "inspections.authority_id as authorityId",
    ])
    .where("evidence.id", "=", evidenceId)
    .executeTakeFirst();
}

/**
 * Withdraws evidence with a reason: the row and file stay (history), lists no longer show it.
 * Who may, and when, is evidenceWithdrawalRefusal's rule, checked against the action as it is
 * inside the transaction.
 */
export async function withdrawEvidence(
  actor: Actor,
  input: { evidenceId: number; reason: string },
  now: Date,
): Promise<ChangeResult> {
  const item = await getEvidenceItem(actor, input.evidenceId);
  if (!item || item.deleted_at !== null) return { ok: false, reason: "not_found" };
  // The action's status is read again inside the transaction, so a sign-off cannot slip in between.
  return changeAction(actor, item.actionId, "work", null, async (trx, action) => {
    const refusal = evidenceWithdrawalRefusal(actor, action, item.addedBy);
    if (refusal) return { ok: false, ...refusal };
    const result = await trx
      .updateTable("evidence")
      .set({ deleted_at: now.toISOString(), deleted_by: actor.id, deleted_reason: input.reason })
      .where("id", "=", item.id)
      .where("action_id", "=", action.id)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return { ok: false, reason: "not_found" };
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId: action.authorityId,
      entityType: "action",
      entityId: action.id,
      event: "action.evidence_withdrawn",
      before: {
        evidenceId: item.id,
        kind: item.kind,
        purpose: item.purpose,
        description: item.description,
        fileName: item.file_name,
      },
      after: { evidenceId: item.id, reason: input.reason },
      at: now,
    });
    return { ok: true };
  });
}

/** A stored file the actor may download: any signed-in user of the action's authority, or an admin. */
export async function getEvidenceDownload(actor: Actor, evidenceId: number) {
  const item = await scopedEvidence(actor)
    .select([
      "evidence.file_sha256",
      "evidence.file_name",
      "evidence.file_type",
      "evidence.file_size",
      "inspections.authority_id as authorityId",
    ])
    .where("evidence.id", "=", evidenceId)
    .where("evidence.kind", "=", "file")
    .where("evidence.deleted_at", "is", null)
    .executeTakeFirst();
  if (!item || !canSeeAuthority(actor, item.authorityId)) return undefined;
  if (!item.file_sha256 || !item.file_name || !item.file_type) return undefined;
  return { sha256: item.file_sha256, name: item.file_name, type: item.file_type, size: item.file_size };
}
