import { getDb } from "../../db/client";
import { type BoardChanges, compareBoardChanges } from "../domain/board-changes";
import type { Actor } from "../domain/permissions";
import { type BoardMeeting, getBoardMeeting } from "./board-meetings.server";
import { actionStatesAsAt } from "./board.server";
import { removedInspectionsAsAt } from "./plan-scope.server";

export interface MeetingChanges extends BoardChanges {
  /** The held meeting compared with, or null when this board has none earlier (then: the start of the plan). */
  previousMeeting: { id: number; meetingDate: string } | null;
}

/** The latest held meeting of the same authority and board before this meeting's date. */
async function previousHeldMeeting(meeting: BoardMeeting) {
  return getDb()
    .selectFrom("board_meetings")
    .select(["id", "meeting_date"])
    .where("authority_id", "=", meeting.authority_id)
    .where("board_name", "=", meeting.board_name)
    .where("status", "=", "held")
    .where("meeting_date", "<", meeting.meeting_date)
    .where("id", "!=", meeting.id)
    .orderBy("meeting_date", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

/**
 * What changed in the plan between the previous held meeting of this board and this meeting:
 * as at the meeting date when held (or already past), as at today while it is still to come.
 * Undefined when the actor may not see the meeting.
 */
export async function getMeetingChanges(
  actor: Actor,
  meetingId: number,
  input: { today: string; amberWindowDays: number },
): Promise<MeetingChanges | undefined> {
  const meeting = await getBoardMeeting(actor, meetingId);
  if (!meeting) return undefined;
  const authorityId = meeting.authority_id;
  const until = meeting.meeting_date < input.today ? meeting.meeting_date : input.today;
  const previous = await previousHeldMeeting(meeting);
  const since = previous ? (previous.meeting_date < until ? previous.meeting_date : until) : null;

  const db = getDb();
  const actionIds = db
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select("actions.id")
    .where("inspections.authority_id", "=", authorityId);
  const [current, before, removed, labels, moves, recommendations, evidence] = await Promise.all([
    actionStatesAsAt(authorityId, until, input.amberWindowDays),
    since === null ? new Map() : actionStatesAsAt(authorityId, since, input.amberWindowDays),
    removedInspectionsAsAt(authorityId, until),
    db
      .selectFrom("actions")
      .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
      .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
      .select(["actions.id", "actions.title", "recommendations.reference", "inspections.id as inspection_id"])
      .where("inspections.authority_id", "=", authorityId)
      .execute(),
    db
      .selectFrom("target_date_changes")
      .leftJoin("users", "users.id", "target_date_changes.changed_by")
      .select([
        "target_date_changes.action_id",
        "target_date_changes.changed_at",
        "target_date_changes.from_date",
        "target_date_changes.to_date",
        "target_date_changes.reason",
        "users.name as changed_by_name",
      ])
      .where("target_date_changes.action_id", "in", actionIds)
      .execute(),
    db
      .selectFrom("recommendations")
      .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
      .select([
        "inspections.id",
        "inspections.title",
        "inspections.imported_at",
        "recommendations.reference",
        "recommendations.text",
      ])
      .where("inspections.authority_id", "=", authorityId)
      .orderBy("recommendations.position")
      .execute(),
    db
      .selectFrom("evidence")
      .select(["action_id", "created_at", "deleted_at", "description"])
      .where("action_id", "in", actionIds)
      .execute(),
  ]);

  // An inspection removed as imported in error by the meeting's date was not in its plan.
  const inPlan = new Set(labels.filter((a) => !removed.has(a.inspection_id)).map((a) => a.id));
  const changes = compareBoardChanges({
    since,
    until,
    previous: before,
    current,
    actions: new Map(labels.map((a) => [a.id, { reference: a.reference, title: a.title }])),
    targetDateMoves: moves
      .filter((m) => inPlan.has(m.action_id))
      .map((m) => ({
        actionId: m.action_id,
        at: m.changed_at,
        from: m.from_date,
        to: m.to_date,
        reason: m.reason,
        by: m.changed_by_name,
      })),
    recommendations: recommendations
      .filter((r) => !removed.has(r.id))
      .map((r) => ({
        inspectionTitle: r.title,
        importedAt: r.imported_at,
        reference: r.reference,
        text: r.text,
      })),
    evidence: evidence
      .filter((e) => inPlan.has(e.action_id))
      .map((e) => ({
        actionId: e.action_id,
        createdAt: e.created_at,
        deletedAt: e.deleted_at,
        description: e.description,
      })),
  });
  return { ...changes, previousMeeting: previous ? { id: previous.id, meetingDate: previous.meeting_date } : null };
}
