import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { readRows, rowFingerprint } from "../../app/domain/plan-editor";
import { getPlanForEditor, savePlanRows } from "../../app/models/plan-editor.server";
import { assignActionOwner } from "../../app/models/action-changes.server";
import { createAuthority, createInspection, createTestUser, NOW } from "../factories";

async function setUp() {
  const authority = await createAuthority();
  const other = await createAuthority();
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const manager = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const stranger = await createTestUser({ role: "service_manager", authorityId: other.id });
  const { inspectionId, actionIds } = await createInspection(authority.id);
  const plan = (await getPlanForEditor(lead.actor, inspectionId))!;
  return { lead, manager, stranger, inspectionId, actionIds, plan };
}

/** The fields the page would send for an action as it was drawn, with `changes` typed over them. */
function existingRow(
  action: { id: number; version: number; title: string; seen: string },
  changes: Record<string, string> = {},
): [string, string][] {
  const key = `a${action.id}`;
  const values: Record<string, string> = {
    title: action.title,
    ownerId: "none",
    targetDate: "",
    partnerAgency: "",
    serviceArea: "",
    successMeasure: "",
    ...changes,
  };
  return [
    [`${key}-version`, String(action.version)],
    [`${key}-seen`, action.seen],
    ...Object.entries(values).map(([f, v]): [string, string] => [`${key}-${f}`, v]),
  ];
}

async function actionRow(id: number) {
  return getDb().selectFrom("actions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}
async function events(id: number) {
  const rows = await getDb()
    .selectFrom("audit_events")
    .select(["event", "before", "after"])
    .where("entity_type", "=", "action")
    .where("entity_id", "=", id)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.event);
}

describe("savePlanRows", () => {
  it("adds new rows and edits existing ones in one submission, audited like single edits", async () => {
    const { lead, manager, plan } = await setUp();
    const [first, second] = plan.recommendations;
    const placeholder = first.actions[0];
    const rows = readRows([
      ...existingRow(placeholder, {
        title: "Audit every strategy meeting",
        ownerId: String(manager.id),
        targetDate: "31/01/2027",
        serviceArea: "Front door",
        successMeasure: "90% within 3 days",
      }),
      [`n${first.id}x1-title`, "Train team managers"],
      [`n${first.id}x1-ownerId`, String(lead.id)],
      [`n${first.id}x1-targetDate`, "28/02/2027"],
      [`n${second.id}x1-title`, ""],
      [`n${second.id}x1-ownerId`, "none"],
    ])!;
    const outcomes = await savePlanRows(lead.actor, plan, rows, "", NOW);
    expect(outcomes.map((o) => o.outcome)).toEqual(["changed", "created", "blank"]);

    expect(await actionRow(placeholder.id)).toMatchObject({
      title: "Audit every strategy meeting",
      owner_id: manager.id,
      target_date: "2027-01-31",
      baseline_target_date: "2027-01-31",
      service_area: "Front door",
      success_measure: "90% within 3 days",
      version: placeholder.version + 1,
    });
    expect(await events(placeholder.id)).toEqual([
      "action.details_changed",
      "action.owner_changed",
      "action.service_area_changed",
      "action.target_date_changed",
    ]);
    const created = outcomes[1];
    if (created.outcome !== "created") throw new Error("expected a new action");
    expect(await actionRow(created.actionId)).toMatchObject({
      recommendation_id: first.id,
      sequence: 2,
      title: "Train team managers",
      owner_id: lead.id,
      target_date: "2027-02-28",
      baseline_target_date: "2027-02-28",
    });
    expect(await events(created.actionId)).toEqual(["action.created"]);
    const second_ = await getDb()
      .selectFrom("actions")
      .select("id")
      .where("recommendation_id", "=", second.id)
      .execute();
    expect(second_).toHaveLength(1);
  });

  it("reports each row's errors and saves the rows without problems; a bad row writes nothing", async () => {
    const { lead, stranger, plan } = await setUp();
    const [first, second] = plan.recommendations;
    const rows = readRows([
      ...existingRow(first.actions[0], { title: "Good row", targetDate: "31/02/2027" }),
      ...existingRow(second.actions[0], { title: "Also changed", ownerId: String(stranger.id) }),
      [`n${first.id}x1-title`, "New and fine"],
      [`n${second.id}x1-partnerAgency`, "Police"],
    ])!;
    const outcomes = await savePlanRows(lead.actor, plan, rows, "", NOW);
    expect(outcomes).toEqual([
      {
        key: `a${first.actions[0].id}`,
        outcome: "invalid",
        errors: { targetDate: "Enter a real date, for example 31/03/2027" },
      },
      {
        key: `a${second.actions[0].id}`,
        outcome: "invalid",
        errors: { ownerId: "Choose an owner from this authority" },
      },
      { key: `n${first.id}x1`, outcome: "created", actionId: expect.any(Number) },
      { key: `n${second.id}x1`, outcome: "invalid", errors: { title: "Enter the action's title" } },
    ]);
    for (const a of [first.actions[0], second.actions[0]]) {
      expect(await actionRow(a.id)).toMatchObject({
        title: "Action not yet written",
        version: a.version,
        owner_id: null,
      });
      expect(await events(a.id)).toEqual([]);
    }
  });

  it("a row changed by someone else since the page was drawn is a conflict; an untouched row is left alone", async () => {
    const { lead, manager, plan } = await setUp();
    const [first, second] = plan.recommendations;
    // Someone assigns both actions after the page was drawn.
    for (const a of [first.actions[0], second.actions[0]]) {
      expect(
        await assignActionOwner(lead.actor, { actionId: a.id, version: a.version, ownerId: manager.id }, NOW),
      ).toEqual({ ok: true });
    }
    const rows = readRows([
      ...existingRow(first.actions[0], { title: "My new title" }),
      ...existingRow(second.actions[0]),
    ])!;
    const outcomes = await savePlanRows(lead.actor, plan, rows, "", NOW);
    expect(outcomes[0]).toMatchObject({
      outcome: "conflict",
      changedBy: lead.name,
      version: first.actions[0].version + 1,
    });
    expect(outcomes[1]).toEqual({ key: `a${second.actions[0].id}`, outcome: "unchanged" });
    expect(await actionRow(first.actions[0].id)).toMatchObject({
      title: "Action not yet written",
      owner_id: manager.id,
    });
    expect(await actionRow(second.actions[0].id)).toMatchObject({ owner_id: manager.id });

    // Saved again with the version and fingerprint the conflict gave back, what was typed wins.
    if (outcomes[0].outcome !== "conflict") throw new Error("expected a conflict");
    const again = readRows(
      existingRow(
        { ...first.actions[0], version: outcomes[0].version, seen: outcomes[0].seen },
        { title: "My new title" },
      ),
    )!;
    expect((await savePlanRows(lead.actor, plan, again, "", NOW))[0].outcome).toBe("changed");
    expect(await actionRow(first.actions[0].id)).toMatchObject({ title: "My new title", owner_id: null });
  });

  it("moving a target date already set needs the reason; a first date does not", async () => {
    const { lead, plan } = await setUp();
    const action = plan.recommendations[0].actions[0];
    const set = readRows(existingRow(action, { title: "Set dates", targetDate: "31/01/2027" }))!;
    expect((await savePlanRows(lead.actor, plan, set, "", NOW))[0].outcome).toBe("changed");
    const now = await actionRow(action.id);
    const drawn = {
      ...action,
      version: now.version,
      title: "Set dates",
      seen: rowFingerprint({
        title: now.title,
        ownerId: null,
        targetDate: "2027-01-31",
        partnerAgency: null,
        serviceArea: null,
        successMeasure: "",
      }),
    };
    const move = readRows(existingRow(drawn, { targetDate: "31/03/2027" }))!;
    expect(await savePlanRows(lead.actor, plan, move, " ", NOW)).toEqual([
      {
        key: `a${action.id}`,
        outcome: "invalid",
        errors: { targetDate: "This target date was already set: say why target dates are moving, below the plan" },
      },
    ]);
    const cleared = readRows(existingRow(drawn, { targetDate: "" }))!;
    expect((await savePlanRows(lead.actor, plan, cleared, "Reason", NOW))[0]).toMatchObject({ outcome: "invalid" });
    expect((await savePlanRows(lead.actor, plan, move, "Board agreed", NOW))[0].outcome).toBe("changed");
    expect(await actionRow(action.id)).toMatchObject({ target_date: "2027-03-31", baseline_target_date: "2027-01-31" });
    const changes = await getDb()
      .selectFrom("target_date_changes")
      .select(["from_date", "to_date", "reason"])
      .where("action_id", "=", action.id)
      .orderBy("id")
      .execute();
    expect(changes).toEqual([
      { from_date: null, to_date: "2027-01-31", reason: "" },
      { from_date: "2027-01-31", to_date: "2027-03-31", reason: "Board agreed" },
    ]);
  });

  it("refuses rows for another plan's actions or recommendations, and anyone who may not manage the plan", async () => {
    const { lead, manager, plan } = await setUp();
    const elsewhere = await createInspection(lead.authority_id!);
    const foreign = await getDb()
      .selectFrom("actions")
      .select(["id", "recommendation_id"])
      .where("id", "=", elsewhere.actionIds[0])
      .executeTakeFirstOrThrow();
    const rows = readRows([
      [`a${foreign.id}-version`, "1"],
      [`a${foreign.id}-title`, "Hijack"],
      [`n${foreign.recommendation_id}x1-title`, "Slip in"],
    ])!;
    const outcomes = await savePlanRows(lead.actor, plan, rows, "", NOW);
    expect(outcomes.map((o) => o.outcome)).toEqual(["invalid", "invalid"]);
    const byManager = await savePlanRows(
      manager.actor,
      plan,
      readRows(existingRow(plan.recommendations[0].actions[0], { title: "Mine now" }))!,
      "",
      NOW,
    );
    expect(byManager[0]).toMatchObject({
      outcome: "invalid",
      errors: { title: "Only an improvement lead or administrator can change the plan" },
    });
    expect(await actionRow(foreign.id)).toMatchObject({ version: 1 });
  });
});

describe("the starter action the report import makes", () => {
  it("is titled as a gap to fill, not with the recommendation's wording, and the editor shows its title empty", async () => {
    const { lead, plan } = await setUp();
    const starter = plan.recommendations[0].actions[0];
    const stored = await actionRow(starter.id);
    expect(stored.title).toBe("Action not yet written");
    expect(stored.title).not.toContain(plan.recommendations[0].text.slice(0, 20));
    expect(starter.title).toBe("");
    // Left as it is, the row is untouched; given an owner without a title, the title is asked for.
    const untouched = readRows(existingRow(starter, { title: "" }))!;
    expect((await savePlanRows(lead.actor, plan, untouched, "", NOW))[0].outcome).toBe("unchanged");
    const ownerOnly = readRows(existingRow(starter, { title: "", ownerId: String(lead.id) }))!;
    expect((await savePlanRows(lead.actor, plan, ownerOnly, "", NOW))[0]).toMatchObject({
      outcome: "invalid",
      errors: { title: "Enter the action's title" },
    });
  });
});
