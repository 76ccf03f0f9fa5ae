import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { totpCode } from "../../app/domain/second-factor";
import { confirmEnrolment, enrolmentSecret, setSecondFactorRequired } from "../../app/models/second-factor.server";
import { saveSsoProvider } from "../../app/models/sso.server";
import { action as loginAction } from "../../app/routes/login";
import { action as codeAction, loader as codeLoader } from "../../app/routes/login_.code";
import { loader as dashboardLoader } from "../../app/routes/dashboard";
import { loader as setupLoader, action as setupAction } from "../../app/routes/account_.second-factor";
import { action as ssoAdminAction } from "../../app/routes/admin.councils_.$councilId.sso";
import { loader as callbackLoader } from "../../app/routes/auth.sso.callback";
import { loader as startLoader } from "../../app/routes/auth.sso.start";
import { ADDRESS_RULE } from "../../app/models/sign-in.server";
import { matchSsoUser, saveSsoSignIn } from "../../app/models/sso-users.server";
import { userStatus } from "../../app/models/user.server";
import { action as peopleAction, loader as peopleLoader } from "../../app/routes/people";
import { createAuthority, createTestUser } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

const cookieOf = (response: Response) => (response.headers.get("Set-Cookie") ?? "").split(";")[0];

async function withSecondFactor() {
  const user = await createTestUser();
  const now = new Date();
  const secret = (await enrolmentSecret(user.id, now))!;
  const confirmed = await confirmEnrolment(user.id, totpCode(secret, new Date(now.getTime() - 30_000)), now);
  if (!confirmed.ok) throw new Error("not enrolled");
  return { user, secret, recoveryCodes: confirmed.recoveryCodes };
}

async function passwordStep(email: string, password: string) {
  return call(loginAction, postRequest("/login", { email, password, redirectTo: "/overdue" }));
}

async function connectSso(authorityId: number, admin: { id: number }, passwordSignIn = true) {
  await saveSsoProvider(
    { id: admin.id, role: "admin", authorityId: null },
    authorityId,
    {
      issuer: "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0",
      tenantId: "11111111-2222-3333-4444-555555555555",
      clientId: "client-id",
      clientSecret: "very secret value",
      domains: ["alpha.gov.uk"],
      rolesClaim: null,
      roleMap: [],
      passwordSignIn,
    },
    new Date(),
  );
}

describe("e-mail first", () => {
  it("asks for the password next for a domain without single sign-on, whether or not an account exists", async () => {
    const user = await createTestUser();
    for (const email of [user.email, "nobody@example.gov.uk"]) {
      const response = await call(loginAction, postRequest("/login", { email }));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ step: "password", email });
    }
  });

  it("sends anyone at a council's single sign-on domain to its provider, account or not", async () => {
    const authority = await createAuthority();
    const admin = await createTestUser({ role: "admin" });
    await connectSso(authority.id, admin);
    const response = await call(
      loginAction,
      postRequest("/login", { email: "anyone@Alpha.gov.uk", redirectTo: "//evil.example" }),
    );
    const body = await response.json();
    expect(body.step).toBe("sso");
    expect(body.startUrl).toBe(
      `/auth/sso/start?council=${authority.id}&email=anyone%40Alpha.gov.uk&redirectTo=%2Fdashboard`,
    );
  });

  it("refuses a password for a council that signs in only through its provider, except a break-glass account", async () => {
    const authority = await createAuthority();
    const admin = await createTestUser({ role: "admin" });
    await connectSso(authority.id, admin, false);
    const user = await createTestUser({ authorityId: authority.id, role: "service_manager" });
    const refused = await passwordStep(user.email, user.password);
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors.email).toBe("Enter a correct email address and password");
    await getDb().updateTable("users").set({ break_glass: 1 }).where("id", "=", user.id).execute();
    expect((await passwordStep(user.email, user.password)).status).toBe(302);
  });
});

describe("second factor at sign-in", () => {
  it("asks for a code after the right password, then signs in with it (once) and audits the method", async () => {
    const { user, secret } = await withSecondFactor();
    const afterPassword = await passwordStep(user.email, user.password);
    expect(afterPassword.headers.get("Location")).toBe("/login/code");
    const pending = cookieOf(afterPassword);
    // The password alone opens nothing.
    expect((await call(dashboardLoader, getRequest("/dashboard", pending))).status).toBe(302);
    expect((await call(codeLoader, getRequest("/login/code", pending))).status).toBe(200);

    const wrong = await call(codeAction, postRequest("/login/code", { code: "000000" }, pending));
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors.code).toMatch(/current code/);

    const code = totpCode(secret, new Date());
    const signedIn = await call(codeAction, postRequest("/login/code", { code }, pending));
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("Location")).toBe("/overdue");
    expect((await call(dashboardLoader, getRequest("/dashboard", cookieOf(signedIn)))).status).toBe(200);

    const again = await passwordStep(user.email, user.password);
    const reused = await call(codeAction, postRequest("/login/code", { code }, cookieOf(again)));
    expect(reused.status).toBe(400);
    expect((await reused.json()).errors.code).toMatch(/already been used/);

    const events = await getDb()
      .selectFrom("audit_events")
      .select("after")
      .where("event", "=", "user.signed_in")
      .execute();
    expect(events.map((e) => JSON.parse(e.after!).method)).toEqual(["password and code"]);
  });

  it("signs in with a recovery code once", async () => {
    const { user, recoveryCodes } = await withSecondFactor();
    const first = await passwordStep(user.email, user.password);
    expect(
      (await call(codeAction, postRequest("/login/code", { code: recoveryCodes[0] }, cookieOf(first)))).status,
    ).toBe(302);
    const second = await passwordStep(user.email, user.password);
    const reused = await call(codeAction, postRequest("/login/code", { code: recoveryCodes[0] }, cookieOf(second)));
    expect(reused.status).toBe(400);
  });

  it("throttles codes like passwords", async () => {
    const { user, secret } = await withSecondFactor();
    const pending = cookieOf(await passwordStep(user.email, user.password));
    for (let i = 0; i < 5; i++) {
      expect((await call(codeAction, postRequest("/login/code", { code: String(100000 + i) }, pending))).status).toBe(
        400,
      );
    }
    const locked = await call(codeAction, postRequest("/login/code", { code: totpCode(secret, new Date()) }, pending));
    expect(locked.status).toBe(429);
  });

  it("sends the code page back to the start without a password first", async () => {
    expect((await call(codeLoader, getRequest("/login/code"))).headers.get("Location")).toBe("/login?expired=1");
    expect((await call(codeAction, postRequest("/login/code", { code: "123456" }))).status).toBe(302);
  });

  it("when required, a person without one must set it up before any other page opens", async () => {
    const admin = await createTestUser({ role: "admin" });
    await setSecondFactorRequired(admin.actor, true, new Date());
    const user = await createTestUser();
    const signedIn = await passwordStep(user.email, user.password);
    expect(signedIn.headers.get("Location")).toBe("/account/second-factor");
    const cookie = cookieOf(signedIn);
    const dashboard = await call(dashboardLoader, getRequest("/dashboard", cookie));
    expect(dashboard.headers.get("Location")).toBe("/account/second-factor");
    expect((await call(setupLoader, getRequest("/account/second-factor", cookie))).status).toBe(200);
    const row = await getDb()
      .selectFrom("second_factors")
      .select("secret")
      .where("user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    const { openSecret } = await import("../../app/utils/secret-box.server");
    const secret = openSecret("second-factor", `user:${user.id}`, row.secret)!;
    const confirmed = await call(
      setupAction,
      postRequest("/account/second-factor", { intent: "confirm", code: totpCode(secret, new Date()) }, cookie),
    );
    expect(confirmed.status).toBe(200);
    expect((await confirmed.json()).recoveryCodes).toHaveLength(10);
    expect((await call(dashboardLoader, getRequest("/dashboard", cookie))).status).toBe(200);
    const removed = await call(setupAction, postRequest("/account/second-factor", { intent: "remove" }, cookie));
    expect(removed.status).toBe(400);
  });
});

describe("turning one's own second factor off", () => {
  const turnOff = (cookie: string, currentCode?: string) =>
    call(
      setupAction,
      postRequest(
        "/account/second-factor",
        currentCode === undefined ? { intent: "remove" } : { intent: "remove", currentCode },
        cookie,
      ),
    );
  const isOn = async (userId: number) =>
    (await getDb().selectFrom("second_factors").select("confirmed_at").where("user_id", "=", userId).executeTakeFirst())
      ?.confirmed_at != null;

  it("asks for a current code: none or a wrong one keeps it on; the right one turns it off, audited", async () => {
    const { user, secret } = await withSecondFactor();
    const cookie = await sessionCookie(user.id);
    expect((await turnOff(cookie)).status).toBe(400);
    const missing = await turnOff(cookie, "  ");
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors.currentCode).toMatch(/Enter the code from your authenticator app/);
    const wrong = await turnOff(cookie, "000000");
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors.currentCode).toMatch(/Enter the current code/);
    expect(await isOn(user.id)).toBe(true);

    const off = await turnOff(cookie, totpCode(secret, new Date()));
    expect(off.status).toBe(302);
    expect(await isOn(user.id)).toBe(false);
    const event = await getDb()
      .selectFrom("audit_events")
      .select(["user_id", "after"])
      .where("event", "=", "user.second_factor_removed")
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ user_id: user.id, after: JSON.stringify({ confirmed_with: "code" }) });
  });

  it("takes a recovery code instead, and not one already used", async () => {
    const { user, recoveryCodes } = await withSecondFactor();
    const cookie = await sessionCookie(user.id);
    const first = await passwordStep(user.email, user.password);
    await call(codeAction, postRequest("/login/code", { code: recoveryCodes[0] }, cookieOf(first)));
    const used = await turnOff(cookie, recoveryCodes[0]);
    expect(used.status).toBe(400);
    expect((await used.json()).errors.currentCode).toMatch(/already been used/);
    expect(await isOn(user.id)).toBe(true);
    expect((await turnOff(cookie, recoveryCodes[1])).status).toBe(302);
    expect(await isOn(user.id)).toBe(false);
  });

  it("throttles wrong codes like passwords", async () => {
    const { user, secret } = await withSecondFactor();
    const cookie = await sessionCookie(user.id);
    for (let i = 0; i < 5; i++) expect((await turnOff(cookie, String(200000 + i))).status).toBe(400);
    const locked = await turnOff(cookie, totpCode(secret, new Date()));
    expect(locked.status).toBe(429);
    expect((await locked.json()).errors.currentCode).toMatch(/too many wrong codes/);
    expect(await isOn(user.id)).toBe(true);
  });
});

describe("single sign-on", () => {
  it("an administrator's client secret is stored encrypted and never in the audit log", async () => {
    const authority = await createAuthority();
    const admin = await createTestUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const form = {
      intent: "save",
      issuer: "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0",
      tenantId: "11111111-2222-3333-4444-555555555555",
      clientId: "abc",
      clientSecret: "s3cret-value-here",
      domains: "alpha.gov.uk\nALPHA-schools.org.uk",
      rolesClaim: "roles",
      roleMap: "Followthrough.Lead = improvement lead\nFollowthrough.Board = board member",
      passwordSignIn: "no",
    };
    const path = `/admin/councils/${authority.id}/sso`;
    const saved = await call(ssoAdminAction, postRequest(path, form, cookie), { councilId: String(authority.id) });
    expect(saved.status).toBe(302);
    const row = await getDb().selectFrom("sso_providers").selectAll().executeTakeFirstOrThrow();
    expect(row.client_secret).not.toContain("s3cret");
    const audit = await getDb()
      .selectFrom("audit_events")
      .select(["before", "after"])
      .where("event", "like", "authority.sso%")
      .execute();
    expect(JSON.stringify(audit)).not.toContain("s3cret");
    expect(JSON.stringify(audit)).toContain("alpha-schools.org.uk");
    // Saved again without a secret: the old one is kept.
    const again = await call(
      ssoAdminAction,
      postRequest(path, { ...form, clientSecret: "", passwordSignIn: "yes" }, cookie),
      {
        councilId: String(authority.id),
      },
    );
    expect(again.status).toBe(302);
    const after = await getDb().selectFrom("sso_providers").select("client_secret").executeTakeFirstOrThrow();
    expect(after.client_secret).toBe(row.client_secret);
    // Another council cannot claim the same domain.
    const other = await createAuthority();
    const clash = await call(ssoAdminAction, postRequest(`/admin/councils/${other.id}/sso`, form, cookie), {
      councilId: String(other.id),
    });
    expect(clash.status).toBe(400);
    expect((await clash.json()).errors.domains).toMatch(/signs in through .*provider already/);
  });

  it("refuses a provider's answer with no state this browser started, with a clear page", async () => {
    const response = await call(callbackLoader, getRequest("/auth/sso/callback?code=abc&state=made-up"));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ problem: "state" });
  });

  it("audits a refused answer with its reason (never the code or the state) and counts it like a wrong password", async () => {
    const context = { clientAddress: "203.0.113.9" };
    const response = await call(
      callbackLoader,
      getRequest("/auth/sso/callback?code=secret-code-123&state=made-up-state-456"),
      {},
      context,
    );
    expect(response.status).toBe(400);
    const events = await getDb()
      .selectFrom("audit_events")
      .select(["authority_id", "entity_type", "after"])
      .where("event", "=", "authority.sso_sign_in_refused")
      .execute();
    expect(events).toHaveLength(1);
    // A made-up state names no council: only administrators read it.
    expect(events[0].authority_id).toBeNull();
    expect(JSON.parse(events[0].after!)).toEqual({ reason: "state", stage: "callback" });
    expect(JSON.stringify(events)).not.toMatch(/secret-code-123|made-up-state-456/);
    const attempts = await getDb().selectFrom("sign_in_attempts").select(["ip", "outcome"]).execute();
    expect(attempts).toEqual([{ ip: "203.0.113.9", outcome: "failed" }]);
  });

  it("records a refusal in the council's log when the answer's state was started for it in another browser", async () => {
    const authority = await createAuthority();
    const admin = await createTestUser({ role: "admin" });
    await connectSso(authority.id, admin);
    await saveSsoSignIn(
      { state: "started-elsewhere", authorityId: authority.id, nonce: "n", codeVerifier: "v", redirectTo: "/" },
      new Date(),
    );
    const response = await call(callbackLoader, getRequest("/auth/sso/callback?code=x&state=started-elsewhere"));
    expect(await response.json()).toMatchObject({ problem: "state" });
    const event = await getDb()
      .selectFrom("audit_events")
      .select(["authority_id", "entity_id"])
      .where("event", "=", "authority.sso_sign_in_refused")
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ authority_id: authority.id, entity_id: authority.id });
    // The sign-in is not used up by another browser's attempt: the person's own browser may still finish it.
    const left = await getDb().selectFrom("sso_sign_ins").select("authority_id").execute();
    expect(left).toHaveLength(1);
  });

  it("locks a client address out after as many refused answers as wrong passwords, for single sign-on and passwords alike", async () => {
    const user = await createTestUser();
    const from = (clientAddress: string) => ({ clientAddress });
    const answer = (clientAddress: string) =>
      call(callbackLoader, getRequest("/auth/sso/callback?code=x&state=forged"), {}, from(clientAddress));
    for (let i = 0; i < ADDRESS_RULE.limit; i++) expect((await answer("198.51.100.7")).status).toBe(400);
    const locked = await answer("198.51.100.7");
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ problem: "throttled", minutes: ADDRESS_RULE.lockMinutes });
    // Refused by the throttle: not checked, so not audited again.
    const audited = await getDb()
      .selectFrom("audit_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("event", "=", "authority.sso_sign_in_refused")
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(ADDRESS_RULE.limit);
    const start = await call(startLoader, getRequest("/auth/sso/start?council=1"), {}, from("198.51.100.7"));
    expect(start.status).toBe(429);
    const password = await call(
      loginAction,
      postRequest("/login", { email: user.email, password: user.password }),
      {},
      from("198.51.100.7"),
    );
    expect(password.status).toBe(429);
    // Another address is not affected.
    expect((await answer("198.51.100.8")).status).toBe(400);
  });

  it("counts a start for a council without single sign-on as a failure, with nothing to audit", async () => {
    const response = await call(
      startLoader,
      getRequest("/auth/sso/start?council=999999&email=a%40b.gov.uk"),
      {},
      { clientAddress: "192.0.2.44" },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ problem: "not_configured" });
    const attempts = await getDb().selectFrom("sign_in_attempts").select(["ip", "outcome"]).execute();
    expect(attempts).toEqual([{ ip: "192.0.2.44", outcome: "failed" }]);
    const audited = await getDb().selectFrom("audit_events").select("event").execute();
    expect(audited).toEqual([]);
  });
});

describe("someone waiting for access after their first single sign-on", () => {
  async function waiting() {
    const authority = await createAuthority();
    const admin = await createTestUser({ role: "admin" });
    await connectSso(authority.id, admin);
    const first = await matchSsoUser(
      { authorityId: authority.id, rolesClaim: null, roleMap: [] },
      { email: "nina@alpha.gov.uk", name: "Nina New", claims: {} },
      new Date(),
    );
    expect(first).toEqual({ ok: false, reason: "pending" });
    const nina = await getDb()
      .selectFrom("users")
      .select(["id", "active", "pending"])
      .where("email", "=", "nina@alpha.gov.uk")
      .executeTakeFirstOrThrow();
    const lead = await createTestUser({ authorityId: authority.id, role: "improvement_lead" });
    return { authority, nina, lead };
  }

  it("is given a role by their council's lead, audited; then the provider signs them in", async () => {
    const { authority, nina, lead } = await waiting();
    const cookie = await sessionCookie(lead.id);
    const page = await (await call(peopleLoader, getRequest("/people", cookie))).json();
    expect(page.singleSignOn).toBe(true);
    expect(page.people).toContainEqual(expect.objectContaining({ id: nina.id, status: "pending", manageable: true }));
    const given = await call(
      peopleAction,
      postRequest("/people", { intent: "give_access", userId: String(nina.id), role: "service_manager" }, cookie),
    );
    expect(given.status).toBe(302);
    const after = await getDb()
      .selectFrom("users")
      .select(["role", "active", "pending"])
      .where("id", "=", nina.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ role: "service_manager", active: 1, pending: 0 });
    const event = await getDb()
      .selectFrom("audit_events")
      .select(["user_id", "authority_id", "after"])
      .where("event", "=", "user.access_given")
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      user_id: lead.id,
      authority_id: authority.id,
      after: JSON.stringify({ role: "service_manager", active: 1 }),
    });
    const again = await matchSsoUser(
      { authorityId: authority.id, rolesClaim: null, roleMap: [] },
      { email: "nina@alpha.gov.uk", name: "Nina New", claims: {} },
      new Date(),
    );
    expect(again).toEqual({ ok: true, userId: nina.id });
    // Not waiting any more: nothing to give.
    const twice = await call(
      peopleAction,
      postRequest("/people", { intent: "give_access", userId: String(nina.id), role: "board_member" }, cookie),
    );
    expect(twice.status).toBe(409);
  });

  it("reads as active once signed in through the provider, though they never chose a password", () => {
    const base = { active: 1, pending: 0, password_set_at: null };
    expect(userStatus({ ...base, last_signed_in_at: null })).toBe("invited");
    expect(userStatus({ ...base, last_signed_in_at: "2026-12-01T09:00:00.000Z" })).toBe("active");
    expect(userStatus({ ...base, pending: 1, last_signed_in_at: null })).toBe("pending");
  });

  it("cannot be given access by another council's lead, nor made a lead", async () => {
    const { nina, lead } = await waiting();
    const other = await createTestUser({ authorityId: (await createAuthority()).id, role: "improvement_lead" });
    const elsewhere = await call(
      peopleAction,
      postRequest(
        "/people",
        { intent: "give_access", userId: String(nina.id), role: "board_member" },
        await sessionCookie(other.id),
      ),
    );
    expect(elsewhere.status).toBe(404);
    const asLead = await call(
      peopleAction,
      postRequest(
        "/people",
        { intent: "give_access", userId: String(nina.id), role: "improvement_lead" },
        await sessionCookie(lead.id),
      ),
    );
    expect(asLead.status).toBe(400);
    const still = await getDb()
      .selectFrom("users")
      .select("pending")
      .where("id", "=", nina.id)
      .executeTakeFirstOrThrow();
    expect(still.pending).toBe(1);
  });
});
