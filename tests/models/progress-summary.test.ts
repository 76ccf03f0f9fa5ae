import { describe, expect, it } from "vitest";
import { summariseAuthorities } from "../../app/models/progress.server";
import { computeRag } from "../../app/domain/rag";
import { createAuthority, createEveryCombination, createInspection, createTestUser, TODAY } from "../factories";

// Around today (2 September 2024) and the end of the 14-day amber window (16 September).
const DATES = [
  null,
  "2024-08-01",
  "2024-09-01",
  TODAY,
  "2024-09-10",
  "2024-09-16",
  "2024-09-17",
  "2025-01-31",
] as const;

describe("summariseAuthorities", () => {
  it("counts every status, target date and flag as computeRag and the deadline rules judge them", async () => {
    const alpha = await createAuthority("Alpha");
    const beta = await createAuthority("Beta");
    const { combos } = await createEveryCombination(alpha.id, DATES);
    const betaPlan = await createInspection(beta.id);
    const admin = await createTestUser({ role: "admin", authorityId: null });

    const expected = {
      total: combos.length,
      red: 0,
      amber: 0,
      green: 0,
      blue: 0,
      grey: 0,
      overdue: 0,
      due_soon: 0,
      no_target_date: 0,
    };
    const byStatus: Record<string, number> = { not_started: 0, in_progress: 0, awaiting_sign_off: 0, signed_off: 0 };
    for (const c of combos) {
      const rag = computeRag({
        status: c.status,
        targetDate: c.target_date,
        riskFlag: c.risk_flag,
        today: TODAY,
        amberWindowDays: 14,
      });
      expected[rag] += 1;
      byStatus[c.status] += 1;
      const open = c.status !== "signed_off";
      if (open && c.target_date !== null && c.target_date < TODAY) expected.overdue += 1;
      if (open && c.target_date !== null && c.target_date >= TODAY && c.target_date <= "2024-09-16")
        expected.due_soon += 1;
      if (open && c.target_date === null) expected.no_target_date += 1;
    }
    const [a, b] = await summariseAuthorities(admin.actor, TODAY, 14);
    expect(a).toEqual({ id: alpha.id, name: "Alpha", ...expected, ...byStatus });
    expect(b).toMatchObject({ id: beta.id, name: "Beta", total: betaPlan.actionIds.length });
    expect(await summariseAuthorities(admin.actor, TODAY, 14, [beta.id])).toEqual([b]);
    expect(await summariseAuthorities(admin.actor, TODAY, 14, [])).toEqual([]);
  });
});
