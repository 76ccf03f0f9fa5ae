import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";

// One-time links to choose a password. Only a hash of the token is stored, so a copy of the
// database cannot be used to take over an account; the link is shown once, to whoever issued it.

export const INVITATION_LIFETIME_DAYS = 7;

type Db = Kysely<DB> | Transaction<DB>;

function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function setPasswordPath(token: string): string {
  return `/set-password/${token}`;
}

/** A new link for a user; any earlier unused link of theirs stops working. */
export async function createInvitation(
  input: { userId: number; createdBy: number | null },
  now: Date,
  db: Db = getDb(),
): Promise<{ token: string; path: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
  await db.deleteFrom("invitations").where("user_id", "=", input.userId).where("used_at", "is", null).execute();
  await db
    .insertInto("invitations")
    .values({
      user_id: input.userId,
      token_hash: hashToken(token),
      created_by: input.createdBy,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    })
    .execute();
  return { token, path: setPasswordPath(token), expiresAt };
}

/**
 * The person a link is for, while it is unused and in date and they are not deactivated
 * (pending people, named in an imported plan, are activated by it).
 */
export async function findInvitation(token: string, now: Date, db: Db = getDb()) {
  return db
    .selectFrom("invitations")
    .innerJoin("users", "users.id", "invitations.user_id")
    .select([
      "invitations.id as invitation_id",
      "users.id as user_id",
      "users.name",
      "users.email",
      "users.authority_id",
      "users.password_set_at",
    ])
    .where("invitations.token_hash", "=", hashToken(token))
    .where("invitations.used_at", "is", null)
    .where("invitations.expires_at", ">", now.toISOString())
    .where((eb) => eb.or([eb("users.active", "=", 1), eb("users.pending", "=", 1)]))
    .executeTakeFirst();
}
export type ValidInvitation = NonNullable<Awaited<ReturnType<typeof findInvitation>>>;

/** Marks a link used; false if it was used in the meantime (two tabs, a double submit). */
export async function markInvitationUsed(invitationId: number, now: Date, db: Db = getDb()): Promise<boolean> {
  const result = await db
    .updateTable("invitations")
    .set({ used_at: now.toISOString() })
    .where("id", "=", invitationId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** When the user's current unused link expires, if they have one. */
export async function findOpenInvitation(userId: number, now: Date) {
  return getDb()
    .selectFrom("invitations")
    .select(["created_at", "expires_at"])
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .orderBy("created_at", "desc")
    .executeTakeFirst();
}
