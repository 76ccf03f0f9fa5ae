import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { PASSWORD_MESSAGES } from "../../app/domain/passwords";
import { PAIR_RULE } from "../../app/models/sign-in.server";
import { action as accountAction, loader as accountLoader } from "../../app/routes/account";
import { loader as dashboardLoader } from "../../app/routes/dashboard";
import { action as loginAction } from "../../app/routes/login";
import { createAuthority, createTestUser } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

const OLD = "first long passphrase";
const NEW = "quiet meadow copper ninety";

describe("your account", () => {
  it("shows the signed-in user's own details, and sends anyone else to sign in", async () => {
    const authority = await createAuthority("Hackney");
    const user = await createTestUser({ role: "board_member", authorityId: authority.id, name: "Bo Board" });
    const res = await call(accountLoader, getRequest("/account", await sessionCookie(user.id)));
    expect(await res.json()).toEqual({
      user: { name: "Bo Board", email: user.email, role: "board_member", authorityName: "Hackney" },
    });
    expect((await call(accountLoader, getRequest("/account"))).status).toBe(302);
  });

  it("changes the password and signs out every other session, keeping this browser signed in", async () => {
    const user = await createTestUser({ role: "service_manager", password: OLD });
    const here = await sessionCookie(user.id);
    const elsewhere = await sessionCookie(user.id);

    const res = await call(
      accountAction,
      postRequest("/account", { currentPassword: OLD, password: NEW, confirmPassword: NEW }, here),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account");
    const renewed = res.headers.get("Set-Cookie")!.split(";")[0];

    expect((await call(dashboardLoader, getRequest("/dashboard", elsewhere))).status).toBe(302);
    expect((await call(dashboardLoader, getRequest("/dashboard", here))).status).toBe(302);
    expect((await call(dashboardLoader, getRequest("/dashboard", renewed))).status).toBe(200);
    expect(await getDb().selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toHaveLength(1);

    expect((await call(loginAction, postRequest("/login", { email: user.email, password: OLD }))).status).toBe(400);
    expect((await call(loginAction, postRequest("/login", { email: user.email, password: NEW }))).status).toBe(302);

    const events = await getDb()
      .selectFrom("audit_events")
      .select(["event", "user_id", "before", "after"])
      .where("entity_type", "=", "user")
      .execute();
    expect(events).toEqual([
      { event: "user.password_changed", user_id: user.id, before: null, after: null },
      { event: "user.signed_in", user_id: user.id, before: null, after: JSON.stringify({ method: "password" }) },
    ]);
  });

  it("needs the current password", async () => {
    const user = await createTestUser({ password: OLD });
    const cookie = await sessionCookie(user.id);
    const res = await call(
      accountAction,
      postRequest("/account", { currentPassword: "not it at all", password: NEW, confirmPassword: NEW }, cookie),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: { currentPassword: "Your current password is not right" } });
    expect((await call(dashboardLoader, getRequest("/dashboard", cookie))).status).toBe(200);
  });

  it("throttles guesses at the current password like sign-in attempts", async () => {
    const user = await createTestUser({ password: OLD });
    const cookie = await sessionCookie(user.id);
    for (let i = 0; i < PAIR_RULE.limit; i++) {
      const wrong = await call(
        accountAction,
        postRequest("/account", { currentPassword: `guess ${i}`, password: NEW, confirmPassword: NEW }, cookie),
      );
      expect(wrong.status).toBe(400);
    }
    const right = await call(
      accountAction,
      postRequest("/account", { currentPassword: OLD, password: NEW, confirmPassword: NEW }, cookie),
    );
    expect(right.status).toBe(429);
    expect((await call(loginAction, postRequest("/login", { email: user.email, password: OLD }))).status).toBe(429);
  });

  it("refuses a weak new password, or two that differ, and keeps the old one", async () => {
    const user = await createTestUser({ password: OLD, name: "Morgan Example" });
    const cookie = await sessionCookie(user.id);
    const tooShort = await call(
      accountAction,
      postRequest("/account", { currentPassword: OLD, password: "short", confirmPassword: "short" }, cookie),
    );
    expect(await tooShort.json()).toEqual({ errors: { password: PASSWORD_MESSAGES.tooShort } });
    const own = await call(
      accountAction,
      postRequest(
        "/account",
        { currentPassword: OLD, password: "MorganExample!!", confirmPassword: "MorganExample!!" },
        cookie,
      ),
    );
    expect(await own.json()).toEqual({ errors: { password: PASSWORD_MESSAGES.personal } });
    const differ = await call(
      accountAction,
      postRequest("/account", { currentPassword: OLD, password: NEW, confirmPassword: `${NEW}!` }, cookie),
    );
    expect(differ.status).toBe(400);
    expect((await call(loginAction, postRequest("/login", { email: user.email, password: OLD }))).status).toBe(302);
  });
});
