import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action as loginAction } from "../../app/routes/login";
import { action as logoutAction } from "../../app/routes/logout";
import { loader as dashboardLoader } from "../../app/routes/dashboard";
import { createAuthority, createTestUser } from "../factories";
import { call, getRequest, postRequest } from "../helpers/requests";

describe("sign in and out", () => {
  it("signs in with the right password, sets an HttpOnly SameSite=Lax cookie, and opens the dashboard", async () => {
    const authority = await createAuthority();
    const user = await createTestUser({ role: "service_manager", authorityId: authority.id, password: "a long pass phrase" });
    const res = await call(loginAction, postRequest("/login", { email: user.email.toUpperCase(), password: "a long pass phrase", redirectTo: "/overdue" }));
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
    const unknown = await call(loginAction, postRequest("/login", { email: "nobody@example.gov.uk", password: "wrong" }));
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
    const res = await call(loginAction, postRequest("/login", { email: user.email, password: "right password here", redirectTo: "//evil.example" }));
    expect(res.headers.get("Location")).toBe("/dashboard");
  });

  it("stores passwords as argon2 hashes", async () => {
    const user = await createTestUser({ password: "right password here" });
    const row = await getDb().selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });
});
