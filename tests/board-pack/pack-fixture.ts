import { getDb } from "../../db/client";
import { flagActionRisk } from "../../app/models/action-changes.server";
import { getBoardMeeting, meetingPackRequest } from "../../app/models/board-meetings.server";
import { buildBoardPack } from "../../app/models/board-pack.server";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createInspection,
  createTestUser,
  setAction,
} from "../factories";

// A plan with one of everything a board pack shows: an old plan closed long ago (every action
// signed off) beside an open one whose actions are overdue, off track with a recovery date, on
// track and signed off; a recommendation with no actions; a long action title; a measure with
// units linked to two recommendations; a held meeting of the board before the one being prepared,
// which has an executive summary and commentary on an exception.

export const MEETING_DATE = "2024-10-01";
export const LONG_TITLE =
  "Audit every child protection plan opened since April with the independent reviewing officers, and report the findings and the actions agreed to the practice improvement board";

export async function packFixture() {
  const db = getDb();
  const authority = await createAuthority("Alpha");
  await db
    .updateTable("authorities")
    .set({ protective_marking: "OFFICIAL-SENSITIVE" })
    .where("id", "=", authority.id)
    .execute();
  const other = await createAuthority("Beta");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id, name: "Lee Lead" });
  const owner = await createTestUser({ role: "service_manager", authorityId: authority.id, name: "Sam Owner" });
  const member = await createTestUser({ role: "board_member", authorityId: authority.id });
  const otherLead = await createTestUser({ role: "improvement_lead", authorityId: other.id });

  const old = await createInspection(
    authority.id,
    buildReport({
      kind: "slac",
      title: "Safeguarding and looked after children 2012",
      published: "2012-03-01",
      recommendations: [buildRecommendation({ text: "Old recommendation, long done." })],
    }),
  );
  await setAction(old.actionIds[0], { status: "signed_off", target_date: "2012-09-01" });

  const open = await createInspection(
    authority.id,
    buildReport({
      recommendations: [
        buildRecommendation({ text: "Improve the timeliness of assessments (paragraph 25)." }),
        buildRecommendation({ text: "Strengthen management oversight of plans.", paragraphNumber: "12" }),
        buildRecommendation({ text: "Improve care leavers' access to housing." }),
        buildRecommendation({ text: "Improve the quality of return home interviews." }),
      ],
    }),
  );
  const [late, offTrack, onTrack, withoutActions] = open.actionIds;
  await db.updateTable("actions").set({ title: LONG_TITLE }).where("id", "=", late).execute();
  await setAction(late, { owner_id: owner.id, target_date: "2024-09-20", status: "in_progress" });
  await setAction(offTrack, { owner_id: owner.id, target_date: "2025-01-31", status: "in_progress" });
  await setAction(onTrack, { owner_id: owner.id, target_date: "2025-03-31", status: "signed_off" });
  // The fourth recommendation has no actions yet: a gap the pack must show.
  await db.deleteFrom("actions").where("id", "=", withoutActions).execute();
  const version = (id: number) =>
    db
      .selectFrom("actions")
      .select("version")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
      .then((a) => a.version);
  const flagged = await flagActionRisk(
    owner.actor,
    {
      actionId: offTrack,
      version: await version(offTrack),
      flag: "off_track",
      reason: "Two vacancies",
      recoveryDate: "2024-11-30",
    },
    new Date("2024-09-25T10:00:00Z"),
  );
  if (!flagged.ok) throw new Error(JSON.stringify(flagged));

  const recommendations = await db
    .selectFrom("recommendations")
    .select(["id", "reference"])
    .where("inspection_id", "=", open.inspectionId)
    .orderBy("position")
    .execute();
  const { id: measureId } = await db
    .insertInto("measures")
    .values({
      authority_id: authority.id,
      name: "Re-referrals within 12 months",
      unit: "%",
      higher_is_better: 0,
      baseline_value: 62,
      baseline_period: "2022-23",
      target_value: 55,
      target_period: "2024-25",
      created_at: "2024-09-03T09:00:00.000Z",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [period, periodEnd, value] of [
    ["2022-23", "2023-03-31", 62],
    ["2023-24", "2024-03-31", 64],
  ] as const) {
    await db
      .insertInto("measure_values")
      .values({
        measure_id: measureId,
        period,
        period_end: periodEnd,
        value,
        statistical_neighbours: 60,
        england: 58,
        recorded_by: null,
        recorded_at: "2024-09-03T09:00:00.000Z",
      })
      .execute();
  }
  await db
    .insertInto("measure_recommendations")
    .values([
      { measure_id: measureId, recommendation_id: recommendations[0].id },
      { measure_id: measureId, recommendation_id: recommendations[1].id },
    ])
    .execute();

  const meeting = async (date: string, status: "planned" | "held") =>
    (
      await db
        .insertInto("board_meetings")
        .values({
          authority_id: authority.id,
          board_name: "Improvement Board",
          meeting_date: date,
          status,
          held_at: status === "held" ? `${date}T18:00:00.000Z` : null,
          created_by: lead.id,
          created_at: "2024-09-03T09:00:00.000Z",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const previousMeetingId = await meeting("2024-09-10", "held");
  const meetingId = await meeting(MEETING_DATE, "planned");
  await db
    .updateTable("board_meetings")
    .set({ executive_summary: "The plan is mostly on track.\n\nTwo actions need the board's attention." })
    .where("id", "=", meetingId)
    .execute();
  await db
    .insertInto("board_meeting_commentary")
    .values({
      meeting_id: meetingId,
      action_id: late,
      commentary: "Agency staff start in October.",
      updated_by: lead.id,
      updated_at: "2024-09-30T09:00:00.000Z",
    })
    .execute();

  return {
    authority,
    other,
    lead,
    owner,
    member,
    otherLead,
    oldInspectionId: old.inspectionId,
    inspectionId: open.inspectionId,
    recommendations,
    late,
    offTrack,
    onTrack,
    measureId,
    previousMeetingId,
    meetingId,
  };
}

/** The meeting's pack as the Word and Excel writers see it, from a lead's point of view. */
export async function meetingPack(fixture: Awaited<ReturnType<typeof packFixture>>) {
  const meeting = (await getBoardMeeting(fixture.lead.actor, fixture.meetingId))!;
  const request = await meetingPackRequest(meeting, { today: "2024-10-15", amberWindowDays: 14 });
  return (await buildBoardPack(fixture.lead.actor, fixture.authority.id, request))!;
}
