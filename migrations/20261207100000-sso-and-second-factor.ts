import type { Kysely } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// Single sign-on (OpenID Connect) per council, and a second factor (time-based codes, with
// recovery codes) for people who sign in with a password here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // One authenticator per person: its secret encrypted (app/utils/secret-box.server.ts), in use once confirmed.
    await trx.schema
      .createTable("second_factors")
      .addColumn("user_id", "integer", (c) => c.primaryKey().references("users.id"))
      .addColumn("secret", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("confirmed_at", "text")
      .addColumn("last_step", "integer")
      .execute();
    await trx.schema
      .createTable("recovery_codes")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
      .addColumn("code_hash", "text", (c) => c.notNull().unique())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("used_at", "text")
      .execute();
    await trx.schema.createIndex("recovery_codes_by_user").on("recovery_codes").column("user_id").execute();

    // Installation-wide sign-in rules; no row means the defaults.
    await trx.schema
      .createTable("sign_in_settings")
      .addColumn("id", "integer", (c) => c.primaryKey())
      .addColumn("require_second_factor", "integer", (c) => c.notNull().defaultTo(0))
      .execute();

    await trx.schema
      .createTable("sso_providers")
      .addColumn("authority_id", "integer", (c) => c.primaryKey().references("authorities.id"))
      .addColumn("issuer", "text", (c) => c.notNull())
      .addColumn("tenant_id", "text")
      .addColumn("client_id", "text", (c) => c.notNull())
      .addColumn("client_secret", "text", (c) => c.notNull())
      .addColumn("roles_claim", "text")
      .addColumn("role_map", "text", (c) => c.notNull().defaultTo("[]"))
      .addColumn("password_sign_in", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema
      .createTable("sso_domains")
      .addColumn("domain", "text", (c) => c.primaryKey())
      .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id"))
      .execute();
    await trx.schema.createIndex("sso_domains_by_authority").on("sso_domains").column("authority_id").execute();
    // A sign-in sent to a provider and not yet back: single use.
    await trx.schema
      .createTable("sso_sign_ins")
      .addColumn("state_hash", "text", (c) => c.primaryKey())
      .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id"))
      .addColumn("nonce", "text", (c) => c.notNull())
      .addColumn("code_verifier", "text", (c) => c.notNull())
      .addColumn("redirect_to", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();

    await trx.schema
      .alterTable("users")
      .addColumn("break_glass", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await trx.schema
      .alterTable("sessions")
      .addColumn("sso_authority_id", "integer", (c) => c.references("authorities.id"))
      .execute();
    await trx.schema
      .alterTable("sessions")
      .addColumn("needs_second_factor", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("sessions").dropColumn("needs_second_factor").execute();
    await trx.schema.alterTable("sessions").dropColumn("sso_authority_id").execute();
    await trx.schema.alterTable("users").dropColumn("break_glass").execute();
    for (const table of [
      "sso_sign_ins",
      "sso_domains",
      "sso_providers",
      "sign_in_settings",
      "recovery_codes",
      "second_factors",
    ]) {
      await trx.schema.dropTable(table).execute();
    }
  });
}
