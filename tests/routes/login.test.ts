import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action as loginAction } from "../../app/routes/login";
import { action as logoutAction } from "../../app/routes/logout";
import { loader as dashboardLoader } from "../../app/routes/dashboard";
import {
  createSession,
  findSessionUser,
  sessionTokenHash,
  SESSION_IDLE_HOURS,
  SESSION_LIFETIME_DAYS,
} from "../../app/models/session.server";
import { PAIR_RULE, recordSignInAttempt } from "../../app/models/sign-in.server";
import { safeRedirect } from "../../app/utils/auth.server";
import { commitCookieSession, getCookieSession } from "../../app/utils/session.server";
import { createAuthority, createTestUser } from "../factories";
import { call, getRequest, postRequest } from "../helpers/requests";

const HOUR = 60 * 60 * 1000;

async function cookieFor(token: string): Promise<string> {
  const request = new Request("http://localhost");
  const session = await getCookieSession(request);
  session.set("sessionToken", token);
  return (await commitCookieSession(request, session)).split(";")[0];
}

describe("sign in and out", () => {
  it("signs in with the right password, sets an HttpOnly SameSite=Lax cookie, and opens the dashboard", async () => {
    const authority = await createAuthority();
    const user = await createTestUser({
      role: "service_manager",
      authorityId: authority.id,
      password: "a long pass phrase",
    });
    const res = await call(
      loginAction,
      postRequest("/login", {
        email: user.email.toUpperCase(),
        password: "a long pass phrase",
        redirectTo: "/overdue",
      }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/overdue");
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = setCookie.split(";")[0];
    expect((await call(dashboardLoader, getRequest("/dashboard", cookie))).status).toBe(200);

    const out = await call(logoutAction, postRequest("/logout", {}, cookie));
    expect(out.status).toBe(302);
    expect(await getDb().selectFrom("sessions").selectAll().execute()).toHaveLength(0);
    expect((await call(dashboardLoader, getRequest("/dashboard", cookie))).status).toBe(302);
  });

  it("gives the same message for a wrong password and an unknown email", async () => {
    const user = await createTestUser({ password: "right password here" });
    const wrong = await call(loginAction, postRequest("/login", { email: user.email, password: "wrong" }));
    const unknown = await call(
      loginAction,
      postRequest("/login", { email: "nobody@example.gov.uk", password: "wrong" }),
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors).toEqual((await unknown.json()).errors);
  });

  it("refuses a deactivated user", async () => {
    const user = await createTestUser({ password: "right password here" });
    await getDb().updateTable("users").set({ active: 0 }).where("id", "=", user.id).execute();
    const res = await call(loginAction, postRequest("/login", { email: user.email, password: "right password here" }));
    expect(res.status).toBe(400);
  });

  // Each of these is read by a browser as another site (backslashes count as slashes; tab, newline
  // and carriage return are dropped from URLs), raw or percent-encoded.
  const OFF_SITE = [
    "//evil.example",
    "/\\evil.example/phish",
    "/%5Cevil.example/phish",
    "/%5cevil.example",
    "/%255Cevil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0d/evil.example",
    "/\n/evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/\\/evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    " /evil",
    "evil.example",
    "",
  ];

  it.each(OFF_SITE)("never redirects off-site after sign-in: %j", async (redirectTo) => {
    const user = await createTestUser({ password: "right password here" });
    const res = await call(
      loginAction,
      postRequest("/login", { email: user.email, password: "right password here", redirectTo }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/dashboard");
    // However it is resolved, the address stays on this site.
    expect(new URL(res.headers.get("Location")!, "https://plans.example").origin).toBe("https://plans.example");
  });

  it.each([
    ["/overdue", "/overdue"],
    ["/actions?status=in_progress&page=2", "/actions?status=in_progress&page=2"],
    ["/actions/12#evidence", "/actions/12#evidence"],
    ["/audit?q=caf%C3%A9", "/audit?q=caf%C3%A9"],
  ])("still goes back to a page on this site: %s", (to, expected) => {
    expect(safeRedirect(to, "/dashboard")).toBe(expected);
  });

  it("stores passwords as argon2 hashes", async () => {
    const user = await createTestUser({ password: "right password here" });
    const row = await getDb()
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });
});

describe("sign-in throttling", () => {
  it(`answers 429 after ${PAIR_RULE.limit} wrong passwords, even for the right one, and lets the person in once the lock has passed`, async () => {
    const user = await createTestUser({ password: "right password here" });
    for (let i = 0; i < PAIR_RULE.limit; i++) {
      const wrong = await call(loginAction, postRequest("/login", { email: user.email, password: `wrong ${i}` }));
      expect(wrong.status).toBe(400);
    }
    const locked = await call(
      loginAction,
      postRequest("/login", { email: user.email, password: "right password here" }),
    );
    expect(locked.status).toBe(429);
    expect(locked.headers.get("Set-Cookie")).toBeNull();
    const body = (await locked.json()) as { errors: { email: string } };
    expect(body.errors.email).toMatch(/too many attempts to sign in\. Wait 15 minutes, then try again/);

    // The same failures, long enough ago: the lock has passed.
    await getDb().deleteFrom("sign_in_attempts").execute();
    const longAgo = new Date(Date.now() - (PAIR_RULE.lockMinutes + 1) * 60_000);
    for (let i = 0; i < PAIR_RULE.limit; i++) {
      await recordSignInAttempt({ email: user.email, ip: null, outcome: "failed" }, longAgo);
    }
    const ok = await call(loginAction, postRequest("/login", { email: user.email, password: "right password here" }));
    expect(ok.status).toBe(302);
  });

  it("records the time of each successful sign-in and the client address the server saw, never X-Forwarded-For", async () => {
    const user = await createTestUser({ password: "right password here" });
    const request = postRequest("/login", { email: user.email, password: "right password here" });
    request.headers.set("X-Forwarded-For", "203.0.113.7, 10.0.0.1");
    expect((await call(loginAction, request, {}, { clientAddress: "198.51.100.4" })).status).toBe(302);
    const row = await getDb()
      .selectFrom("users")
      .select("last_signed_in_at")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.last_signed_in_at).not.toBeNull();
    const attempts = await getDb().selectFrom("sign_in_attempts").select(["email", "ip", "outcome"]).execute();
    expect(attempts).toEqual([{ email: user.email, ip: "198.51.100.4", outcome: "succeeded" }]);
  });

  it("a client cannot dodge the limit by writing a new X-Forwarded-For each time", async () => {
    const user = await createTestUser({ password: "right password here" });
    for (let i = 0; i < PAIR_RULE.limit + 3; i++) {
      const request = postRequest("/login", { email: user.email, password: `guess ${i}` });
      request.headers.set("X-Forwarded-For", `203.0.113.${i}`);
      await call(loginAction, request, {}, { clientAddress: "198.51.100.4" });
    }
    const attempts = await getDb().selectFrom("sign_in_attempts").select(["ip", "outcome"]).execute();
    expect(attempts.filter((a) => a.outcome === "failed")).toHaveLength(PAIR_RULE.limit);
    expect(new Set(attempts.map((a) => a.ip))).toEqual(new Set(["198.51.100.4"]));
  });

  it("30 wrong passwords at once through the sign-in page: at most the limit are checked", async () => {
    const user = await createTestUser({ password: "right password here" });
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(
          loginAction,
          postRequest("/login", { email: user.email, password: `guess ${i}` }),
          {},
          {
            clientAddress: "203.0.113.5",
          },
        ),
      ),
    );
    expect(responses.filter((r) => r.status === 400)).toHaveLength(PAIR_RULE.limit);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(30 - PAIR_RULE.limit);
  });

  it("remembers a browser after a successful sign-in, and a guesser elsewhere does not lock it out", async () => {
    const user = await createTestUser({ password: "right password here" });
    const first = await call(
      loginAction,
      postRequest("/login", { email: user.email, password: "right password here" }),
      {},
      { clientAddress: "198.51.100.4" },
    );
    const browserCookie = first.headers
      .get("Set-Cookie")!
      .split(/,(?=\s*__followthrough)/)
      .map((c) => c.trim().split(";")[0])
      .find((c) => c.startsWith("__followthrough_browser="));
    expect(browserCookie).toBeDefined();
    expect(first.headers.get("Set-Cookie")).toMatch(/__followthrough_browser=[^;]+;.*HttpOnly/);

    // Guesses from many addresses: beyond the slow per-e-mail limit.
    for (let i = 0; i < 40; i++) {
      await call(
        loginAction,
        postRequest("/login", { email: user.email, password: `guess ${i}` }),
        {},
        {
          clientAddress: `203.0.113.${i}`,
        },
      );
    }
    const stranger = await call(
      loginAction,
      postRequest("/login", { email: user.email, password: "right password here" }),
      {},
      { clientAddress: "192.0.2.8" },
    );
    expect(stranger.status).toBe(429);

    const own = postRequest("/login", { email: user.email, password: "right password here" });
    own.headers.set("Cookie", browserCookie!);
    const back = await call(loginAction, own, {}, { clientAddress: "192.0.2.8" });
    expect(back.status).toBe(302);
    // A browser already known for this e-mail keeps its cookie.
    expect(back.headers.get("Set-Cookie")).not.toMatch(/__followthrough_browser/);

    // The cookie vouches for its own e-mail address only.
    const other = await createTestUser({ password: "right password here" });
    for (let i = 0; i < PAIR_RULE.limit; i++) {
      const guess = postRequest("/login", { email: other.email, password: `guess ${i}` });
      await call(loginAction, guess, {}, { clientAddress: "192.0.2.9" });
    }
    const borrowed = postRequest("/login", { email: other.email, password: "right password here" });
    borrowed.headers.set("Cookie", browserCookie!);
    expect((await call(loginAction, borrowed, {}, { clientAddress: "192.0.2.9" })).status).toBe(429);
  });
});

describe("session expiry", () => {
  it(`ends a session idle for ${SESSION_IDLE_HOURS} hours, deleting it on sight`, async () => {
    const user = await createTestUser();
    const { token } = await createSession(user.id, new Date(Date.now() - (SESSION_IDLE_HOURS * HOUR + 60_000)));
    const res = await call(dashboardLoader, getRequest("/dashboard", await cookieFor(token)));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
    expect(await getDb().selectFrom("sessions").select("id").execute()).toHaveLength(0);
  });

  it("keeps a session in use alive, marking when it was last seen", async () => {
    const user = await createTestUser();
    const start = new Date("2024-09-02T09:00:00Z");
    const { token } = await createSession(user.id, start);
    const later = new Date(start.getTime() + (SESSION_IDLE_HOURS - 1) * HOUR);
    expect(await findSessionUser(token, later)).toMatchObject({ id: user.id });
    const evenLater = new Date(later.getTime() + (SESSION_IDLE_HOURS - 1) * HOUR);
    expect(await findSessionUser(token, evenLater)).toMatchObject({ id: user.id });
    const row = await getDb()
      .selectFrom("sessions")
      .select("last_seen_at")
      .where("user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at).toBe(evenLater.toISOString());
  });

  it(`ends a session ${SESSION_LIFETIME_DAYS} days after sign-in however busy it is`, async () => {
    const user = await createTestUser();
    const start = new Date("2024-09-02T09:00:00Z");
    const { token: id } = await createSession(user.id, start);
    const end = new Date(start.getTime() + SESSION_LIFETIME_DAYS * 24 * HOUR);
    await getDb()
      .updateTable("sessions")
      .set({ last_seen_at: new Date(end.getTime() - HOUR).toISOString() })
      .execute();
    expect(await findSessionUser(id, new Date(end.getTime() - 60_000))).toMatchObject({ id: user.id });
    expect(await findSessionUser(id, end)).toBeUndefined();
    expect(await getDb().selectFrom("sessions").select("id").execute()).toHaveLength(0);
  });
});

describe("stored sessions", () => {
  it("are not kept once ended: starting a session clears those past their time", async () => {
    const user = await createTestUser();
    const now = new Date("2024-09-02T09:00:00Z");
    await createSession(user.id, new Date(now.getTime() - SESSION_LIFETIME_DAYS * 24 * HOUR - 60_000));
    await createSession(user.id, new Date(now.getTime() - (SESSION_IDLE_HOURS * HOUR + 60_000)));
    const live = await createSession(user.id, new Date(now.getTime() - HOUR));
    await createSession(user.id, now);
    const kept = await getDb().selectFrom("sessions").select("id").execute();
    expect(kept).toHaveLength(2);
    expect(kept.map((s) => s.id)).toContain(sessionTokenHash(live.token));
  });

  it("keeps only a hash of each session's token: reading the database gives no usable session", async () => {
    const user = await createTestUser({ password: "right password here" });
    const res = await call(loginAction, postRequest("/login", { email: user.email, password: "right password here" }));
    const cookie = res.headers.get("Set-Cookie")!.split(";")[0];
    const session = await getCookieSession(new Request("http://localhost", { headers: { Cookie: cookie } }));
    const token = session.get("sessionToken")!;
    const stored = await getDb().selectFrom("sessions").select("id").execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].id).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].id).not.toBe(token);
    expect(stored[0].id).toBe(sessionTokenHash(token));

    // Someone with a copy of the database puts what they read there in a cookie: nobody is signed in.
    const forged = await cookieFor(stored[0].id);
    expect((await call(dashboardLoader, getRequest("/dashboard", forged))).status).toBe(302);
    expect((await call(dashboardLoader, getRequest("/dashboard", cookie))).status).toBe(200);
  });
});
