import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action, loader } from "../../app/routes/inspections.$inspectionId_.plan";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";
import { createAuthority, createInspection, createTestUser } from "../factories";

async function setUp() {
  const authority = await createAuthority();
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const manager = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const otherLead = await createTestUser({ role: "improvement_lead", authorityId: (await createAuthority()).id });
  const { inspectionId } = await createInspection(authority.id);
  const recs = await getDb()
    .selectFrom("recommendations")
    .select("id")
    .where("inspection_id", "=", inspectionId)
    .orderBy("position")
    .execute();
  const path = `/inspections/${inspectionId}/plan`;
  const params = { inspectionId: String(inspectionId) };
  return { lead, manager, otherLead, inspectionId, recs: recs.map((r) => r.id), path, params };
}

async function count(recommendationId: number) {
  const rows = await getDb()
    .selectFrom("actions")
    .select("id")
    .where("recommendation_id", "=", recommendationId)
    .execute();
  return rows.length;
}

describe("the plan editor page", () => {
  it("shows a lead every recommendation with its actions and the people to assign; 403 for a manager, 404 elsewhere", async () => {
    const s = await setUp();
    const res = await call(loader, getRequest(s.path, await sessionCookie(s.lead.id)), s.params);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      plan: { recommendations: { actions: unknown[] }[] };
      people: { name: string }[];
    };
    expect(body.plan.recommendations.map((r) => r.actions.length)).toEqual([1, 1]);
    expect(body.people.map((p) => p.name).sort()).toEqual([s.lead.name, s.manager.name].sort());
    expect((await call(loader, getRequest(s.path, await sessionCookie(s.manager.id)), s.params)).status).toBe(403);
    expect((await call(loader, getRequest(s.path, await sessionCookie(s.otherLead.id)), s.params)).status).toBe(404);
  });

  it("'add another action' comes back with everything typed and one more empty row there, saving nothing", async () => {
    const s = await setUp();
    const [rec] = s.recs;
    const res = await call(
      action,
      postRequest(
        s.path,
        { intent: `add-row:${rec}`, [`n${rec}x1-title`]: "Typed before adding", [`n${rec}x1-targetDate`]: "nonsense" },
        await sessionCookie(s.lead.id),
      ),
      s.params,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      rows: Record<string, { values: { title: string; targetDate: string } }>;
      newRows: Record<string, string[]>;
      errors: object;
    };
    expect(body.rows[`n${rec}x1`].values).toMatchObject({ title: "Typed before adding", targetDate: "nonsense" });
    expect(body.newRows[String(rec)]).toEqual([`n${rec}x1`, `n${rec}x2`]);
    expect(body.errors).toEqual({});
    expect(await count(rec)).toBe(1);
  });

  it("saves every row and redirects; with a bad row, saves the others (200) or nothing (400)", async () => {
    const s = await setUp();
    const [a, b] = s.recs;
    const cookie = await sessionCookie(s.lead.id);
    const all = await call(
      action,
      postRequest(s.path, { intent: "save", [`n${a}x1-title`]: "One", [`n${b}x1-title`]: "Two" }, cookie),
      s.params,
    );
    expect(all.status).toBe(302);
    expect(all.headers.get("Location")).toBe(s.path);
    expect([await count(a), await count(b)]).toEqual([2, 2]);

    const some = await call(
      action,
      postRequest(
        s.path,
        { intent: "save", [`n${a}x1-title`]: "Three", [`n${b}x1-title`]: "Four", [`n${b}x1-targetDate`]: "31/02/2027" },
        cookie,
      ),
      s.params,
    );
    expect(some.status).toBe(200);
    const body = (await some.json()) as {
      errors: Record<string, string>;
      saved: object;
      rows: Record<string, { values: { title: string } }>;
    };
    expect(body.errors).toEqual({
      [`n${b}x1-targetDate`]: "New action for recommendation 2: Enter a real date, for example 31/03/2027",
    });
    expect(body.saved).toEqual({ created: 1, changed: 0 });
    expect(body.rows[`n${b}x1`].values.title).toBe("Four");
    expect([await count(a), await count(b)]).toEqual([3, 2]);

    const none = await call(
      action,
      postRequest(s.path, { intent: "save", [`n${a}x1-partnerAgency`]: "Police" }, cookie),
      s.params,
    );
    expect(none.status).toBe(400);
    expect(await count(a)).toBe(3);
    expect(
      (
        await call(
          action,
          postRequest(s.path, { intent: "save", [`n${a}x1-title`]: "Sneaky" }, await sessionCookie(s.manager.id)),
          s.params,
        )
      ).status,
    ).toBe(403);
    expect(await count(a)).toBe(3);
  });
});
