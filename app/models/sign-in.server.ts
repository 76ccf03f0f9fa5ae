import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import { type VerifyResult, verifySecondFactor } from "./second-factor.server";
import { normaliseEmail, recordSignIn, verifyLogin } from "./user.server";

// Sign-in throttling: guessing passwords is slow, and a guesser cannot lock the real person out.
//
// A browser where someone has signed in before carries a signed "known browser" cookie for that
// e-mail address (app/utils/session.server.ts). Attempts from a known browser are limited per
// browser only. Attempts from anywhere else are limited three ways: per e-mail and client address
// together, per client address (any e-mail), and, more slowly, per e-mail from any address. So:
// - failures from one address lock that address out for that e-mail, never anyone elsewhere;
// - a guesser using many addresses runs into the slow per-e-mail limit, which again stops only
//   browsers the person has never signed in on: on their own computer they sign in as usual;
// - at most a handful of passwords are ever checked per lock, however many requests arrive at
//   once: deciding whether an attempt may go ahead and recording it happen in one transaction,
//   and transactions run one at a time across server processes on either engine
//   (db/engine/locks.ts); the attempt is recorded as failed until the password proves right.
// Refused attempts are recorded but count towards nothing, so they never extend a lock.

export interface ThrottleRule {
  /** Failures that lock... */
  limit: number;
  /** ...when they all fall within this many minutes... */
  windowMinutes: number;
  /** ...for this long after the last of them. */
  lockMinutes: number;
}

/** One e-mail address from one client address, on a browser not known for it. */
export const PAIR_RULE: ThrottleRule = { limit: 5, windowMinutes: 15, lockMinutes: 15 };
/** One client address, whatever e-mail addresses it tries, on browsers not known for them. */
export const ADDRESS_RULE: ThrottleRule = { limit: 20, windowMinutes: 15, lockMinutes: 15 };
/** One e-mail address from any client address, on browsers not known for it: the slow limit. */
export const EMAIL_RULE: ThrottleRule = { limit: 10, windowMinutes: 60, lockMinutes: 60 };
/** One e-mail address on a browser where it has signed in before. */
export const KNOWN_BROWSER_RULE: ThrottleRule = { limit: 5, windowMinutes: 15, lockMinutes: 15 };

/** Attempts are personal data (e-mail, address): kept only as long as the throttle needs, and a little more. */
export const KEEP_ATTEMPTS_HOURS = 24;

const MINUTE = 60 * 1000;

type Outcome = "succeeded" | "failed" | "refused";

export interface SignInClient {
  email: string;
  /** The client's address (app/utils/trust-proxy.ts), or null when unknown. */
  ip: string | null;
  /** The id from a valid "known browser" cookie for this e-mail address, or null. */
  browser: string | null;
}

/** Known-browser ids are bearer secrets: only their hash is stored. */
function browserHash(browser: string | null): string | null {
  return browser === null ? null : crypto.createHash("sha256").update(browser).digest("hex");
}

export async function recordSignInAttempt(
  attempt: { email: string; ip: string | null; browser?: string | null; outcome: Outcome },
  now: Date,
  db: Kysely<DB> | Transaction<DB> = getDb(),
): Promise<number> {
  const { id } = await db
    .insertInto("sign_in_attempts")
    .values({
      email: normaliseEmail(attempt.email),
      ip: attempt.ip,
      browser: browserHash(attempt.browser ?? null),
      outcome: attempt.outcome,
      at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const cutoff = new Date(now.getTime() - KEEP_ATTEMPTS_HOURS * 60 * MINUTE).toISOString();
  await db.deleteFrom("sign_in_attempts").where("at", "<", cutoff).execute();
  return id;
}

/**
 * Given the most recent counted attempts (newest first), when the lock they impose ends, or null.
 * A success among them (where successes count) means the lock was broken by the right password.
 */
function lockedUntil(recent: { outcome: string; at: string }[], rule: ThrottleRule): Date | null {
  if (recent.length < rule.limit || recent.some((a) => a.outcome !== "failed")) return null;
  const newest = new Date(recent[0].at).getTime();
  const oldest = new Date(recent[rule.limit - 1].at).getTime();
  if (newest - oldest > rule.windowMinutes * MINUTE) return null;
  return new Date(newest + rule.lockMinutes * MINUTE);
}

/** When sign-in for this client is allowed again, or null when it is allowed now. */
export async function signInBlockedUntil(
  client: SignInClient,
  now: Date,
  db: Kysely<DB> | Transaction<DB> = getDb(),
): Promise<Date | null> {
  const email = normaliseEmail(client.email);
  const since = (rule: ThrottleRule) =>
    new Date(now.getTime() - (rule.windowMinutes + rule.lockMinutes) * MINUTE).toISOString();
  const recent = (rule: ThrottleRule, outcomes: Outcome[]) =>
    db
      .selectFrom("sign_in_attempts")
      .select(["outcome", "at"])
      .where("outcome", "in", outcomes)
      .where("at", ">", since(rule))
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .limit(rule.limit);

  const locks: (Date | null)[] = [];
  const browser = browserHash(client.browser);
  if (browser !== null) {
    const rows = await recent(KNOWN_BROWSER_RULE, ["succeeded", "failed"])
      .where("email", "=", email)
      .where("browser", "=", browser)
      .execute();
    locks.push(lockedUntil(rows, KNOWN_BROWSER_RULE));
  } else {
    const pair = await recent(PAIR_RULE, ["succeeded", "failed"])
      .where("email", "=", email)
      .where("browser", "is", null)
      .where("ip", client.ip === null ? "is" : "=", client.ip)
      .execute();
    locks.push(lockedUntil(pair, PAIR_RULE));
    // Only failures count from an address, or for an e-mail from anywhere: one person's success
    // must not unlock a guesser beside them, or elsewhere.
    const byEmail = await recent(EMAIL_RULE, ["failed"])
      .where("email", "=", email)
      .where("browser", "is", null)
      .execute();
    locks.push(lockedUntil(byEmail, EMAIL_RULE));
    if (client.ip !== null) {
      const byAddress = await recent(ADDRESS_RULE, ["failed"])
        .where("ip", "=", client.ip)
        .where("browser", "is", null)
        .execute();
      locks.push(lockedUntil(byAddress, ADDRESS_RULE));
    }
  }
  const until = locks.filter((d): d is Date => d !== null && d > now).sort((a, b) => b.getTime() - a.getTime());
  return until[0] ?? null;
}

export type SignInReservation = { ok: true; attemptId: number } | { ok: false; retryAt: Date };

/**
 * Whether a password may be checked for this client now; if so the attempt is recorded, as failed
 * until `markSignInSucceeded`, in the same transaction as the decision, so that however many
 * requests arrive at once no more are checked than the limits allow.
 */
export async function reserveSignInAttempt(client: SignInClient, now: Date): Promise<SignInReservation> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const retryAt = await signInBlockedUntil(client, now, trx);
      if (retryAt) {
        await recordSignInAttempt({ ...client, outcome: "refused" }, now, trx);
        return { ok: false, retryAt };
      }
      return { ok: true, attemptId: await recordSignInAttempt({ ...client, outcome: "failed" }, now, trx) };
    });
}

/** The password of a reserved attempt was right. */
export async function markSignInSucceeded(attemptId: number): Promise<void> {
  await getDb().updateTable("sign_in_attempts").set({ outcome: "succeeded" }).where("id", "=", attemptId).execute();
}

export type SignInResult =
  { ok: true; userId: number } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAt: Date };

/** Checks the throttle, then the password, and records the attempt; the sign-in itself is the caller's to finish. */
export async function attemptPassword(input: SignInClient & { password: string }, now: Date): Promise<SignInResult> {
  const reservation = await reserveSignInAttempt(input, now);
  if (!reservation.ok) return { ok: false, reason: "throttled", retryAt: reservation.retryAt };
  const user = await verifyLogin(input.email, input.password);
  if (!user) return { ok: false, reason: "invalid" };
  await markSignInSucceeded(reservation.attemptId);
  return { ok: true, userId: user.id };
}

/** Checks the throttle, then the password; records the attempt and, on success, the sign-in time. */
export async function attemptSignIn(input: SignInClient & { password: string }, now: Date): Promise<SignInResult> {
  const result = await attemptPassword(input, now);
  if (result.ok) await recordSignIn(result.userId, now, "password");
  return result;
}

export type SecondFactorAttempt = VerifyResult | { ok: false; reason: "throttled"; retryAt: Date };

/**
 * A second-factor code, throttled exactly like a password for the same e-mail address and client
 * (a wrong code counts as a wrong password), so six digits cannot be guessed either.
 */
export async function attemptSecondFactor(
  input: SignInClient & { userId: number; code: string },
  now: Date,
): Promise<SecondFactorAttempt> {
  const reservation = await reserveSignInAttempt(input, now);
  if (!reservation.ok) return { ok: false, reason: "throttled", retryAt: reservation.retryAt };
  const result = await verifySecondFactor(input.userId, input.code, now);
  if (result.ok) await markSignInSucceeded(reservation.attemptId);
  return result;
}

// Single sign-on is throttled by the same records. A provider's answer that fails a check (a
// forged or replayed state, a bad token, someone this council's provider may not sign in) counts
// as a failed password from that client address towards ADDRESS_RULE, and, once the ID token has
// given a verified e-mail address, towards that address's limits too. While the client address is
// locked out its single sign-ons are refused before anything is checked. Until the provider's
// token is read the e-mail address is not known: those attempts carry none.

/** The e-mail recorded for a single sign-on attempt whose address is not known (yet). */
export const UNKNOWN_EMAIL = "";

/** When single sign-on from this client address is allowed again, or null when it is allowed now. */
export async function ssoBlockedUntil(
  ip: string | null,
  now: Date,
  db: Kysely<DB> | Transaction<DB> = getDb(),
): Promise<Date | null> {
  if (ip === null) return null;
  const rows = await db
    .selectFrom("sign_in_attempts")
    .select(["outcome", "at"])
    .where("outcome", "=", "failed")
    .where("ip", "=", ip)
    .where("browser", "is", null)
    .where(
      "at",
      ">",
      new Date(now.getTime() - (ADDRESS_RULE.windowMinutes + ADDRESS_RULE.lockMinutes) * MINUTE).toISOString(),
    )
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(ADDRESS_RULE.limit)
    .execute();
  const until = lockedUntil(rows, ADDRESS_RULE);
  return until && until > now ? until : null;
}

/**
 * Whether a provider's answer may be checked for this client address now; if so the attempt is
 * recorded as failed until `settleSsoAttempt` says otherwise, in one transaction with the decision
 * (as for passwords).
 */
export async function reserveSsoAttempt(ip: string | null, now: Date): Promise<SignInReservation> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const retryAt = await ssoBlockedUntil(ip, now, trx);
      if (retryAt) {
        await recordSignInAttempt({ email: UNKNOWN_EMAIL, ip, outcome: "refused" }, now, trx);
        return { ok: false, retryAt };
      }
      return {
        ok: true,
        attemptId: await recordSignInAttempt({ email: UNKNOWN_EMAIL, ip, outcome: "failed" }, now, trx),
      };
    });
}

/**
 * How a reserved single sign-on ended: signed in (or waiting for access: the provider vouched for
 * them), failed (with the verified e-mail address when the token gave one), or not the client's
 * doing at all (the provider could not be reached), which then counts towards nothing.
 */
export async function settleSsoAttempt(
  attemptId: number,
  result: { outcome: "succeeded" | "failed"; email: string | null } | { outcome: "not_counted" },
): Promise<void> {
  const db = getDb();
  if (result.outcome === "not_counted") {
    await db.deleteFrom("sign_in_attempts").where("id", "=", attemptId).execute();
    return;
  }
  await db
    .updateTable("sign_in_attempts")
    .set({ outcome: result.outcome, email: normaliseEmail(result.email ?? UNKNOWN_EMAIL) })
    .where("id", "=", attemptId)
    .execute();
}

/** A single sign-on that failed before reaching the provider (a wrong issuer, say), counted like a wrong password. */
export async function recordFailedSsoStart(ip: string | null, now: Date): Promise<void> {
  await recordSignInAttempt({ email: UNKNOWN_EMAIL, ip, outcome: "failed" }, now);
}
