import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import { MAX_OPEN_PLAN_DRAFTS, PLAN_DRAFT_LIFETIME_HOURS, type PlanDraftChoices } from "../domain/plan-import-draft";
import type { Actor } from "../domain/permissions";
import type { Workbook } from "../import/spreadsheet/types";
import { workbookFromText, workbookToText } from "../import/spreadsheet/workbook-text.server";

const expiresAfter = (now: Date) => new Date(now.getTime() + PLAN_DRAFT_LIFETIME_HOURS * 60 * 60 * 1000).toISOString();

/** Only the person who made a draft sees it, while they are in the authority they made it in, until it expires. */
function ownDrafts(db: Kysely<DB> | Transaction<DB>, actor: Actor, now: Date) {
  return db
    .selectFrom("plan_import_drafts")
    .where("user_id", "=", actor.id)
    .where((eb) =>
      actor.authorityId === null ? eb("authority_id", "is", null) : eb("authority_id", "=", actor.authorityId),
    )
    .where("expires_at", ">", now.toISOString());
}

/**
 * A new draft holding a plan the reading worker has read. Expired drafts (anyone's) are cleared
 * out, and the person's oldest open drafts beyond MAX_OPEN_PLAN_DRAFTS.
 */
export async function createPlanDraft(
  actor: Actor,
  input: {
    inspectionId: number;
    fileName: string;
    format: "xlsx" | "csv";
    workbook: Workbook;
    choices: PlanDraftChoices;
  },
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  const workbook = await workbookToText(input.workbook);
  return getDb()
    .transaction()
    .execute(async (trx) => {
      await trx.deleteFrom("plan_import_drafts").where("expires_at", "<=", at).execute();
      const { id } = await trx
        .insertInto("plan_import_drafts")
        .values({
          user_id: actor.id,
          authority_id: actor.authorityId,
          inspection_id: input.inspectionId,
          stage: "mapping",
          file_name: input.fileName,
          format: input.format,
          workbook,
          choices: JSON.stringify(input.choices),
          created_at: at,
          updated_at: at,
          expires_at: expiresAfter(now),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const kept = trx
        .selectFrom("plan_import_drafts")
        .select("id")
        .where("user_id", "=", actor.id)
        .where("stage", "!=", "imported")
        .orderBy("id", "desc")
        .limit(MAX_OPEN_PLAN_DRAFTS);
      await trx
        .deleteFrom("plan_import_drafts")
        .where("user_id", "=", actor.id)
        .where("stage", "!=", "imported")
        .where("id", "not in", kept)
        .execute();
      return id;
    });
}

/** The draft, if it is the actor's own and has not expired; its workbook and choices parsed. */
export async function findPlanDraft(actor: Actor, draftId: number, now: Date) {
  const row = await ownDrafts(getDb(), actor, now)
    .select(["id", "inspection_id", "stage", "revision", "file_name", "format", "workbook", "choices", "updated_at"])
    .where("id", "=", draftId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    inspectionId: row.inspection_id,
    stage: row.stage,
    revision: row.revision,
    fileName: row.file_name,
    format: row.format,
    updatedAt: row.updated_at,
    workbook: row.workbook ? await workbookFromText(row.workbook) : null,
    choices: JSON.parse(row.choices) as PlanDraftChoices,
  };
}

export type PlanDraft = NonNullable<Awaited<ReturnType<typeof findPlanDraft>>>;

export type PlanDraftChange =
  | { ok: true; revision: number }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "conflict"; revision: number; changedAt: string };

/** Checks, inside a transaction, that the draft is the actor's, open, and at the revision their form was made from. */
export async function lockPlanDraft(
  trx: Transaction<DB>,
  actor: Actor,
  draftId: number,
  revision: number,
  now: Date,
): Promise<Exclude<PlanDraftChange, { ok: true }> | { ok: true }> {
  const draft = await ownDrafts(trx, actor, now)
    .select(["revision", "stage", "updated_at"])
    .where("id", "=", draftId)
    .executeTakeFirst();
  if (!draft || draft.stage === "imported") return { ok: false, reason: "not_found" };
  if (draft.revision !== revision)
    return { ok: false, reason: "conflict", revision: draft.revision, changedAt: draft.updated_at };
  return { ok: true };
}

/** Saves the lead's choices (and the step they are on), if the draft is still at the revision their form was made from. */
export async function savePlanDraftChoices(
  actor: Actor,
  draftId: number,
  revision: number,
  change: { stage: "mapping" | "preview"; choices: PlanDraftChoices },
  now: Date,
): Promise<PlanDraftChange> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const locked = await lockPlanDraft(trx, actor, draftId, revision, now);
      if (!locked.ok) return locked;
      await trx
        .updateTable("plan_import_drafts")
        .set({
          stage: change.stage,
          choices: JSON.stringify(change.choices),
          revision: revision + 1,
          updated_at: now.toISOString(),
          expires_at: expiresAfter(now),
        })
        .where("id", "=", draftId)
        .execute();
      return { ok: true, revision: revision + 1 } as const;
    });
}

/** Marks the draft imported within the import's transaction; the workbook is let go. */
export async function markPlanDraftImported(
  trx: Transaction<DB>,
  draftId: number,
  revision: number,
  choices: PlanDraftChoices,
  now: Date,
): Promise<void> {
  await trx
    .updateTable("plan_import_drafts")
    .set({
      stage: "imported",
      workbook: null,
      choices: JSON.stringify(choices),
      revision: revision + 1,
      updated_at: now.toISOString(),
    })
    .where("id", "=", draftId)
    .execute();
}
