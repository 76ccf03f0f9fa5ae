import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { loader as dashboardLoader } from "../../app/routes/dashboard";
import { call, getRequest, sessionCookie } from "../helpers/requests";
import {
  listOverdueAndDueSoon,
  OVERDUE_PAGE_SIZE,
  pageAuthoritiesWithPlans,
  pageOverdueAndDueSoon,
  summariseAuthorities,
} from "../../app/models/progress.server";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createInspection,
  createTestUser,
  TODAY,
} from "../factories";

// The paged queries that keep the dashboard and overdue page fast at scale (see the README's
// "Scale benchmark") must agree with the unpaged ones.

async function world() {
  const alpha = await createAuthority("Alpha paging");
  const beta = await createAuthority("Beta paging");
  await createAuthority("Gamma paging (no plan)");
  const many = await createInspection(
    alpha.id,
    buildReport({ recommendations: Array.from({ length: OVERDUE_PAGE_SIZE + 10 }, () => buildRecommendation()) }),
  );
  // 40 overdue (two share each date), 20 due soon, and the rest later or signed off.
  const ids = many.actionIds;
  for (const [i, id] of ids.entries()) {
    const target = i < 40 ? `2024-08-${String(1 + (i >> 1)).padStart(2, "0")}` : "2024-09-10";
    await getDb()
      .updateTable("actions")
      .set({ target_date: target, status: "in_progress" })
      .where("id", "=", id)
      .execute();
  }
  await getDb().updateTable("actions").set({ status: "signed_off" }).where("id", "=", ids[0]).execute();
  const other = await createInspection(beta.id);
  await getDb().updateTable("actions").set({ target_date: "2024-01-01" }).where("id", "in", other.actionIds).execute();
  const lead = await createTestUser({ role: "improvement_lead", authorityId: alpha.id });
  const admin = await createTestUser({ role: "admin", authorityId: null });
  return { alpha, beta, lead, admin };
}

describe("paged progress queries", () => {
  it("page the overdue and due-soon list in target-date order, with counts of each", async () => {
    const { lead, admin } = await world();
    const all = await listOverdueAndDueSoon(lead.actor, TODAY, 14);
    const first = await pageOverdueAndDueSoon(lead.actor, TODAY, 14, { page: 1 });
    const second = await pageOverdueAndDueSoon(lead.actor, TODAY, 14, { page: 2 });
    expect(first).toMatchObject({ overdueCount: 39, dueSoonCount: 20, page: 1, pageCount: 2 });
    expect([...first.items, ...second.items].map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(first.items).toHaveLength(OVERDUE_PAGE_SIZE);
    expect(first.items[0]).toMatchObject({ authority_name: "Alpha paging", rag: "red" });
    expect((await pageOverdueAndDueSoon(lead.actor, TODAY, 14, { page: 3 })).items).toEqual([]);

    // An administrator sees every authority's, oldest first; a lead never sees another's.
    const everyone = await pageOverdueAndDueSoon(admin.actor, TODAY, 14, { page: 1 });
    expect(everyone.overdueCount).toBe(39 + 2);
    expect(everyone.items[0].authority_name).toBe("Beta paging");
    expect((await listOverdueAndDueSoon(admin.actor, TODAY, 14)).map((r) => r.id).slice(0, 50)).toEqual(
      everyone.items.map((r) => r.id),
    );
  });

  it("page the authorities with a plan by name, and count only those asked for", async () => {
    const { alpha, beta, lead, admin } = await world();
    const listed = await pageAuthoritiesWithPlans(admin.actor, 1);
    const names = listed.authorities.map((a) => a.name);
    expect(names).toContain("Alpha paging");
    expect(names).not.toContain("Gamma paging (no plan)");
    expect(listed.total).toBe(listed.authorities.length);
    expect((await pageAuthoritiesWithPlans(lead.actor, 1)).authorities).toEqual([
      { id: alpha.id, name: "Alpha paging" },
    ]);
    // A page past the end shows the last one.
    expect((await pageAuthoritiesWithPlans(admin.actor, 99)).page).toBe(listed.pageCount);

    const counted = await summariseAuthorities(admin.actor, TODAY, 14, [beta.id]);
    expect(counted.map((a) => a.name)).toEqual(["Beta paging"]);
    expect(await summariseAuthorities(admin.actor, TODAY, 14, [])).toEqual([]);
    // The list never widens a lead's view.
    expect(await summariseAuthorities(lead.actor, TODAY, 14, [beta.id])).toEqual([]);
  });

  it("give an administrator a table of authorities and a lead their own dashboard", async () => {
    const { alpha, lead, admin } = await world();
    type Body = { overview: { name: string }[] | null; authorities?: { name: string }[]; pageCount: number };
    const overview = (await (
      await call(dashboardLoader, getRequest("/dashboard", await sessionCookie(admin.id)))
    ).json()) as Body;
    expect(overview.overview?.map((a) => a.name)).toEqual(["Alpha paging", "Beta paging"]);
    const one = (await (
      await call(dashboardLoader, getRequest(`/dashboard?authority=${alpha.id}`, await sessionCookie(admin.id)))
    ).json()) as Body;
    expect(one.overview).toBeNull();
    expect(one.authorities?.map((a) => a.name)).toEqual(["Alpha paging"]);
    const own = (await (
      await call(dashboardLoader, getRequest("/dashboard", await sessionCookie(lead.id)))
    ).json()) as Body;
    expect(own).toMatchObject({ overview: null, pageCount: 1 });
    expect(own.authorities?.map((a) => a.name)).toEqual(["Alpha paging"]);
  });
});
