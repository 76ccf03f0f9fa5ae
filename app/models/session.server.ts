import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";

/** However busy, a session ends this long after sign-in. */
export const SESSION_LIFETIME_DAYS = 14;
/** A session nobody has used for this long ends too (a shared office computer left signed in). */
export const SESSION_IDLE_HOURS = 8;

const HOUR = 60 * 60 * 1000;

/**
 * Only a hash of a session's token is stored: the token travels in the signed cookie, and a copy of
 * the database (a backup, a stolen file) holds nothing that signs anyone in.
 */
export function sessionTokenHash(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
// Recording every request would make each page view a write; a minute's precision is plenty.
const TOUCH_AFTER_MS = 60 * 1000;

export interface SessionOptions {
  /** The council whose identity provider signed the person in (for its sign-out); absent for a password. */
  ssoAuthorityId?: number | null;
  /** A second factor is required and not set up yet: only its set-up page opens. */
  needsSecondFactor?: boolean;
}

export async function createSession(
  userId: number,
  now: Date,
  db: Kysely<DB> | Transaction<DB> = getDb(),
  options: SessionOptions = {},
): Promise<{ token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString("hex");
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_DAYS * 24 * HOUR);
  // Sessions nobody came back to are not kept: ended ones go whenever a new one starts.
  const idleSince = new Date(now.getTime() - SESSION_IDLE_HOURS * HOUR).toISOString();
  await db
    .deleteFrom("sessions")
    .where((eb) =>
      eb.or([
        eb("expires_at", "<=", now.toISOString()),
        eb(eb.fn.coalesce("last_seen_at", "created_at"), "<", idleSince),
      ]),
    )
    .execute();
  await db
    .insertInto("sessions")
    .values({
      id: sessionTokenHash(token),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      last_seen_at: now.toISOString(),
      sso_authority_id: options.ssoAuthorityId ?? null,
      needs_second_factor: options.needsSecondFactor ? 1 : 0,
    })
    .execute();
  return { token, expiresAt };
}

/**
 * The active user behind a session token, or undefined when the session is unknown, past its
 * absolute lifetime, idle for too long, or the user is deactivated. An expired session is
 * deleted on sight; a live one is marked as seen.
 */
export async function findSessionUser(token: string, now: Date) {
  const sessionId = sessionTokenHash(token);
  const row = await getDb()
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .leftJoin("authorities", "authorities.id", "users.authority_id")
    .select([
      "users.id",
      "users.name",
      "users.email",
      "users.role",
      "users.authority_id",
      "users.active",
      "authorities.name as authority_name",
      "sessions.created_at as session_created_at",
      "sessions.expires_at as session_expires_at",
      "sessions.last_seen_at as session_last_seen_at",
      "sessions.sso_authority_id",
      "sessions.needs_second_factor",
    ])
    .where("sessions.id", "=", sessionId)
    .executeTakeFirst();
  if (!row) return undefined;

  const lastSeen = new Date(row.session_last_seen_at ?? row.session_created_at);
  const idleFor = now.getTime() - lastSeen.getTime();
  if (new Date(row.session_expires_at) <= now || idleFor >= SESSION_IDLE_HOURS * HOUR || row.active !== 1) {
    await getDb().deleteFrom("sessions").where("id", "=", sessionId).execute();
    return undefined;
  }
  if (idleFor >= TOUCH_AFTER_MS) {
    await getDb()
      .updateTable("sessions")
      .set({ last_seen_at: now.toISOString() })
      .where("id", "=", sessionId)
      .execute();
  }
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    authority_id: row.authority_id,
    authority_name: row.authority_name,
    /** The council whose provider signed this session in, or null (a password). */
    sso_authority_id: row.sso_authority_id,
    needs_second_factor: row.needs_second_factor === 1,
  };
}
export type SessionUser = NonNullable<Awaited<ReturnType<typeof findSessionUser>>>;

export async function deleteSession(token: string): Promise<void> {
  await getDb().deleteFrom("sessions").where("id", "=", sessionTokenHash(token)).execute();
}

/** Signs a user out everywhere (deactivation, password change), optionally keeping one session (by its token). */
export async function deleteUserSessions(
  userId: number,
  options: { except?: string } = {},
  db: Kysely<DB> | Transaction<DB> = getDb(),
): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (options.except) query = query.where("id", "!=", sessionTokenHash(options.except));
  await query.execute();
}

export async function countUserSessions(userId: number): Promise<number> {
  const row = await getDb()
    .selectFrom("sessions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
