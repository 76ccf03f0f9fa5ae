import type { Kysely, Transaction } from "kysely";
import { checkpointAndTruncateLog, getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import { REDACTION_KINDS, type RedactionKind, redactionNotice, scrubSnapshot } from "../domain/redaction";
import { FileStoreError, removeEvidenceFile, removeEvidenceFileInTransaction } from "../utils/evidence-store.server";
import { logger } from "../utils/logger.server";
import { recordAuditEvent } from "./audit.server";
import { dropPacksQuoting, refreezeMeetingPacks } from "./board-meetings.server";
import { findRedactionTarget, parseSnapshot, type RedactionTarget } from "./redaction-targets.server";

export { findRedactionTarget, listRemovableOnAction, canRemoveMeasureNotes } from "./redaction-targets.server";
export type { RedactionTarget, RemovableItem } from "./redaction-targets.server";

// Removing personal data entered by mistake (see app/domain/redaction.ts). Administrators only: the
// route checks the role; everything here works across authorities, as administrators do.
//
// One transaction replaces the content with the notice wherever the app keeps it (the row itself,
// the copies a reason has in other tables, reminder e-mails kept in the outbox) and rewrites the
// audit events that quoted it, each recorded in audit_scrubs, the only way the audit log's guard
// lets an event change. Board packs frozen for held meetings that quote it are built again, as at
// their meeting dates (app/models/board-meetings.server.ts). A new audit event records the removal: by whom, why, what kind of thing,
// never what. Then the file, if it was one and nothing else uses the same content, leaves the disk.

/**
 * Which values of an event's snapshots belong to what is being removed, beyond exact copies of
 * its words: every version of a removed field (in the events that record changes to it), and an
 * evidence item's link, file name and hash (in the events about that item only).
 */
function snapshotKeys(target: RedactionTarget, event: { event: string; before: string | null; after: string | null }) {
  switch (target.kind) {
    case "action_description":
      return event.event === "action.details_changed" ? { replace: ["description"] } : {};
    case "action_success_measure":
      return event.event === "action.details_changed" ? { replace: ["success_measure"] } : {};
    case "measure_notes":
      return event.event === "measure.created" || event.event === "measure.changed" ? { replace: ["notes"] } : {};
    case "evidence": {
      const about = [event.before, event.after].some((json) => Number(parseSnapshot(json).evidenceId) === target.id);
      return about ? { replace: ["description"], drop: ["url", "fileName", "sha256"] } : {};
    }
    default:
      return {};
  }
}

/** Puts the notice in place of the content in the row itself and the other tables that copy it. */
async function replaceContent(trx: Transaction<DB>, target: RedactionTarget, notice: string, now: Date) {
  const texts = target.content.map((c) => c.text);
  switch (target.kind) {
    case "progress_update":
      await trx.updateTable("progress_updates").set({ body: notice }).where("id", "=", target.id).execute();
      return;
    case "comment":
      await trx.updateTable("action_comments").set({ body: notice }).where("id", "=", target.id).execute();
      return;
    case "evidence":
      // The file is gone, so the item stays as a note saying so (a file row must name a stored file).
      await trx
        .updateTable("evidence")
        .set({
          kind: "note",
          description: notice,
          url: null,
          file_sha256: null,
          file_name: null,
          file_size: null,
          file_type: null,
        })
        .where("id", "=", target.id)
        .execute();
      return;
    case "event_reason": {
      const event = await trx
        .selectFrom("audit_events")
        .select(["entity_id", "event", "after"])
        .where("id", "=", target.id)
        .executeTakeFirstOrThrow();
      const [reason] = texts;
      const actionId = event.entity_id;
      if (event.event === "action.target_date_changed") {
        await trx
          .updateTable("target_date_changes")
          .set({ reason: notice })
          .where("action_id", "=", actionId)
          .where("reason", "=", reason)
          .execute();
      } else if (event.event === "action.risk_flag_changed") {
        await touchAction(trx, actionId, now, { risk_reason: notice }, { risk_reason: reason });
      } else if (event.event === "action.withdrawn") {
        await touchAction(trx, actionId, now, { withdrawn_reason: notice }, { withdrawn_reason: reason });
      } else if (event.event === "action.evidence_withdrawn") {
        const evidenceId = Number(parseSnapshot(event.after).evidenceId);
        await trx
          .updateTable("evidence")
          .set({ deleted_reason: notice })
          .where("id", "=", evidenceId)
          .where("action_id", "=", actionId)
          .where("deleted_reason", "=", reason)
          .execute();
      }
      return;
    }
    case "action_description":
      await touchAction(trx, target.id, now, { description: notice });
      return;
    case "action_success_measure":
      await touchAction(trx, target.id, now, { success_measure: notice });
      return;
    case "measure_notes":
      await trx.updateTable("measures").set({ notes: notice }).where("id", "=", target.id).execute();
      return;
  }
}

/**
 * Changes an action's stored words, moving its version on, so that a form someone still has open
 * with the old words is refused as stale (409) rather than saving them again.
 */
async function touchAction(
  trx: Transaction<DB>,
  actionId: number,
  now: Date,
  values: { description?: string; success_measure?: string; risk_reason?: string; withdrawn_reason?: string },
  onlyWhile: { risk_reason?: string; withdrawn_reason?: string } = {},
) {
  let query = trx
    .updateTable("actions")
    .set((eb) => ({ ...values, version: eb("version", "+", 1), updated_at: now.toISOString() }))
    .where("id", "=", actionId);
  if (onlyWhile.risk_reason !== undefined) query = query.where("risk_reason", "=", onlyWhile.risk_reason);
  if (onlyWhile.withdrawn_reason !== undefined)
    query = query.where("withdrawn_reason", "=", onlyWhile.withdrawn_reason);
  await query.execute();
}

/** Rewrites the snapshots of the subject's audit events that quote the content. Returns how many. */
async function scrubAuditEvents(
  trx: Transaction<DB>,
  target: RedactionTarget,
  redactionId: number,
  notice: string,
): Promise<number> {
  const texts = [...target.content.map((c) => c.text), ...(target.file ? [target.file.sha256] : [])];
  const events = await trx
    .selectFrom("audit_events")
    .select(["id", "event", "before", "after"])
    .where("entity_type", "=", target.subject.type)
    .where("entity_id", "=", target.subject.id)
    .execute();
  let scrubbed = 0;
  for (const event of events) {
    const keys = snapshotKeys(target, event);
    const before = scrubSnapshot(event.before, texts, notice, keys);
    const after = scrubSnapshot(event.after, texts, notice, keys);
    if (before === null && after === null) continue;
    await trx.insertInto("audit_scrubs").values({ audit_event_id: event.id, redaction_id: redactionId }).execute();
    await trx
      .updateTable("audit_events")
      .set({ before: before ?? event.before, after: after ?? event.after })
      .where("id", "=", event.id)
      .execute();
    scrubbed++;
  }
  return scrubbed;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Reminder e-mails kept in the outbox (send-back reasons are quoted in them) lose the text too. */
async function scrubOutbox(trx: Transaction<DB>, texts: readonly string[], notice: string) {
  for (const text of texts.filter((t) => t.trim().length >= 3)) {
    const rows = await trx
      .selectFrom("outbox")
      .select(["id", "body_text", "body_html"])
      .where((eb) => eb("body_text", "like", likePattern(text)))
      .execute();
    for (const row of rows) {
      await trx
        .updateTable("outbox")
        .set({
          body_text: row.body_text.replaceAll(text, notice),
          body_html: row.body_html.replaceAll(escapeHtml(text), escapeHtml(notice)),
        })
        .where("id", "=", row.id)
        .execute();
    }
  }
}

export type RedactionResult =
  | {
      ok: true;
      returnTo: string;
      noun: string;
      fileRemoved: boolean;
      /** Removed from everything, but its file could not be deleted from the folder store (logged for IT). */
      fileLeft: boolean;
    }
  | { ok: false; reason: "not_found" | "already_removed" | "file_store" };

/**
 * Removes the content of `kind` number `id`, putting a notice in its place, as the administrator
 * `admin`; `date` is today as people write it ("6 December 2026").
 */
export async function redactContent(
  admin: { id: number; name: string },
  input: { kind: RedactionKind; id: number; reason: string },
  now: Date,
  date: string,
): Promise<RedactionResult> {
  const result = await getDb()
    .transaction()
    .execute(async (trx) => {
      const target = await findRedactionTarget(input.kind, input.id, trx);
      if (!target) return { ok: false as const, reason: "not_found" as const };
      if (target.removed) return { ok: false as const, reason: "already_removed" as const };
      const notice = redactionNotice(admin.name, date, input.reason);
      await replaceContent(trx, target, notice, now);
      const { id: redactionId } = await trx
        .insertInto("redactions")
        .values({
          kind: target.kind,
          target_id: target.id,
          subject_type: target.subject.type,
          subject_id: target.subject.id,
          authority_id: target.authorityId,
          reason: input.reason.trim(),
          notice,
          redacted_by: admin.id,
          redacted_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const scrubbed = await scrubAuditEvents(trx, target, redactionId, notice);
      const packs = await dropPacksQuoting(
        trx,
        target.authorityId,
        target.content.map((c) => c.text),
      );
      await scrubOutbox(
        trx,
        target.content.map((c) => c.text),
        notice,
      );
      // Nothing else uses the file's content: it leaves the store. Kept in the database, it goes in
      // this transaction (the redaction and the removal are saved together or not at all); kept in
      // a folder, once this is committed.
      const fileToRemove = target.file && target.file.alsoUsedBy === 0 ? target.file.sha256 : null;
      const fileRemovedWithin =
        fileToRemove !== null &&
        !(await fileStillNamed(trx, fileToRemove)) &&
        (await removeEvidenceFileInTransaction(trx, fileToRemove));
      await recordAuditEvent(trx, {
        userId: admin.id,
        authorityId: target.authorityId,
        entityType: target.subject.type,
        entityId: target.subject.id,
        event: "redaction.made",
        after: {
          redactionId,
          kind: target.kind,
          targetId: target.id,
          reason: input.reason.trim(),
          auditEventsScrubbed: scrubbed,
          fileRemoved: fileToRemove !== null,
          boardPacksRebuilt: packs.length,
        },
        at: now,
      });
      return { ok: true as const, target, fileToRemove, fileRemovedWithin, packs };
    })
    .catch((error: unknown) => {
      // The database store refused to delete the file: the whole redaction was taken back.
      if (!(error instanceof FileStoreError)) throw error;
      logger().error({ err: error }, "redaction: the file could not be deleted, so nothing was removed");
      return { ok: false as const, reason: "file_store" as const };
    });
  if (!result.ok) return result;
  let fileLeft = false;
  if (result.fileToRemove && !result.fileRemovedWithin) {
    try {
      await removeStoredFile(result.fileToRemove);
    } catch (error) {
      // A folder no transaction covers: the words are gone, the file is not. IT must delete it.
      if (!(error instanceof FileStoreError)) throw error;
      logger().error(
        { err: error, sha256: result.fileToRemove },
        "redaction: saved, but its file could not be deleted from the folder store; delete it by hand",
      );
      fileLeft = true;
    }
  }
  await refreezeMeetingPacks({ id: admin.id, role: "admin", authorityId: null }, result.packs, now);
  // Old copies of the changed pages leave the write-ahead log (freed space is zeroed: db/client.ts).
  await checkpointAndTruncateLog();
  return {
    ok: true,
    returnTo: result.target.returnTo,
    noun: REDACTION_KINDS[result.target.kind].noun,
    fileRemoved: result.fileToRemove !== null && !fileLeft,
    fileLeft,
  };
}

/** Whether a row still names the file (other evidence, or an Ofsted letter with the same bytes). */
async function fileStillNamed(db: Kysely<DB>, sha256: string): Promise<boolean> {
  const evidence = await db.selectFrom("evidence").select("id").where("file_sha256", "=", sha256).executeTakeFirst();
  if (evidence) return true;
  const letter = await db
    .selectFrom("inspection_events")
    .select("id")
    .where("letter_sha256", "=", sha256)
    .executeTakeFirst();
  return letter !== undefined;
}

/** Deletes a stored evidence file no row names any more, from a folder store (after the commit). */
async function removeStoredFile(sha256: string): Promise<void> {
  if (await fileStillNamed(getDb(), sha256)) return;
  await removeEvidenceFile(sha256);
}
