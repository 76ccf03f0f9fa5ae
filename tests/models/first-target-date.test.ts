import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { changeActionTargetDate } from "../../app/models/action-changes.server";
import { describeAuditEvent } from "../../app/components/audit-text";
import { createAuthority, createInspection, createTestUser, NOW, setAction } from "../factories";

async function setUp() {
  const authority = await createAuthority();
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const { actionIds } = await createInspection(authority.id);
  // ILACS recommendations have no timescale, so their actions start without a target date.
  const action = await getDb()
    .selectFrom("actions")
    .selectAll()
    .where("id", "=", actionIds[0])
    .executeTakeFirstOrThrow();
  expect(action.target_date).toBeNull();
  return { lead, actionId: actionIds[0] };
}

describe("the first target date", () => {
  it("needs no reason, becomes the baseline and reads 'set to' in the history", async () => {
    const { lead, actionId } = await setUp();
    const result = await changeActionTargetDate(
      lead.actor,
      { actionId, version: 1, targetDate: "2027-01-31", reason: "" },
      NOW,
    );
    expect(result).toEqual({ ok: true });
    const action = await getDb().selectFrom("actions").selectAll().where("id", "=", actionId).executeTakeFirstOrThrow();
    expect(action).toMatchObject({ target_date: "2027-01-31", baseline_target_date: "2027-01-31", version: 2 });
    const event = await getDb()
      .selectFrom("audit_events")
      .select(["event", "before", "after"])
      .where("entity_type", "=", "action")
      .where("entity_id", "=", actionId)
      .where("event", "=", "action.target_date_changed")
      .executeTakeFirstOrThrow();
    expect(describeAuditEvent(event.event, event.before, event.after)).toBe("Target date set to 31 January 2027");
    const change = await getDb()
      .selectFrom("target_date_changes")
      .selectAll()
      .where("action_id", "=", actionId)
      .executeTakeFirstOrThrow();
    expect(change).toMatchObject({ from_date: null, to_date: "2027-01-31", reason: "" });
  });

  it("a later move still needs a reason, and keeps the baseline", async () => {
    const { lead, actionId } = await setUp();
    await setAction(actionId, { target_date: "2027-01-31" });
    await getDb()
      .updateTable("actions")
      .set({ baseline_target_date: "2027-01-31" })
      .where("id", "=", actionId)
      .execute();
    const refused = await changeActionTargetDate(
      lead.actor,
      { actionId, version: 1, targetDate: "2027-03-31", reason: "  " },
      NOW,
    );
    expect(refused).toEqual({
      ok: false,
      reason: "invalid",
      message: "Give the reason the target date is changing",
      field: "targetReason",
    });
    const moved = await changeActionTargetDate(
      lead.actor,
      { actionId, version: 1, targetDate: "2027-03-31", reason: "Board agreed" },
      NOW,
    );
    expect(moved).toEqual({ ok: true });
    const action = await getDb().selectFrom("actions").selectAll().where("id", "=", actionId).executeTakeFirstOrThrow();
    expect(action).toMatchObject({ target_date: "2027-03-31", baseline_target_date: "2027-01-31" });
    expect(
      describeAuditEvent(
        "action.target_date_changed",
        '{"targetDate":"2027-01-31"}',
        '{"targetDate":"2027-03-31","reason":"Board agreed"}',
      ),
    ).toBe("Target date moved from 31 January 2027 to 31 March 2027: “Board agreed”");
  });
});
