import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import {
  attemptSignIn,
  KEEP_ATTEMPTS_HOURS,
  LOCKOUT_MINUTES,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_EMAIL,
  recordSignInAttempt,
  signInBlockedUntil,
} from "../../app/models/sign-in.server";
import { createTestUser, NOW } from "../factories";

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

async function fail(email: string, at: Date, ip: string | null = null) {
  const result = await attemptSignIn({ email, password: "not the password", ip }, at);
  expect(result.ok).toBe(false);
  return result;
}

describe("sign-in throttling", () => {
  it(`refuses even the right password after ${MAX_FAILURES_PER_EMAIL} failures, until ${LOCKOUT_MINUTES} minutes after the last`, async () => {
    const user = await createTestUser({ password: "right password here" });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++)
      expect(await fail(user.email, minutes(i))).toEqual({ ok: false, reason: "invalid" });

    const lastFailure = minutes(MAX_FAILURES_PER_EMAIL - 1);
    const refused = await attemptSignIn(
      { email: user.email.toUpperCase(), password: "right password here", ip: null },
      minutes(6),
    );
    expect(refused).toEqual({
      ok: false,
      reason: "throttled",
      retryAt: new Date(lastFailure.getTime() + LOCKOUT_MINUTES * 60_000),
    });

    // Refused attempts do not extend the lock.
    await attemptSignIn({ email: user.email, password: "right password here", ip: null }, minutes(17));
    const recovered = await attemptSignIn(
      { email: user.email, password: "right password here", ip: null },
      minutes(19),
    );
    expect(recovered).toEqual({ ok: true, userId: user.id });
    const row = await getDb()
      .selectFrom("users")
      .select("last_signed_in_at")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.last_signed_in_at).toBe(minutes(19).toISOString());
  });

  it("throttles unknown email addresses the same way, so the answer does not reveal which exist", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await fail("nobody@example.gov.uk", minutes(i));
    expect(await signInBlockedUntil({ email: "nobody@example.gov.uk", ip: null }, minutes(5))).not.toBeNull();
  });

  it("does not lock for failures spread over more than the window, or broken by a successful sign-in", async () => {
    const user = await createTestUser({ password: "right password here" });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await fail(user.email, minutes(i * 4));
    expect(await signInBlockedUntil({ email: user.email, ip: null }, minutes(17))).toBeNull();

    const other = await createTestUser({ password: "right password here" });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) await fail(other.email, minutes(i));
    expect(
      (await attemptSignIn({ email: other.email, password: "right password here", ip: null }, minutes(5))).ok,
    ).toBe(true);
    await fail(other.email, minutes(6));
    expect(await signInBlockedUntil({ email: other.email, ip: null }, minutes(7))).toBeNull();
  });

  it(`locks one client address after ${MAX_FAILURES_PER_ADDRESS} failures across any email addresses`, async () => {
    const user = await createTestUser({ password: "right password here" });
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
      await fail(`guess${i}@example.gov.uk`, minutes(i * 0.5), "203.0.113.9");
    const fromThere = await attemptSignIn(
      { email: user.email, password: "right password here", ip: "203.0.113.9" },
      minutes(11),
    );
    expect(fromThere).toMatchObject({ ok: false, reason: "throttled" });
    const fromElsewhere = await attemptSignIn(
      { email: user.email, password: "right password here", ip: "198.51.100.1" },
      minutes(11),
    );
    expect(fromElsewhere.ok).toBe(true);
  });

  it(`keeps attempts (personal data) for ${KEEP_ATTEMPTS_HOURS} hours only`, async () => {
    await recordSignInAttempt({ email: "a@example.gov.uk", ip: "203.0.113.9", outcome: "failed" }, NOW);
    await recordSignInAttempt(
      { email: "b@example.gov.uk", ip: null, outcome: "failed" },
      minutes(KEEP_ATTEMPTS_HOURS * 60 + 1),
    );
    const rows = await getDb().selectFrom("sign_in_attempts").select("email").execute();
    expect(rows).toEqual([{ email: "b@example.gov.uk" }]);
  });
});
