import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB, NotificationKind } from "../../db/schema";
import type { Actor } from "../domain/permissions";
import { amberUntil } from "./rag-sql.server";
import { actionInPlan, inspectionInPlan } from "./plan-scope.server";

// In-app notifications: what is someone's to do. Events are written when they happen (assigned,
// sent back, submitted for sign-off, mentioned in a comment), in the transaction that made the
// change; "due soon" and "overdue" are written the first time the person opens a page on or after
// the day they became true (refreshDeadlineNotifications, from `today`), so no job needs to run.
// Every read is the person's own: `where user_id = actor.id` in each query.

export const NOTIFICATIONS_PAGE_SIZE = 30;

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Writes one notification to each person named (never to the person who did it), keyed so the
 * same event is never written twice to one person.
 */
export async function notifyPeople(
  trx: Db,
  input: {
    userIds: readonly (number | null)[];
    authorityId: number;
    kind: NotificationKind;
    actionId: number;
    actorId: number | null;
    commentId?: number | null;
    now: Date;
  },
): Promise<void> {
  const recipients = [...new Set(input.userIds)].filter((id): id is number => id !== null && id !== input.actorId);
  if (recipients.length === 0) return;
  // Only active people of the action's own authority are ever notified.
  const people = await trx
    .selectFrom("users")
    .select("id")
    .where("id", "in", recipients)
    .where("authority_id", "=", input.authorityId)
    .where("active", "=", 1)
    .execute();
  if (people.length === 0) return;
  const at = input.now.toISOString();
  const key = `${input.kind}:${input.actionId}:${input.commentId ?? ""}:${at}`;
  await trx
    .insertInto("notifications")
    .values(
      people.map((p) => ({
        user_id: p.id,
        authority_id: input.authorityId,
        kind: input.kind,
        action_id: input.actionId,
        actor_id: input.actorId,
        comment_id: input.commentId ?? null,
        key,
        created_at: at,
        read_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(["user_id", "key"]).doNothing())
    .execute();
}

/** The active improvement leads of an authority: who is told an action awaits sign-off. */
export async function listSignOffLeads(trx: Db, authorityId: number): Promise<number[]> {
  const rows = await trx
    .selectFrom("users")
    .select("id")
    .where("authority_id", "=", authorityId)
    .where("role", "=", "improvement_lead")
    .where("active", "=", 1)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Writes the "due soon" and "overdue" notifications the person has not had yet for the open
 * actions they own in the plan of `today`: once per action, kind and target date (a moved date
 * is news again). Reads only, unless something has newly become due.
 */
export async function refreshDeadlineNotifications(
  actor: Actor,
  today: string,
  amberWindowDays: number,
  now: Date,
): Promise<void> {
  if (actor.authorityId === null) return;
  const db = getDb();
  const until = amberUntil(today, amberWindowDays);
  const owned = await db
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select(["actions.id", "actions.target_date"])
    .where("actions.owner_id", "=", actor.id)
    .where("inspections.authority_id", "=", actor.authorityId)
    .where(inspectionInPlan)
    .where("actions.withdrawn_at", "is", null)
    .where("actions.status", "!=", "signed_off")
    .where("actions.target_date", "is not", null)
    .where("actions.target_date", "<=", until)
    .execute();
  if (owned.length === 0) return;
  const wanted = owned.map((a) => {
    const kind: NotificationKind = a.target_date! < today ? "overdue" : "due_soon";
    return { actionId: a.id, kind, key: `${kind}:${a.id}:${a.target_date}` };
  });
  const had = new Set(
    (
      await db
        .selectFrom("notifications")
        .select("key")
        .where("user_id", "=", actor.id)
        .where(
          "key",
          "in",
          wanted.map((w) => w.key),
        )
        .execute()
    ).map((r) => r.key),
  );
  const missing = wanted.filter((w) => !had.has(w.key));
  if (missing.length === 0) return;
  const at = now.toISOString();
  await db
    .insertInto("notifications")
    .values(
      missing.map((m) => ({
        user_id: actor.id,
        authority_id: actor.authorityId!,
        kind: m.kind,
        action_id: m.actionId,
        actor_id: null,
        comment_id: null,
        key: m.key,
        created_at: at,
        read_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(["user_id", "key"]).doNothing())
    .execute();
}

/** The person's own notifications, joined to an action they may still see in the plan. */
function ownNotifications(actor: Actor) {
  let query = getDb()
    .selectFrom("notifications")
    .innerJoin("actions", "actions.id", "notifications.action_id")
    .where("notifications.user_id", "=", actor.id)
    .where(actionInPlan);
  if (actor.role !== "admin") query = query.where("notifications.authority_id", "=", actor.authorityId ?? -1);
  return query;
}

export async function countUnreadNotifications(actor: Actor): Promise<number> {
  const row = await ownNotifications(actor)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("notifications.read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of the person's notifications, newest first, with what each is about. */
export async function listNotifications(actor: Actor, page: number) {
  const base = ownNotifications(actor);
  const [{ n }, items] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    base
      .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
      .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
      .leftJoin("users as by", "by.id", "notifications.actor_id")
      .select([
        "notifications.id",
        "notifications.kind",
        "notifications.created_at",
        "notifications.read_at",
        "notifications.comment_id",
        "actions.id as action_id",
        "actions.title as action_title",
        "actions.sequence",
        "actions.target_date",
        "recommendations.position as recommendation_position",
        "inspections.short_name as inspection_short_name",
        "by.name as by_name",
      ])
      .orderBy("notifications.id", "desc")
      .limit(NOTIFICATIONS_PAGE_SIZE)
      .offset((Math.max(1, page) - 1) * NOTIFICATIONS_PAGE_SIZE)
      .execute(),
  ]);
  const total = Number(n);
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE)) };
}
export type NotificationItem = Awaited<ReturnType<typeof listNotifications>>["items"][number];

/** Marks one of the person's own notifications read; false when it is not theirs (or not there). */
export async function markNotificationRead(actor: Actor, id: number, now: Date): Promise<boolean> {
  const result = await getDb()
    .updateTable("notifications")
    .set({ read_at: now.toISOString() })
    .where("id", "=", id)
    .where("user_id", "=", actor.id)
    .where("read_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return true;
  const mine = await getDb()
    .selectFrom("notifications")
    .select("id")
    .where("id", "=", id)
    .where("user_id", "=", actor.id)
    .executeTakeFirst();
  return mine !== undefined;
}

/** Marks every unread notification of the person read; how many there were. */
export async function markAllNotificationsRead(actor: Actor, now: Date): Promise<number> {
  const result = await getDb()
    .updateTable("notifications")
    .set({ read_at: now.toISOString() })
    .where("user_id", "=", actor.id)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
