import { getDb } from "../../db/client";
import { inTurns } from "../utils/turns.server";
import { isAfterLondonDay } from "../domain/as-at";
import { type BoardChanges, compareBoardChanges, type SnapshotState } from "../domain/board-changes";
import { fullActionTitle } from "../domain/board-pack-options";
import type { Actor } from "../domain/permissions";
import { getBoardMeeting } from "./board-meetings.server";
import { actionStatesAtDates } from "./board.server";
import { removedInspectionsAsAt } from "./plan-scope.server";

export interface MeetingChanges extends BoardChanges {
  /** The held meeting compared with, or null when this board has none earlier (then: the start of the plan). */
  previousMeeting: { id: number; meetingDate: string } | null;
}

/**
 * The latest held meeting of the authority before `date` (of the board named, when one is), other
 * than `exceptId`: the meeting "changes since the last board" count from.
 */
export async function previousHeldMeeting(
  authorityId: number,
  date: string,
  options: { boardName?: string; exceptId?: number } = {},
) {
  let query = getDb()
    .selectFrom("board_meetings")
    .select(["id", "meeting_date", "board_name"])
    .where("authority_id", "=", authorityId)
    .where("status", "=", "held")
    .where("meeting_date", "<", date);
  if (options.boardName !== undefined) query = query.where("board_name", "=", options.boardName);
  if (options.exceptId !== undefined) query = query.where("id", "!=", options.exceptId);
  return query.orderBy("meeting_date", "desc").orderBy("id", "desc").executeTakeFirst();
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
  const until = meeting.meeting_date < input.today ? meeting.meeting_date : input.today;
  return changesSinceMeeting(meeting.authority_id, until, input.amberWindowDays, {
    boardName: meeting.board_name,
    exceptId: meeting.id,
    before: meeting.meeting_date,
  });
}

/**
 * What changed between the last held meeting before `before` (of one board when `boardName` is
 * given; else of any board) and the end of `until`. With `inspectionIds`, only those plans count.
 */
export async function changesSinceMeeting(
  authorityId: number,
  until: string,
  amberWindowDays: number,
  options: { boardName?: string; exceptId?: number; before?: string; inspectionIds?: ReadonlySet<number> } = {},
): Promise<MeetingChanges> {
  const previous = await previousHeldMeeting(authorityId, options.before ?? until, options);
  const since = previous ? (previous.meeting_date < until ? previous.meeting_date : until) : null;
  const changes = await changesBetween(authorityId, since, until, amberWindowDays, options.inspectionIds);
  return { ...changes, previousMeeting: previous ? { id: previous.id, meetingDate: previous.meeting_date } : null };
}

/** The plan's changes after the end of `since` (null: from the start) to the end of `until`. */
async function changesBetween(
  authorityId: number,
  since: string | null,
  until: string,
  amberWindowDays: number,
  inspectionIds: ReadonlySet<number> | undefined,
): Promise<BoardChanges> {
  const [current, previous] = await actionStatesAtDates(
    authorityId,
    since === null ? [until] : [until, since],
    amberWindowDays,
  );
  return changesFromStates(authorityId, { since, until, current, previous, inspectionIds });
}

/**
 * The plan's changes from its actions' states at the two dates (`previous` absent when `since` is
 * null) and what the history recorded between them.
 */
export async function changesFromStates(
  authorityId: number,
  input: {
    since: string | null;
    until: string;
    current: ReadonlyMap<number, SnapshotState>;
    previous: ReadonlyMap<number, SnapshotState> | undefined;
    inspectionIds: ReadonlySet<number> | undefined;
  },
): Promise<BoardChanges> {
  const { since, until, inspectionIds } = input;
  const db = getDb();
  const planActions = () =>
    db
      .selectFrom("actions")
      .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
      .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
      .where("inspections.authority_id", "=", authorityId);
  const actionIds = planActions().select("actions.id");
  const [removed, labels, moves, recommendations, evidence] = await inTurns([
    () => removedInspectionsAsAt(authorityId, until),
    () =>
      planActions()
        .select([
          "actions.id",
          "actions.title",
          "recommendations.reference",
          "recommendations.text",
          "recommendations.extracted_text",
          "inspections.id as inspection_id",
        ])
        .execute(),
    () =>
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
    () =>
      db
        .selectFrom("recommendations")
        .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
        .select([
          "inspections.id as inspection_id",
          "inspections.title",
          "inspections.imported_at",
          "recommendations.reference",
          "recommendations.text",
        ])
        .where("inspections.authority_id", "=", authorityId)
        .orderBy("recommendations.position")
        .execute(),
    () =>
      db
        .selectFrom("evidence")
        .select(["action_id", "created_at", "deleted_at", "description"])
        .where("action_id", "in", actionIds)
        .execute(),
  ]);
  // An inspection removed as imported in error by `until` was not in the plan then.
  const included = (inspectionId: number) =>
    !removed.has(inspectionId) && (inspectionIds === undefined || inspectionIds.has(inspectionId));
  // Only what was recorded between the two days can be a change (a cheap test, before the
  // comparison works out each instant's London day).
  const between = (instant: string) =>
    (since === null || isAfterLondonDay(instant, since)) && !isAfterLondonDay(instant, until);
  const counted = new Set(labels.filter((a) => included(a.inspection_id)).map((a) => a.id));
  const only = <T>(map: ReadonlyMap<number, T>) => new Map([...map].filter(([id]) => counted.has(id)));

  return compareBoardChanges({
    since,
    until,
    previous: since === null || input.previous === undefined ? new Map() : only(input.previous),
    current: only(input.current),
    actions: new Map(labels.map((a) => [a.id, { reference: a.reference, title: fullActionTitle(a.title, a.text, a.extracted_text) }])),
    targetDateMoves: moves
      .filter((m) => counted.has(m.action_id) && between(m.changed_at))
      .map((m) => ({
        actionId: m.action_id,
        at: m.changed_at,
        from: m.from_date,
        to: m.to_date,
        reason: m.reason,
        by: m.changed_by_name,
      })),
    recommendations: recommendations
      .filter((r) => included(r.inspection_id) && between(r.imported_at))
      .map((r) => ({ inspectionTitle: r.title, importedAt: r.imported_at, reference: r.reference, text: r.text })),
    evidence: evidence
      .filter((e) => counted.has(e.action_id) && between(e.created_at))
      .map((e) => ({
        actionId: e.action_id,
        createdAt: e.created_at,
        deletedAt: e.deleted_at,
        description: e.description,
      })),
  });
}
