import { type Kysely, sql } from "kysely";
import { onlyLowercaseHex } from "../db/engine/checks";
import { isPostgres } from "../db/engine/engine";
import { createAppendOnlyGuards, dropAppendOnlyGuards } from "../db/engine/triggers";

// Frozen once landed: never edit, add a new migration instead.
//
// Evidence may now be an uploaded file, stored on disk by its SHA-256, and may be withdrawn before
// sign-off without losing the row. SQLite cannot change a CHECK constraint in place, so the evidence
// table is rebuilt with kind 'file' allowed and the file and withdrawal columns added.
//
// The audit log is append-only: triggers refuse any UPDATE or DELETE of audit_events, whatever code
// (or person with a SQL prompt) tries it.
//
// PostgreSQL (added later; the SQLite path is unchanged): the CHECK and the triggers come from the
// engine adapters (db/engine/checks.ts, db/engine/triggers.ts).

const EVIDENCE_COLUMNS = "id, action_id, kind, purpose, description, url, evidence_date, added_by, created_at";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("evidence_new")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id"))
      .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('note', 'link', 'file')`))
      .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('completion', 'impact')`))
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("url", "text")
      .addColumn("evidence_date", "text")
      .addColumn("added_by", "integer", (c) => c.references("users.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("file_sha256", "text", (c) =>
        c.check(sql`file_sha256 is null or (length(file_sha256) = 64 and ${onlyLowercaseHex(trx, "file_sha256")})`),
      )
      .addColumn("file_name", "text")
      .addColumn("file_size", "integer")
      .addColumn("file_type", "text")
      .addColumn("deleted_at", "text")
      .addColumn("deleted_by", "integer", (c) => c.references("users.id"))
      .addColumn("deleted_reason", "text")
      .addCheckConstraint(
        "evidence_file_columns",
        sql`(kind = 'file') = (file_sha256 is not null and file_name is not null and file_size is not null and file_type is not null)`,
      )
      .addCheckConstraint(
        "evidence_deletion_columns",
        sql`deleted_at is not null or (deleted_by is null and deleted_reason is null)`,
      )
      .execute();
    await sql`insert into evidence_new (${sql.raw(EVIDENCE_COLUMNS)}) select ${sql.raw(EVIDENCE_COLUMNS)} from evidence`.execute(
      trx,
    );
    await trx.schema.dropTable("evidence").execute();
    await trx.schema.alterTable("evidence_new").renameTo("evidence").execute();
    await trx.schema.createIndex("evidence_action_id").on("evidence").column("action_id").execute();
    await trx.schema.createIndex("evidence_file_sha256").on("evidence").column("file_sha256").execute();

    if (isPostgres(trx)) {
      await createAppendOnlyGuards(trx, "audit_events");
    } else {
      for (const operation of ["update", "delete"]) {
        await sql
          .raw(
            `create trigger audit_events_no_${operation} before ${operation} on audit_events ` +
              `begin select raise(abort, 'audit_events is append-only: ${operation} is not allowed'); end`,
          )
          .execute(trx);
      }
    }
    // The audit log page filters by authority and sorts newest first.
    await trx.schema
      .createIndex("audit_events_authority_at")
      .on("audit_events")
      .columns(["authority_id", "at"])
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropIndex("audit_events_authority_at").execute();
    if (isPostgres(trx)) {
      await dropAppendOnlyGuards(trx, "audit_events");
    } else {
      await sql`drop trigger audit_events_no_update`.execute(trx);
      await sql`drop trigger audit_events_no_delete`.execute(trx);
    }
    // Going back loses uploaded files and withdrawals: the old table had no room for them.
    await trx.schema
      .createTable("evidence_old")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id"))
      .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('note', 'link')`))
      .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('completion', 'impact')`))
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("url", "text")
      .addColumn("evidence_date", "text")
      .addColumn("added_by", "integer", (c) => c.references("users.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await sql`insert into evidence_old (${sql.raw(EVIDENCE_COLUMNS)}) select ${sql.raw(EVIDENCE_COLUMNS)} from evidence where kind != 'file' and deleted_at is null`.execute(
      trx,
    );
    await trx.schema.dropTable("evidence").execute();
    await trx.schema.alterTable("evidence_old").renameTo("evidence").execute();
    await trx.schema.createIndex("evidence_action_id").on("evidence").column("action_id").execute();
  });
}
