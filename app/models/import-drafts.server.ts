import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import { DRAFT_LIFETIME_DAYS, type DraftItem, MAX_OPEN_DRAFTS } from "../domain/import-draft";
import type { Actor } from "../domain/permissions";
import type { ParsedReport } from "../import/types";
import { type ImportInput, type ImportResult, importInspection } from "./inspection.server";

const expiresAfter = (now: Date) => new Date(now.getTime() + DRAFT_LIFETIME_DAYS * 24 * 60 * 60 * 1000).toISOString();

/** What the parser found besides the recommendations, kept with the draft. */
export type DraftDetails = Omit<ParsedReport, "recommendations">;

/** The lead's choices on the preview, kept with the draft. */
export interface DraftChoices {
  basisKind: string;
  /** As typed, so a date that is not yet valid is shown again as it was. */
  basisDate: string;
  /** An administrator's choice: an authority id, "new", or "" (not chosen yet). */
  authority: string;
  newAuthorityName: string;
}

export type DraftSource = { kind: "file"; bytes: Uint8Array; fileName: string } | { kind: "text"; text: string };

/** Only the person who made a draft sees it, while they are in the authority they made it in. */
function ownDrafts(db: Kysely<DB> | Transaction<DB>, actor: Actor, now: Date) {
  return db
    .selectFrom("import_drafts")
    .where("user_id", "=", actor.id)
    .where((eb) =>
      actor.authorityId === null ? eb("authority_id", "is", null) : eb("authority_id", "=", actor.authorityId),
    )
    .where("expires_at", ">", now.toISOString());
}

/**
 * A new draft holding the upload until a worker reads it. Expired drafts (anyone's) are cleared
 * out, and the person's oldest drafts beyond MAX_OPEN_DRAFTS.
 */
export async function createImportDraft(actor: Actor, source: DraftSource, now: Date): Promise<number> {
  const at = now.toISOString();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      await trx.deleteFrom("import_drafts").where("expires_at", "<=", at).execute();
      const { id } = await trx
        .insertInto("import_drafts")
        .values({
          user_id: actor.id,
          authority_id: actor.authorityId,
          status: "reading",
          source_kind: source.kind,
          file_name: source.kind === "file" ? source.fileName : null,
          upload: source.kind === "file" ? source.bytes : new Uint8Array(Buffer.from(source.text, "utf8")),
          created_at: at,
          updated_at: at,
          expires_at: expiresAfter(now),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const kept = trx
        .selectFrom("import_drafts")
        .select("id")
        .where("user_id", "=", actor.id)
        .where("status", "!=", "imported")
        .orderBy("id", "desc")
        .limit(MAX_OPEN_DRAFTS);
      await trx
        .deleteFrom("import_drafts")
        .where("user_id", "=", actor.id)
        .where("status", "!=", "imported")
        .where("id", "not in", kept)
        .execute();
      return id;
    });
}

/** The draft as the person who made it sees it (everything but the upload), if it is theirs and not expired. */
export async function findImportDraft(actor: Actor, draftId: number, now: Date) {
  const row = await ownDrafts(getDb(), actor, now)
    .select([
      "id",
      "status",
      "revision",
      "source_kind",
      "file_name",
      "failure",
      "format",
      "text",
      "content_hash",
      "details",
      "items",
      "choices",
      "next_key",
      "inspection_id",
      "read_attempts",
      "created_at",
      "updated_at",
    ])
    .where("id", "=", draftId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    details: row.details ? (JSON.parse(row.details) as DraftDetails) : null,
    items: row.items ? (JSON.parse(row.items) as DraftItem[]) : [],
    choices: row.choices ? (JSON.parse(row.choices) as DraftChoices) : null,
  };
}

export type ImportDraft = NonNullable<Awaited<ReturnType<typeof findImportDraft>>>;

/** The person's drafts still being worked on, newest first. */
export async function listOpenImportDrafts(actor: Actor, now: Date) {
  return ownDrafts(getDb(), actor, now)
    .select(["id", "status", "file_name", "source_kind", "details", "updated_at"])
    .where("status", "in", ["reading", "ready", "failed"])
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .limit(20)
    .execute();
}

/**
 * Takes a draft's upload for reading, counting the attempt; undefined when the draft is not
 * waiting to be read. Runs for the reader, after the request that asked for it.
 */
export async function claimDraftUpload(draftId: number, now: Date) {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .selectFrom("import_drafts")
        .select(["source_kind", "file_name", "upload", "read_attempts"])
        .where("id", "=", draftId)
        .where("status", "=", "reading")
        .executeTakeFirst();
      if (!row || !row.upload) return undefined;
      await trx
        .updateTable("import_drafts")
        .set({ read_attempts: row.read_attempts + 1, updated_at: now.toISOString() })
        .where("id", "=", draftId)
        .execute();
      const source: DraftSource =
        row.source_kind === "file"
          ? { kind: "file", bytes: new Uint8Array(row.upload), fileName: row.file_name ?? "" }
          : { kind: "text", text: Buffer.from(row.upload).toString("utf8") };
      return { source, attempt: row.read_attempts + 1 };
    });
}

export type DraftReadResult =
  | {
      ok: true;
      text: string;
      format: string;
      contentHash: string;
      details: DraftDetails;
      items: DraftItem[];
      nextKey: number;
      choices: DraftChoices;
    }
  | { ok: false; failure: string };

/** What reading the upload gave: the draft is ready to correct, or failed with its reason. The upload is let go. */
export async function saveDraftRead(draftId: number, result: DraftReadResult, now: Date): Promise<void> {
  const at = now.toISOString();
  const values = result.ok
    ? {
        status: "ready" as const,
        text: result.text,
        format: result.format,
        content_hash: result.contentHash,
        details: JSON.stringify(result.details),
        items: JSON.stringify(result.items),
        next_key: result.nextKey,
        choices: JSON.stringify(result.choices),
      }
    : { status: "failed" as const, failure: result.failure };
  await getDb()
    .updateTable("import_drafts")
    .set({ ...values, upload: null, updated_at: at, expires_at: expiresAfter(now) })
    .where("id", "=", draftId)
    .where("status", "=", "reading")
    .execute();
}

export type DraftChange =
  | { ok: true; revision: number }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "conflict"; revision: number; changedAt: string };

/**
 * Saves the lead's corrected items and choices, if the draft is still at the revision their form
 * was made from; a form from a stale tab changes nothing and learns when the draft last changed.
 */
export async function saveDraftEdits(
  actor: Actor,
  draftId: number,
  revision: number,
  change: { items: DraftItem[]; nextKey: number; choices: DraftChoices },
  now: Date,
): Promise<DraftChange> {
  const at = now.toISOString();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const draft = await ownDrafts(trx, actor, now)
        .select(["revision", "status", "updated_at"])
        .where("id", "=", draftId)
        .executeTakeFirst();
      if (!draft || draft.status !== "ready") return { ok: false, reason: "not_found" } as const;
      if (draft.revision !== revision) {
        return { ok: false, reason: "conflict", revision: draft.revision, changedAt: draft.updated_at } as const;
      }
      await trx
        .updateTable("import_drafts")
        .set({
          items: JSON.stringify(change.items),
          next_key: change.nextKey,
          choices: JSON.stringify(change.choices),
          revision: revision + 1,
          updated_at: at,
          expires_at: expiresAfter(now),
        })
        .where("id", "=", draftId)
        .execute();
      return { ok: true, revision: revision + 1 } as const;
    });
}

export type DraftImport = { ok: true; result: ImportResult } | Exclude<DraftChange, { ok: true }>;

/**
 * Imports the draft as the lead confirmed it, in one transaction with marking the draft imported,
 * if it is still at the revision the lead's form was made from. The draft lets go of its copy of
 * the text (the inspection keeps it).
 */
export async function importDraft(
  actor: Actor,
  draftId: number,
  revision: number,
  input: ImportInput,
  choices: DraftChoices,
): Promise<DraftImport> {
  const at = input.now.toISOString();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const draft = await ownDrafts(trx, actor, input.now)
        .select(["revision", "status", "updated_at"])
        .where("id", "=", draftId)
        .executeTakeFirst();
      if (!draft || draft.status !== "ready") return { ok: false, reason: "not_found" } as const;
      if (draft.revision !== revision) {
        return { ok: false, reason: "conflict", revision: draft.revision, changedAt: draft.updated_at } as const;
      }
      const result = await importInspection(input, trx);
      await trx
        .updateTable("import_drafts")
        .set({
          status: "imported",
          inspection_id: result.inspectionId,
          choices: JSON.stringify(choices),
          text: null,
          items: null,
          revision: revision + 1,
          updated_at: at,
        })
        .where("id", "=", draftId)
        .execute();
      return { ok: true, result } as const;
    });
}
