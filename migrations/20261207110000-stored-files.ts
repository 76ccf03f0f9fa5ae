import { type Kysely, sql } from "kysely";
import { isPostgres } from "../db/engine/engine";

// Frozen once landed: never edit, add a new migration instead.
//
// Evidence files and visit letters in the database itself, for installations on PostgreSQL with
// several app servers: a file written on one server's disk would be missing on the others, and a
// database backup then holds every file. One row per content, named by its SHA-256 (the same name
// the directory store gives the file); rows are written once and deleted only when a redaction
// removes the last record naming them. SQLite installations keep their files in the data directory
// (app/utils/evidence-store.server.ts): the table is created there too, so both engines have the
// same schema, and stays empty.
//
// PostgreSQL: the content is stored uncompressed out of line (STORAGE EXTERNAL), so a download
// reads it a slice at a time (substr) without decompressing the whole file for every slice;
// evidence (PDF, Office files, images) is mostly compressed already.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("stored_files")
      .addColumn("sha256", "text", (c) => c.primaryKey())
      .addColumn("size", "integer", (c) => c.notNull())
      .addColumn("content", "blob", (c) => c.notNull())
      .execute();
    if (isPostgres(trx)) await sql`alter table stored_files alter column content set storage external`.execute(trx);
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("stored_files").execute();
  });
}
