import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// Whether a document was already imported is a question about one council's plan: the same
// report may sit in two councils' plans (a joint inspection, or a report added by mistake and then
// corrected), and one council must never learn from an import that another has a document. The
// content hash was unique across all councils; it becomes "<authority id>:<SHA-256 of the
// normalised text>", still unique, so the same document is recognised within a council only.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`update inspections set content_hash = authority_id || ':' || content_hash where content_hash not like '%:%'`.execute(
      trx,
    );
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`update inspections set content_hash = substr(content_hash, instr(content_hash, ':') + 1) where content_hash like '%:%'`.execute(
      trx,
    );
  });
}
