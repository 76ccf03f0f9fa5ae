import { type Kysely, sql } from "kysely";
import { isPostgres } from "../db/engine/engine";
import { replaceUpdateGuard } from "../db/engine/triggers";

// Frozen once landed: never edit, add a new migration instead.
//
// An administrator can remove personal data entered by mistake: the text (or file) is replaced by a
// notice, and each removal is recorded here. The audit log stays append-only, with one exception:
// an event that quoted the removed content may have its before/after snapshots rewritten, and only
// once a removal has been recorded against it in audit_scrubs. Its time, author, subject and kind
// can never change, and nothing can ever be deleted from it.
//
// PostgreSQL (added later; the SQLite path is unchanged): the guard comes from db/engine/triggers.ts,
// with the same condition (SQLite's null-safe `is` spelled `is not distinct from`).

const SCRUB_ALLOWED_POSTGRES =
  "new.id = old.id and new.at = old.at and new.user_id is not distinct from old.user_id " +
  "and new.authority_id is not distinct from old.authority_id and new.entity_type = old.entity_type " +
  "and new.entity_id = old.entity_id and new.event = old.event " +
  "and exists (select 1 from audit_scrubs where audit_event_id = old.id)";

const NO_UPDATE = "create trigger audit_events_no_update before update on audit_events";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("redactions")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("target_id", "integer", (c) => c.notNull())
      // The page it was shown on: an action or a measure.
      .addColumn("subject_type", "text", (c) => c.notNull())
      .addColumn("subject_id", "integer", (c) => c.notNull())
      .addColumn("authority_id", "integer", (c) => c.references("authorities.id"))
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("notice", "text", (c) => c.notNull())
      .addColumn("redacted_by", "integer", (c) => c.references("users.id"))
      .addColumn("redacted_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema.createIndex("redactions_target").on("redactions").columns(["kind", "target_id"]).execute();
    await trx.schema
      .createIndex("redactions_subject")
      .on("redactions")
      .columns(["subject_type", "subject_id"])
      .execute();

    await trx.schema
      .createTable("audit_scrubs")
      .addColumn("audit_event_id", "integer", (c) => c.notNull().references("audit_events.id"))
      .addColumn("redaction_id", "integer", (c) => c.notNull().references("redactions.id"))
      .addPrimaryKeyConstraint("audit_scrubs_pk", ["audit_event_id", "redaction_id"])
      .execute();

    if (isPostgres(trx)) {
      await replaceUpdateGuard(trx, "audit_events", SCRUB_ALLOWED_POSTGRES);
      return;
    }
    await sql`drop trigger audit_events_no_update`.execute(trx);
    await sql
      .raw(
        `${NO_UPDATE} when not (` +
          "new.id = old.id and new.at = old.at and new.user_id is old.user_id " +
          "and new.authority_id is old.authority_id and new.entity_type = old.entity_type " +
          "and new.entity_id = old.entity_id and new.event = old.event " +
          "and exists (select 1 from audit_scrubs where audit_event_id = old.id)) " +
          "begin select raise(abort, 'audit_events is append-only: update is not allowed'); end",
      )
      .execute(trx);
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (isPostgres(trx)) {
      await replaceUpdateGuard(trx, "audit_events");
      await trx.schema.dropTable("audit_scrubs").execute();
      await trx.schema.dropTable("redactions").execute();
      return;
    }
    await sql`drop trigger audit_events_no_update`.execute(trx);
    await sql
      .raw(`${NO_UPDATE} begin select raise(abort, 'audit_events is append-only: update is not allowed'); end`)
      .execute(trx);
    await trx.schema.dropTable("audit_scrubs").execute();
    await trx.schema.dropTable("redactions").execute();
  });
}
