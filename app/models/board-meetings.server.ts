import { createHash } from "node:crypto";
import { getDb } from "../../db/client";
import type { BoardPackFormat } from "../../db/schema";
import { PACK_FORMATS, renderBoardPack } from "../exports/board-pack-files.server";
import { type Actor, canManagePlan, canSeeAuthority } from "../domain/permissions";
import { type AuditEntry, recordAuditEvent } from "./audit.server";
import { buildBoardPack } from "./board-pack.server";

// Board meetings. A planned meeting's pack is the live plan; marking the meeting held builds the
// pack once, as at the meeting date, and stores every format's bytes, which are what any later
// download serves: the pack the board saw, unchanged however the plan moves on.

export type MeetingResult<T = object> =
  ({ ok: true } & T) | { ok: false; reason: "not_found" | "forbidden" | "already_held" | "not_yet" };

const MEETING_COLUMNS = [
  "board_meetings.id",
  "board_meetings.authority_id",
  "board_meetings.board_name",
  "board_meetings.meeting_date",
  "board_meetings.status",
  "board_meetings.held_at",
  "authorities.name as authority_name",
] as const;

function visibleMeetings(actor: Actor) {
  let query = getDb()
    .selectFrom("board_meetings")
    .innerJoin("authorities", "authorities.id", "board_meetings.authority_id");
  if (actor.role !== "admin") query = query.where("board_meetings.authority_id", "=", actor.authorityId ?? -1);
  return query;
}

/** The meetings the actor may see, latest first. */
export async function listBoardMeetings(actor: Actor) {
  return visibleMeetings(actor)
    .select(MEETING_COLUMNS)
    .orderBy("board_meetings.meeting_date", "desc")
    .orderBy("board_meetings.id", "desc")
    .execute();
}

export async function getBoardMeeting(actor: Actor, meetingId: number) {
  return visibleMeetings(actor).select(MEETING_COLUMNS).where("board_meetings.id", "=", meetingId).executeTakeFirst();
}
export type BoardMeeting = NonNullable<Awaited<ReturnType<typeof getBoardMeeting>>>;

// The audit log's entity types are shared; a meeting is recorded under its own name.
const MEETING_ENTITY: AuditEntry["entityType"] = "board_meeting";

export async function recordBoardMeeting(
  actor: Actor,
  authorityId: number,
  input: { boardName: string; meetingDate: string },
  now: Date,
): Promise<MeetingResult<{ meetingId: number }>> {
  if (!canSeeAuthority(actor, authorityId)) return { ok: false, reason: "not_found" };
  if (!canManagePlan(actor, authorityId)) return { ok: false, reason: "forbidden" };
  const meetingId = await getDb()
    .transaction()
    .execute(async (trx) => {
      const { id } = await trx
        .insertInto("board_meetings")
        .values({
          authority_id: authorityId,
          board_name: input.boardName,
          meeting_date: input.meetingDate,
          held_at: null,
          created_by: actor.id,
          created_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId,
        entityType: MEETING_ENTITY,
        entityId: id,
        event: "board_meeting.recorded",
        after: { boardName: input.boardName, meetingDate: input.meetingDate },
        at: now,
      });
      return id;
    });
  return { ok: true, meetingId };
}

/**
 * Marks a meeting held and freezes its pack: built as at the meeting date, every format's bytes
 * stored once. The meeting date must have come (`today` or earlier); a held meeting stays held.
 */
export async function markBoardMeetingHeld(
  actor: Actor,
  meetingId: number,
  input: { today: string; amberWindowDays: number },
  now: Date,
): Promise<MeetingResult> {
  const meeting = await getBoardMeeting(actor, meetingId);
  if (!meeting) return { ok: false, reason: "not_found" };
  if (!canManagePlan(actor, meeting.authority_id)) return { ok: false, reason: "forbidden" };
  if (meeting.status === "held") return { ok: false, reason: "already_held" };
  if (meeting.meeting_date > input.today) return { ok: false, reason: "not_yet" };

  const pack = await buildBoardPack(actor, meeting.authority_id, {
    asAt: meeting.meeting_date,
    amberWindowDays: input.amberWindowDays,
  });
  if (!pack) return { ok: false, reason: "not_found" };
  const files = await Promise.all(
    PACK_FORMATS.map(async (format) => ({ format, bytes: await renderBoardPack(pack, format) })),
  );

  return getDb()
    .transaction()
    .execute(async (trx): Promise<MeetingResult> => {
      // Only the first of two racing requests finds the meeting still planned.
      const updated = await trx
        .updateTable("board_meetings")
        .set({ status: "held", held_at: now.toISOString() })
        .where("id", "=", meetingId)
        .where("status", "=", "planned")
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: "already_held" };
      await trx
        .insertInto("board_pack_files")
        .values(
          files.map(({ format, bytes }) => ({
            meeting_id: meetingId,
            format,
            bytes: Buffer.from(bytes),
            sha256: createHash("sha256").update(bytes).digest("hex"),
            created_at: now.toISOString(),
          })),
        )
        .execute();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: meeting.authority_id,
        entityType: MEETING_ENTITY,
        entityId: meetingId,
        event: "board_meeting.held",
        before: { status: "planned" },
        after: { status: "held", packAsAt: meeting.meeting_date },
        at: now,
      });
      return { ok: true };
    });
}

/** A held meeting's frozen pack in one format, exactly as stored. */
export async function getFrozenPackFile(meetingId: number, format: BoardPackFormat) {
  const row = await getDb()
    .selectFrom("board_pack_files")
    .select(["bytes", "sha256"])
    .where("meeting_id", "=", meetingId)
    .where("format", "=", format)
    .executeTakeFirst();
  return row ? { bytes: new Uint8Array(row.bytes), sha256: row.sha256 } : undefined;
}
