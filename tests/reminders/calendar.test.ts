import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action, loader as pageLoader } from "../../app/routes/calendar";
import { loader as feedLoader } from "../../app/routes/calendar_.$token[.ics]";
import { action as accountAction } from "../../app/routes/account";
import { action as userAction } from "../../app/routes/admin.users.$userId";
import { action as setPasswordAction } from "../../app/routes/set-password.$token";
import { createTestUser } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";
import { reminderWorld } from "./world";

let w: Awaited<ReturnType<typeof reminderWorld>>;
beforeEach(async () => {
  w = await reminderWorld();
});

async function createFeed(userId: number): Promise<{ feedUrl: string; replaced: boolean; token: string }> {
  const res = await call(action, postRequest("/calendar", { intent: "create" }, await sessionCookie(userId)));
  expect(res.status).toBe(200);
  const data = (await res.json()) as { feedUrl: string; replaced: boolean };
  const token = /\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(data.feedUrl)![1];
  return { ...data, token };
}

const feed = (token: string) => call(feedLoader, getRequest(`/calendar/${token}.ics`), { token });

const auditEvents = (userId: number) =>
  getDb()
    .selectFrom("audit_events")
    .select(["event", "entity_type", "entity_id", "user_id"])
    .where("entity_type", "=", "user")
    .where("entity_id", "=", userId)
    .orderBy("id")
    .execute();

describe("/calendar", () => {
  it("creates a link shown once as a full URL, keeping only its hash", async () => {
    const cookie = await sessionCookie(w.owner.id);
    expect(await (await call(pageLoader, getRequest("/calendar", cookie))).json()).toEqual({ feedCreatedAt: null });

    const created = await createFeed(w.owner.id);
    expect(created.feedUrl).toMatch(/^http:\/\/localhost\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(created.replaced).toBe(false);

    const page = (await (await call(pageLoader, getRequest("/calendar", cookie))).json()) as {
      feedCreatedAt: string | null;
    };
    expect(page.feedCreatedAt).not.toBeNull();
    expect(JSON.stringify(page)).not.toContain(created.token);
    const stored = await getDb().selectFrom("calendar_feeds").selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect(await auditEvents(w.owner.id)).toEqual([
      { event: "user.calendar_feed_created", entity_type: "user", entity_id: w.owner.id, user_id: w.owner.id },
    ]);
  });

  it("serves the owner's open actions with target dates as all-day events", async () => {
    const { token } = await createFeed(w.owner.id);
    const res = await feed(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const ics = (await res.text()).replace(/\r\n[ \t]/g, "");
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);

    const events = ics.split("BEGIN:VEVENT").slice(1);
    // Actions 1, 2, 3, 6 and 7 are open with dates; 4 is signed off, 5 withdrawn, 8 and 9 someone else's.
    const uids = events.map((e) => /UID:(.*)\r\n/.exec(e)![1]);
    expect(uids.sort()).toEqual([0, 1, 2, 5, 6].map((i) => `action-${w.actionIds[i]}@followthrough`).sort());

    const first = events.find((e) => e.includes(`UID:action-${w.actionIds[0]}@followthrough`))!;
    expect(first).toContain("SUMMARY:Due: ILACS24 1.1 Action 1\r\n");
    expect(first).toContain("DTSTART;VALUE=DATE:20240801\r\n");
    expect(first).toContain("DTEND;VALUE=DATE:20240802\r\n");
    expect(first).toContain(`DESCRIPTION:Status: In progress\\nhttp://localhost/actions/${w.actionIds[0]}`);
    expect(events.find((e) => e.includes("SUMMARY:Due: ILACS24 7.1 Action 7"))).toContain("Status: Awaiting sign-off");
  });

  it("keeps the event's UID when the target date moves", async () => {
    const { token } = await createFeed(w.owner.id);
    await getDb().updateTable("actions").set({ target_date: "2024-10-15" }).where("id", "=", w.actionIds[0]).execute();
    const ics = await (await feed(token)).text();
    const event = ics.split("BEGIN:VEVENT").find((e) => e.includes(`UID:action-${w.actionIds[0]}@followthrough`))!;
    expect(event).toContain("DTSTART;VALUE=DATE:20241015");
  });

  it("replacing the link stops the old one; revoking stops the new one", async () => {
    const first = await createFeed(w.owner.id);
    const second = await createFeed(w.owner.id);
    expect(second.replaced).toBe(true);
    expect((await feed(first.token)).status).toBe(404);
    expect((await feed(second.token)).status).toBe(200);

    const res = await call(action, postRequest("/calendar", { intent: "revoke" }, await sessionCookie(w.owner.id)));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/calendar");
    expect((await feed(second.token)).status).toBe(404);
    expect((await auditEvents(w.owner.id)).map((e) => e.event)).toEqual([
      "user.calendar_feed_created",
      "user.calendar_feed_replaced",
      "user.calendar_feed_revoked",
    ]);
  });

  it("has no feed for an unknown or malformed token, or a deactivated person", async () => {
    expect((await feed("A".repeat(43))).status).toBe(404);
    expect((await feed("not a token")).status).toBe(404);
    const { token } = await createFeed(w.owner.id);
    await getDb().updateTable("users").set({ active: 0 }).where("id", "=", w.owner.id).execute();
    expect((await feed(token)).status).toBe(404);
  });

  it("gives each person their own feed: another user's token shows only that user's actions", async () => {
    const mine = await createFeed(w.owner.id);
    const theirs = await createFeed(w.lead.id);
    expect(mine.token).not.toBe(theirs.token);
    const leadIcs = await (await feed(theirs.token)).text();
    expect(leadIcs).toContain(`UID:action-${w.actionIds[7]}@followthrough`);
    expect(leadIcs).not.toContain(`UID:action-${w.actionIds[0]}@followthrough`);
    // Revoking is per person: the lead revoking leaves the owner's link working.
    await call(action, postRequest("/calendar", { intent: "revoke" }, await sessionCookie(w.lead.id)));
    expect((await feed(mine.token)).status).toBe(200);
  });

  it("refuses an unknown intent", async () => {
    const res = await call(
      action,
      postRequest("/calendar", { intent: "delete-everything" }, await sessionCookie(w.owner.id)),
    );
    expect(res.status).toBe(400);
  });
});

describe("a feed link ends when the person's credentials change", () => {
  const NEW = "quiet meadow copper ninety";

  it("when they change their password", async () => {
    const person = await createTestUser({
      role: "service_manager",
      authorityId: w.authority.id,
      password: "first long passphrase",
    });
    const { token } = await createFeed(person.id);
    expect((await feed(token)).status).toBe(200);
    const res = await call(
      accountAction,
      postRequest(
        "/account",
        { currentPassword: person.password, password: NEW, confirmPassword: NEW },
        await sessionCookie(person.id),
      ),
    );
    expect(res.status).toBe(302);
    expect((await feed(token)).status).toBe(404);
    expect((await auditEvents(person.id)).map((e) => e.event)).toContain("user.calendar_feed_revoked");
  });

  it("when an administrator issues a password reset, and when the reset link is used", async () => {
    const admin = await createTestUser({ role: "admin" });
    const adminCookie = await sessionCookie(admin.id);
    const person = await createTestUser({ role: "service_manager", authorityId: w.authority.id });
    const first = await createFeed(person.id);
    const issue = () =>
      call(userAction, postRequest(`/admin/users/${person.id}`, { intent: "invite" }, adminCookie), {
        userId: String(person.id),
      });
    const issued = await issue();
    expect(issued.status).toBe(302);
    expect((await feed(first.token)).status).toBe(404);

    // A feed made after the reset was issued stops when the link is used.
    const second = await createFeed(person.id);
    const again = await issue();
    const location = again.headers.get("Location")!;
    const page = await call(
      (await import("../../app/routes/admin.users.$userId")).loader,
      getRequest(location, adminCookie),
      {
        userId: String(person.id),
      },
    );
    const resetToken = ((await page.json()) as { invitationUrl: string }).invitationUrl.split("/").pop()!;
    const third = await createFeed(person.id);
    expect((await feed(second.token)).status).toBe(404);
    expect((await feed(third.token)).status).toBe(200);
    const set = await call(
      setPasswordAction,
      postRequest(`/set-password/${resetToken}`, { password: NEW, confirmPassword: NEW }),
      { token: resetToken },
    );
    expect(set.status).toBe(302);
    expect((await feed(third.token)).status).toBe(404);
  });

  it("when the account is deactivated, and it stays ended if the account is reactivated", async () => {
    const admin = await createTestUser({ role: "admin" });
    const adminCookie = await sessionCookie(admin.id);
    const { token } = await createFeed(w.owner.id);
    const post = (intent: string) =>
      call(userAction, postRequest(`/admin/users/${w.owner.id}`, { intent }, adminCookie), {
        userId: String(w.owner.id),
      });
    expect((await post("deactivate")).status).toBe(302);
    expect((await feed(token)).status).toBe(404);
    expect((await post("reactivate")).status).toBe(302);
    expect((await feed(token)).status).toBe(404);
  });
});
