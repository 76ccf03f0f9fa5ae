import fs from "node:fs";
import type { Kysely, Transaction } from "kysely";
import { checkpointAndTruncateLog, getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import {
  eventReason,
  EVENTS_WITH_REASONS,
  REDACTION_KINDS,
  type RedactionKind,
  redactionNotice,
  scrubSnapshot,
} from "../domain/redaction";
import { actionNumber } from "../domain/references";
import { evidenceFilePath } from "../utils/evidence-store.server";
import { recordAuditEvent } from "./audit.server";

// Removing personal data entered by mistake (see app/domain/redaction.ts). Administrators only: the
// route checks the role; everything here works across authorities, as administrators do.
//
// One transaction replaces the content with the notice wherever the app keeps it (the row itself,
// the copies a reason has in other tables, reminder e-mails kept in the outbox) and rewrites the
// audit events that quoted it, each recorded in audit_scrubs, the only way the audit log's guard
// lets an event change. A new audit event records the removal: by whom, why, what kind of thing,
// never what. Then the file, if it was one and nothing else uses the same content, leaves the disk.

type Db = Kysely<DB> | Transaction<DB>;

export interface RedactionTarget {
  kind: RedactionKind;
  id: number;
  subject: { type: "action" | "measure"; id: number };
  authorityId: number | null;
  /** Where it is: "Hackney · action 1.2 Improve supervision". */
  where: string;
  /** The page it is shown on. */
  returnTo: string;
  /** What would be removed, as the page shows it. */
  content: { label: string; text: string }[];
  file: { sha256: string; name: string; type: string; size: number; alsoUsedBy: number } | null;
  /** Set when it has been removed already. */
  removed: { notice: string } | null;
}

async function actionContext(db: Db, actionId: number) {
  const row = await db
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .select([
      "actions.id",
      "actions.title",
      "actions.sequence",
      "actions.description",
      "actions.success_measure",
      "recommendations.position",
      "inspections.authority_id",
      "authorities.name as authority_name",
    ])
    .where("actions.id", "=", actionId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    subject: { type: "action" as const, id: row.id },
    where: `${row.authority_name} · action ${actionNumber(row.position, row.sequence)} ${row.title}`,
    returnTo: `/actions/${row.id}`,
  };
}

async function removedAlready(db: Db, kind: RedactionKind, id: number) {
  const row = await db
    .selectFrom("redactions")
    .select("notice")
    .where("kind", "=", kind)
    .where("target_id", "=", id)
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row ? { notice: row.notice } : null;
}

function parse(json: string | null): Record<string, unknown> {
  try {
    return json ? (JSON.parse(json) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const nonEmpty = (items: { label: string; text: string | null | undefined }[]) =>
  items.filter((i): i is { label: string; text: string } => typeof i.text === "string" && i.text.trim() !== "");

/** What a removal of `kind` number `id` would take away, and where; undefined when there is nothing to remove. */
export async function findRedactionTarget(
  kind: RedactionKind,
  id: number,
  db: Db = getDb(),
): Promise<RedactionTarget | undefined> {
  const removed = await removedAlready(db, kind, id);
  const finish = (
    context: { subject: RedactionTarget["subject"]; authority_id: number | null; where: string; returnTo: string },
    content: { label: string; text: string | null | undefined }[],
    file: RedactionTarget["file"] = null,
  ): RedactionTarget | undefined => {
    const shown = nonEmpty(content);
    if (shown.length === 0 && !file && !removed) return undefined;
    return {
      kind,
      id,
      subject: context.subject,
      authorityId: context.authority_id,
      where: context.where,
      returnTo: context.returnTo,
      content: shown,
      file,
      removed,
    };
  };

  switch (kind) {
    case "progress_update": {
      const row = await db
        .selectFrom("progress_updates")
        .select(["action_id", "body"])
        .where("id", "=", id)
        .executeTakeFirst();
      const context = row && (await actionContext(db, row.action_id));
      return context && finish(context, [{ label: "Progress update", text: row.body }]);
    }
    case "evidence": {
      const row = await db
        .selectFrom("evidence")
        .select(["action_id", "description", "url", "file_sha256", "file_name", "file_size", "file_type"])
        .where("id", "=", id)
        .executeTakeFirst();
      const context = row && (await actionContext(db, row.action_id));
      if (!row || !context) return undefined;
      let file: RedactionTarget["file"] = null;
      if (row.file_sha256 && row.file_name && row.file_size !== null && row.file_type) {
        const others = await db
          .selectFrom("evidence")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("file_sha256", "=", row.file_sha256)
          .where("id", "!=", id)
          .executeTakeFirstOrThrow();
        file = {
          sha256: row.file_sha256,
          name: row.file_name,
          type: row.file_type,
          size: row.file_size,
          alsoUsedBy: Number(others.n),
        };
      }
      return finish(
        context,
        [
          { label: "Description", text: row.description },
          { label: "Link", text: row.url },
          { label: "File", text: row.file_name },
        ],
        file,
      );
    }
    case "event_reason": {
      const row = await db
        .selectFrom("audit_events")
        .select(["entity_id", "event", "after"])
        .where("id", "=", id)
        .where("entity_type", "=", "action")
        .executeTakeFirst();
      if (!row || !Object.hasOwn(EVENTS_WITH_REASONS, row.event)) return undefined;
      const context = await actionContext(db, row.entity_id);
      return (
        context && finish(context, [{ label: EVENTS_WITH_REASONS[row.event], text: eventReason(row.event, row.after) }])
      );
    }
    case "action_description":
    case "action_success_measure": {
      const context = await actionContext(db, id);
      const text = kind === "action_description" ? context?.description : context?.success_measure;
      return context && finish(context, [{ label: REDACTION_KINDS[kind].noun, text }]);
    }
    case "measure_notes": {
      const row = await db
        .selectFrom("measures")
        .innerJoin("authorities", "authorities.id", "measures.authority_id")
        .select([
          "measures.id",
          "measures.name",
          "measures.notes",
          "measures.authority_id",
          "authorities.name as authority_name",
        ])
        .where("measures.id", "=", id)
        .executeTakeFirst();
      if (!row) return undefined;
      const context = {
        subject: { type: "measure" as const, id: row.id },
        authority_id: row.authority_id,
        where: `${row.authority_name} · measure ${row.name}`,
        returnTo: `/measures/${row.id}`,
      };
      return finish(context, [{ label: "Notes", text: row.notes }]);
    }
  }
}

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
      const about = [event.before, event.after].some((json) => Number(parse(json).evidenceId) === target.id);
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
        const evidenceId = Number(parse(event.after).evidenceId);
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
  | { ok: true; returnTo: string; noun: string; fileRemoved: boolean }
  | { ok: false; reason: "not_found" | "already_removed" };

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
      await scrubOutbox(
        trx,
        target.content.map((c) => c.text),
        notice,
      );
      // Nothing else uses the file's content: it can leave the disk once this is committed.
      const fileToRemove = target.file && target.file.alsoUsedBy === 0 ? target.file.sha256 : null;
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
        },
        at: now,
      });
      return { ok: true as const, target, fileToRemove };
    });
  if (!result.ok) return result;
  if (result.fileToRemove) await removeStoredFile(result.fileToRemove);
  // Old copies of the changed pages leave the write-ahead log (freed space is zeroed: db/client.ts).
  await checkpointAndTruncateLog();
  return {
    ok: true,
    returnTo: result.target.returnTo,
    noun: REDACTION_KINDS[result.target.kind].noun,
    fileRemoved: result.fileToRemove !== null,
  };
}

/** Deletes a stored evidence file no row names any more. */
async function removeStoredFile(sha256: string): Promise<void> {
  const still = await getDb().selectFrom("evidence").select("id").where("file_sha256", "=", sha256).executeTakeFirst();
  if (still) return;
  await fs.promises.rm(evidenceFilePath(sha256), { force: true });
}

export interface RemovableItem {
  kind: RedactionKind;
  id: number;
  /** What it is: "Progress update, 3 September 2024", "Evidence (withdrawn)". */
  label: string;
  /** The start of its words, to recognise it by. */
  excerpt: string;
}

const excerpt = (text: string) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 90 ? `${line.slice(0, 87)}…` : line;
};

/**
 * Everything on an action's page an administrator could remove (withdrawn evidence included, as
 * lists leave it out), less what has been removed already, newest first within each kind.
 */
export async function listRemovableOnAction(actionId: number): Promise<RemovableItem[]> {
  const db = getDb();
  const [removed, action, updates, evidence, events] = await Promise.all([
    db
      .selectFrom("redactions")
      .select(["kind", "target_id"])
      .where("subject_type", "=", "action")
      .where("subject_id", "=", actionId)
      .execute(),
    db.selectFrom("actions").select(["description", "success_measure"]).where("id", "=", actionId).executeTakeFirst(),
    db
      .selectFrom("progress_updates")
      .select(["id", "body", "created_at"])
      .where("action_id", "=", actionId)
      .orderBy("id", "desc")
      .execute(),
    db
      .selectFrom("evidence")
      .select(["id", "description", "url", "file_name", "deleted_at"])
      .where("action_id", "=", actionId)
      .orderBy("id", "desc")
      .execute(),
    db
      .selectFrom("audit_events")
      .select(["id", "event", "after"])
      .where("entity_type", "=", "action")
      .where("entity_id", "=", actionId)
      .where("event", "in", Object.keys(EVENTS_WITH_REASONS))
      .orderBy("id", "desc")
      .execute(),
  ]);
  if (!action) return [];
  const gone = new Set(removed.map((r) => `${r.kind}:${r.target_id}`));
  const items: RemovableItem[] = [];
  const add = (item: RemovableItem) => {
    if (!gone.has(`${item.kind}:${item.id}`) && item.excerpt !== "") items.push(item);
  };
  add({ kind: "action_description", id: actionId, label: "Description", excerpt: excerpt(action.description) });
  add({
    kind: "action_success_measure",
    id: actionId,
    label: "What good looks like",
    excerpt: excerpt(action.success_measure),
  });
  for (const u of updates)
    add({ kind: "progress_update", id: u.id, label: "Progress update", excerpt: excerpt(u.body) });
  for (const e of evidence) {
    const words = [e.description, e.url, e.file_name].filter(Boolean).join(" · ");
    add({
      kind: "evidence",
      id: e.id,
      label: e.deleted_at ? "Evidence (withdrawn)" : "Evidence",
      excerpt: excerpt(words),
    });
  }
  for (const e of events) {
    const reason = eventReason(e.event, e.after);
    if (reason) add({ kind: "event_reason", id: e.id, label: EVENTS_WITH_REASONS[e.event], excerpt: excerpt(reason) });
  }
  return items;
}

/** Whether a measure's notes can still be removed (there are some, and they have not been). */
export async function canRemoveMeasureNotes(measureId: number): Promise<boolean> {
  const target = await findRedactionTarget("measure_notes", measureId);
  return target !== undefined && target.removed === null && target.content.length > 0;
}
