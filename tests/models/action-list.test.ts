import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import {
  ACTIONS_PAGE_SIZE,
  listActionOwners,
  listActions,
  listInspectionOptions,
} from "../../app/models/action.server";
import { computeRag, type Rag } from "../../app/domain/rag";
import {
  createAuthority,
  createEveryCombination,
  createInspection,
  createTestUser,
  setAction,
  TODAY,
} from "../factories";

const DATES = [null, "2024-08-01", TODAY, "2024-09-10", "2024-09-16", "2024-09-17", "2025-01-31"] as const;

/** One action for every status, target date (around today and the 14-day amber window) and flag. */
async function everyCombination() {
  const authority = await createAuthority("Alpha");
  const { combos, actionIds } = await createEveryCombination(authority.id, DATES, { timescale: "three_months" });
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const admin = await createTestUser({ role: "admin", authorityId: null });
  return { authority, lead, admin, combos, actionIds };
}

async function allPages(input: Omit<Parameters<typeof listActions>[0], "page">) {
  const first = await listActions({ ...input, page: 1 });
  const items = [...first.items];
  for (let page = 2; page <= first.pageCount; page++) items.push(...(await listActions({ ...input, page })).items);
  return { total: first.total, items };
}

describe("the action list at scale-friendly queries", () => {
  it("filters by each RAG exactly as computeRag judges, for every status, date and flag", async () => {
    const { lead, admin, combos, actionIds } = await everyCombination();
    for (const rag of ["red", "amber", "green", "blue"] as Rag[]) {
      const expected = actionIds
        .filter(
          (_, i) =>
            computeRag({
              ...combos[i],
              targetDate: combos[i].target_date,
              riskFlag: combos[i].risk_flag,
              today: TODAY,
              amberWindowDays: 14,
            }) === rag,
        )
        .sort((a, b) => a - b);
      expect(expected.length).toBeGreaterThan(0);
      for (const actor of [lead.actor, admin.actor]) {
        const { total, items } = await allPages({
          actor,
          filters: { rag },
          sort: "target_date",
          today: TODAY,
          amberWindowDays: 14,
        });
        expect(total).toBe(expected.length);
        expect(items.map((a) => a.id).sort((a, b) => a - b)).toEqual(expected);
        expect(new Set(items.map((a) => a.rag))).toEqual(new Set([rag]));
      }
    }
  });

  it("pages in target-date order with undated actions first, ties by id, and counts every match", async () => {
    const { lead, combos } = await everyCombination();
    const { total, items } = await allPages({
      actor: lead.actor,
      filters: {},
      sort: "target_date",
      today: TODAY,
      amberWindowDays: 14,
    });
    expect(total).toBe(combos.length);
    expect(items).toHaveLength(combos.length);
    expect(total).toBeGreaterThan(ACTIONS_PAGE_SIZE * 2);
    const keys = items.map((a) => [a.target_date ?? "", a.id] as const);
    expect(keys).toEqual([...keys].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]));
    expect(items[0].target_date).toBeNull();
  });

  it("sorts by status, owner, reference and last update across pages", async () => {
    const { lead, actionIds } = await everyCombination();
    await getDb().updateTable("actions").set({ updated_at: "2024-09-01T10:00:00.000Z" }).execute();
    await getDb()
      .updateTable("actions")
      .set({ updated_at: "2024-09-02T10:00:00.000Z" })
      .where("id", "=", actionIds[40])
      .execute();
    const base = { actor: lead.actor, filters: {}, today: TODAY, amberWindowDays: 14 };
    const byStatus = (await allPages({ ...base, sort: "status" })).items.map((a) => a.status);
    expect(byStatus).toEqual([...byStatus].sort());
    const byReference = (await allPages({ ...base, sort: "reference" })).items.map((a) => a.recommendation_position);
    expect(byReference).toEqual([...byReference].sort((a, b) => a - b));
    expect((await listActions({ ...base, sort: "updated", page: 1 })).items[0].id).toBe(actionIds[40]);
    const owner = await createTestUser({
      role: "service_manager",
      authorityId: lead.actor.authorityId,
      name: "Aaron Able",
    });
    await setAction(actionIds[70], { owner_id: owner.id });
    const byOwner = (await listActions({ ...base, sort: "owner", page: 1 })).items;
    // Nobody else owns an action: unowned (NULL) names sort first, then Aaron.
    expect(byOwner.some((a) => a.owner_name === "Aaron Able")).toBe(false);
    const lastPage = await listActions({ ...base, sort: "owner", page: 4 });
    expect(lastPage.items.at(-1)).toMatchObject({ id: actionIds[70], owner_name: "Aaron Able" });
  });

  it("keeps a lead to their own authority whatever the filters say, and narrows an administrator's", async () => {
    const { authority, lead, admin, combos } = await everyCombination();
    const other = await createAuthority("Beta");
    const otherCount = (await createInspection(other.id)).actionIds.length;
    const base = { filters: {}, sort: "target_date" as const, page: 1, today: TODAY, amberWindowDays: 14 };
    expect((await listActions({ ...base, actor: lead.actor })).total).toBe(combos.length);
    expect((await listActions({ ...base, actor: lead.actor, filters: { authorityId: other.id } })).total).toBe(0);
    expect((await listActions({ ...base, actor: admin.actor })).total).toBe(combos.length + otherCount);
    expect((await listActions({ ...base, actor: admin.actor, filters: { authorityId: other.id } })).total).toBe(
      otherCount,
    );
    expect(
      (
        await listActions({
          ...base,
          actor: admin.actor,
          filters: { authorityId: authority.id, timescale: "three_months" },
        })
      ).total,
    ).toBe(combos.length);
    expect((await listActions({ ...base, actor: admin.actor, filters: { timescale: "immediately" } })).total).toBe(0);
  });

  it("offers owners and inspections of one authority, and an administrator across all only those already chosen", async () => {
    const { authority, lead, admin, actionIds } = await everyCombination();
    const owner = await createTestUser({ role: "service_manager", authorityId: authority.id, name: "Sam Owner" });
    await createTestUser({ role: "service_manager", authorityId: authority.id, name: "Owns Nothing" });
    await setAction(actionIds[0], { owner_id: owner.id });
    expect(await listActionOwners(lead.actor)).toEqual([{ id: owner.id, name: "Sam Owner" }]);
    expect(await listActionOwners(admin.actor, { authorityId: authority.id })).toEqual([
      { id: owner.id, name: "Sam Owner" },
    ]);
    expect(await listActionOwners(admin.actor)).toEqual([]);
    expect(await listActionOwners(admin.actor, { selected: owner.id })).toEqual([{ id: owner.id, name: "Sam Owner" }]);
    const other = await createAuthority("Beta");
    expect(await listActionOwners(admin.actor, { authorityId: other.id })).toEqual([]);
    expect(await listInspectionOptions(admin.actor, { authorityId: other.id })).toEqual([]);
    expect((await listInspectionOptions(lead.actor)).map((i) => i.authority_name)).toEqual(["Alpha"]);
    expect((await listInspectionOptions(admin.actor, { authorityId: authority.id })).length).toBe(1);
    expect(await listInspectionOptions(admin.actor)).toEqual([]);
    const [chosen] = await listInspectionOptions(lead.actor);
    expect(await listInspectionOptions(admin.actor, { selected: chosen.id })).toEqual([chosen]);
    expect(await listInspectionOptions(lead.actor, { authorityId: other.id })).toEqual([chosen]);
  });
});
