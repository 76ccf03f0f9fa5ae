import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { reconstructAsAt } from "../../app/domain/as-at";
import { action } from "../../app/routes/actions.$actionId";
import { createAuthority, createInspection, createTestUser, setAction } from "../factories";
import { call, postRequest, sessionCookie } from "../helpers/requests";

// The exceptions' recovery date is the owner's forecast, given on the action's flag form when it
// is off track or overdue: stored, audited, and reconstructed as at any past date.

async function world() {
  const authority = await createAuthority();
  const owner = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const colleague = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const { actionIds } = await createInspection(authority.id);
  await setAction(actionIds[0], { owner_id: owner.id, target_date: "2024-09-20", status: "in_progress" });
  return { owner, colleague, actionId: actionIds[0] };
}

const row = (id: number) =>
  getDb()
    .selectFrom("actions")
    .select(["version", "risk_flag", "recovery_date"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();

async function flag(userId: number, actionId: number, fields: Record<string, string>) {
  const { version } = await row(actionId);
  return call(
    action,
    postRequest(
      `/actions/${actionId}`,
      { intent: "risk", version: String(version), ...fields },
      await sessionCookie(userId),
    ),
    { actionId: String(actionId) },
  );
}

describe("the owner's recovery date", () => {
  it("is given on the flag form, kept, audited with the flag, and cleared when emptied", async () => {
    const w = await world();
    const saved = await flag(w.owner.id, w.actionId, {
      flag: "off_track",
      riskReason: "Two vacancies",
      recoveryDate: "30/6/2030",
    });
    expect(saved.status).toBe(302);
    expect(await row(w.actionId)).toMatchObject({ risk_flag: "off_track", recovery_date: "2030-06-30" });
    // A form without the field (an older page) leaves it alone.
    expect((await flag(w.owner.id, w.actionId, { flag: "off_track", riskReason: "Two vacancies" })).status).toBe(302);
    expect((await row(w.actionId)).recovery_date).toBe("2030-06-30");
    expect((await flag(w.owner.id, w.actionId, { flag: "none", riskReason: "", recoveryDate: "" })).status).toBe(302);
    expect(await row(w.actionId)).toMatchObject({ risk_flag: null, recovery_date: null });
    const events = await getDb()
      .selectFrom("audit_events")
      .select(["before", "after"])
      .where("event", "=", "action.risk_flag_changed")
      .where("entity_id", "=", w.actionId)
      .orderBy("id")
      .execute();
    expect(events.map((e) => [JSON.parse(e.before!), JSON.parse(e.after!)])).toEqual([
      [
        { riskFlag: null, recoveryDate: null },
        { riskFlag: "off_track", reason: "Two vacancies", recoveryDate: "2030-06-30" },
      ],
      [{ riskFlag: "off_track" }, { riskFlag: "off_track", reason: "Two vacancies" }],
      [
        { riskFlag: "off_track", recoveryDate: "2030-06-30" },
        { riskFlag: null, reason: null, recoveryDate: null },
      ],
    ]);
  });

  it("must be a real date, today or later, and only the owner (or a lead) may give it", async () => {
    const w = await world();
    for (const [recoveryDate, message] of [
      ["31/2/2030", "Enter a real date, for example 31/03/2025 or 31 March 2025"],
      ["1/1/2020", "The recovery date must be today or later"],
    ]) {
      const response = await flag(w.owner.id, w.actionId, { flag: "off_track", riskReason: "Late", recoveryDate });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: Record<string, string>; submitted: Record<string, string> };
      expect(body.errors.recoveryDate).toBe(message);
      expect(body.submitted.recoveryDate).toBe(recoveryDate);
    }
    expect(
      (await flag(w.colleague.id, w.actionId, { flag: "off_track", riskReason: "Late", recoveryDate: "30/6/2030" }))
        .status,
    ).toBe(403);
    expect(await row(w.actionId)).toMatchObject({ risk_flag: null, recovery_date: null });
  });

  it("is reconstructed as at a past date from the flag changes' history", () => {
    const current = {
      createdAt: "2024-09-01T09:00:00.000Z",
      status: "in_progress" as const,
      targetDate: "2024-09-20",
      ownerId: 1,
      riskFlag: "off_track" as const,
      partnerAgency: null,
      withdrawnAt: null,
      recoveryDate: "2024-12-31",
    };
    const history = {
      events: [
        {
          at: "2024-09-25T10:00:00.000Z",
          event: "action.risk_flag_changed",
          before: { riskFlag: null, recoveryDate: null },
          after: { riskFlag: "off_track", recoveryDate: "2024-11-30" },
        },
        {
          at: "2024-11-20T10:00:00.000Z",
          event: "action.risk_flag_changed",
          before: { riskFlag: "off_track", recoveryDate: "2024-11-30" },
          after: { riskFlag: "off_track", recoveryDate: "2024-12-31" },
        },
      ],
      targetDateChanges: [],
      evidence: [],
    };
    const at = (date: string) => reconstructAsAt(current, history, date, 14).recoveryDate;
    expect(at("2024-09-24")).toBeNull();
    expect(at("2024-10-01")).toBe("2024-11-30");
    expect(at("2024-11-20")).toBe("2024-12-31");
  });
});
