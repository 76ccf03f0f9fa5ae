import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addProgressUpdate, assignActionOwner, changeActionStatus } from "../../app/models/action-changes.server";
import { addEvidence } from "../../app/models/evidence.server";
import { addActionComment, listActionComments } from "../../app/models/comments.server";
import { redactContent } from "../../app/models/redaction.server";
import { listRemovableOnAction } from "../../app/models/redaction-targets.server";
import { getSendBack, listAwaitingMySignOff, listSentBackToMe } from "../../app/models/follow-up.server";
import {
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  refreshDeadlineNotifications,
} from "../../app/models/notifications.server";
import type { Actor } from "../../app/domain/permissions";
import { buildWorld, type World } from "../helpers/world";
import { NOW, setAction, TODAY } from "../factories";

let w: World;
let lead: Actor;
let owner: Actor;
let manager: Actor;
let otherManager: Actor;
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

beforeEach(async () => {
  w = await buildWorld();
  lead = { id: w.people.lead.id, role: "improvement_lead", authorityId: w.authorityId };
  owner = { id: w.people.owner.id, role: "service_manager", authorityId: w.authorityId };
  manager = { id: w.people.manager.id, role: "service_manager", authorityId: w.authorityId };
  const beta = await getDb()
    .selectFrom("users")
    .select("authority_id")
    .where("id", "=", w.people.otherManager.id)
    .executeTakeFirstOrThrow();
  otherManager = { id: w.people.otherManager.id, role: "service_manager", authorityId: beta.authority_id };
});

async function sendBack(reason = "Add the other two teams' audits") {
  const result = await changeActionStatus(
    lead,
    { actionId: w.awaitingActionId, version: 1, move: "send_back", reason },
    NOW,
  );
  expect(result).toEqual({ ok: true });
}

describe("sent back", () => {
  it("is a state the owner sees with who, when and why, and a notification at once", async () => {
    expect(await getSendBack(w.awaitingActionId)).toBeNull();
    expect(await countUnreadNotifications(owner)).toBe(0);
    await sendBack();
    const shown = await getSendBack(w.awaitingActionId);
    expect(shown).toMatchObject({ reason: "Add the other two teams' audits", at: NOW.toISOString(), reopened: false });
    expect(shown?.by).toBeTruthy();
    expect(await countUnreadNotifications(owner)).toBe(1);
    const { items } = await listNotifications(owner, 1);
    expect(items).toMatchObject([{ kind: "sent_back", action_id: w.awaitingActionId }]);
    const mine = await listSentBackToMe(owner, TODAY, 14);
    expect(mine.map((a) => a.id)).toEqual([w.awaitingActionId]);
    // Nobody else is told, and the lead who sent it back is not notified of their own act.
    expect(await countUnreadNotifications(lead)).toBe(0);
    expect(await countUnreadNotifications(manager)).toBe(0);
  });

  it("stays until the owner adds an update; a lead's update does not clear it", async () => {
    await sendBack();
    await addProgressUpdate(lead, { actionId: w.awaitingActionId, body: "Chased" }, later(1));
    expect(await getSendBack(w.awaitingActionId)).not.toBeNull();
    await addProgressUpdate(owner, { actionId: w.awaitingActionId, body: "Audits added" }, later(2));
    expect(await getSendBack(w.awaitingActionId)).toBeNull();
    expect(await listSentBackToMe(owner, TODAY, 14)).toEqual([]);
  });

  it("stays until the owner adds evidence", async () => {
    await sendBack();
    const added = await addEvidence(
      owner,
      {
        actionId: w.awaitingActionId,
        kind: "note",
        purpose: "completion",
        description: "All three audits",
        url: null,
        evidenceDate: null,
        file: null,
      },
      later(1),
    );
    expect(added.ok).toBe(true);
    expect(await getSendBack(w.awaitingActionId)).toBeNull();
  });

  it("ends when the action is resubmitted, which tells the leads it awaits their sign-off", async () => {
    await sendBack();
    // Evidence the lead adds is not the owner acting.
    await addEvidence(
      lead,
      {
        actionId: w.awaitingActionId,
        kind: "note",
        purpose: "completion",
        description: "Lead's note",
        url: null,
        evidenceDate: null,
        file: null,
      },
      later(1),
    );
    expect(await getSendBack(w.awaitingActionId)).not.toBeNull();
    const { version } = await getDb()
      .selectFrom("actions")
      .select("version")
      .where("id", "=", w.awaitingActionId)
      .executeTakeFirstOrThrow();
    await markAllNotificationsRead(lead, NOW);
    const result = await changeActionStatus(
      owner,
      { actionId: w.awaitingActionId, version, move: "submit", reason: "" },
      later(5),
    );
    expect(result).toEqual({ ok: true });
    expect(await getSendBack(w.awaitingActionId)).toBeNull();
    expect((await listNotifications(lead, 1)).items).toMatchObject([
      { kind: "submitted", action_id: w.awaitingActionId },
    ]);
    expect(await countUnreadNotifications(lead)).toBe(1);
  });
});

describe("notifications", () => {
  it("tell a new owner an action was assigned to them, once, and never the person who assigned it", async () => {
    await assignActionOwner(lead, { actionId: w.actionId, version: 1, ownerId: manager.id }, NOW);
    expect((await listNotifications(manager, 1)).items).toMatchObject([{ kind: "assigned", action_id: w.actionId }]);
    await assignActionOwner(lead, { actionId: w.actionId, version: 2, ownerId: lead.id }, later(1));
    expect(await countUnreadNotifications(lead)).toBe(0);
  });

  it("write due soon and overdue when the person next opens a page, once per target date", async () => {
    await setAction(w.actionId, { target_date: "2024-09-10" });
    await refreshDeadlineNotifications(owner, TODAY, 14, NOW);
    await refreshDeadlineNotifications(owner, TODAY, 14, NOW);
    const first = (await listNotifications(owner, 1)).items.filter((n) => n.action_id === w.actionId);
    expect(first.map((n) => n.kind)).toEqual(["due_soon"]);
    // Past the date: overdue, written once.
    await refreshDeadlineNotifications(owner, "2024-09-11", 14, later(60 * 24 * 9));
    await refreshDeadlineNotifications(owner, "2024-09-12", 14, later(60 * 24 * 10));
    const after = (await listNotifications(owner, 1)).items.filter((n) => n.action_id === w.actionId);
    expect(after.map((n) => n.kind)).toEqual(["overdue", "due_soon"]);
    // Nothing for the lead, who owns none of it.
    await refreshDeadlineNotifications(lead, "2024-09-12", 14, NOW);
    expect(await countUnreadNotifications(lead)).toBe(0);
  });

  it("are read only by their person: another's cannot be marked read", async () => {
    await sendBack();
    const [note] = (await listNotifications(owner, 1)).items;
    expect(await markNotificationRead(otherManager, note.id, NOW)).toBe(false);
    expect(await markNotificationRead(manager, note.id, NOW)).toBe(false);
    expect(await countUnreadNotifications(owner)).toBe(1);
    expect(await markNotificationRead(owner, note.id, NOW)).toBe(true);
    expect(await countUnreadNotifications(owner)).toBe(0);
  });
});

describe("awaiting sign-off", () => {
  it("lists the council's actions awaiting sign-off for its lead, never their own or another council's", async () => {
    const listed = await listAwaitingMySignOff(lead);
    expect(listed.items.map((a) => a.id)).toEqual([w.awaitingActionId]);
    expect(listed.total).toBe(1);
    const otherLead: Actor = {
      id: w.people.otherLead.id,
      role: "improvement_lead",
      authorityId: otherManager.authorityId,
    };
    expect((await listAwaitingMySignOff(otherLead)).total).toBe(0);
    expect((await listAwaitingMySignOff(owner)).total).toBe(0);
    await setAction(w.awaitingActionId, { owner_id: lead.id });
    expect((await listAwaitingMySignOff(lead)).total).toBe(0);
  });
});

describe("evidence sent twice", () => {
  const note = (evidenceDate: string | null) => ({
    actionId: w.actionId,
    kind: "note" as const,
    purpose: "completion" as const,
    description: "Audit of plans, May",
    url: null,
    evidenceDate,
    file: null,
  });
  const count = async () =>
    Number(
      (
        await getDb()
          .selectFrom("evidence")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("action_id", "=", w.actionId)
          .where("description", "=", "Audit of plans, May")
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("is saved once within a minute, and again after it or when anything differs", async () => {
    expect(await addEvidence(owner, note("2024-05-01"), NOW)).toEqual({ ok: true, duplicate: false });
    expect(await addEvidence(owner, note("2024-05-01"), new Date(NOW.getTime() + 59_000))).toEqual({
      ok: true,
      duplicate: true,
    });
    expect(await count()).toBe(1);
    // Another date is another item; so is the same one from someone else, or a minute later.
    await addEvidence(owner, note("2024-05-02"), new Date(NOW.getTime() + 1000));
    await addEvidence(lead, note("2024-05-01"), new Date(NOW.getTime() + 2000));
    await addEvidence(owner, note("2024-05-01"), new Date(NOW.getTime() + 61_000));
    expect(await count()).toBe(4);
  });
});

describe("comments", () => {
  it("notify the people mentioned by @name and the one chosen, never the writer or another council", async () => {
    const people = await getDb()
      .selectFrom("users")
      .select(["id", "name"])
      .where("id", "in", [owner.id, manager.id, otherManager.id])
      .execute();
    const name = (id: number) => people.find((p) => p.id === id)!.name;
    const result = await addActionComment(
      lead,
      {
        actionId: w.actionId,
        body: `@${name(owner.id)} can you add the audit? @${name(otherManager.id)} @${name(owner.id)}`,
        notifyUserId: manager.id,
      },
      NOW,
    );
    expect(result).toEqual({ ok: true });
    const [comment] = await listActionComments(w.actionId);
    expect(comment.body).toContain("can you add the audit?");
    for (const who of [owner, manager]) {
      expect((await listNotifications(who, 1)).items).toMatchObject([
        { kind: "mentioned", action_id: w.actionId, comment_id: comment.id },
      ]);
    }
    expect(await countUnreadNotifications(otherManager)).toBe(0);
    expect(await countUnreadNotifications(lead)).toBe(0);
  });

  it("are refused to board members and to another council, and cannot notify another council's people", async () => {
    const board: Actor = { id: w.people.board.id, role: "board_member", authorityId: w.authorityId };
    expect(await addActionComment(board, { actionId: w.actionId, body: "Hi", notifyUserId: null }, NOW)).toMatchObject({
      reason: "forbidden",
    });
    expect(
      await addActionComment(otherManager, { actionId: w.actionId, body: "Hi", notifyUserId: null }, NOW),
    ).toMatchObject({ reason: "not_found" });
    expect(
      await addActionComment(lead, { actionId: w.actionId, body: "Hi", notifyUserId: otherManager.id }, NOW),
    ).toMatchObject({ reason: "invalid" });
    expect(await listActionComments(w.actionId)).toEqual([]);
  });
});

describe("a comment redacted", () => {
  it("is replaced by the notice and offered for removal only once", async () => {
    await addActionComment(lead, { actionId: w.actionId, body: "About child J. Smith", notifyUserId: null }, NOW);
    const [comment] = await listActionComments(w.actionId);
    expect((await listRemovableOnAction(w.actionId)).some((i) => i.kind === "comment" && i.id === comment.id)).toBe(
      true,
    );
    const result = await redactContent(
      { id: w.people.admin.id, name: "Ada Admin" },
      { kind: "comment", id: comment.id, reason: "It named a child" },
      NOW,
      "2 September 2024",
    );
    expect(result).toMatchObject({ ok: true, returnTo: `/actions/${w.actionId}` });
    const [after] = await listActionComments(w.actionId);
    expect(after.body).toBe("Removed by Ada Admin on 2 September 2024: It named a child");
    expect((await listRemovableOnAction(w.actionId)).some((i) => i.kind === "comment")).toBe(false);
  });
});
