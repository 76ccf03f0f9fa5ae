import { describe, expect, it } from "vitest";
import { listOverdueAndDueSoon, pageOverdueAndDueSoon } from "../../app/models/progress.server";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createInspection,
  createTestUser,
  setAction,
  TODAY,
} from "../factories";

async function twoPlans() {
  const alpha = await createAuthority("Alpha");
  const beta = await createAuthority("Beta");
  const report = () =>
    buildReport({ recommendations: [buildRecommendation(), buildRecommendation(), buildRecommendation()] });
  const a = await createInspection(alpha.id, report());
  const b = await createInspection(beta.id, report());
  await setAction(a.actionIds[0], { status: "in_progress", target_date: "2024-08-01" }); // overdue
  await setAction(a.actionIds[1], { status: "not_started", target_date: "2024-09-10" }); // due soon
  await setAction(a.actionIds[2], { status: "signed_off", target_date: "2024-08-01" }); // done
  await setAction(b.actionIds[0], { status: "awaiting_sign_off", target_date: "2024-07-01" }); // overdue
  await setAction(b.actionIds[1], { status: "in_progress", target_date: "2025-01-01" }); // later
  await setAction(b.actionIds[2], { status: "in_progress", target_date: null });
  const lead = await createTestUser({ role: "improvement_lead", authorityId: alpha.id });
  const admin = await createTestUser({ role: "admin", authorityId: null });
  return { alpha, beta, a, b, lead, admin };
}

describe("the paged overdue and due-soon list's scope", () => {
  it("counts and pages the same actions as the full list, for each actor and authority", async () => {
    const { alpha, beta, a, b, lead, admin } = await twoPlans();
    const cases = [
      { actor: lead.actor, authorityId: undefined, ids: [a.actionIds[0], a.actionIds[1]], overdue: 1 },
      { actor: lead.actor, authorityId: beta.id, ids: [], overdue: 0 },
      { actor: admin.actor, authorityId: undefined, ids: [b.actionIds[0], a.actionIds[0], a.actionIds[1]], overdue: 2 },
      { actor: admin.actor, authorityId: beta.id, ids: [b.actionIds[0]], overdue: 1 },
      { actor: admin.actor, authorityId: alpha.id, ids: [a.actionIds[0], a.actionIds[1]], overdue: 1 },
    ];
    for (const c of cases) {
      const page = await pageOverdueAndDueSoon(c.actor, TODAY, 14, { authorityId: c.authorityId, page: 1 });
      expect(page.items.map((i) => i.id)).toEqual(c.ids);
      expect(page.overdueCount).toBe(c.overdue);
      expect(page.dueSoonCount).toBe(c.ids.length - c.overdue);
      const full = await listOverdueAndDueSoon(c.actor, TODAY, 14, c.authorityId);
      expect(full.map((i) => i.id)).toEqual(c.ids);
    }
  });
});
