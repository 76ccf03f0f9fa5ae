import { getDb } from "../../db/client";
import type { Actor } from "../domain/permissions";
import type { AuditEntityType } from "../utils/audit-filters";
import { londonDateOf } from "../utils/dates";

// The audit log as leads (their own authority) and administrators (every authority) read it:
// filtered, newest first, a page at a time or all at once for the CSV download.

export const AUDIT_PAGE_SIZE = 50;
/** The CSV is read this many events at a time, so an export of any length holds only one page. */
export const AUDIT_CSV_PAGE_ROWS = 1000;

export interface AuditFilters {
  /** Administrators only; a lead always sees their own authority. */
  authorityId?: number;
  entityType?: AuditEntityType;
  event?: string;
  userId?: number;
  /** London calendar dates, inclusive. */
  from?: string;
  to?: string;
  /** Events about one action. */
  actionId?: number;
}

/** Leads read their own authority's log; administrators read everyone's. Nobody else does. */
export function canViewAuditLog(actor: Actor): boolean {
  return actor.role === "admin" || (actor.role === "improvement_lead" && actor.authorityId !== null);
}

/** The first instant of a London calendar date, as ISO-8601 UTC (23:00 the day before in summer). */
export function londonDayStart(isoDate: string): string {
  const midnightUtc = new Date(`${isoDate}T00:00:00.000Z`);
  const hourEarlier = new Date(midnightUtc.getTime() - 60 * 60 * 1000);
  return (londonDateOf(hourEarlier) === isoDate ? hourEarlier : midnightUtc).toISOString();
}

function nextDate(isoDate: string): string {
  return new Date(new Date(`${isoDate}T12:00:00.000Z`).getTime() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

function scopedEvents(actor: Actor, filters: AuditFilters) {
  let query = getDb()
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.user_id")
    .leftJoin("authorities", "authorities.id", "audit_events.authority_id");
  if (actor.role !== "admin") query = query.where("audit_events.authority_id", "=", actor.authorityId ?? -1);
  else if (filters.authorityId) query = query.where("audit_events.authority_id", "=", filters.authorityId);
  if (filters.entityType) query = query.where("audit_events.entity_type", "=", filters.entityType);
  if (filters.event) query = query.where("audit_events.event", "=", filters.event);
  if (filters.userId) query = query.where("audit_events.user_id", "=", filters.userId);
  if (filters.from) query = query.where("audit_events.at", ">=", londonDayStart(filters.from));
  if (filters.to) query = query.where("audit_events.at", "<", londonDayStart(nextDate(filters.to)));
  if (filters.actionId) {
    query = query
      .where("audit_events.entity_type", "=", "action")
      .where("audit_events.entity_id", "=", filters.actionId);
  }
  return query;
}

function selectRows(query: ReturnType<typeof scopedEvents>) {
  return query
    .select([
      "audit_events.id",
      "audit_events.at",
      "audit_events.entity_type",
      "audit_events.entity_id",
      "audit_events.event",
      "audit_events.before",
      "audit_events.after",
      "users.name as user_name",
      "authorities.name as authority_name",
    ])
    .orderBy("audit_events.at", "desc")
    .orderBy("audit_events.id", "desc");
}

export async function listAuditEvents(actor: Actor, filters: AuditFilters, requestedPage: number) {
  const query = scopedEvents(actor, filters);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const pageCount = Math.max(1, Math.ceil(Number(total) / AUDIT_PAGE_SIZE));
  const page = Math.min(Math.max(1, requestedPage), pageCount);
  const items = await selectRows(query)
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  return { items, total: Number(total), page, pageCount };
}
export type AuditLogRow = Awaited<ReturnType<typeof listAuditEvents>>["items"][number];

/**
 * Every matching event, newest first, a page at a time: each page starts after the last event of
 * the one before (by time, then id), so a page costs the same however deep into the log it is.
 */
export async function* auditEventPagesForExport(
  actor: Actor,
  filters: AuditFilters,
  pageRows: number = AUDIT_CSV_PAGE_ROWS,
): AsyncGenerator<AuditLogRow[]> {
  let after: { at: string; id: number } | null = null;
  for (;;) {
    let query = selectRows(scopedEvents(actor, filters));
    if (after) {
      const { at, id } = after;
      query = query.where((eb) =>
        eb.or([
          eb("audit_events.at", "<", at),
          eb.and([eb("audit_events.at", "=", at), eb("audit_events.id", "<", id)]),
        ]),
      );
    }
    const rows = await query.limit(pageRows).execute();
    if (rows.length > 0) yield rows;
    if (rows.length < pageRows) return;
    after = { at: rows[rows.length - 1].at, id: rows[rows.length - 1].id };
  }
}

/** The events and people that appear in the actor's log, for the filter menus. */
export async function listAuditFilterOptions(actor: Actor) {
  const scope = scopedEvents(actor, {});
  const [events, users] = await Promise.all([
    scope.select("audit_events.event").distinct().orderBy("audit_events.event").execute(),
    scope
      .select(["users.id", "users.name"])
      .where("users.id", "is not", null)
      .distinct()
      .orderBy("users.name")
      .execute(),
  ]);
  return {
    events: events.map((e) => e.event),
    users: users.flatMap((u) => (u.id === null ? [] : [{ id: u.id, name: u.name ?? "" }])),
  };
}
