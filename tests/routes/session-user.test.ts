import { describe, expect, it } from "vitest";
import { deleteUserSessions } from "../../app/models/session.server";
import { loader as rootLoader } from "../../app/root";
import { flash, getSessionUser } from "../../app/utils/session.server";
import { createTestUser } from "../factories";
import { call, getRequest, sessionCookie } from "../helpers/requests";

describe("the signed-in user of a request", () => {
  it("is looked up once per request object, and afresh for the next request", async () => {
    const user = await createTestUser({ role: "service_manager" });
    const cookie = await sessionCookie(user.id);
    const request = getRequest("/dashboard", cookie);
    const first = getSessionUser(request);
    // Asked twice with the same request: one look-up, one answer.
    expect(getSessionUser(request)).toBe(first);
    expect(await first).toMatchObject({ id: user.id });

    // Signed out everywhere: this request keeps the answer it started with, the next one does not.
    await deleteUserSessions(user.id);
    expect(await getSessionUser(request)).toMatchObject({ id: user.id });
    expect(await getSessionUser(getRequest("/dashboard", cookie))).toBeNull();
  });

  it("is null without a session cookie", async () => {
    expect(await getSessionUser(getRequest("/dashboard"))).toBeNull();
  });

  it("re-signs the session cookie only when a flash message was read", async () => {
    const user = await createTestUser({ role: "service_manager" });
    const cookie = await sessionCookie(user.id);
    const quiet = await call(rootLoader, getRequest("/dashboard", cookie));
    expect(quiet.headers.get("Set-Cookie")).toBeNull();
    expect(await quiet.json()).toMatchObject({ flash: null, user: { name: user.name } });

    const flashed = (await flash(getRequest("/dashboard", cookie), "Owner updated")).split(";")[0];
    const shown = await call(rootLoader, getRequest("/dashboard", flashed));
    expect(await shown.json()).toMatchObject({ flash: "Owner updated", user: { name: user.name } });
    // The cookie sent back no longer carries the message: the next page does not show it again.
    const next = shown.headers.get("Set-Cookie")!.split(";")[0];
    expect((await (await call(rootLoader, getRequest("/dashboard", next))).json()).flash).toBeNull();
  });
});
