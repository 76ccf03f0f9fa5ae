import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import { eventReason, EVENTS_WITH_REASONS, REDACTION_KINDS, type RedactionKind } from "../domain/redaction";
import { actionReference } from "../domain/references";

// What an administrator could remove as personal data entered by mistake, and where it is (see
// app/models/redaction.server.ts for the removal itself).

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
      "inspections.short_name",
      "inspections.authority_id",
      "authorities.name as authority_name",
    ])
    .where("actions.id", "=", actionId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    subject: { type: "action" as const, id: row.id },
    where: `${row.authority_name} · action ${actionReference(row.short_name, row.position, row.sequence)} ${row.title}`,
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

export function parseSnapshot(json: string | null): Record<string, unknown> {
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
    case "comment": {
      const row = await db
        .selectFrom("action_comments")
        .select(["action_id", "body"])
        .where("id", "=", id)
        .executeTakeFirst();
      const context = row && (await actionContext(db, row.action_id));
      return context && finish(context, [{ label: "Comment", text: row.body }]);
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
  const [removed, action, updates, evidence, events, comments] = await Promise.all([
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
    db
      .selectFrom("action_comments")
      .select(["id", "body"])
      .where("action_id", "=", actionId)
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
  for (const c of comments) add({ kind: "comment", id: c.id, label: "Comment", excerpt: excerpt(c.body) });
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
