import { getDb } from "../../db/client";
import { normaliseEmail, recordSignIn, verifyLogin } from "./user.server";

// Sign-in throttling. After too many failed attempts for one e-mail address (or from one client
// address) within a window, every further attempt is refused for a while without even checking
// the password, so guessing is slow whatever the attacker knows. Refused attempts are recorded
// but do not extend the lock; a successful sign-in starts the e-mail's count again.

export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const THROTTLE_WINDOW_MINUTES = 15;
export const LOCKOUT_MINUTES = 15;
/** Attempts are personal data (e-mail, address): kept only as long as the throttle needs, and a little more. */
export const KEEP_ATTEMPTS_HOURS = 24;

const MINUTE = 60 * 1000;

type Outcome = "succeeded" | "failed" | "refused";

export async function recordSignInAttempt(
  attempt: { email: string; ip: string | null; outcome: Outcome },
  now: Date,
): Promise<void> {
  const db = getDb();
  await db
    .insertInto("sign_in_attempts")
    .values({ email: normaliseEmail(attempt.email), ip: attempt.ip, outcome: attempt.outcome, at: now.toISOString() })
    .execute();
  const cutoff = new Date(now.getTime() - KEEP_ATTEMPTS_HOURS * 60 * MINUTE).toISOString();
  await db.deleteFrom("sign_in_attempts").where("at", "<", cutoff).execute();
}

/** Given the most recent counted attempts (newest first), when the lock they impose ends, or null. */
function lockedUntil(recent: { outcome: Outcome; at: string }[], limit: number): Date | null {
  if (recent.length < limit || recent.some((a) => a.outcome !== "failed")) return null;
  const newest = new Date(recent[0].at).getTime();
  const oldest = new Date(recent[limit - 1].at).getTime();
  if (newest - oldest > THROTTLE_WINDOW_MINUTES * MINUTE) return null;
  return new Date(newest + LOCKOUT_MINUTES * MINUTE);
}

/** When sign-in for this e-mail and address is allowed again, or null when it is allowed now. */
export async function signInBlockedUntil(input: { email: string; ip: string | null }, now: Date): Promise<Date | null> {
  const since = new Date(now.getTime() - (THROTTLE_WINDOW_MINUTES + LOCKOUT_MINUTES) * MINUTE).toISOString();
  const byEmail = await getDb()
    .selectFrom("sign_in_attempts")
    .select(["outcome", "at"])
    .where("email", "=", normaliseEmail(input.email))
    .where("outcome", "in", ["succeeded", "failed"])
    .where("at", ">", since)
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(MAX_FAILURES_PER_EMAIL)
    .execute();
  // Only failures count from an address: one person's success must not unlock a guesser beside them.
  const byAddress = input.ip
    ? await getDb()
        .selectFrom("sign_in_attempts")
        .select(["outcome", "at"])
        .where("ip", "=", input.ip)
        .where("outcome", "=", "failed")
        .where("at", ">", since)
        .orderBy("at", "desc")
        .orderBy("id", "desc")
        .limit(MAX_FAILURES_PER_ADDRESS)
        .execute()
    : [];
  const until = [lockedUntil(byEmail, MAX_FAILURES_PER_EMAIL), lockedUntil(byAddress, MAX_FAILURES_PER_ADDRESS)]
    .filter((d): d is Date => d !== null && d > now)
    .sort((a, b) => b.getTime() - a.getTime());
  return until[0] ?? null;
}

export type SignInResult =
  { ok: true; userId: number } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAt: Date };

/** Checks the throttle, then the password; records the attempt and, on success, the sign-in time. */
export async function attemptSignIn(
  input: { email: string; password: string; ip: string | null },
  now: Date,
): Promise<SignInResult> {
  const retryAt = await signInBlockedUntil(input, now);
  if (retryAt) {
    await recordSignInAttempt({ email: input.email, ip: input.ip, outcome: "refused" }, now);
    return { ok: false, reason: "throttled", retryAt };
  }
  const user = await verifyLogin(input.email, input.password);
  await recordSignInAttempt({ email: input.email, ip: input.ip, outcome: user ? "succeeded" : "failed" }, now);
  if (!user) return { ok: false, reason: "invalid" };
  await recordSignIn(user.id, now);
  return { ok: true, userId: user.id };
}
