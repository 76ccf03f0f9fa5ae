import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import type { PlannedRow } from "../../app/import/spreadsheet/plan";
import { getPlanImportTarget, importPlanRows } from "../../app/models/plan-import.server";
import { createAuthority, createTestUser, NOW } from "../factories";
import { createPlanInspection } from "./plans";

function row(overrides: Partial<PlannedRow>): PlannedRow {
  return {
    rowNumber: 5,
    kind: "action",
    recommendationText: "SG-IM-1",
    recommendation: null,
    actionText: "Do it",
    title: "Do it",
    description: "",
    ownerText: "",
    owner: { kind: "none" },
    targetDateText: "",
    targetDate: null,
    ragText: "",
    status: "not_started",
    riskFlag: null,
    progress: null,
    evidence: null,
    errors: [],
    warnings: [],
    badCells: [],
    corrections: [],
    ...overrides,
  };
}

const counts = async () => ({
  actions: Number(
    (
      await getDb()
        .selectFrom("actions")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  users: Number(
    (
      await getDb()
        .selectFrom("users")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  events: Number(
    (
      await getDb()
        .selectFrom("audit_events")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

let authorityId: number;
let lead: Awaited<ReturnType<typeof createTestUser>>;
let plan: Awaited<ReturnType<typeof createPlanInspection>>;
beforeEach(async () => {
  authorityId = (await createAuthority()).id;
  lead = await createTestUser({ role: "improvement_lead", authorityId });
  plan = await createPlanInspection(authorityId);
});

describe("importPlanRows", () => {
  it("saves everything or nothing: a failure on the second row undoes the pending user and the first action", async () => {
    const rec = {
      id: plan.recommendations[0].id,
      reference: "SG-IM-1",
      method: "reference" as const,
      similarity: null,
      carried: false,
    };
    const before = await counts();
    await expect(
      importPlanRows(
        lead.actor,
        {
          inspectionId: plan.inspectionId,
          fileName: "plan.xlsx",
          leftOut: 0,
          rows: [
            row({ recommendation: rec, owner: { kind: "new", key: "new person", name: "New Person", email: null } }),
            row({ rowNumber: 6, recommendation: rec, status: "bogus" as never }),
          ],
        },
        NOW,
      ),
    ).rejects.toThrow(/CHECK constraint|violates check constraint/);
    expect(await counts()).toEqual(before);
  });

  it("refuses rows with errors, another inspection's recommendations and owners from elsewhere", async () => {
    const other = await createPlanInspection(authorityId);
    const elsewhere = await createTestUser({ role: "service_manager", authorityId: (await createAuthority()).id });
    const rec = (id: number) => ({
      id,
      reference: "X",
      method: "reference" as const,
      similarity: null,
      carried: false,
    });
    const input = (rows: PlannedRow[]) => ({ inspectionId: plan.inspectionId, fileName: null, leftOut: 0, rows });
    expect(
      await importPlanRows(
        lead.actor,
        input([row({ recommendation: rec(plan.recommendations[0].id), errors: ["bad"] })]),
        NOW,
      ),
    ).toMatchObject({ ok: false, reason: "invalid" });
    expect(
      await importPlanRows(lead.actor, input([row({ recommendation: rec(other.recommendations[0].id) })]), NOW),
    ).toMatchObject({ ok: false, reason: "invalid" });
    expect(
      await importPlanRows(
        lead.actor,
        input([
          row({
            recommendation: rec(plan.recommendations[0].id),
            owner: { kind: "existing", userId: elsewhere.id, name: "x", pending: false },
          }),
        ]),
        NOW,
      ),
    ).toMatchObject({ ok: false, reason: "invalid" });
    const manager = await createTestUser({ role: "service_manager", authorityId });
    expect(
      await importPlanRows(manager.actor, input([row({ recommendation: rec(plan.recommendations[0].id) })]), NOW),
    ).toMatchObject({ ok: false, reason: "forbidden" });
  });

  it("gives a lead only their own authority's inspections", async () => {
    const otherLead = await createTestUser({ role: "improvement_lead", authorityId: (await createAuthority()).id });
    expect(await getPlanImportTarget(otherLead.actor, plan.inspectionId)).toBeUndefined();
    const target = await getPlanImportTarget(lead.actor, plan.inspectionId);
    expect(target?.recommendations.map((r) => r.reference)).toEqual([
      "SG-IM-1",
      "SG-3M-1",
      "SG-3M-2",
      "LAC-3M-1",
      "LAC-6M-1",
    ]);
    expect(target?.recommendations[0].actionTitles).toHaveLength(1);
  });
});
