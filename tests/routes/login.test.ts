import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action as loginAction } from "../../app/routes/login";
import { action as logoutAction } from "../../app/routes/logout";
import { loader as dashboardLoader } from "../../app/routes/dashboard";
import {
  createSession,
  findSessionUser,
  SESSION_IDLE_HOURS,
  SESSION_LIFETIME_DAYS,
} from "../../app/models/session.server";
import { LOCKOUT_MINUTES, MAX_FAILURES_PER_EMAIL, recordSignInAttempt } from "../../app/models/sign-in.server";
import { commitCookieSession, getCookieSession } from "../../app/utils/session.server";
import { createAuthority, createTestUser } from "../factories";
import { call, getRequest, postRequest } from "../helpers/requests";

const HOUR = 60 * 60 * 1000;

async function cookieFor(sessionId: string): Promise<string> {
  const request = new Request("http://localhost");
  const session = await getCookieSession(request);
  session.set("sessionId", sessionId);
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
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("refuses a deactivated user", async () => {
    const user = await createTestUser({ password: "right password here" });
    await getDb().updateTable("users").set({ active: 0 }).where("id", "=", user.id).execute();
    const res = await call(loginAction, postRequest("/login", { email: user.email, password: "right password here" }));
    expect(res.status).toBe(400);
  });

  it("never redirects off-site after sign-in", async () => {
    const user = await createTestUser({ password: "right password here" });
    const res = await call(
      loginAction,
      postRequest("/login", { email: user.email, password: "right password here", redirectTo: "//evil.example" }),
    );
    expect(res.headers.get("Location")).toBe("/dashboard");
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
  it(`answers 429 after ${MAX_FAILURES_PER_EMAIL} wrong passwords, even for the right one, and lets the person in once the lock has passed`, async () => {
    const user = await createTestUser({ password: "right password here" });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
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
    const longAgo = new Date(Date.now() - (LOCKOUT_MINUTES + 1) * 60_000);
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      await recordSignInAttempt({ email: user.email, ip: null, outcome: "failed" }, longAgo);
    }
    const ok = await call(loginAction, postRequest("/login", { email: user.email, password: "right password here" }));
    expect(ok.status).toBe(302);
  });

  it("records the time of each successful sign-in and the client address from X-Forwarded-For", async () => {
    const user = await createTestUser({ password: "right password here" });
    const request = postRequest("/login", { email: user.email, password: "right password here" });
    request.headers.set("X-Forwarded-For", "203.0.113.7, 10.0.0.1");
    expect((await call(loginAction, request)).status).toBe(302);
    const row = await getDb()
      .selectFrom("users")
      .select("last_signed_in_at")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.last_signed_in_at).not.toBeNull();
    const attempts = await getDb().selectFrom("sign_in_attempts").select(["email", "ip", "outcome"]).execute();
    expect(attempts).toEqual([{ email: user.email, ip: "203.0.113.7", outcome: "succeeded" }]);
  });
});

describe("session expiry", () => {
  it(`ends a session idle for ${SESSION_IDLE_HOURS} hours, deleting it on sight`, async () => {
    const user = await createTestUser();
    const { id } = await createSession(user.id, new Date(Date.now() - (SESSION_IDLE_HOURS * HOUR + 60_000)));
    const res = await call(dashboardLoader, getRequest("/dashboard", await cookieFor(id)));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
    expect(await getDb().selectFrom("sessions").select("id").execute()).toHaveLength(0);
  });

  it("keeps a session in use alive, marking when it was last seen", async () => {
    const user = await createTestUser();
    const start = new Date("2024-09-02T09:00:00Z");
    const { id } = await createSession(user.id, start);
    const later = new Date(start.getTime() + (SESSION_IDLE_HOURS - 1) * HOUR);
    expect(await findSessionUser(id, later)).toMatchObject({ id: user.id });
    const evenLater = new Date(later.getTime() + (SESSION_IDLE_HOURS - 1) * HOUR);
    expect(await findSessionUser(id, evenLater)).toMatchObject({ id: user.id });
    const row = await getDb()
      .selectFrom("sessions")
      .select("last_seen_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at).toBe(evenLater.toISOString());
  });

  it(`ends a session ${SESSION_LIFETIME_DAYS} days after sign-in however busy it is`, async () => {
    const user = await createTestUser();
    const start = new Date("2024-09-02T09:00:00Z");
    const { id } = await createSession(user.id, start);
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
