import { getDb } from "../../db/client";
import type { OutboxKind, OutboxStatus } from "../../db/schema";
import type { Actor } from "../domain/permissions";
import { inspectionInPlan } from "./plan-scope.server";
import { amberUntil } from "./rag-sql.server";

// What the reminders job reads (actions people should hear about) and writes (the outbox).
// Only active people who can sign in are reminded: deactivated and pending users get nothing.

const STATUS_EVENTS = ["action.start", "action.submit", "action.sign_off", "action.send_back", "action.reopen"];

function openActions() {
  return getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .where("actions.withdrawn_at", "is", null)
    .where(inspectionInPlan)
    .where("actions.status", "!=", "signed_off");
}

const ACTION_COLUMNS = [
  "actions.id",
  "actions.sequence",
  "recommendations.position as recommendation_position",
  "inspections.short_name as inspection_short_name",
  "actions.title",
  "actions.target_date",
] as const;

/** People who may be reminded: active and able to sign in. */
export async function listReminderRecipients() {
  return getDb()
    .selectFrom("users")
    .select(["id", "name", "email", "role", "authority_id"])
    .where("active", "=", 1)
    .where("pending", "=", 0)
    .orderBy("id")
    .execute();
}
export type ReminderRecipient = Awaited<ReturnType<typeof listReminderRecipients>>[number];

/** Open actions with an owner that are overdue or due by the end of the amber window. */
export async function listOwnedActionsDueBy(today: string, amberWindowDays: number) {
  return openActions()
    .select([...ACTION_COLUMNS, "actions.owner_id"])
    .where("actions.owner_id", "is not", null)
    .where("actions.target_date", "<=", amberUntil(today, amberWindowDays))
    .orderBy("actions.target_date")
    .orderBy("actions.id")
    .execute();
}

/** In-progress actions whose latest status change was a send-back, with that event's details. */
export async function listSentBackActions() {
  return openActions()
    .innerJoin("audit_events", (join) =>
      join.on("audit_events.id", "=", (eb) =>
        eb
          .selectFrom("audit_events as latest")
          .select((eb) => eb.fn.max("latest.id").as("id"))
          .where("latest.entity_type", "=", "action")
          .whereRef("latest.entity_id", "=", "actions.id")
          .where("latest.event", "in", STATUS_EVENTS),
      ),
    )
    .select([...ACTION_COLUMNS, "actions.owner_id", "audit_events.after"])
    .where("actions.status", "=", "in_progress")
    .where("actions.owner_id", "is not", null)
    .where("audit_events.event", "=", "action.send_back")
    .orderBy("actions.id")
    .execute();
}

/** Actions submitted for sign-off, with their authority (leads sign off their own authority's). */
export async function listActionsAwaitingSignOff() {
  return openActions()
    .select([...ACTION_COLUMNS, "actions.owner_id", "inspections.authority_id"])
    .where("actions.status", "=", "awaiting_sign_off")
    .orderBy("actions.id")
    .execute();
}

export interface OutboxMessage {
  userId: number;
  toAddress: string;
  kind: OutboxKind;
  digestDate: string;
  subject: string;
  bodyText: string;
  bodyHtml: string;
}

/**
 * Records a digest for sending and returns its id, or null when this person already had this
 * digest for this day. A digest that failed earlier in the day is taken again, with fresh content.
 *
 * The claim is what keeps two runs of the job at once (cron on two hosts) from e-mailing anyone
 * twice, and it is atomic on both engines without a lock of its own: the insert rests on the
 * unique (user, kind, day), and on PostgreSQL an insert meeting another run's uncommitted row
 * waits for it and then does nothing; the retry is one conditional UPDATE ... WHERE status =
 * 'failed' RETURNING, which PostgreSQL re-checks against the row another run just changed (it
 * waits for that run's row lock), so only one run gets the id. SQLite's BEGIN IMMEDIATE runs one
 * transaction at a time across processes. A queued row is never taken again: whoever claimed it
 * is sending it (tests/reminders/concurrent.test.ts runs two processes at once on each engine).
 */
export async function claimOutboxMessage(message: OutboxMessage, status: "queued" | "not_sent_no_smtp", now: Date) {
  const values = {
    to_address: message.toAddress,
    subject: message.subject,
    body_text: message.bodyText,
    body_html: message.bodyHtml,
    status,
    error: null,
    created_at: now.toISOString(),
  };
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const inserted = await trx
        .insertInto("outbox")
        .values({ ...values, user_id: message.userId, kind: message.kind, digest_date: message.digestDate })
        .onConflict((oc) => oc.columns(["user_id", "kind", "digest_date"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted) return inserted.id;
      const retried = await trx
        .updateTable("outbox")
        .set(values)
        .where("user_id", "=", message.userId)
        .where("kind", "=", message.kind)
        .where("digest_date", "=", message.digestDate)
        .where("status", "=", "failed")
        .returning("id")
        .executeTakeFirst();
      return retried?.id ?? null;
    });
}

export async function markOutboxSent(id: number, now: Date) {
  await getDb()
    .updateTable("outbox")
    .set({ status: "sent", sent_at: now.toISOString(), error: null })
    .where("id", "=", id)
    .execute();
}

export async function markOutboxFailed(id: number, error: string) {
  await getDb()
    .updateTable("outbox")
    .set({ status: "failed", error: error.slice(0, 1000) })
    .where("id", "=", id)
    .execute();
}

export const OWN_DIGESTS_LIMIT = 20;

/** A person's own latest digests, with their content. */
export async function listOwnDigests(userId: number) {
  return getDb()
    .selectFrom("outbox")
    .select(["id", "kind", "subject", "body_text", "status", "digest_date", "created_at", "sent_at"])
    .where("user_id", "=", userId)
    .orderBy("digest_date", "desc")
    .orderBy("id", "desc")
    .limit(OWN_DIGESTS_LIMIT)
    .execute();
}
export type OwnDigest = Awaited<ReturnType<typeof listOwnDigests>>[number];

export const OUTBOX_PAGE_SIZE = 50;

/**
 * The outbox for a lead's authority (messages to its people) or, for an administrator, all of it.
 * Subjects and status only: the content of someone else's digest is theirs.
 */
export async function listOutbox(actor: Actor, filters: { status?: OutboxStatus; page: number }) {
  let query = getDb().selectFrom("outbox").innerJoin("users", "users.id", "outbox.user_id");
  if (actor.role !== "admin") query = query.where("users.authority_id", "=", actor.authorityId ?? -1);
  if (filters.status) query = query.where("outbox.status", "=", filters.status);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const page = Math.max(1, filters.page);
  const items = await query
    .select([
      "outbox.id",
      "outbox.kind",
      "outbox.subject",
      "outbox.status",
      "outbox.error",
      "outbox.digest_date",
      "outbox.created_at",
      "outbox.sent_at",
      "users.name as user_name",
    ])
    .orderBy("outbox.digest_date", "desc")
    .orderBy("outbox.id", "desc")
    .limit(OUTBOX_PAGE_SIZE)
    .offset((page - 1) * OUTBOX_PAGE_SIZE)
    .execute();
  return { items, total: Number(total), page, pageCount: Math.max(1, Math.ceil(Number(total) / OUTBOX_PAGE_SIZE)) };
}
export type OutboxItem = Awaited<ReturnType<typeof listOutbox>>["items"][number];
