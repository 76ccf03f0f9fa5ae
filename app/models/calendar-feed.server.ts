import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import type { Actor } from "../domain/permissions";
import { recordAuditEvent } from "./audit.server";
import { inspectionInPlan } from "./plan-scope.server";

// A secret link to one person's target dates, for their calendar app to subscribe to. Only a hash
// of the token is kept: the link is shown once, and whoever has the database cannot rebuild it.
// A person has at most one live link; making a new one revokes the old.

function hashToken(token: string): Buffer {
  return crypto.createHash("sha256").update(token).digest();
}

export function calendarFeedPath(token: string): string {
  return `/calendar/${token}.ics`;
}

/** When the person's live feed was created, or undefined if they have none. */
export async function findActiveCalendarFeed(userId: number) {
  return getDb()
    .selectFrom("calendar_feeds")
    .select(["id", "created_at"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .orderBy("id", "desc")
    .executeTakeFirst();
}

/** A new feed for the person, replacing any live one. Returns the token, which is never stored. */
export async function createCalendarFeed(
  actor: Actor,
  now: Date,
): Promise<{ token: string; path: string; replaced: boolean }> {
  const token = crypto.randomBytes(32).toString("base64url");
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const revoked = await trx
        .updateTable("calendar_feeds")
        .set({ revoked_at: now.toISOString() })
        .where("user_id", "=", actor.id)
        .where("revoked_at", "is", null)
        .returning("id")
        .execute();
      const { id } = await trx
        .insertInto("calendar_feeds")
        .values({ user_id: actor.id, token_hash: hashToken(token).toString("hex"), created_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: actor.authorityId,
        entityType: "user",
        entityId: actor.id,
        event: revoked.length > 0 ? "user.calendar_feed_replaced" : "user.calendar_feed_created",
        before: revoked.length > 0 ? { feedIds: revoked.map((r) => r.id) } : null,
        after: { feedId: id },
        at: now,
      });
      return { token, path: calendarFeedPath(token), replaced: revoked.length > 0 };
    });
}

/** Revokes the person's live feed; false if they had none. */
export async function revokeCalendarFeed(actor: Actor, now: Date): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const revoked = await trx
        .updateTable("calendar_feeds")
        .set({ revoked_at: now.toISOString() })
        .where("user_id", "=", actor.id)
        .where("revoked_at", "is", null)
        .returning("id")
        .execute();
      if (revoked.length === 0) return false;
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: actor.authorityId,
        entityType: "user",
        entityId: actor.id,
        event: "user.calendar_feed_revoked",
        before: { feedIds: revoked.map((r) => r.id) },
        after: null,
        at: now,
      });
      return true;
    });
}

/**
 * Ends a person's live feed, in the caller's transaction, when their credentials change: a password
 * changed or reset, or the account deactivated. A feed link is a credential too, and one someone
 * else learned must stop with the password they learned (or the access that was taken away).
 * Audited when there was a feed to end.
 */
export async function revokeCalendarFeedsOf(
  db: Kysely<DB> | Transaction<DB>,
  user: { id: number; authorityId: number | null },
  because: "password_changed" | "password_reset" | "password_reset_issued" | "deactivated",
  byUserId: number,
  now: Date,
): Promise<number> {
  const revoked = await db
    .updateTable("calendar_feeds")
    .set({ revoked_at: now.toISOString() })
    .where("user_id", "=", user.id)
    .where("revoked_at", "is", null)
    .returning("id")
    .execute();
  if (revoked.length > 0) {
    await recordAuditEvent(db, {
      userId: byUserId,
      authorityId: user.authorityId,
      entityType: "user",
      entityId: user.id,
      event: "user.calendar_feed_revoked",
      before: { feedIds: revoked.map((r) => r.id) },
      after: { because },
      at: now,
    });
  }
  return revoked.length;
}

/**
 * The active person a live feed token belongs to, or undefined. The row is found by its hash
 * (an index lookup on a value an attacker cannot choose), then the hashes are compared again in
 * constant time so the answer's timing says nothing about how close a guess was.
 */
export async function findCalendarFeedOwner(token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const hash = hashToken(token);
  const row = await getDb()
    .selectFrom("calendar_feeds")
    .innerJoin("users", "users.id", "calendar_feeds.user_id")
    .select(["calendar_feeds.token_hash", "users.id", "users.role", "users.authority_id"])
    .where("calendar_feeds.token_hash", "=", hash.toString("hex"))
    .where("calendar_feeds.revoked_at", "is", null)
    .where("users.active", "=", 1)
    .executeTakeFirst();
  if (!row) return undefined;
  const stored = Buffer.from(row.token_hash, "hex");
  if (stored.length !== hash.length || !crypto.timingSafeEqual(stored, hash)) return undefined;
  return { id: row.id, role: row.role, authorityId: row.authority_id } satisfies Actor;
}

/** The open actions a person owns that have a target date: what their calendar shows. */
export async function listCalendarActions(actor: Actor) {
  let query = getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select([
      "actions.id",
      "actions.sequence",
      "recommendations.position as recommendation_position",
      "inspections.short_name as inspection_short_name",
      "actions.title",
      "actions.status",
      "actions.target_date",
      "actions.updated_at",
    ])
    .where("actions.owner_id", "=", actor.id)
    .where("actions.withdrawn_at", "is", null)
    .where(inspectionInPlan)
    .where("actions.status", "!=", "signed_off")
    .where("actions.target_date", "is not", null);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query.orderBy("actions.target_date").orderBy("actions.id").execute();
}
export type CalendarAction = Awaited<ReturnType<typeof listCalendarActions>>[number];
