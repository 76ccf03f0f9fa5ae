import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import type { Actor } from "../domain/permissions";
import { emailDomain, readRoleMap, type RoleMapping } from "../domain/sso";
import { openSecret, sealSecret } from "../utils/secret-box.server";
import { recordAuditEvent } from "./audit.server";

// Each council's OpenID Connect provider, as its administrator configured it, and the e-mail
// domains whose people it signs in. The client secret is stored encrypted and never shown again.

type Db = Kysely<DB> | Transaction<DB>;

const sealClientSecret = (authorityId: number, secret: string) =>
  sealSecret("sso-client-secret", `authority:${authorityId}`, secret);

async function domainsOf(db: Db, authorityId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("sso_domains")
    .select("domain")
    .where("authority_id", "=", authorityId)
    .orderBy("domain")
    .execute();
  return rows.map((r) => r.domain);
}

/** A council's provider for its administrators' page: everything but the secret. */
export async function getSsoProvider(authorityId: number, db: Db = getDb()) {
  const row = await db
    .selectFrom("sso_providers")
    .select(["issuer", "tenant_id", "client_id", "roles_claim", "role_map", "password_sign_in", "updated_at"])
    .where("authority_id", "=", authorityId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    issuer: row.issuer,
    tenantId: row.tenant_id,
    clientId: row.client_id,
    rolesClaim: row.roles_claim,
    roleMap: readRoleMap(row.role_map),
    passwordSignIn: row.password_sign_in === 1,
    updatedAt: row.updated_at,
    domains: await domainsOf(db, authorityId),
  };
}
export type SsoProviderView = NonNullable<Awaited<ReturnType<typeof getSsoProvider>>>;

/** Which councils have single sign-on, for the councils list. */
export async function listSsoAuthorityIds(): Promise<number[]> {
  const rows = await getDb().selectFrom("sso_providers").select("authority_id").execute();
  return rows.map((r) => r.authority_id);
}

/** Everything the sign-in flow needs, the client secret in clear; null when the council has none (or it cannot be read). */
export async function ssoClientSettings(authorityId: number) {
  const row = await getDb()
    .selectFrom("sso_providers")
    .innerJoin("authorities", "authorities.id", "sso_providers.authority_id")
    .selectAll("sso_providers")
    .select("authorities.name as authority_name")
    .where("authority_id", "=", authorityId)
    .executeTakeFirst();
  if (!row) return null;
  const clientSecret = openSecret("sso-client-secret", `authority:${authorityId}`, row.client_secret);
  if (clientSecret === null) return null;
  return {
    authorityId,
    authorityName: row.authority_name,
    issuer: row.issuer,
    tenantId: row.tenant_id,
    clientId: row.client_id,
    clientSecret,
    rolesClaim: row.roles_claim,
    roleMap: readRoleMap(row.role_map),
    passwordSignIn: row.password_sign_in === 1,
    updatedAt: row.updated_at,
    domains: await domainsOf(getDb(), authorityId),
  };
}
export type SsoClientSettings = NonNullable<Awaited<ReturnType<typeof ssoClientSettings>>>;

/** The council whose provider signs in this e-mail address's domain, or null. Only the domain is looked at. */
export async function ssoForEmail(email: string): Promise<{ authorityId: number; passwordSignIn: boolean } | null> {
  const domain = emailDomain(email);
  if (domain === null) return null;
  const row = await getDb()
    .selectFrom("sso_domains")
    .innerJoin("sso_providers", "sso_providers.authority_id", "sso_domains.authority_id")
    .select(["sso_domains.authority_id", "sso_providers.password_sign_in"])
    .where("sso_domains.domain", "=", domain)
    .executeTakeFirst();
  return row ? { authorityId: row.authority_id, passwordSignIn: row.password_sign_in === 1 } : null;
}

/**
 * Whether this person may sign in with a password here: yes, unless their council signs its
 * people in through its provider only and they are not one of its break-glass accounts.
 */
export async function passwordSignInAllowed(userId: number): Promise<boolean> {
  const row = await getDb()
    .selectFrom("users")
    .leftJoin("sso_providers", "sso_providers.authority_id", "users.authority_id")
    .select(["users.break_glass", "sso_providers.password_sign_in"])
    .where("users.id", "=", userId)
    .executeTakeFirst();
  if (!row) return false;
  return row.break_glass === 1 || row.password_sign_in === null || row.password_sign_in === 1;
}

export interface SsoProviderInput {
  issuer: string;
  tenantId: string | null;
  clientId: string;
  /** Null keeps the stored secret. */
  clientSecret: string | null;
  domains: string[];
  rolesClaim: string | null;
  roleMap: RoleMapping[];
  passwordSignIn: boolean;
}

export type SaveSsoResult =
  | { ok: true }
  | { ok: false; reason: "domain_taken"; domain: string; council: string }
  | { ok: false; reason: "secret_required" }
  | { ok: false; reason: "not_found" };

/** Creates or changes a council's provider, audited with what changed (the secret only as "changed"). */
export async function saveSsoProvider(
  admin: Actor,
  authorityId: number,
  input: SsoProviderInput,
  now: Date,
): Promise<SaveSsoResult> {
  return getDb()
    .transaction()
    .execute(async (trx): Promise<SaveSsoResult> => {
      const authority = await trx
        .selectFrom("authorities")
        .select("id")
        .where("id", "=", authorityId)
        .executeTakeFirst();
      if (!authority) return { ok: false, reason: "not_found" };
      const clash = await trx
        .selectFrom("sso_domains")
        .innerJoin("authorities", "authorities.id", "sso_domains.authority_id")
        .select(["sso_domains.domain", "authorities.name"])
        .where("sso_domains.domain", "in", input.domains)
        .where("sso_domains.authority_id", "!=", authorityId)
        .executeTakeFirst();
      if (clash) return { ok: false, reason: "domain_taken", domain: clash.domain, council: clash.name };
      const before = await getSsoProvider(authorityId, trx);
      if (!before && input.clientSecret === null) return { ok: false, reason: "secret_required" };
      const values = {
        issuer: input.issuer,
        tenant_id: input.tenantId,
        client_id: input.clientId,
        roles_claim: input.rolesClaim,
        role_map: JSON.stringify(input.roleMap),
        password_sign_in: input.passwordSignIn ? 1 : 0,
        updated_at: now.toISOString(),
      };
      if (before) {
        await trx
          .updateTable("sso_providers")
          .set(
            input.clientSecret === null
              ? values
              : { ...values, client_secret: sealClientSecret(authorityId, input.clientSecret) },
          )
          .where("authority_id", "=", authorityId)
          .execute();
      } else {
        await trx
          .insertInto("sso_providers")
          .values({
            ...values,
            authority_id: authorityId,
            client_secret: sealClientSecret(authorityId, input.clientSecret as string),
          })
          .execute();
      }
      await trx.deleteFrom("sso_domains").where("authority_id", "=", authorityId).execute();
      if (input.domains.length > 0) {
        await trx
          .insertInto("sso_domains")
          .values(input.domains.map((domain) => ({ domain, authority_id: authorityId })))
          .execute();
      }
      const snapshot = (p: Omit<SsoProviderInput, "clientSecret">) => ({
        issuer: p.issuer,
        tenant_id: p.tenantId,
        client_id: p.clientId,
        domains: p.domains.join(", "),
        roles_claim: p.rolesClaim,
        role_map: p.roleMap.map((m) => `${m.value} = ${m.role}`).join("; "),
        password_sign_in: p.passwordSignIn,
      });
      await recordAuditEvent(trx, {
        userId: admin.id,
        authorityId,
        entityType: "authority",
        entityId: authorityId,
        event: before ? "authority.sso_changed" : "authority.sso_configured",
        before: before ? snapshot(before) : null,
        after: { ...snapshot(input), client_secret: input.clientSecret === null ? "kept" : "changed" },
        at: now,
      });
      return { ok: true };
    });
}

/** Removes a council's provider: its people sign in with passwords again. */
export async function removeSsoProvider(admin: Actor, authorityId: number, now: Date): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const before = await getSsoProvider(authorityId, trx);
      if (!before) return false;
      await trx.deleteFrom("sso_domains").where("authority_id", "=", authorityId).execute();
      await trx.deleteFrom("sso_sign_ins").where("authority_id", "=", authorityId).execute();
      await trx.deleteFrom("sso_providers").where("authority_id", "=", authorityId).execute();
      await recordAuditEvent(trx, {
        userId: admin.id,
        authorityId,
        entityType: "authority",
        entityId: authorityId,
        event: "authority.sso_removed",
        before: { issuer: before.issuer, client_id: before.clientId, domains: before.domains.join(", ") },
        at: now,
      });
      return true;
    });
}
