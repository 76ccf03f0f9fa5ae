import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { BoardPackFormat, DB } from "../../db/schema";
import { PACK_FORMATS, renderBoardPack } from "../exports/board-pack-files.server";
import { databasePackSource } from "../exports/board-pack-source.server";
import { type PackChoices, storedPackChoices } from "../domain/board-pack-options";
import { type Actor, canManagePlan, canSeeAuthority } from "../domain/permissions";
import { DEFAULT_AMBER_WINDOW_DAYS } from "../domain/rag";
import { type AuditEntry, recordAuditEvent } from "./audit.server";
import { buildBoardPackFrame, type PackRequest } from "./board-pack.server";

// Board meetings. A planned meeting's pack is the live plan; marking the meeting held builds the
// pack once, as at the meeting date, and stores every format's bytes, which are what any later
// download serves: the pack the board saw, unchanged however the plan moves on (but for personal
// data an administrator removes, which leaves the frozen packs too: see dropPacksQuoting).

export type MeetingResult<T = object> =
  | ({ ok: true } & T)
  | { ok: false; reason: "not_found" | "forbidden" | "already_held" | "not_yet" }
  | { ok: false; reason: "invalid"; field: string; message: string };

const MEETING_COLUMNS = [
  "board_meetings.id",
  "board_meetings.authority_id",
  "board_meetings.board_name",
  "board_meetings.meeting_date",
  "board_meetings.status",
  "board_meetings.held_at",
  "board_meetings.pack_inspection_ids",
  "board_meetings.pack_sections",
  "board_meetings.pack_detail",
  "board_meetings.pack_order",
  "board_meetings.executive_summary",
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

  const files = await renderMeetingPack(actor, meeting, input.amberWindowDays);
  if (!files) return { ok: false, reason: "not_found" };

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
      await storePackFiles(trx, meetingId, files, now);
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

type PackFile = { format: BoardPackFormat; bytes: Buffer; sha256: string };

/**
 * Every format of the meeting's pack as at its date, each hashed. One format after another, each
 * written as it is built: only the finished files are held together, to be stored in one transaction.
 */
async function renderMeetingPack(
  actor: Actor,
  meeting: BoardMeeting,
  amberWindowDays: number,
): Promise<PackFile[] | null> {
  const frame = await buildBoardPackFrame(
    actor,
    meeting.authority_id,
    await meetingPackRequest(meeting, { today: meeting.meeting_date, amberWindowDays }),
  );
  if (!frame) return null;
  const source = databasePackSource(frame);
  const files: PackFile[] = [];
  for (const format of PACK_FORMATS) {
    const hash = createHash("sha256");
    const chunks: Uint8Array[] = [];
    for await (const chunk of renderBoardPack(source, format)) {
      hash.update(chunk);
      chunks.push(chunk);
    }
    files.push({ format, bytes: Buffer.concat(chunks), sha256: hash.digest("hex") });
  }
  return files;
}

/** A pack to build again after personal data it quoted was removed. */
export interface PackToRefreeze {
  meetingId: number;
  amberWindowDays: number;
}

/**
 * Removing personal data (app/models/redaction.server.ts) must reach the packs frozen for held
 * meetings too. The JSON record holds everything the other formats print, so a pack quotes
 * removed words exactly when its JSON holds them (as JSON writes them). Those packs' files are
 * deleted in the caller's transaction, with the removal itself; `refreezeMeetingPacks` builds them
 * again afterwards (and a download of a held meeting with no files builds them, should the server
 * stop in between). Returns what to build, with the amber window each pack was built with.
 */
export async function dropPacksQuoting(
  trx: Transaction<DB>,
  authorityId: number | null,
  texts: string[],
): Promise<PackToRefreeze[]> {
  if (authorityId === null) return [];
  const needles = texts.filter((t) => t.trim() !== "").map((t) => JSON.stringify(t).slice(1, -1));
  if (needles.length === 0) return [];
  const held = await trx
    .selectFrom("board_pack_files")
    .innerJoin("board_meetings", "board_meetings.id", "board_pack_files.meeting_id")
    .select("board_pack_files.meeting_id")
    .where("board_meetings.authority_id", "=", authorityId)
    .where("board_pack_files.format", "=", "json")
    .execute();
  const quoting: PackToRefreeze[] = [];
  // One pack's record in memory at a time: a large plan's is several megabytes.
  for (const { meeting_id } of held) {
    const row = await trx
      .selectFrom("board_pack_files")
      .select("bytes")
      .where("meeting_id", "=", meeting_id)
      .where("format", "=", "json")
      .executeTakeFirstOrThrow();
    const record = Buffer.from(row.bytes).toString("utf8");
    if (!needles.some((needle) => record.includes(needle))) continue;
    // The frame's own window is the record's first (it opens the JSON): found without parsing megabytes of it.
    const window = /"amberWindowDays":(\d{1,3})[,}]/.exec(record)?.[1];
    quoting.push({
      meetingId: meeting_id,
      amberWindowDays: window === undefined ? DEFAULT_AMBER_WINDOW_DAYS : Number(window),
    });
  }
  if (quoting.length > 0) {
    await trx
      .deleteFrom("board_pack_files")
      .where(
        "meeting_id",
        "in",
        quoting.map((q) => q.meetingId),
      )
      .execute();
  }
  return quoting;
}

/**
 * Builds and stores again the packs of held meetings whose files were dropped, as at each meeting
 * date, recording it in each meeting's history. A pack stored meanwhile (by a download) is kept.
 */
export async function refreezeMeetingPacks(actor: Actor, packs: PackToRefreeze[], now: Date): Promise<void> {
  for (const pack of packs) {
    const meeting = await getBoardMeeting(actor, pack.meetingId);
    if (!meeting || meeting.status !== "held") continue;
    const files = await renderMeetingPack(actor, meeting, pack.amberWindowDays);
    if (!files) continue;
    await getDb()
      .transaction()
      .execute(async (trx) => {
        const stored = await trx
          .selectFrom("board_pack_files")
          .select("meeting_id")
          .where("meeting_id", "=", meeting.id)
          .executeTakeFirst();
        if (stored) return;
        await storePackFiles(trx, meeting.id, files, now);
        await recordAuditEvent(trx, {
          userId: actor.id,
          authorityId: meeting.authority_id,
          entityType: MEETING_ENTITY,
          entityId: meeting.id,
          event: "board_meeting.pack_refrozen",
          after: { packAsAt: meeting.meeting_date, why: "personal data the pack quoted was removed" },
          at: now,
        });
      });
  }
}

async function storePackFiles(trx: Transaction<DB>, meetingId: number, files: PackFile[], now: Date) {
  await trx
    .insertInto("board_pack_files")
    .values(
      files.map(({ format, bytes, sha256 }) => ({
        meeting_id: meetingId,
        format,
        bytes,
        sha256,
        created_at: now.toISOString(),
      })),
    )
    .execute();
}

/**
 * A held meeting's frozen pack in one format, exactly as stored. A held meeting has no files only
 * if the server stopped between removing personal data its pack quoted and building it again: it
 * is built now, with the authority's amber window of today.
 */
export async function getHeldMeetingPackFile(
  actor: Actor,
  meeting: BoardMeeting,
  format: BoardPackFormat,
  amberWindowDays: number,
  now: Date,
) {
  const frozen = await getFrozenPackFile(meeting.id, format);
  if (frozen || meeting.status !== "held") return frozen;
  await refreezeMeetingPacks(actor, [{ meetingId: meeting.id, amberWindowDays }], now);
  return getFrozenPackFile(meeting.id, format);
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

/** The lead's commentary on the meeting's exceptions, by action id. */
async function meetingCommentary(meetingId: number): Promise<Map<number, string>> {
  const rows = await getDb()
    .selectFrom("board_meeting_commentary")
    .select(["action_id", "commentary"])
    .where("meeting_id", "=", meetingId)
    .execute();
  return new Map(rows.map((r) => [r.action_id, r.commentary]));
}

/**
 * What a meeting's pack is built from: as at the meeting date (or `today`, before then), with
 * the lead's choices, executive summary and commentary.
 */
export async function meetingPackRequest(
  meeting: BoardMeeting,
  input: { today: string; amberWindowDays: number },
): Promise<PackRequest> {
  return {
    asAt: meeting.meeting_date < input.today ? meeting.meeting_date : input.today,
    amberWindowDays: input.amberWindowDays,
    choices: storedPackChoices(meeting),
    meeting: {
      id: meeting.id,
      boardName: meeting.board_name,
      meetingDate: meeting.meeting_date,
      executiveSummary: meeting.executive_summary,
      commentary: await meetingCommentary(meeting.id),
    },
  };
}

/** A planned meeting the actor may prepare the pack of; a refusal otherwise. */
async function preparableMeeting(actor: Actor, meetingId: number): Promise<MeetingResult<{ meeting: BoardMeeting }>> {
  const meeting = await getBoardMeeting(actor, meetingId);
  if (!meeting) return { ok: false, reason: "not_found" };
  if (!canManagePlan(actor, meeting.authority_id)) return { ok: false, reason: "forbidden" };
  if (meeting.status === "held") return { ok: false, reason: "already_held" };
  return { ok: true, meeting };
}

/** Keeps what the meeting's pack covers. Inspections must be the authority's own. */
export async function saveMeetingPackChoices(
  actor: Actor,
  meetingId: number,
  choices: PackChoices,
  now: Date,
): Promise<MeetingResult> {
  const found = await preparableMeeting(actor, meetingId);
  if (!found.ok) return found;
  const { meeting } = found;
  if (choices.inspectionIds !== null && choices.inspectionIds.length > 0) {
    const own = await getDb()
      .selectFrom("inspections")
      .select("id")
      .where("authority_id", "=", meeting.authority_id)
      .where("id", "in", choices.inspectionIds)
      .execute();
    if (own.length !== new Set(choices.inspectionIds).size) {
      return {
        ok: false,
        reason: "invalid",
        field: "inspections",
        message: "Choose from this authority's inspections",
      };
    }
  }
  const before = storedPackChoices(meeting);
  return getDb()
    .transaction()
    .execute(async (trx): Promise<MeetingResult> => {
      const updated = await trx
        .updateTable("board_meetings")
        .set({
          pack_inspection_ids: choices.inspectionIds === null ? null : JSON.stringify(choices.inspectionIds),
          pack_sections: JSON.stringify(choices.sections),
          pack_detail: choices.detail,
          pack_order: choices.order,
        })
        .where("id", "=", meetingId)
        .where("status", "=", "planned")
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: "already_held" };
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: meeting.authority_id,
        entityType: MEETING_ENTITY,
        entityId: meetingId,
        event: "board_meeting.pack_choices_changed",
        before: { ...before },
        after: { ...choices },
        at: now,
      });
      return { ok: true };
    });
}

/** Keeps the lead's executive summary for the meeting's pack ("" removes it). */
export async function saveExecutiveSummary(
  actor: Actor,
  meetingId: number,
  summary: string,
  now: Date,
): Promise<MeetingResult> {
  const found = await preparableMeeting(actor, meetingId);
  if (!found.ok) return found;
  const { meeting } = found;
  if (meeting.executive_summary === summary) return { ok: true };
  return getDb()
    .transaction()
    .execute(async (trx): Promise<MeetingResult> => {
      const updated = await trx
        .updateTable("board_meetings")
        .set({ executive_summary: summary })
        .where("id", "=", meetingId)
        .where("status", "=", "planned")
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: "already_held" };
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: meeting.authority_id,
        entityType: MEETING_ENTITY,
        entityId: meetingId,
        event: "board_meeting.summary_changed",
        before: { executiveSummary: meeting.executive_summary },
        after: { executiveSummary: summary },
        at: now,
      });
      return { ok: true };
    });
}

/**
 * Keeps the lead's commentary on exceptions of the meeting's pack: one entry per action ("" removes
 * it). The actions must be the authority's own; each change is audited.
 */
export async function saveExceptionCommentary(
  actor: Actor,
  meetingId: number,
  entries: readonly { actionId: number; commentary: string }[],
  now: Date,
): Promise<MeetingResult> {
  const found = await preparableMeeting(actor, meetingId);
  if (!found.ok) return found;
  const { meeting } = found;
  if (entries.length === 0) return { ok: true };
  const ids = entries.map((e) => e.actionId);
  const own = await getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select("actions.id")
    .where("inspections.authority_id", "=", meeting.authority_id)
    .where("actions.id", "in", ids)
    .execute();
  if (own.length !== new Set(ids).size) {
    return { ok: false, reason: "invalid", field: "commentary", message: "Comment only on this plan's actions" };
  }
  const current = await meetingCommentary(meetingId);
  return getDb()
    .transaction()
    .execute(async (trx): Promise<MeetingResult> => {
      const stillPlanned = await trx
        .selectFrom("board_meetings")
        .select("id")
        .where("id", "=", meetingId)
        .where("status", "=", "planned")
        .executeTakeFirst();
      if (!stillPlanned) return { ok: false, reason: "already_held" };
      for (const { actionId, commentary } of entries) {
        const before = current.get(actionId) ?? "";
        if (before === commentary) continue;
        if (commentary === "") {
          await trx
            .deleteFrom("board_meeting_commentary")
            .where("meeting_id", "=", meetingId)
            .where("action_id", "=", actionId)
            .execute();
        } else {
          await trx
            .insertInto("board_meeting_commentary")
            .values({
              meeting_id: meetingId,
              action_id: actionId,
              commentary,
              updated_by: actor.id,
              updated_at: now.toISOString(),
            })
            .onConflict((oc) =>
              oc.columns(["meeting_id", "action_id"]).doUpdateSet({
                commentary,
                updated_by: actor.id,
                updated_at: now.toISOString(),
              }),
            )
            .execute();
        }
        await recordAuditEvent(trx, {
          userId: actor.id,
          authorityId: meeting.authority_id,
          entityType: MEETING_ENTITY,
          entityId: meetingId,
          event: "board_meeting.commentary_changed",
          before: { actionId, commentary: before },
          after: { actionId, commentary },
          at: now,
        });
      }
      return { ok: true };
    });
}
