import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { normaliseServiceArea, SERVICE_AREA_MAX } from "../../app/domain/service-area";
import { changeActionServiceArea, getActionServiceArea } from "../../app/models/action-changes.server";
import { addAction } from "../../app/models/action-create.server";
import { getBoard, serviceAreaAsAt } from "../../app/models/board.server";
import { buildBoardPack } from "../../app/models/board-pack.server";
import { action as actionPage, loader as actionLoader } from "../../app/routes/actions.$actionId";
import { action as newAction } from "../../app/routes/recommendations.$recommendationId.actions.new";
import { createAuthority, createInspection, createTestUser } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

async function world() {
  const authority = await createAuthority("Alpha");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const owner = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const member = await createTestUser({ role: "board_member", authorityId: authority.id });
  const outsider = await createTestUser({ role: "improvement_lead", authorityId: (await createAuthority()).id });
  const { inspectionId, actionIds } = await createInspection(authority.id);
  const recommendationId = (
    await getDb()
      .selectFrom("recommendations")
      .select("id")
      .where("inspection_id", "=", inspectionId)
      .orderBy("position")
      .executeTakeFirstOrThrow()
  ).id;
  return { authority, lead, owner, member, outsider, actionIds, recommendationId };
}

let w: Awaited<ReturnType<typeof world>>;
beforeEach(async () => {
  w = await world();
});

const row = (id: number) =>
  getDb().selectFrom("actions").select(["service_area", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
const auditEvents = (id: number) =>
  getDb()
    .selectFrom("audit_events")
    .select(["event", "before", "after", "user_id"])
    .where("entity_type", "=", "action")
    .where("entity_id", "=", id)
    .orderBy("id")
    .execute();

describe("normaliseServiceArea", () => {
  it("trims, makes runs of spaces one, treats blank as none and refuses an over-long name", () => {
    expect(normaliseServiceArea("  Early   help ")).toEqual({ ok: true, value: "Early help" });
    expect(normaliseServiceArea("   ")).toEqual({ ok: true, value: null });
    expect(normaliseServiceArea(undefined)).toEqual({ ok: true, value: null });
    expect(normaliseServiceArea("x".repeat(SERVICE_AREA_MAX))).toEqual({
      ok: true,
      value: "x".repeat(SERVICE_AREA_MAX),
    });
    expect(normaliseServiceArea("x".repeat(SERVICE_AREA_MAX + 1))).toEqual({
      ok: false,
      message: `Keep the service area under ${SERVICE_AREA_MAX} characters`,
    });
  });
});

describe("serviceAreaAsAt", () => {
  it("undoes each change made after the date, newest first", () => {
    const change = (at: string, from: string | null, to: string | null) => ({
      at,
      event: "action.service_area_changed",
      before: { service_area: from },
      after: { service_area: to },
    });
    const events = [
      change("2024-09-05T10:00:00Z", null, "Children in care"),
      { at: "2024-09-06T10:00:00Z", event: "action.owner_changed", before: { ownerId: null }, after: { ownerId: 3 } },
      change("2024-10-05T10:00:00Z", "Children in care", "Early help"),
    ];
    expect(serviceAreaAsAt("Early help", events, "2024-11-01")).toBe("Early help");
    expect(serviceAreaAsAt("Early help", events, "2024-10-04")).toBe("Children in care");
    expect(serviceAreaAsAt("Early help", events, "2024-09-04")).toBeNull();
    // 23:30 UTC on 5 October is 00:30 on 6 October in London (BST), so it counts from the 6th.
    expect(serviceAreaAsAt("X", [change("2024-10-05T23:30:00Z", "Y", "X")], "2024-10-05")).toBe("Y");
  });
});

describe("changeActionServiceArea", () => {
  it("sets, changes and clears the service area, auditing each change with the value it replaced", async () => {
    const id = w.actionIds[0];
    const now = new Date("2024-10-01T09:00:00Z");
    expect(
      await changeActionServiceArea(
        w.lead.actor,
        { actionId: id, version: 1, serviceArea: " Children  in care " },
        now,
      ),
    ).toEqual({ ok: true });
    expect(await row(id)).toEqual({ service_area: "Children in care", version: 2 });
    expect(
      await changeActionServiceArea(w.lead.actor, { actionId: id, version: 2, serviceArea: "Early help" }, now),
    ).toEqual({ ok: true });
    expect(await changeActionServiceArea(w.lead.actor, { actionId: id, version: 3, serviceArea: "" }, now)).toEqual({
      ok: true,
    });
    expect((await row(id)).service_area).toBeNull();
    const events = await auditEvents(id);
    expect(events.map((e) => [e.event, JSON.parse(e.before!), JSON.parse(e.after!), e.user_id])).toEqual([
      ["action.service_area_changed", { service_area: null }, { service_area: "Children in care" }, w.lead.id],
      ["action.service_area_changed", { service_area: "Children in care" }, { service_area: "Early help" }, w.lead.id],
      ["action.service_area_changed", { service_area: "Early help" }, { service_area: null }, w.lead.id],
    ]);
  });

  it("refuses no change, an over-long name, a stale version, people who cannot manage the plan, and other authorities", async () => {
    const id = w.actionIds[0];
    const now = new Date();
    expect(await changeActionServiceArea(w.lead.actor, { actionId: id, version: 1, serviceArea: "" }, now)).toEqual({
      ok: false,
      reason: "invalid",
      message: "The service area is the same as before.",
    });
    expect(
      await changeActionServiceArea(w.lead.actor, { actionId: id, version: 1, serviceArea: "x".repeat(101) }, now),
    ).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(
      await changeActionServiceArea(w.lead.actor, { actionId: id, version: 7, serviceArea: "Early help" }, now),
    ).toMatchObject({
      ok: false,
      reason: "conflict",
    });
    for (const person of [w.owner, w.member]) {
      expect(
        await changeActionServiceArea(person.actor, { actionId: id, version: 1, serviceArea: "Early help" }, now),
      ).toMatchObject({
        ok: false,
        reason: "forbidden",
      });
    }
    expect(
      await changeActionServiceArea(w.outsider.actor, { actionId: id, version: 1, serviceArea: "Early help" }, now),
    ).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await row(id)).toEqual({ service_area: null, version: 1 });
    expect(await auditEvents(id)).toEqual([]);
    expect(await getActionServiceArea(w.outsider.actor, id)).toBeUndefined();
    expect(await getActionServiceArea(w.member.actor, id)).toBeNull();
  });

  it("is set when an action is added, and in the creation's audit record", async () => {
    const result = await addAction(
      w.lead.actor,
      {
        recommendationId: w.recommendationId,
        title: "Joint audit",
        description: "",
        ownerId: null,
        targetDate: null,
        serviceArea: " Front  door ",
      },
      new Date(),
    );
    if (!result.ok) throw new Error("not added");
    expect((await row(result.actionId)).service_area).toBe("Front door");
    const [created] = await auditEvents(result.actionId);
    expect(JSON.parse(created.after!)).toMatchObject({ serviceArea: "Front door" });
    expect(
      await addAction(
        w.lead.actor,
        {
          recommendationId: w.recommendationId,
          title: "Another",
          description: "",
          ownerId: null,
          targetDate: null,
          serviceArea: "y".repeat(101),
        },
        new Date(),
      ),
    ).toMatchObject({ ok: false, reason: "invalid" });
  });
});

describe("the service area on the action page and the add-action form", () => {
  const post = async (userId: number, actionId: number, fields: Record<string, string>) =>
    call(actionPage, postRequest(`/actions/${actionId}`, fields, await sessionCookie(userId)), {
      actionId: String(actionId),
    });

  it("saves the lead's service area, shows it on the page, and groups the board by it", async () => {
    const [first, second] = w.actionIds;
    const before = await getBoard(w.lead.actor, w.authority.id, {
      asAt: "2099-01-01",
      today: "2099-01-01",
      amberWindowDays: 14,
    });
    expect(before!.byServiceArea.map((g) => [g.label, g.total])).toEqual([["Not set", 2]]);

    const saved = await post(w.lead.id, first, {
      intent: "service_area",
      version: "1",
      serviceArea: "Children in care",
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/actions/${first}`);
    const page = await call(actionLoader, getRequest(`/actions/${first}`, await sessionCookie(w.member.id)), {
      actionId: String(first),
    });
    expect(((await page.json()) as { serviceArea: string | null }).serviceArea).toBe("Children in care");

    const mid = await getBoard(w.lead.actor, w.authority.id, {
      asAt: "2099-01-01",
      today: "2099-01-01",
      amberWindowDays: 14,
    });
    expect(mid!.byServiceArea.map((g) => [g.label, g.total])).toEqual([
      ["Children in care", 1],
      ["Not set", 1],
    ]);
    expect(
      (await post(w.lead.id, second, { intent: "service_area", version: "1", serviceArea: "Early help" })).status,
    ).toBe(302);
    const after = await getBoard(w.lead.actor, w.authority.id, {
      asAt: "2099-01-01",
      today: "2099-01-01",
      amberWindowDays: 14,
    });
    expect(after!.byServiceArea.map((g) => g.label)).toEqual(["Children in care", "Early help"]);
    // As at a day after the import (2 September 2024) but before the changes, both had none.
    const past = await getBoard(w.lead.actor, w.authority.id, {
      asAt: "2024-09-10",
      today: "2099-01-01",
      amberWindowDays: 14,
    });
    expect(past!.byServiceArea.map((g) => [g.label, g.total])).toEqual([["Not set", 2]]);
    // The pack carries each action's service area as at its date too.
    const serviceAreasInPack = async (asAt: string) =>
      (await buildBoardPack(w.lead.actor, w.authority.id, {
        asAt,
        amberWindowDays: 14,
      }))!.inspections[0].recommendations.flatMap((r) => r.actions.map((a) => a.serviceArea));
    expect(await serviceAreasInPack("2024-09-10")).toEqual([null, null]);
    expect(await serviceAreasInPack("2099-01-01")).toEqual(["Children in care", "Early help"]);
  });

  it("returns the error on the field for an over-long name, and refuses those who cannot manage the plan", async () => {
    const id = w.actionIds[0];
    const long = "z".repeat(101);
    const refused = await post(w.lead.id, id, { intent: "service_area", version: "1", serviceArea: long });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      intent: "service_area",
      errors: { serviceArea: "Keep the service area under 100 characters" },
      submitted: { serviceArea: long },
    });
    const same = await post(w.lead.id, id, { intent: "service_area", version: "1", serviceArea: "  " });
    expect(same.status).toBe(400);
    expect(await same.json()).toMatchObject({ errors: { serviceArea: "The service area is the same as before." } });
    expect(
      (await post(w.owner.id, id, { intent: "service_area", version: "1", serviceArea: "Early help" })).status,
    ).toBe(403);
    expect(
      (await post(w.member.id, id, { intent: "service_area", version: "1", serviceArea: "Early help" })).status,
    ).toBe(403);
    expect(
      (await post(w.outsider.id, id, { intent: "service_area", version: "1", serviceArea: "Early help" })).status,
    ).toBe(404);
    expect(await row(id)).toEqual({ service_area: null, version: 1 });
  });

  it("takes the service area on the add-action form", async () => {
    const path = `/recommendations/${w.recommendationId}/actions/new`;
    const params = { recommendationId: String(w.recommendationId) };
    const cookie = await sessionCookie(w.lead.id);
    const added = await call(
      newAction,
      postRequest(path, { title: "Front door audit", ownerId: "none", serviceArea: " Front door " }, cookie),
      params,
    );
    expect(added.status).toBe(302);
    const actionId = Number(added.headers.get("Location")!.split("/").pop());
    expect((await row(actionId)).service_area).toBe("Front door");
    const refused = await call(
      newAction,
      postRequest(path, { title: "Another", ownerId: "none", serviceArea: "q".repeat(101) }, cookie),
      params,
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      errors: { serviceArea: "Keep the service area under 100 characters" },
    });
  });
});
