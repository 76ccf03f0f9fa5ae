import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import { type InspectionEventKind, type InspectionEventView } from "../domain/inspection-events";
import { type Actor, canManagePlan, canSeeAuthority } from "../domain/permissions";
import { recordAuditEvent } from "./audit.server";

// Monitoring visits and annual engagement meetings (app/domain/inspection-events.ts). Leads and
// administrators record, change and remove them for their own authority; everyone who can see the
// authority reads them. The letter is stored like an evidence file, by hash
// (app/utils/evidence-store.server.ts). A removed event keeps its row and leaves every list.

/** The letter as stored: the caller has already checked and stored the bytes. */
export interface EventLetter {
  sha256: string;
  name: string;
  size: number;
  type: string;
}

export interface EventInput {
  kind: InspectionEventKind;
  date: string;
  endDate: string | null;
  title: string;
  summary: string;
}

export type EventRefusal =
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "forbidden" }
  | { ok: false; reason: "conflict"; changedBy: string | null; changedAt: string | null };

function scopedEvents(actor: Actor, db: Kysely<DB> | Transaction<DB> = getDb()) {
  const query = db.selectFrom("inspection_events");
  return actor.role === "admin" ? query : query.where("inspection_events.authority_id", "=", actor.authorityId ?? -1);
}

const toView = (row: {
  id: number;
  kind: InspectionEventKind;
  event_date: string;
  end_date: string | null;
  title: string;
  summary: string;
  letter_name: string | null;
}): InspectionEventView => ({
  id: row.id,
  kind: row.kind,
  date: row.event_date,
  endDate: row.end_date,
  title: row.title,
  summary: row.summary,
  letterName: row.letter_name,
});

/** An authority's events still recorded (removed ones left out), newest first; empty when the actor may not see it. */
export async function listInspectionEvents(actor: Actor, authorityId: number): Promise<InspectionEventView[]> {
  if (!canSeeAuthority(actor, authorityId)) return [];
  const rows = await scopedEvents(actor)
    .select(["id", "kind", "event_date", "end_date", "title", "summary", "letter_name"])
    .where("authority_id", "=", authorityId)
    .where("removed_at", "is", null)
    .orderBy("event_date", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map(toView);
}

/** The events still recorded of several authorities the actor can see (all of theirs when `authorityIds` is undefined). */
export async function listInspectionEventsByAuthority(
  actor: Actor,
  authorityIds: readonly number[] | undefined,
): Promise<(InspectionEventView & { authorityId: number })[]> {
  if (authorityIds?.length === 0) return [];
  let query = scopedEvents(actor)
    .select(["id", "authority_id", "kind", "event_date", "end_date", "title", "summary", "letter_name"])
    .where("removed_at", "is", null);
  if (authorityIds) query = query.where("authority_id", "in", authorityIds);
  const rows = await query.orderBy("event_date", "desc").orderBy("id", "desc").execute();
  return rows.map((r) => ({ ...toView(r), authorityId: r.authority_id }));
}

/** One event the actor can see, removed or not, with who recorded, changed or removed it. */
export async function getInspectionEvent(actor: Actor, eventId: number) {
  const row = await scopedEvents(actor)
    .innerJoin("authorities", "authorities.id", "inspection_events.authority_id")
    .leftJoin("users as creator", "creator.id", "inspection_events.created_by")
    .leftJoin("users as remover", "remover.id", "inspection_events.removed_by")
    .select([
      "inspection_events.id",
      "inspection_events.authority_id",
      "authorities.name as authority_name",
      "inspection_events.kind",
      "inspection_events.event_date",
      "inspection_events.end_date",
      "inspection_events.title",
      "inspection_events.summary",
      "inspection_events.letter_name",
      "inspection_events.letter_size",
      "inspection_events.letter_type",
      "inspection_events.version",
      "inspection_events.created_at",
      "inspection_events.updated_at",
      "inspection_events.removed_at",
      "inspection_events.removed_reason",
      "creator.name as created_by_name",
      "remover.name as removed_by_name",
    ])
    .where("inspection_events.id", "=", eventId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    ...toView(row),
    authorityId: row.authority_id,
    authorityName: row.authority_name,
    letterSize: row.letter_size,
    letterType: row.letter_type,
    version: row.version,
    createdAt: row.created_at,
    createdByName: row.created_by_name,
    updatedAt: row.updated_at,
    removed: row.removed_at ? { at: row.removed_at, by: row.removed_by_name, reason: row.removed_reason ?? "" } : null,
  };
}
export type InspectionEventDetails = NonNullable<Awaited<ReturnType<typeof getInspectionEvent>>>;

/** The snapshot the audit log keeps of an event (the letter by name, size and hash; never its bytes). */
function auditSnapshot(input: EventInput, letter: EventLetter | null) {
  return {
    kind: input.kind,
    date: input.date,
    endDate: input.endDate,
    title: input.title,
    summary: input.summary,
    ...(letter ? { letterName: letter.name, letterSize: letter.size, letterSha256: letter.sha256 } : {}),
  };
}

/** Records an event for an authority the actor manages, audited. */
export async function createInspectionEvent(
  actor: Actor,
  authorityId: number,
  input: EventInput & { letter: EventLetter | null },
  now: Date,
): Promise<{ ok: true; eventId: number } | EventRefusal> {
  if (!canSeeAuthority(actor, authorityId)) return { ok: false, reason: "not_found" };
  if (!canManagePlan(actor, authorityId)) return { ok: false, reason: "forbidden" };
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const { id } = await trx
        .insertInto("inspection_events")
        .values({
          authority_id: authorityId,
          kind: input.kind,
          event_date: input.date,
          end_date: input.endDate,
          title: input.title,
          summary: input.summary,
          letter_sha256: input.letter?.sha256 ?? null,
          letter_name: input.letter?.name ?? null,
          letter_size: input.letter?.size ?? null,
          letter_type: input.letter?.type ?? null,
          created_by: actor.id,
          created_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId,
        entityType: "inspection_event",
        entityId: id,
        event: "inspection_event.recorded",
        after: auditSnapshot(input, input.letter),
        at: now,
      });
      return { ok: true as const, eventId: id };
    });
}

/** The event as the transaction sees it, checked for scope, permission, removal and version. */
async function lockedEvent(trx: Transaction<DB>, actor: Actor, eventId: number, version: number) {
  const row = await scopedEvents(actor, trx)
    .selectAll("inspection_events")
    .where("inspection_events.id", "=", eventId)
    .executeTakeFirst();
  if (!row || row.removed_at !== null) return { ok: false, reason: "not_found" } as const;
  if (!canManagePlan(actor, row.authority_id)) return { ok: false, reason: "forbidden" } as const;
  if (row.version !== version) {
    const by = row.updated_by ?? row.created_by;
    const user =
      by === null ? undefined : await trx.selectFrom("users").select("name").where("id", "=", by).executeTakeFirst();
    return {
      ok: false,
      reason: "conflict",
      changedBy: user?.name ?? null,
      changedAt: row.updated_at ?? row.created_at,
    } as const;
  }
  return { ok: true, row } as const;
}

/**
 * The refusal a change made now would get (removed, not allowed, or changed by someone since the
 * form was shown), or null. Checked before a new letter is stored, so that a refused form leaves no
 * file behind.
 */
export async function eventChangeRefusal(actor: Actor, eventId: number, version: number): Promise<EventRefusal | null> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const locked = await lockedEvent(trx, actor, eventId, version);
      return locked.ok ? null : locked;
    });
}

/**
 * Changes an event's details (and its letter, when a new one is given; otherwise the letter stays),
 * if nobody changed it since the form was shown. Audited with what changed, before and after.
 */
export async function updateInspectionEvent(
  actor: Actor,
  input: EventInput & { eventId: number; version: number; letter: EventLetter | null },
  now: Date,
): Promise<{ ok: true; changed: boolean } | EventRefusal> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const locked = await lockedEvent(trx, actor, input.eventId, input.version);
      if (!locked.ok) return locked;
      const { row } = locked;
      const before: Record<string, unknown> = {
        kind: row.kind,
        date: row.event_date,
        endDate: row.end_date,
        title: row.title,
        summary: row.summary,
        letterName: row.letter_name,
        letterSha256: row.letter_sha256,
      };
      const after: Record<string, unknown> = {
        kind: input.kind,
        date: input.date,
        endDate: input.endDate,
        title: input.title,
        summary: input.summary,
        letterName: input.letter ? input.letter.name : row.letter_name,
        letterSha256: input.letter ? input.letter.sha256 : row.letter_sha256,
      };
      const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
      if (changed.length === 0) return { ok: true as const, changed: false };
      await trx
        .updateTable("inspection_events")
        .set({
          kind: input.kind,
          event_date: input.date,
          end_date: input.endDate,
          title: input.title,
          summary: input.summary,
          ...(input.letter
            ? {
                letter_sha256: input.letter.sha256,
                letter_name: input.letter.name,
                letter_size: input.letter.size,
                letter_type: input.letter.type,
              }
            : {}),
          updated_by: actor.id,
          updated_at: now.toISOString(),
          version: row.version + 1,
        })
        .where("id", "=", row.id)
        .where("version", "=", row.version)
        .execute();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: row.authority_id,
        entityType: "inspection_event",
        entityId: row.id,
        event: "inspection_event.changed",
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
        at: now,
      });
      return { ok: true as const, changed: true };
    });
}

/** Removes an event recorded in error, with a reason: it leaves every list, its row stays. Audited. */
export async function removeInspectionEvent(
  actor: Actor,
  input: { eventId: number; version: number; reason: string },
  now: Date,
): Promise<{ ok: true } | EventRefusal> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const locked = await lockedEvent(trx, actor, input.eventId, input.version);
      if (!locked.ok) return locked;
      const { row } = locked;
      await trx
        .updateTable("inspection_events")
        .set({
          removed_at: now.toISOString(),
          removed_by: actor.id,
          removed_reason: input.reason,
          version: row.version + 1,
        })
        .where("id", "=", row.id)
        .where("version", "=", row.version)
        .execute();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: row.authority_id,
        entityType: "inspection_event",
        entityId: row.id,
        event: "inspection_event.removed",
        before: { kind: row.kind, date: row.event_date, title: row.title },
        after: { reason: input.reason },
        at: now,
      });
      return { ok: true as const };
    });
}

/** A letter the actor may download: anyone who can see the event's authority; never a removed event's. */
export async function getInspectionEventLetter(actor: Actor, eventId: number) {
  const row = await scopedEvents(actor)
    .select(["authority_id", "letter_sha256", "letter_name", "letter_type", "letter_size"])
    .where("id", "=", eventId)
    .where("removed_at", "is", null)
    .executeTakeFirst();
  if (!row || !canSeeAuthority(actor, row.authority_id)) return undefined;
  if (!row.letter_sha256 || !row.letter_name || !row.letter_type) return undefined;
  return { sha256: row.letter_sha256, name: row.letter_name, type: row.letter_type, size: row.letter_size };
}
