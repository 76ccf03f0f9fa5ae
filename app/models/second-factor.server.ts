import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { Secret } from "otpauth";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import type { Actor } from "../domain/permissions";
import { checkTotp, looksLikeRecoveryCode, makeRecoveryCodes, normaliseCode } from "../domain/second-factor";
import { openSecret, sealSecret } from "../utils/secret-box.server";
import { recordAuditEvent } from "./audit.server";

// A second factor for people who sign in with a password here: an authenticator app (RFC 6238
// codes, app/domain/second-factor.ts) and ten recovery codes. The app's shared secret is stored
// encrypted (it must be read back to check codes); recovery codes only as SHA-256 hashes (each is
// about 79 random bits, so a hash is as safe as for the app's other tokens).

type Db = Kysely<DB> | Transaction<DB>;

const sealFor = (userId: number, secret: string) => sealSecret("second-factor", `user:${userId}`, secret);
const openFor = (userId: number, sealed: string) => openSecret("second-factor", `user:${userId}`, sealed);
const codeHash = (code: string) => crypto.createHash("sha256").update(normaliseCode(code)).digest("hex");

async function authorityOf(db: Db, userId: number): Promise<number | null> {
  const row = await db.selectFrom("users").select("authority_id").where("id", "=", userId).executeTakeFirst();
  return row?.authority_id ?? null;
}

export async function secondFactorStatus(userId: number, db: Db = getDb()) {
  const factor = await db
    .selectFrom("second_factors")
    .select(["confirmed_at"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  const codes = await db
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return {
    enabled: Boolean(factor?.confirmed_at),
    enabledAt: factor?.confirmed_at ?? null,
    recoveryCodesLeft: Number(codes.n),
  };
}

export async function hasSecondFactor(userId: number, db: Db = getDb()): Promise<boolean> {
  return (await secondFactorStatus(userId, db)).enabled;
}

/**
 * The secret of the set-up in progress (created on first call), in base32 for the QR code; null
 * when a second factor is already in use (turn it off first). The same secret comes back until it
 * is confirmed, so reloading the page does not invalidate a QR code already scanned.
 */
export async function enrolmentSecret(userId: number, now: Date): Promise<string | null> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .selectFrom("second_factors")
        .select(["secret", "confirmed_at"])
        .where("user_id", "=", userId)
        .executeTakeFirst();
      if (row?.confirmed_at) return null;
      const existing = row ? openFor(userId, row.secret) : null;
      if (existing) return existing;
      const secret = new Secret({ size: 20 }).base32;
      await trx.deleteFrom("second_factors").where("user_id", "=", userId).execute();
      await trx
        .insertInto("second_factors")
        .values({ user_id: userId, secret: sealFor(userId, secret), created_at: now.toISOString() })
        .execute();
      return secret;
    });
}

async function replaceRecoveryCodes(db: Db, userId: number, now: Date): Promise<string[]> {
  const codes = makeRecoveryCodes((n) => crypto.randomBytes(n));
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  await db
    .insertInto("recovery_codes")
    .values(codes.map((code) => ({ user_id: userId, code_hash: codeHash(code), created_at: now.toISOString() })))
    .execute();
  return codes;
}

export type ConfirmResult =
  { ok: true; recoveryCodes: string[] } | { ok: false; reason: "wrong" | "reused" | "no_enrolment" };

/**
 * The first code from the app proves it was set up: the factor is in use from now, the person's
 * sessions no longer wait for it, and ten recovery codes are made (returned once, never again).
 */
export async function confirmEnrolment(userId: number, typed: string, now: Date): Promise<ConfirmResult> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .selectFrom("second_factors")
        .select(["secret", "confirmed_at", "last_step"])
        .where("user_id", "=", userId)
        .executeTakeFirst();
      const secret = row && !row.confirmed_at ? openFor(userId, row.secret) : null;
      if (!row || !secret) return { ok: false as const, reason: "no_enrolment" as const };
      const check = checkTotp(secret, typed, now, row.last_step);
      if (!check.ok) return check;
      await trx
        .updateTable("second_factors")
        .set({ confirmed_at: now.toISOString(), last_step: check.step })
        .where("user_id", "=", userId)
        .execute();
      await trx.updateTable("sessions").set({ needs_second_factor: 0 }).where("user_id", "=", userId).execute();
      const recoveryCodes = await replaceRecoveryCodes(trx, userId, now);
      await recordAuditEvent(trx, {
        userId,
        authorityId: await authorityOf(trx, userId),
        entityType: "user",
        entityId: userId,
        event: "user.second_factor_enabled",
        after: { method: "authenticator app", recovery_codes: recoveryCodes.length },
        at: now,
      });
      return { ok: true as const, recoveryCodes };
    });
}

export type VerifyResult =
  { ok: true; method: "code" | "recovery_code"; recoveryCodesLeft: number } | { ok: false; reason: "wrong" | "reused" };

/**
 * Checks a code at sign-in: six digits from the app (each accepted once: the step is recorded in
 * the same statement that checks it was not used, so two requests with one code cannot both pass),
 * or a recovery code (spent as it is used).
 */
export async function verifySecondFactor(userId: number, typed: string, now: Date): Promise<VerifyResult> {
  const db = getDb();
  if (looksLikeRecoveryCode(typed)) {
    const spent = await db
      .updateTable("recovery_codes")
      .set({ used_at: now.toISOString() })
      .where("user_id", "=", userId)
      .where("code_hash", "=", codeHash(typed))
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) {
      const used = await db
        .selectFrom("recovery_codes")
        .select("id")
        .where("user_id", "=", userId)
        .where("code_hash", "=", codeHash(typed))
        .executeTakeFirst();
      return { ok: false, reason: used ? "reused" : "wrong" };
    }
    const { recoveryCodesLeft } = await secondFactorStatus(userId);
    return { ok: true, method: "recovery_code", recoveryCodesLeft };
  }
  const row = await db
    .selectFrom("second_factors")
    .select(["secret", "confirmed_at", "last_step"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  const secret = row?.confirmed_at ? openFor(userId, row.secret) : null;
  if (!row || !secret) return { ok: false, reason: "wrong" };
  const check = checkTotp(secret, typed, now, row.last_step);
  if (!check.ok) return check;
  const claimed = await db
    .updateTable("second_factors")
    .set({ last_step: check.step })
    .where("user_id", "=", userId)
    .where((eb) => eb.or([eb("last_step", "is", null), eb("last_step", "<", check.step)]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, reason: "reused" };
  const { recoveryCodesLeft } = await secondFactorStatus(userId);
  return { ok: true, method: "code", recoveryCodesLeft };
}

/** New recovery codes replace the old ones (all of them, used or not); returned once. */
export async function renewRecoveryCodes(userId: number, now: Date): Promise<string[] | null> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      if (!(await hasSecondFactor(userId, trx))) return null;
      const codes = await replaceRecoveryCodes(trx, userId, now);
      await recordAuditEvent(trx, {
        userId,
        authorityId: await authorityOf(trx, userId),
        entityType: "user",
        entityId: userId,
        event: "user.recovery_codes_renewed",
        at: now,
      });
      return codes;
    });
}

/**
 * Removes a person's second factor: by themselves (turned off, where it is not required) or by an
 * administrator (a reset, when the phone is lost). They set it up again at their next sign-in if
 * it is required.
 */
export async function removeSecondFactor(
  by: Actor,
  userId: number,
  now: Date,
  /** What the person turning off their own proved they hold it with (an administrator's reset needs none). */
  confirmedWith?: "code" | "recovery code",
): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const had = await trx
        .selectFrom("second_factors")
        .select("confirmed_at")
        .where("user_id", "=", userId)
        .executeTakeFirst();
      await trx.deleteFrom("second_factors").where("user_id", "=", userId).execute();
      await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
      if (!had?.confirmed_at) return false;
      await recordAuditEvent(trx, {
        userId: by.id,
        authorityId: await authorityOf(trx, userId),
        entityType: "user",
        entityId: userId,
        event: by.id === userId ? "user.second_factor_removed" : "user.second_factor_reset",
        after: confirmedWith ? { confirmed_with: confirmedWith } : null,
        at: now,
      });
      return true;
    });
}

/** Whether everyone who signs in with a password here must use a second factor. */
export async function isSecondFactorRequired(db: Db = getDb()): Promise<boolean> {
  const row = await db
    .selectFrom("sign_in_settings")
    .select("require_second_factor")
    .where("id", "=", 1)
    .executeTakeFirst();
  return row?.require_second_factor === 1;
}

export async function setSecondFactorRequired(admin: Actor, required: boolean, now: Date): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const before = await isSecondFactorRequired(trx);
      if (before === required) return false;
      await trx
        .insertInto("sign_in_settings")
        .values({ id: 1, require_second_factor: required ? 1 : 0 })
        .onConflict((oc) => oc.column("id").doUpdateSet({ require_second_factor: required ? 1 : 0 }))
        .execute();
      await recordAuditEvent(trx, {
        userId: admin.id,
        authorityId: null,
        entityType: "settings",
        entityId: 1,
        event: "settings.second_factor_requirement_changed",
        before: { required: before },
        after: { required },
        at: now,
      });
      return true;
    });
}
