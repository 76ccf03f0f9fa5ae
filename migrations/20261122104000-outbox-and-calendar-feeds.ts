import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// Reminders: every digest e-mail is recorded in the outbox with what happened to it, once per
// person, kind and day. Calendar feeds: a secret, revocable link to a person's target dates;
// only a hash of its token is kept.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("outbox")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("to_address", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('owner_digest', 'lead_digest')`))
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("body_text", "text", (c) => c.notNull())
      .addColumn("body_html", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) =>
        c.notNull().check(sql`status in ('queued', 'sent', 'failed', 'not_sent_no_smtp')`),
      )
      .addColumn("error", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("sent_at", "text")
      .addColumn("digest_date", "text", (c) => c.notNull())
      // Running the job twice in a day sends each digest once.
      .addUniqueConstraint("outbox_user_kind_date", ["user_id", "kind", "digest_date"])
      .execute();
    await trx.schema.createIndex("outbox_created_at").on("outbox").column("created_at").execute();

    await trx.schema
      .createTable("calendar_feeds")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("revoked_at", "text")
      .execute();
    await trx.schema.createIndex("calendar_feeds_user_id").on("calendar_feeds").column("user_id").execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("calendar_feeds").execute();
    await trx.schema.dropTable("outbox").execute();
  });
}
