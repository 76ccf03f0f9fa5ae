import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// Users and scope: when someone last signed in and set a password, one-time set-password links
// (invitations and resets), sign-in attempts for throttling, and when a session was last used
// (idle timeout).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("users").addColumn("last_signed_in_at", "text").execute();
    await trx.schema.alterTable("users").addColumn("password_set_at", "text").execute();
    // Everyone who exists already signed in with a password, except people named in an imported plan.
    await sql`update users set password_set_at = created_at where pending = 0`.execute(trx);

    await trx.schema.alterTable("sessions").addColumn("last_seen_at", "text").execute();

    await trx.schema
      .createTable("invitations")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("created_by", "integer", (c) => c.references("users.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .addColumn("used_at", "text")
      .execute();
    await trx.schema.createIndex("invitations_user_id").on("invitations").column("user_id").execute();

    await trx.schema
      .createTable("sign_in_attempts")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("ip", "text")
      .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome in ('succeeded', 'failed', 'refused')`))
      .addColumn("at", "text", (c) => c.notNull())
      .execute();
    await trx.schema.createIndex("sign_in_attempts_email_at").on("sign_in_attempts").columns(["email", "at"]).execute();
    await trx.schema.createIndex("sign_in_attempts_ip_at").on("sign_in_attempts").columns(["ip", "at"]).execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("sign_in_attempts").execute();
    await trx.schema.dropTable("invitations").execute();
    await trx.schema.alterTable("sessions").dropColumn("last_seen_at").execute();
    await trx.schema.alterTable("users").dropColumn("password_set_at").execute();
    await trx.schema.alterTable("users").dropColumn("last_signed_in_at").execute();
  });
}
