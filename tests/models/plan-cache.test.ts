import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { getDb } from "../../db/client";
import { cachedByPlan, planChangeToken } from "../../app/models/plan-cache.server";
import { listActions } from "../../app/models/action.server";
import { summariseAuthorities } from "../../app/models/progress.server";
import { createAuthority, createInspection, createTestUser, setAction, TODAY } from "../factories";

describe("answers cached by plan change token", () => {
  it("reuses an answer while the plan is unchanged, and recomputes after any write to it", async () => {
    const authority = await createAuthority("Alpha");
    let calls = 0;
    const compute = async () => ({ calls: ++calls });
    expect(await cachedByPlan("k", compute)).toEqual({ calls: 1 });
    const again = await cachedByPlan("k", compute);
    expect(again).toEqual({ calls: 1 });
    again.calls = 99; // each caller gets its own copy
    expect(await cachedByPlan("k", compute)).toEqual({ calls: 1 });
    expect(await cachedByPlan("other", compute)).toEqual({ calls: 2 });

    const before = await planChangeToken();
    await getDb().updateTable("authorities").set({ name: "Alpha Council" }).where("id", "=", authority.id).execute();
    expect(await planChangeToken()).not.toBe(before);
    expect(await cachedByPlan("k", compute)).toEqual({ calls: 3 });

    // Sessions are not part of the plan: signing in does not throw the cache away.
    const token = await planChangeToken();
    await getDb().deleteFrom("sessions").execute();
    expect(await planChangeToken()).toBe(token);
  });

  it("caches nothing while the token is unknown", async () => {
    await sql`delete from plan_change_token`.execute(getDb());
    expect(await planChangeToken()).toBeNull();
    let calls = 0;
    await cachedByPlan("k", async () => ++calls);
    await cachedByPlan("k", async () => ++calls);
    expect(calls).toBe(2);
  });

  it("gives counts that follow every change to the plan", async () => {
    const authority = await createAuthority("Alpha");
    const { actionIds } = await createInspection(authority.id);
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const list = () =>
      listActions({
        actor: admin.actor,
        filters: { rag: "red" },
        sort: "target_date",
        page: 1,
        today: TODAY,
        amberWindowDays: 14,
      });
    await setAction(actionIds[0], { status: "not_started", target_date: "2030-01-01", risk_flag: null });
    const red = (await list()).total;
    const [summary] = await summariseAuthorities(admin.actor, TODAY, 14);
    expect(summary.red).toBe(red);
    await setAction(actionIds[0], { status: "in_progress", target_date: "2024-01-01", risk_flag: null });
    const after = (await list()).total;
    expect(after).toBe(red + 1);
    const [summaryAfter] = await summariseAuthorities(admin.actor, TODAY, 14);
    expect(summaryAfter.red).toBe(after);
    expect(summaryAfter.overdue).toBeGreaterThanOrEqual(1);
  });
});
