import crypto from "node:crypto";
import { getDb } from "../../db/client";

export const SESSION_LIFETIME_DAYS = 14;

export async function createSession(userId: number, now: Date): Promise<{ id: string; expiresAt: Date }> {
  const id = crypto.randomBytes(32).toString("hex");
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
  await getDb()
    .insertInto("sessions")
    .values({ id, user_id: userId, created_at: now.toISOString(), expires_at: expiresAt.toISOString() })
    .execute();
  return { id, expiresAt };
}

/** The active user behind a session id, or undefined when the session is unknown, expired or the user deactivated. */
export async function findSessionUser(sessionId: string, now: Date) {
  return getDb()
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .leftJoin("authorities", "authorities.id", "users.authority_id")
    .select([
      "users.id",
      "users.name",
      "users.email",
      "users.role",
      "users.authority_id",
      "authorities.name as authority_name",
    ])
    .where("sessions.id", "=", sessionId)
    .where("sessions.expires_at", ">", now.toISOString())
    .where("users.active", "=", 1)
    .executeTakeFirst();
}
export type SessionUser = NonNullable<Awaited<ReturnType<typeof findSessionUser>>>;

export async function deleteSession(sessionId: string): Promise<void> {
  await getDb().deleteFrom("sessions").where("id", "=", sessionId).execute();
}
