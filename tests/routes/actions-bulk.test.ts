import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action, loader } from "../../app/routes/actions._index";
import { call, getRequest, sessionCookie } from "../helpers/requests";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createInspection,
  createTestUser,
  setAction,
} from "../factories";

async function setUp() {
  const authority = await createAuthority();
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const manager = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const { actionIds } = await createInspection(
    authority.id,
    buildReport({ recommendations: [1, 2, 3].map(() => buildRecommendation()) }),
  );
  return { lead, manager, actionIds };
}
function body(ids: number[], fields: Record<string, string>) {
  const form = new URLSearchParams(fields);
  for (const id of ids) {
    form.append("actionId", String(id));
    form.append(`version-${id}`, "1");
  }
  return form;
}
function post(path: string, form: URLSearchParams, cookie: string) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: form.toString(),
  });
}

describe("bulk changes on the action list", () => {
  it("lists each action with its version and tick box for a lead, with the people to assign; not for a manager", async () => {
    const { lead, manager } = await setUp();
    const asLead = (await (await call(loader, getRequest("/actions", await sessionCookie(lead.id)))).json()) as {
      canBulk: boolean;
      people: unknown[];
      items: { version: number }[];
    };
    expect(asLead.canBulk).toBe(true);
    expect(asLead.people).toHaveLength(2);
    expect(asLead.items.map((i) => i.version)).toEqual([1, 1, 1]);
    const asManager = (await (await call(loader, getRequest("/actions", await sessionCookie(manager.id)))).json()) as {
      canBulk: boolean;
    };
    expect(asManager.canBulk).toBe(false);
  });

  it("assigns the chosen actions and goes back to the same filtered list", async () => {
    const { lead, manager, actionIds } = await setUp();
    const res = await call(
      action,
      post(
        "/actions?index&owner=none&sort=owner",
        body(actionIds.slice(0, 2), { intent: "owner", ownerId: String(manager.id) }),
        await sessionCookie(lead.id),
      ),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/actions?owner=none&sort=owner");
    const owners = await getDb()
      .selectFrom("actions")
      .select("owner_id")
      .where("id", "in", actionIds)
      .orderBy("id")
      .execute();
    expect(owners.map((o) => o.owner_id)).toEqual([manager.id, manager.id, null]);
  });

  it("reports the actions it could not change, keeps them ticked, and saves the rest", async () => {
    const { lead, actionIds } = await setUp();
    const [a, b] = actionIds;
    await setAction(b, { target_date: "2026-12-31" });
    const cookie = await sessionCookie(lead.id);
    const some = await call(
      action,
      post("/actions?index", body([a, b], { intent: "target", targetDate: "31/01/2027", targetReason: "" }), cookie),
    );
    expect(some.status).toBe(200);
    const json = (await some.json()) as { done: number; chosen: number[]; errors: Record<string, string> };
    expect(json.done).toBe(1);
    expect(json.chosen).toEqual([b]);
    expect(Object.keys(json.errors)).toEqual([`choose-${b}`]);
    expect(json.errors[`choose-${b}`]).toMatch(/^ILACS24 2\.1 .+: Its target date was already set/);

    const none = await call(
      action,
      post("/actions?index", body([], { intent: "withdraw", withdrawReason: "" }), cookie),
    );
    expect(none.status).toBe(400);
    expect(((await none.json()) as { errors: object }).errors).toEqual({
      withdrawReason: "Say why the actions are being withdrawn",
      chosen: "Choose at least one action in the table",
    });
  });
});
