import { getDb } from "../../db/client";
import { recordAuditEvent } from "../../app/models/audit.server";
import { buildRecommendation, buildReport, createAuthority, createInspection, createTestUser, NOW, setAction } from "../factories";

/** Titles the tests look for; action n is "Action n" in recommendation n (number "n.1"). */
export async function titleActions(actionIds: number[]) {
  for (const [i, id] of actionIds.entries()) {
    await getDb().updateTable("actions").set({ title: `Action ${i + 1}` }).where("id", "=", id).execute();
  }
}

export async function sendBack(actionId: number, authorityId: number, reason: string, at = NOW) {
  await setAction(actionId, { status: "in_progress" });
  await recordAuditEvent(getDb(), {
    userId: null,
    authorityId,
    entityType: "action",
    entityId: actionId,
    event: "action.send_back",
    before: { status: "awaiting_sign_off" },
    after: { status: "in_progress", reason },
    at,
  });
}

/**
 * One authority on 2 September 2024 (amber window 14 days):
 * - owner: action 1 overdue, action 2 due in 10 days, action 3 due far off, action 4 signed off and overdue,
 *   action 5 withdrawn and overdue, action 6 sent back with a reason;
 * - lead: asked to sign off action 7 (owned by owner) but not action 8 (their own);
 * - leaver: an inactive owner of an overdue action (9); board: a board member with nothing to hear about;
 * - otherLead: a lead in another authority, which has an action awaiting sign-off (hears only about that).
 */
export async function reminderWorld() {
  const authority = await createAuthority("Testshire");
  const otherAuthority = await createAuthority("Otherton");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id, name: "Lee Lead" });
  const owner = await createTestUser({ role: "service_manager", authorityId: authority.id, name: "Sam Owner" });
  const leaver = await createTestUser({ role: "service_manager", authorityId: authority.id, name: "Lou Leaver" });
  const board = await createTestUser({ role: "board_member", authorityId: authority.id, name: "Bo Board" });
  const admin = await createTestUser({ role: "admin", authorityId: null, name: "Ada Admin" });
  const otherLead = await createTestUser({ role: "improvement_lead", authorityId: otherAuthority.id, name: "Olu Other" });
  const otherOwner = await createTestUser({ role: "service_manager", authorityId: otherAuthority.id });
  await getDb().updateTable("users").set({ active: 0 }).where("id", "=", leaver.id).execute();

  const report = buildReport({ recommendations: Array.from({ length: 9 }, () => buildRecommendation()) });
  const { actionIds: a } = await createInspection(authority.id, report);
  await titleActions(a);
  await setAction(a[0], { owner_id: owner.id, status: "in_progress", target_date: "2024-08-01" });
  await setAction(a[1], { owner_id: owner.id, target_date: "2024-09-12" });
  await setAction(a[2], { owner_id: owner.id, target_date: "2025-01-31" });
  await setAction(a[3], { owner_id: owner.id, status: "signed_off", target_date: "2024-07-01" });
  await setAction(a[4], { owner_id: owner.id, target_date: "2024-07-01" });
  await getDb().updateTable("actions").set({ withdrawn_at: NOW.toISOString(), withdrawn_reason: "Merged" }).where("id", "=", a[4]).execute();
  await setAction(a[5], { owner_id: owner.id, target_date: "2024-12-01" });
  await sendBack(a[5], authority.id, "Add the audit report as evidence");
  await setAction(a[6], { owner_id: owner.id, status: "awaiting_sign_off", target_date: "2024-09-30" });
  await setAction(a[7], { owner_id: lead.id, status: "awaiting_sign_off", target_date: "2024-09-30" });
  await setAction(a[8], { owner_id: leaver.id, target_date: "2024-08-01" });

  const other = await createInspection(otherAuthority.id);
  await titleActions(other.actionIds);
  await setAction(other.actionIds[0], { owner_id: otherOwner.id, status: "awaiting_sign_off", target_date: "2025-01-01" });

  return { authority, otherAuthority, lead, owner, leaver, board, admin, otherLead, otherOwner, actionIds: a, otherActionIds: other.actionIds };
}
