import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { PASSWORD_MESSAGES } from "../../app/domain/passwords";
import { createInvitation, INVITATION_LIFETIME_DAYS } from "../../app/models/invitation.server";
import { createSession } from "../../app/models/session.server";
import { loader as listLoader } from "../../app/routes/admin.users._index";
import { action as userAction, loader as userLoader } from "../../app/routes/admin.users.$userId";
import { action as newAction, loader as newLoader } from "../../app/routes/admin.users.new";
import { action as loginAction } from "../../app/routes/login";
import { action as setPasswordAction, loader as setPasswordLoader } from "../../app/routes/set-password.$token";
import { createAuthority, createInspection, createTestUser, setAction } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

const GOOD_PASSWORD = "marble otter lantern seven";

async function signedInAdmin() {
  const admin = await createTestUser({ role: "admin", name: "Ada Admin" });
  return { admin, cookie: await sessionCookie(admin.id) };
}

function newUserFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: "Sam Manager",
    email: "Sam.Manager@Council.gov.uk",
    role: "service_manager",
    setup: "invite",
    ...overrides,
  };
}

/**
 * Follows the redirect to the user's page as the administrator's browser would, and reads the
 * set-password link shown there. The link never travels in a cookie, and is shown once only.
 */
async function tokenFrom(res: Response, userId: number, adminCookie: string): Promise<string> {
  expect(res.headers.get("Set-Cookie")).toBeNull();
  const location = res.headers.get("Location")!;
  expect(location).toMatch(new RegExp(`^/admin/users/${userId}\\?link=[\\w-]+$`));
  const load = () => call(userLoader, getRequest(location, adminCookie), { userId: String(userId) });
  const page = await load();
  expect(page.headers.get("Set-Cookie")).toBeNull();
  expect(page.headers.get("Cache-Control")).toBe("no-store");
  const data = (await page.json()) as { invitationUrl: string | null };
  expect(data.invitationUrl).toMatch(/^http:\/\/localhost\/set-password\/[\w-]{43}$/);
  expect(((await (await load()).json()) as { invitationUrl: string | null }).invitationUrl).toBeNull();
  return data.invitationUrl!.split("/").pop()!;
}

async function auditEvents(userId: number) {
  return (
    getDb()
      .selectFrom("audit_events")
      .select(["event", "user_id", "before", "after"])
      .where("entity_type", "=", "user")
      .where("entity_id", "=", userId)
      // Sign-ins are audited too (with their method); these tests look at changes to the account.
      .where("event", "!=", "user.signed_in")
      .orderBy("id")
      .execute()
  );
}

describe("admin user pages: access", () => {
  it("refuses leads, managers and board members on every loader and action with 403", async () => {
    const authority = await createAuthority();
    const target = await createTestUser({ role: "service_manager", authorityId: authority.id });
    const params = { userId: String(target.id) };
    for (const role of ["improvement_lead", "service_manager", "board_member"] as const) {
      const user = await createTestUser({ role, authorityId: authority.id });
      const cookie = await sessionCookie(user.id);
      const responses = [
        await call(listLoader, getRequest("/admin/users", cookie)),
        await call(newLoader, getRequest("/admin/users/new", cookie)),
        await call(
          newAction,
          postRequest("/admin/users/new", newUserFields({ authorityId: String(authority.id) }), cookie),
        ),
        await call(userLoader, getRequest(`/admin/users/${target.id}`, cookie), params),
        ...(await Promise.all(
          ["details", "deactivate", "reactivate", "invite"].map((intent) =>
            call(userAction, postRequest(`/admin/users/${target.id}`, { intent, ...newUserFields() }, cookie), params),
          ),
        )),
      ];
      expect(responses.map((r) => r.status)).toEqual(Array(8).fill(403));
    }
    expect(
      await getDb().selectFrom("users").select("id").where("email", "=", "sam.manager@council.gov.uk").execute(),
    ).toEqual([]);
    expect(await auditEvents(target.id)).toEqual([]);
  });

  it("sends someone not signed in to the sign-in page", async () => {
    const res = await call(listLoader, getRequest("/admin/users"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fusers");
  });
});

describe("adding users", () => {
  it("adds a user with a password the administrator sets; they can sign in; the audit event holds no hash", async () => {
    const { admin, cookie } = await signedInAdmin();
    const authority = await createAuthority("Hackney");
    const res = await call(
      newAction,
      postRequest(
        "/admin/users/new",
        newUserFields({ authorityId: String(authority.id), setup: "password", password: GOOD_PASSWORD }),
        cookie,
      ),
    );
    expect(res.status).toBe(302);
    const user = await getDb()
      .selectFrom("users")
      .selectAll()
      .where("email", "=", "sam.manager@council.gov.uk")
      .executeTakeFirstOrThrow();
    expect(res.headers.get("Location")).toBe(`/admin/users/${user.id}`);
    expect(user).toMatchObject({ name: "Sam Manager", role: "service_manager", authority_id: authority.id, active: 1 });

    const signIn = await call(
      loginAction,
      postRequest("/login", { email: "sam.manager@council.gov.uk", password: GOOD_PASSWORD }),
    );
    expect(signIn.status).toBe(302);

    const events = await auditEvents(user.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: "user.created", user_id: admin.id });
    expect(JSON.parse(events[0].after!)).toMatchObject({
      email: "sam.manager@council.gov.uk",
      role: "service_manager",
      authority_id: authority.id,
    });
    expect(JSON.stringify(events)).not.toMatch(/argon2|password_hash|marble/);
  });

  it("adds a user with an invitation link that works once, activates them and signs them in", async () => {
    const { admin, cookie } = await signedInAdmin();
    const authority = await createAuthority();
    const res = await call(
      newAction,
      postRequest("/admin/users/new", newUserFields({ authorityId: String(authority.id) }), cookie),
    );
    expect(res.status).toBe(302);
    const user = await getDb()
      .selectFrom("users")
      .selectAll()
      .where("email", "=", "sam.manager@council.gov.uk")
      .executeTakeFirstOrThrow();
    expect(user.password_set_at).toBeNull();
    const token = await tokenFrom(res, user.id, cookie);

    // Only a hash of the token is stored.
    const stored = await getDb().selectFrom("invitations").selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(token);
    expect(stored[0].created_by).toBe(admin.id);

    const page = await call(setPasswordLoader, getRequest(`/set-password/${token}`), { token });
    expect(page.status).toBe(200);
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");

    const mismatch = await call(
      setPasswordAction,
      postRequest(`/set-password/${token}`, { password: GOOD_PASSWORD, confirmPassword: "different" }),
      { token },
    );
    expect(mismatch.status).toBe(400);
    const weak = await call(
      setPasswordAction,
      postRequest(`/set-password/${token}`, { password: "Password2024!", confirmPassword: "Password2024!" }),
      { token },
    );
    expect(weak.status).toBe(400);
    expect(await weak.json()).toEqual({ errors: { password: PASSWORD_MESSAGES.common } });

    const set = await call(
      setPasswordAction,
      postRequest(`/set-password/${token}`, { password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD }),
      { token },
    );
    expect(set.status).toBe(302);
    expect(set.headers.get("Location")).toBe("/dashboard");
    const after = await getDb().selectFrom("users").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(after.password_set_at).not.toBeNull();
    expect(after.last_signed_in_at).not.toBeNull();

    const again = await call(
      setPasswordAction,
      postRequest(`/set-password/${token}`, {
        password: "another fine passphrase",
        confirmPassword: "another fine passphrase",
      }),
      { token },
    );
    expect(again.status).toBe(410);
    expect((await call(setPasswordLoader, getRequest(`/set-password/${token}`), { token })).status).toBe(410);

    const login = await call(
      loginAction,
      postRequest("/login", { email: "sam.manager@council.gov.uk", password: GOOD_PASSWORD }),
    );
    expect(login.status).toBe(302);
    expect((await auditEvents(user.id)).map((e) => e.event)).toEqual(["user.created", "user.password_set"]);
  });

  it(`refuses an invitation link older than ${INVITATION_LIFETIME_DAYS} days`, async () => {
    const user = await createTestUser();
    const old = new Date(Date.now() - (INVITATION_LIFETIME_DAYS * 24 + 1) * 60 * 60 * 1000);
    const { token } = await createInvitation({ userId: user.id, createdBy: null }, old);
    expect((await call(setPasswordLoader, getRequest(`/set-password/${token}`), { token })).status).toBe(410);
    const res = await call(
      setPasswordAction,
      postRequest(`/set-password/${token}`, { password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD }),
      { token },
    );
    expect(res.status).toBe(410);
    expect((await call(setPasswordLoader, getRequest("/set-password/made-up"), { token: "made-up" })).status).toBe(410);
  });

  it("refuses an email address already in use, whatever its case", async () => {
    const { cookie } = await signedInAdmin();
    const authority = await createAuthority();
    const fields = newUserFields({ authorityId: String(authority.id) });
    expect((await call(newAction, postRequest("/admin/users/new", fields, cookie))).status).toBe(302);
    const res = await call(
      newAction,
      postRequest("/admin/users/new", { ...fields, email: "SAM.MANAGER@council.gov.uk " }, cookie),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: { email: "A user with this email address already exists" } });
  });

  it("needs an authority for everyone but administrators, and a role", async () => {
    const { cookie } = await signedInAdmin();
    const missing = await call(newAction, postRequest("/admin/users/new", newUserFields(), cookie));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      errors: { authorityId: "Select the authority this person works for" },
    });
    const noRole = await call(newAction, postRequest("/admin/users/new", newUserFields({ role: "" }), cookie));
    expect(await noRole.json()).toMatchObject({ errors: { role: "Select a role" } });

    const admin = await call(
      newAction,
      postRequest("/admin/users/new", newUserFields({ role: "admin", email: "second.admin@council.gov.uk" }), cookie),
    );
    expect(admin.status).toBe(302);
  });

  it("refuses short, common and personal passwords with a clear message", async () => {
    const { cookie } = await signedInAdmin();
    const authority = await createAuthority();
    const cases: [string, string][] = [
      ["short pass", PASSWORD_MESSAGES.tooShort],
      ["Password123!", PASSWORD_MESSAGES.common],
      ["qwertyuiop12", PASSWORD_MESSAGES.common],
      ["SamManager2024", PASSWORD_MESSAGES.personal],
      ["zzzzzzzzzzzzzz", PASSWORD_MESSAGES.repeated],
    ];
    for (const [password, message] of cases) {
      const res = await call(
        newAction,
        postRequest(
          "/admin/users/new",
          newUserFields({ authorityId: String(authority.id), setup: "password", password }),
          cookie,
        ),
      );
      expect(res.status, password).toBe(400);
      const body = (await res.json()) as { errors: Record<string, string>; values: Record<string, string> };
      expect(body.errors, password).toEqual({ password: message });
      expect(JSON.stringify(body.values)).not.toContain(password);
    }
    expect(await getDb().selectFrom("users").select("id").execute()).toHaveLength(1);
  });
});

describe("changing users", () => {
  it("deactivating signs the user out everywhere and stops sign-in; history keeps their name and their actions", async () => {
    const { admin, cookie } = await signedInAdmin();
    const authority = await createAuthority();
    const manager = await createTestUser({
      role: "service_manager",
      authorityId: authority.id,
      name: "Dee Activated",
      password: GOOD_PASSWORD,
    });
    const { actionIds } = await createInspection(authority.id);
    await setAction(actionIds[0], { owner_id: manager.id });
    await sessionCookie(manager.id);
    await createSession(manager.id, new Date());
    const params = { userId: String(manager.id) };

    const res = await call(
      userAction,
      postRequest(`/admin/users/${manager.id}`, { intent: "deactivate" }, cookie),
      params,
    );
    expect(res.status).toBe(302);
    expect(await getDb().selectFrom("sessions").select("id").where("user_id", "=", manager.id).execute()).toEqual([]);
    expect(
      (await call(loginAction, postRequest("/login", { email: manager.email, password: GOOD_PASSWORD }))).status,
    ).toBe(400);

    const owner = await getDb()
      .selectFrom("actions")
      .select("owner_id")
      .where("id", "=", actionIds[0])
      .executeTakeFirstOrThrow();
    expect(owner.owner_id).toBe(manager.id);
    const list = (await (await call(listLoader, getRequest("/admin/users", cookie))).json()) as {
      users: { name: string; status: string; open_actions: number }[];
    };
    expect(list.users.find((u) => u.name === "Dee Activated")).toMatchObject({
      status: "deactivated",
      open_actions: 1,
    });

    const events = await auditEvents(manager.id);
    expect(events).toEqual([
      {
        event: "user.deactivated",
        user_id: admin.id,
        before: '{"active":1,"pending":0}',
        after: '{"active":0,"pending":0}',
      },
    ]);

    const back = await call(
      userAction,
      postRequest(`/admin/users/${manager.id}`, { intent: "reactivate" }, cookie),
      params,
    );
    expect(back.status).toBe(302);
    expect(
      (await call(loginAction, postRequest("/login", { email: manager.email, password: GOOD_PASSWORD }))).status,
    ).toBe(302);
  });

  it("changes role and authority, audited with before and after", async () => {
    const { admin, cookie } = await signedInAdmin();
    const first = await createAuthority("First");
    const second = await createAuthority("Second");
    const user = await createTestUser({ role: "service_manager", authorityId: first.id, name: "Role Changer" });
    const res = await call(
      userAction,
      postRequest(
        `/admin/users/${user.id}`,
        {
          intent: "details",
          name: "Role Changer",
          email: user.email,
          role: "improvement_lead",
          authorityId: String(second.id),
        },
        cookie,
      ),
      { userId: String(user.id) },
    );
    expect(res.status).toBe(302);
    const row = await getDb()
      .selectFrom("users")
      .select(["role", "authority_id"])
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: "improvement_lead", authority_id: second.id });
    const [event] = await auditEvents(user.id);
    expect(event.event).toBe("user.updated");
    expect(event.user_id).toBe(admin.id);
    expect(JSON.parse(event.before!)).toMatchObject({ role: "service_manager", authority_id: first.id });
    expect(JSON.parse(event.after!)).toMatchObject({ role: "improvement_lead", authority_id: second.id });
    expect(event.after).not.toMatch(/password/);
  });

  it("does not let an administrator deactivate themselves or give up their own role", async () => {
    const { admin, cookie } = await signedInAdmin();
    const authority = await createAuthority();
    const params = { userId: String(admin.id) };
    const off = await call(
      userAction,
      postRequest(`/admin/users/${admin.id}`, { intent: "deactivate" }, cookie),
      params,
    );
    expect(off.status).toBe(400);
    const demote = await call(
      userAction,
      postRequest(
        `/admin/users/${admin.id}`,
        {
          intent: "details",
          name: admin.name,
          email: admin.email,
          role: "board_member",
          authorityId: String(authority.id),
        },
        cookie,
      ),
      params,
    );
    expect(demote.status).toBe(400);
    expect(
      await getDb().selectFrom("users").select(["role", "active"]).where("id", "=", admin.id).executeTakeFirstOrThrow(),
    ).toEqual({ role: "admin", active: 1 });
  });

  it("keeps a new link on the server, sealed, for the administrator who issued it to see once", async () => {
    const { cookie } = await signedInAdmin();
    const other = await createTestUser({ role: "admin", name: "Other Admin" });
    const user = await createTestUser({ password: GOOD_PASSWORD });
    const res = await call(userAction, postRequest(`/admin/users/${user.id}`, { intent: "invite" }, cookie), {
      userId: String(user.id),
    });
    expect(res.headers.get("Set-Cookie")).toBeNull();
    const location = res.headers.get("Location")!;
    const reference = new URL(location, "http://localhost").searchParams.get("link")!;
    const [kept] = await getDb().selectFrom("one_time_links").selectAll().execute();
    expect(JSON.stringify(kept)).not.toMatch(/set-password/);
    expect(JSON.stringify(kept)).not.toContain(reference);

    // Another administrator with the same address sees nothing, and does not use it up.
    const theirs = await call(userLoader, getRequest(location, await sessionCookie(other.id)), {
      userId: String(user.id),
    });
    expect(((await theirs.json()) as { invitationUrl: string | null }).invitationUrl).toBeNull();
    await tokenFrom(res, user.id, cookie);
    expect(await getDb().selectFrom("one_time_links").selectAll().execute()).toEqual([]);
  });

  it("resets a password with a new link: the old password works until it is used, then every session ends", async () => {
    const { cookie } = await signedInAdmin();
    const user = await createTestUser({ password: GOOD_PASSWORD });
    await createSession(user.id, new Date());
    const res = await call(userAction, postRequest(`/admin/users/${user.id}`, { intent: "invite" }, cookie), {
      userId: String(user.id),
    });
    expect(res.status).toBe(302);
    const token = await tokenFrom(res, user.id, cookie);
    expect(
      (await call(loginAction, postRequest("/login", { email: user.email, password: GOOD_PASSWORD }))).status,
    ).toBe(302);

    const fresh = "violet harbour engine twelve";
    const set = await call(
      setPasswordAction,
      postRequest(`/set-password/${token}`, { password: fresh, confirmPassword: fresh }),
      { token },
    );
    expect(set.status).toBe(302);
    // Only the session the link just started is left.
    expect(await getDb().selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toHaveLength(1);
    expect(
      (await call(loginAction, postRequest("/login", { email: user.email, password: GOOD_PASSWORD }))).status,
    ).toBe(400);
    expect((await auditEvents(user.id)).map((e) => e.event)).toEqual([
      "user.password_reset_issued",
      "user.password_reset",
    ]);
  });

  it("activates a person named in an imported plan by sending them a link", async () => {
    const { cookie } = await signedInAdmin();
    const authority = await createAuthority();
    const pending = await getDb()
      .insertInto("users")
      .values({
        name: "Pat Pending",
        email: "pat.pending@council.gov.uk",
        role: "service_manager",
        authority_id: authority.id,
        password_hash: "!",
        active: 0,
        pending: 1,
        created_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const list = (await (
      await call(listLoader, getRequest(`/admin/users?authority=${authority.id}`, cookie))
    ).json()) as { users: { name: string; status: string }[] };
    expect(list.users).toEqual([expect.objectContaining({ name: "Pat Pending", status: "pending" })]);

    const res = await call(userAction, postRequest(`/admin/users/${pending.id}`, { intent: "invite" }, cookie), {
      userId: String(pending.id),
    });
    const token = await tokenFrom(res, pending.id, cookie);
    const set = await call(
      setPasswordAction,
      postRequest(`/set-password/${token}`, { password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD }),
      { token },
    );
    expect(set.status).toBe(302);
    const row = await getDb()
      .selectFrom("users")
      .select(["active", "pending"])
      .where("id", "=", pending.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ active: 1, pending: 0 });
    expect((await auditEvents(pending.id)).map((e) => e.event)).toEqual(["user.invited", "user.password_set"]);
  });

  it("lists users filtered by authority, with status and last sign-in", async () => {
    const { cookie } = await signedInAdmin();
    const a = await createAuthority("Alpha");
    const b = await createAuthority("Beta");
    await createTestUser({ authorityId: a.id, name: "In Alpha" });
    await createTestUser({ authorityId: b.id, name: "In Beta" });
    const all = (await (await call(listLoader, getRequest("/admin/users", cookie))).json()) as {
      users: { name: string }[];
    };
    expect(all.users.map((u) => u.name)).toEqual(["Ada Admin", "In Alpha", "In Beta"]);
    const alpha = (await (await call(listLoader, getRequest(`/admin/users?authority=${a.id}`, cookie))).json()) as {
      users: { name: string; status: string; last_signed_in_at: string | null }[];
    };
    expect(alpha.users).toEqual([
      expect.objectContaining({ name: "In Alpha", status: "active", last_signed_in_at: null }),
    ]);
  });
});
