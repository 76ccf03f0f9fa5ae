import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { runReminders } from "../../db/reminders";
import { loader } from "../../app/routes/reminders";
import { NOW, TODAY } from "../factories";
import { call, getRequest, sessionCookie } from "../helpers/requests";
import { reminderWorld } from "./world";

type PageData = {
  digests: { subject: string; body_text: string; status: string }[];
  outbox: { items: { user_name: string; status: string; subject: string }[]; total: number } | null;
  mailConfigured: boolean;
};

async function page(userId: number, query = ""): Promise<PageData> {
  const res = await call(loader, getRequest(`/reminders${query}`, await sessionCookie(userId)));
  expect(res.status).toBe(200);
  return (await res.json()) as PageData;
}

let w: Awaited<ReturnType<typeof reminderWorld>>;
beforeEach(async () => {
  w = await reminderWorld();
  // Outbox only (no SMTP); one lead digest then marked failed, to filter on.
  await runReminders({ today: TODAY, now: NOW, smtp: null, baseUrl: "http://localhost:3000" });
  await getDb().updateTable("outbox").set({ status: "failed", error: "Connection refused" }).where("user_id", "=", w.lead.id).execute();
});

describe("/reminders", () => {
  it("asks for sign-in", async () => {
    const res = await call(loader, getRequest("/reminders"));
    expect(res.status).toBe(302);
  });

  it("shows an owner their own digests with content and status, and no outbox", async () => {
    const data = await page(w.owner.id);
    expect(data.digests).toHaveLength(1);
    expect(data.digests[0].subject).toBe("Followthrough: 1 overdue, 1 due soon, 1 sent back to you");
    expect(data.digests[0].body_text).toContain("Overdue (1)");
    expect(data.digests[0].status).toBe("not_sent_no_smtp");
    expect(data.outbox).toBeNull();
    expect(data.mailConfigured).toBe(false);
  });

  it("shows a board member only their own (here none), never the outbox", async () => {
    const data = await page(w.board.id);
    expect(data.digests).toEqual([]);
    expect(data.outbox).toBeNull();
  });

  it("shows a lead their own digest and their authority's outbox, without others' content", async () => {
    const data = await page(w.lead.id);
    expect(data.digests.map((d) => d.subject)).toEqual(["Followthrough: 1 action awaiting your sign-off"]);
    expect(data.outbox!.items.map((i) => i.user_name).sort()).toEqual([w.lead.name, w.owner.name].sort());
    expect(data.outbox!.items.some((i) => "body_text" in i)).toBe(false);
    // The other authority's lead is not in this lead's outbox.
    expect(data.outbox!.items.some((i) => i.user_name === w.otherLead.name)).toBe(false);

    const failed = await page(w.lead.id, "?status=failed");
    expect(failed.outbox!.items.map((i) => [i.user_name, i.status])).toEqual([[w.lead.name, "failed"]]);
    // An unknown status is ignored rather than an error.
    expect((await page(w.lead.id, "?status=nonsense")).outbox!.total).toBe(2);
  });

  it("shows an administrator every authority's outbox", async () => {
    const data = await page(w.admin.id);
    expect(data.outbox!.total).toBe(3);
    expect(data.digests).toEqual([]);
  });
});
