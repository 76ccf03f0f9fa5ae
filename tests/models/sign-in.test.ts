import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import {
  ADDRESS_RULE,
  attemptSignIn,
  EMAIL_RULE,
  KEEP_ATTEMPTS_HOURS,
  KNOWN_BROWSER_RULE,
  PAIR_RULE,
  recordSignInAttempt,
  signInBlockedUntil,
} from "../../app/models/sign-in.server";
import { createTestUser, NOW } from "../factories";

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const RIGHT = "right password here";

async function fail(email: string, at: Date, ip: string | null = null, browser: string | null = null) {
  const result = await attemptSignIn({ email, password: "not the password", ip, browser }, at);
  expect(result.ok).toBe(false);
  return result;
}

const signIn = (email: string, at: Date, ip: string | null = null, browser: string | null = null) =>
  attemptSignIn({ email, password: RIGHT, ip, browser }, at);

async function outcomes() {
  const rows = await getDb().selectFrom("sign_in_attempts").select("outcome").execute();
  return {
    checked: rows.filter((r) => r.outcome !== "refused").length,
    refused: rows.filter((r) => r.outcome === "refused").length,
  };
}

describe("sign-in throttling from one place", () => {
  it(`refuses even the right password after ${PAIR_RULE.limit} failures, until ${PAIR_RULE.lockMinutes} minutes after the last`, async () => {
    const user = await createTestUser({ password: RIGHT });
    for (let i = 0; i < PAIR_RULE.limit; i++)
      expect(await fail(user.email, minutes(i), "203.0.113.5")).toEqual({ ok: false, reason: "invalid" });

    const lastFailure = minutes(PAIR_RULE.limit - 1);
    const refused = await attemptSignIn(
      { email: user.email.toUpperCase(), password: RIGHT, ip: "203.0.113.5", browser: null },
      minutes(6),
    );
    expect(refused).toEqual({
      ok: false,
      reason: "throttled",
      retryAt: new Date(lastFailure.getTime() + PAIR_RULE.lockMinutes * 60_000),
    });

    // Refused attempts do not extend the lock.
    await signIn(user.email, minutes(17), "203.0.113.5");
    expect(await signIn(user.email, minutes(19), "203.0.113.5")).toEqual({ ok: true, userId: user.id });
    const row = await getDb()
      .selectFrom("users")
      .select("last_signed_in_at")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.last_signed_in_at).toBe(minutes(19).toISOString());
  });

  it("throttles unknown email addresses the same way, so the answer does not reveal which exist", async () => {
    for (let i = 0; i < PAIR_RULE.limit; i++) await fail("nobody@example.gov.uk", minutes(i));
    const client = { email: "nobody@example.gov.uk", ip: null, browser: null };
    expect(await signInBlockedUntil(client, minutes(5))).not.toBeNull();
  });

  it("does not lock for failures spread over more than the window, or broken by a successful sign-in", async () => {
    const user = await createTestUser({ password: RIGHT });
    for (let i = 0; i < PAIR_RULE.limit; i++) await fail(user.email, minutes(i * 4));
    expect(await signInBlockedUntil({ email: user.email, ip: null, browser: null }, minutes(17))).toBeNull();

    const other = await createTestUser({ password: RIGHT });
    for (let i = 0; i < PAIR_RULE.limit - 1; i++) await fail(other.email, minutes(i));
    expect((await signIn(other.email, minutes(5))).ok).toBe(true);
    await fail(other.email, minutes(6));
    expect(await signInBlockedUntil({ email: other.email, ip: null, browser: null }, minutes(7))).toBeNull();
  });

  it(`locks one client address after ${ADDRESS_RULE.limit} failures across any email addresses`, async () => {
    const user = await createTestUser({ password: RIGHT });
    for (let i = 0; i < ADDRESS_RULE.limit; i++)
      await fail(`guess${i}@example.gov.uk`, minutes(i * 0.5), "203.0.113.9");
    expect(await signIn(user.email, minutes(11), "203.0.113.9")).toMatchObject({ ok: false, reason: "throttled" });
    expect((await signIn(user.email, minutes(11), "198.51.100.1")).ok).toBe(true);
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

describe("sign-in throttling under a burst", () => {
  it(`checks at most ${PAIR_RULE.limit} of 30 wrong passwords sent at once`, async () => {
    const user = await createTestUser({ password: RIGHT });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        attemptSignIn({ email: user.email, password: `guess ${i}`, ip: "203.0.113.5", browser: null }, NOW),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(PAIR_RULE.limit);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(30 - PAIR_RULE.limit);
    expect(await outcomes()).toEqual({ checked: PAIR_RULE.limit, refused: 30 - PAIR_RULE.limit });
  });

  it("checks at most the per-address limit when a burst tries many e-mail addresses", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        attemptSignIn({ email: `guess${i}@example.gov.uk`, password: "x", ip: "203.0.113.5", browser: null }, NOW),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(ADDRESS_RULE.limit);
    expect((await outcomes()).checked).toBe(ADDRESS_RULE.limit);
  });
});

describe("a guesser cannot lock the real person out", () => {
  it("failures from one address never stop the person signing in from another", async () => {
    const user = await createTestUser({ password: RIGHT });
    for (let i = 0; i < 30; i++) await fail(user.email, minutes(i * 0.1), "203.0.113.66");
    expect(await signIn(user.email, minutes(4), "198.51.100.20")).toEqual({ ok: true, userId: user.id });
    // The guesser is still locked out where they are.
    expect(await signIn(user.email, minutes(4), "203.0.113.66")).toMatchObject({ reason: "throttled" });
  });

  it(`a guesser with many addresses meets the slow per-e-mail limit (${EMAIL_RULE.limit} an hour), which leaves the person's own browser alone`, async () => {
    const user = await createTestUser({ password: RIGHT });
    // The person signed in on their own browser before: it is known for their e-mail.
    expect((await signIn(user.email, minutes(0), "198.51.100.20", "the-persons-browser")).ok).toBe(true);

    // Guesses from 20 addresses, a few from each: each address stays under its own limits.
    let checked = 0;
    for (let address = 0; address < 20; address++) {
      for (let i = 0; i < 3; i++) {
        const result = await attemptSignIn(
          { email: user.email, password: `guess ${address}.${i}`, ip: `203.0.113.${address}`, browser: null },
          minutes(1 + address * 0.5 + i * 0.1),
        );
        if (!result.ok && result.reason === "invalid") checked++;
      }
    }
    expect(checked).toBe(EMAIL_RULE.limit);

    // A browser that never signed in for this e-mail is refused for now, wherever it is...
    expect(await signIn(user.email, minutes(12), "192.0.2.1")).toMatchObject({ reason: "throttled" });
    // ...but on their own browser the person signs in as usual.
    expect(await signIn(user.email, minutes(12), "192.0.2.1", "the-persons-browser")).toEqual({
      ok: true,
      userId: user.id,
    });
  });

  it(`a known browser's own wrong passwords lock only that browser, after ${KNOWN_BROWSER_RULE.limit}`, async () => {
    const user = await createTestUser({ password: RIGHT });
    for (let i = 0; i < KNOWN_BROWSER_RULE.limit; i++) await fail(user.email, minutes(i), "198.51.100.20", "browser-a");
    expect(await signIn(user.email, minutes(6), "198.51.100.20", "browser-a")).toMatchObject({
      reason: "throttled",
    });
    expect((await signIn(user.email, minutes(6), "198.51.100.20", "browser-b")).ok).toBe(true);
    expect((await signIn(user.email, minutes(6), "198.51.100.20", null)).ok).toBe(true);
  });

  it("keeps only a hash of a known browser's id", async () => {
    await fail("someone@example.gov.uk", NOW, null, "browser-secret-id");
    const [row] = await getDb().selectFrom("sign_in_attempts").select("browser").execute();
    expect(row.browser).toMatch(/^[0-9a-f]{64}$/);
    expect(row.browser).not.toContain("browser-secret-id");
  });
});
