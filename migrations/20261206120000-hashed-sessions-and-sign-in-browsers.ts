import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// - Sessions are stored by the SHA-256 of their token (the cookie holds the token), so a copy of the
//   database signs nobody in. Existing sessions held raw tokens: they are ended, and everyone signs
//   in again once.
// - Sign-in attempts note the "known browser" they came from (a hash of the id in its cookie), which
//   the throttle counts separately so a guesser elsewhere cannot lock the person out.
// - Set-password links just issued wait here, sealed, to be shown once to the administrator who
//   issued them, instead of travelling in a cookie.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`delete from sessions`.execute(trx);

    await trx.schema.alterTable("sign_in_attempts").addColumn("browser", "text").execute();
    await trx.schema
      .createIndex("sign_in_attempts_browser_email_at")
      .on("sign_in_attempts")
      .columns(["browser", "email", "at"])
      .execute();

    await trx.schema
      .createTable("one_time_links")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("reference_hash", "text", (c) => c.notNull().unique())
      .addColumn("viewer_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("sealed", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("one_time_links").execute();
    await trx.schema.dropIndex("sign_in_attempts_browser_email_at").execute();
    await trx.schema.alterTable("sign_in_attempts").dropColumn("browser").execute();
  });
}
