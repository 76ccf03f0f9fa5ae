import { getDb } from "../../db/client";
import {
  assignActionOwner,
  changeActionStatus,
  changeActionTargetDate,
  flagActionRisk,
} from "../../app/models/action-changes.server";
import { withdrawAction } from "../../app/models/action-plan.server";
import { addEvidence } from "../../app/models/evidence.server";
import type { StatusMove } from "../../app/domain/workflow";
import { buildRecommendation, buildReport, createAuthority, createInspection, createTestUser } from "../factories";

/** The day the scripted board is looked at "today". */
export const BOARD_TODAY = "2024-11-15";

const at = (iso: string) => new Date(iso);

async function version(actionId: number) {
  const row = await getDb()
    .selectFrom("actions")
    .select("version")
    .where("id", "=", actionId)
    .executeTakeFirstOrThrow();
  return row.version;
}

function expectOk(result: { ok: boolean }, step: string) {
  if (!result.ok) throw new Error(`${step} failed: ${JSON.stringify(result)}`);
}

/**
 * A plan imported on 2 September 2024 (published 20 July) whose history is written through the
 * real model functions at dated instants:
 * - A (safeguarding, immediately; due 17 August, so overdue from the start; NHS Trust named):
 *   owner assigned 3 Sep, started 5 Sep, evidence 10 Oct, submitted 11 Oct, signed off 15 Oct.
 *   Red at the end of September, Blue now.
 * - B (looked after children, within six months; due 20 January 2025; service area set):
 *   target brought forward to 1 Oct on 10 Sep, flagged at risk 20 Sep, target moved to
 *   31 March 2025 on 20 Oct. Green, then Amber, then Red (overdue 2-19 Oct), then Amber.
 * - C (no timescale, no target date): not scheduled (grey) until withdrawn on 1 Oct.
 */
export async function scriptedBoardPlan() {
  const authority = await createAuthority("Alpha");
  const other = await createAuthority("Beta");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id, name: "Lee Lead" });
  const owner = await createTestUser({ role: "service_manager", authorityId: authority.id, name: "Sam Owner" });
  const member = await createTestUser({ role: "board_member", authorityId: authority.id, name: "Bo Member" });
  const outsider = await createTestUser({ role: "improvement_lead", authorityId: other.id });
  const admin = await createTestUser({ role: "admin", authorityId: null });
  const report = buildReport({
    kind: "slac",
    recommendations: [
      buildRecommendation({ section: "safeguarding", timescale: "immediately", agencies: ["NHS Trust"] }),
      buildRecommendation({ section: "looked_after_children", timescale: "six_months" }),
      buildRecommendation({ section: null, timescale: null }),
    ],
  });
  const { inspectionId, actionIds } = await createInspection(authority.id, report);
  const [a, b, c] = actionIds;
  await getDb().updateTable("actions").set({ service_area: "Children in care" }).where("id", "=", b).execute();

  const move = async (actionId: number, m: StatusMove, when: string, actor = owner.actor) =>
    expectOk(
      await changeActionStatus(actor, { actionId, version: await version(actionId), move: m, reason: "" }, at(when)),
      m,
    );

  expectOk(
    await assignActionOwner(
      lead.actor,
      { actionId: a, version: await version(a), ownerId: owner.id },
      at("2024-09-03T09:00:00Z"),
    ),
    "assign",
  );
  await move(a, "start", "2024-09-05T09:00:00Z");
  expectOk(
    await addEvidence(
      owner.actor,
      {
        actionId: a,
        kind: "note",
        purpose: "completion",
        description: "Audit report, October",
        url: null,
        evidenceDate: null,
        file: null,
      },
      at("2024-10-10T09:00:00Z"),
    ),
    "evidence",
  );
  await move(a, "submit", "2024-10-11T09:00:00Z");
  await move(a, "sign_off", "2024-10-15T09:00:00Z", lead.actor);

  const target = async (actionId: number, targetDate: string, when: string) =>
    expectOk(
      await changeActionTargetDate(
        lead.actor,
        { actionId, version: await version(actionId), targetDate, reason: "Replanned" },
        at(when),
      ),
      "target",
    );
  await target(b, "2024-10-01", "2024-09-10T09:00:00Z");
  expectOk(
    await flagActionRisk(
      lead.actor,
      { actionId: b, version: await version(b), flag: "at_risk", reason: "Recruitment" },
      at("2024-09-20T09:00:00Z"),
    ),
    "flag",
  );
  await target(b, "2025-03-31", "2024-10-20T09:00:00Z");

  expectOk(
    await withdrawAction(
      lead.actor,
      { actionId: c, version: await version(c), reason: "Duplicate" },
      at("2024-10-01T09:00:00Z"),
    ),
    "withdraw",
  );

  return { authority, other, lead, owner, member, outsider, admin, inspectionId, actionIds };
}
