import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addEvidence } from "../../app/models/evidence.server";
import { getMeetingChanges } from "../../app/models/board-changes.server";
import { markBoardMeetingHeld, recordBoardMeeting } from "../../app/models/board-meetings.server";
import { loader as meetingLoader } from "../../app/routes/board_.meetings.$meetingId";
import type { Actor } from "../../app/domain/permissions";
import { BOARD_TODAY, scriptedBoardPlan } from "../board/history";
import { buildRecommendation, buildReport, createInspection } from "../factories";
import { call, getRequest, sessionCookie } from "../helpers/requests";

const SETTINGS = { today: BOARD_TODAY, amberWindowDays: 14 };

async function heldMeeting(actor: Actor, authorityId: number, boardName: string, meetingDate: string) {
  const recorded = await recordBoardMeeting(
    actor,
    authorityId,
    { boardName, meetingDate },
    new Date(`${meetingDate}T08:00:00Z`),
  );
  if (!recorded.ok) throw new Error(recorded.reason);
  const held = await markBoardMeetingHeld(actor, recorded.meetingId, SETTINGS, new Date(`${meetingDate}T18:00:00Z`));
  if (!held.ok) throw new Error(held.reason);
  return recorded.meetingId;
}

describe("changes since the last board", () => {
  it("lists what changed between the previous held meeting and this one, and nothing from before", async () => {
    const plan = await scriptedBoardPlan();
    const { authority, lead, actionIds, outsider } = plan;
    const [a, b] = actionIds;
    // Before the previous meeting: evidence that must not show.
    const early = await addEvidence(
      lead.actor,
      {
        actionId: b,
        kind: "note",
        purpose: "completion",
        description: "Early note",
        url: null,
        evidenceDate: null,
        file: null,
      },
      new Date("2024-09-04T09:00:00Z"),
    );
    expect(early.ok).toBe(true);
    // A focused visit imported between the meetings.
    const { inspectionId } = await createInspection(
      authority.id,
      buildReport({
        kind: "focused_visit",
        title: "Focused visit",
        recommendations: [buildRecommendation({ text: "Priority action: strengthen supervision." })],
      }),
    );
    await getDb()
      .updateTable("inspections")
      .set({ imported_at: "2024-10-01T09:00:00.000Z" })
      .where("id", "=", inspectionId)
      .execute();

    const previous = await heldMeeting(lead.actor, authority.id, "Improvement Board", "2024-09-05");
    await heldMeeting(lead.actor, authority.id, "Scrutiny Panel", "2024-10-01");
    const meetingId = await heldMeeting(lead.actor, authority.id, "Improvement Board", "2024-10-16");

    const changes = (await getMeetingChanges(lead.actor, meetingId, SETTINGS))!;
    expect(changes.previousMeeting).toEqual({ id: previous, meetingDate: "2024-09-05" });
    expect(changes.since).toBe("2024-09-05");
    expect(changes.until).toBe("2024-10-16");
    expect(changes.newlySignedOff.map((x) => x.actionId)).toEqual([a]);
    expect(changes.newlyOverdue.map((x) => x.actionId)).toEqual([b]);
    expect(changes.ragChanges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actionId: a, from: "red", to: "blue" }),
        expect.objectContaining({ actionId: b, from: "green", to: "red" }),
      ]),
    );
    // The move of 20 October is after this meeting.
    expect(changes.targetDatesMoved).toEqual([
      expect.objectContaining({
        actionId: b,
        from: "2025-01-20",
        to: "2024-10-01",
        reason: "Replanned",
        by: "Lee Lead",
      }),
    ]);
    expect(changes.newRecommendations).toEqual([
      expect.objectContaining({ inspectionTitle: "Focused visit", text: "Priority action: strengthen supervision." }),
    ]);
    expect(changes.newEvidence.map((e) => [e.actionId, e.description])).toEqual([[a, "Audit report, October"]]);

    // The first meeting of the board compares with the start of the plan.
    const first = (await getMeetingChanges(lead.actor, previous, SETTINGS))!;
    expect(first.previousMeeting).toBeNull();
    expect(first.since).toBeNull();
    expect(first.newEvidence.map((e) => e.description)).toEqual(["Early note"]);
    expect(first.ragChanges).toEqual([]);

    // Another authority sees nothing; the meeting page carries the changes.
    expect(await getMeetingChanges(outsider.actor, meetingId, SETTINGS)).toBeUndefined();
    const response = await call(
      meetingLoader,
      getRequest(`/board/meetings/${meetingId}`, await sessionCookie(lead.id)),
      {
        meetingId: String(meetingId),
      },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { changes: { newlySignedOff: { actionId: number }[] } };
    expect(body.changes.newlySignedOff.map((x) => x.actionId)).toEqual([a]);
  });
});
