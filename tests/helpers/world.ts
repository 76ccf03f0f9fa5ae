import { getDb } from "../../db/client";
import { removeInspection } from "../../app/models/inspection-removal.server";
import { initialChoices } from "../../app/domain/plan-import-draft";
import { createPlanDraft } from "../../app/models/plan-import-drafts.server";
import {
  createAuthority,
  createInspection,
  createReadyDraft,
  createTestMeasure,
  createTestUser,
  NOW,
  setAction,
} from "../factories";

/**
 * Two authorities and everyone who might post to a form: an administrator, Alpha's lead, the
 * owner of Alpha's actions, another Alpha manager, an Alpha board member, and Beta's lead and
 * manager; plus one of everything a form acts on (actions in each state, evidence, a
 * recommendation, a measure, a board meeting, a user to edit, an inspection removed as imported
 * in error, Alpha's lead's import draft).
 */

export type Person = "admin" | "lead" | "owner" | "manager" | "board" | "otherLead" | "otherManager";
export const PEOPLE: Person[] = ["admin", "lead", "owner", "manager", "board", "otherLead", "otherManager"];

export interface World {
  /** Alpha, where everything below lives. */
  authorityId: number;
  people: Record<Person, { id: number }>;
  actionId: number;
  awaitingActionId: number;
  withdrawnActionId: number;
  recommendationId: number;
  evidenceId: number;
  inspectionId: number;
  /** Removed from the plan by the administrator (its version is then 2). */
  removedInspectionId: number;
  userIdToEdit: number;
  measureId: number;
  meetingId: number;
  /** An import draft of Alpha's lead, read and ready to correct: nobody else may see it. */
  draftId: number;
  /** A spreadsheet plan being imported by Alpha's lead into Alpha's inspection, at revision 1. */
  planDraftId: number;
  /** An Alpha monitoring visit recorded by its lead, at version 1, with no letter. */
  eventId: number;
}

export async function buildWorld(): Promise<World> {
  const a = await createAuthority("Alpha");
  const b = await createAuthority("Beta");
  const people = {
    admin: await createTestUser({ role: "admin", authorityId: null }),
    lead: await createTestUser({ role: "improvement_lead", authorityId: a.id }),
    owner: await createTestUser({ role: "service_manager", authorityId: a.id }),
    manager: await createTestUser({ role: "service_manager", authorityId: a.id }),
    board: await createTestUser({ role: "board_member", authorityId: a.id }),
    otherLead: await createTestUser({ role: "improvement_lead", authorityId: b.id }),
    otherManager: await createTestUser({ role: "service_manager", authorityId: b.id }),
  };
  const { inspectionId, actionIds } = await createInspection(a.id);
  const extra = await createInspection(a.id);
  const [actionId, awaitingActionId] = actionIds;
  const withdrawnActionId = extra.actionIds[0];
  for (const id of [actionId, awaitingActionId, withdrawnActionId]) await setAction(id, { owner_id: people.owner.id });
  await setAction(awaitingActionId, { status: "awaiting_sign_off" });
  await getDb()
    .updateTable("actions")
    .set({ withdrawn_at: "2024-09-01T00:00:00.000Z", withdrawn_reason: "Duplicate" })
    .where("id", "=", withdrawnActionId)
    .execute();
  const { id: evidenceId } = await getDb()
    .insertInto("evidence")
    .values({
      action_id: actionId,
      kind: "note",
      purpose: "completion",
      description: "Minutes",
      url: null,
      evidence_date: null,
      added_by: people.owner.id,
      created_at: "2024-09-01T00:00:00.000Z",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const recommendationId = (
    await getDb().selectFrom("actions").select("recommendation_id").where("id", "=", actionId).executeTakeFirstOrThrow()
  ).recommendation_id;
  const userIdToEdit = (await createTestUser({ role: "service_manager", authorityId: a.id })).id;
  const removedInspectionId = (await createInspection(a.id)).inspectionId;
  await removeInspection(
    { id: people.admin.id, role: "admin", authorityId: null },
    { inspectionId: removedInspectionId, version: 1, reason: "Another council's report" },
    NOW,
  );
  const { id: measureId } = await createTestMeasure(a.id);
  const { id: meetingId } = await getDb()
    .insertInto("board_meetings")
    .values({
      authority_id: a.id,
      board_name: "Improvement Board",
      meeting_date: "2024-09-01",
      held_at: null,
      created_by: null,
      created_at: "2024-09-01T00:00:00.000Z",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const draftId = await createReadyDraft(
    { id: people.lead.id, role: "improvement_lead", authorityId: a.id },
    "Inspection of Alpha local authority children's services\n\nWhat needs to improve?\n\n   ◼ The quality of plans.\n   ◼ Supervision of social workers.\n",
  );
  const planDraftId = await createPlanDraft(
    { id: people.lead.id, role: "improvement_lead", authorityId: a.id },
    {
      inspectionId,
      fileName: "plan.csv",
      format: "csv",
      workbook: {
        date1904: false,
        sheets: [
          {
            name: "CSV",
            hidden: false,
            rows: [
              ["Recommendation", "Action", "Lead", "Target date"],
              ["1", "Audit plans", "TBC", "Q2 2024/25"],
            ],
          },
        ],
      },
      choices: initialChoices(0, 0, {
        reference: 0,
        recommendation: null,
        action: 1,
        owner: 2,
        targetDate: 3,
        progress: null,
        rag: null,
        evidence: null,
      }),
    },
    // Drafts expire a day after their last change; the routes read the real clock.
    new Date(),
  );
  const { id: eventId } = await getDb()
    .insertInto("inspection_events")
    .values({
      authority_id: a.id,
      kind: "monitoring_visit",
      event_date: "2024-06-11",
      end_date: null,
      title: "Monitoring visit 1",
      summary: "Management oversight improving.",
      letter_sha256: null,
      letter_name: null,
      letter_size: null,
      letter_type: null,
      created_by: people.lead.id,
      created_at: "2024-06-20T09:00:00.000Z",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    authorityId: a.id,
    people,
    actionId,
    awaitingActionId,
    withdrawnActionId,
    recommendationId,
    evidenceId,
    inspectionId,
    removedInspectionId,
    userIdToEdit,
    measureId,
    meetingId,
    draftId,
    planDraftId,
    eventId,
  };
}
