import { hash, verify } from "@node-rs/argon2";
import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import type { Actor, Role } from "../domain/permissions";
import { recordAuditEvent } from "./audit.server";
import { revokeCalendarFeedsOf } from "./calendar-feed.server";
import { createInvitation, findInvitation, markInvitationUsed } from "./invitation.server";
import { actionInPlan } from "./plan-scope.server";
import { deleteUserSessions } from "./session.server";

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Stored for people who have not chosen a password yet (invited, or pending). It is not an
 * argon2 hash, so no password ever verifies against it.
 */
export const NO_PASSWORD = "!";

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummyHash: Promise<string> | undefined;

/** The user for an e-mail and password, or undefined; the same answer for an unknown e-mail and a wrong password. */
export async function verifyLogin(email: string, password: string) {
  const user = await getDb()
    .selectFrom("users")
    .select(["id", "password_hash", "active"])
    .where("email", "=", normaliseEmail(email))
    .executeTakeFirst();
  if (!user) {
    // Take as long as a real check, so timing does not tell which e-mail addresses have accounts.
    dummyHash ??= hashPassword("no account has this password");
    await verify(await dummyHash, password).catch(() => false);
    return undefined;
  }
  const ok = await verify(user.password_hash, password).catch(() => false);
  return ok && user.active === 1 ? { id: user.id } : undefined;
}

export type SignInMethod = "password" | "password and code" | "password and recovery code" | "single sign-on";

/** The sign-in time, and an audit event saying how (never with any secret). */
export async function recordSignIn(userId: number, now: Date, method: SignInMethod): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const user = await trx
        .updateTable("users")
        .set({ last_signed_in_at: now.toISOString() })
        .where("id", "=", userId)
        .returning("authority_id")
        .executeTakeFirst();
      await recordAuditEvent(trx, {
        userId,
        authorityId: user?.authority_id ?? null,
        entityType: "user",
        entityId: userId,
        event: "user.signed_in",
        after: { method },
        at: now,
      });
    });
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a user with a password, unaudited: for demo data, tests and the first administrator. */
export async function createUser(
  input: { name: string; email: string; role: Role; authorityId: number | null; password: string | null },
  now: Date,
  db: Db = getDb(),
) {
  return db
    .insertInto("users")
    .values({
      name: input.name,
      email: normaliseEmail(input.email),
      role: input.role,
      authority_id: input.role === "admin" ? null : input.authorityId,
      password_hash: input.password === null ? NO_PASSWORD : await hashPassword(input.password),
      password_set_at: input.password === null ? null : now.toISOString(),
      created_at: now.toISOString(),
    })
    .returning(["id", "name", "email", "role", "authority_id"])
    .executeTakeFirstOrThrow();
}

export async function isEmailTaken(email: string, exceptUserId?: number): Promise<boolean> {
  let query = getDb().selectFrom("users").select("id").where("email", "=", normaliseEmail(email));
  if (exceptUserId !== undefined) query = query.where("id", "!=", exceptUserId);
  return (await query.executeTakeFirst()) !== undefined;
}

export type UserStatus = "active" | "invited" | "pending" | "deactivated";

/**
 * Pending: named in an imported plan, or first signed in through their council's provider, with no
 * access yet. Invited: can sign in once they choose a password (someone who has signed in through
 * their council's provider needs none: they are active).
 */
export function userStatus(user: {
  active: number;
  pending: number;
  password_set_at: string | null;
  last_signed_in_at: string | null;
}): UserStatus {
  if (user.pending === 1) return "pending";
  if (user.active !== 1) return "deactivated";
  return user.password_set_at === null && user.last_signed_in_at === null ? "invited" : "active";
}

/** Every user, or one authority's, for the administrator's list; with how many open (not signed off or withdrawn) actions each owns. */
export async function listUsers(filter: { authorityId?: number } = {}) {
  let query = getDb()
    .selectFrom("users")
    .leftJoin("authorities", "authorities.id", "users.authority_id")
    .select((eb) => [
      "users.id",
      "users.name",
      "users.email",
      "users.role",
      "users.authority_id",
      "authorities.name as authority_name",
      "users.active",
      "users.pending",
      "users.password_set_at",
      "users.last_signed_in_at",
      eb
        .selectFrom("actions")
        .select((a) => a.fn.countAll<number>().as("n"))
        .whereRef("actions.owner_id", "=", "users.id")
        .where("actions.status", "!=", "signed_off")
        .where("actions.withdrawn_at", "is", null)
        .where(actionInPlan)
        .as("open_actions"),
    ])
    .orderBy("users.name")
    .orderBy("users.id");
  if (filter.authorityId !== undefined) query = query.where("users.authority_id", "=", filter.authorityId);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, open_actions: Number(row.open_actions ?? 0), status: userStatus(row) }));
}
export type UserListRow = Awaited<ReturnType<typeof listUsers>>[number];

export async function getUser(id: number, db: Db = getDb()) {
  const row = await db
    .selectFrom("users")
    .leftJoin("authorities", "authorities.id", "users.authority_id")
    .select([
      "users.id",
      "users.name",
      "users.email",
      "users.role",
      "users.authority_id",
      "authorities.name as authority_name",
      "users.active",
      "users.pending",
      "users.password_set_at",
      "users.last_signed_in_at",
      "users.created_at",
      "users.break_glass",
    ])
    .where("users.id", "=", id)
    .executeTakeFirst();
  return row ? { ...row, status: userStatus(row) } : undefined;
}
export type UserDetail = NonNullable<Awaited<ReturnType<typeof getUser>>>;

/** What the audit log keeps of a user: never the password hash. */
function auditSnapshot(user: { name: string; email: string; role: Role; authority_id: number | null; active: number }) {
  return { name: user.name, email: user.email, role: user.role, authority_id: user.authority_id, active: user.active };
}

export interface NewUserInput {
  name: string;
  email: string;
  role: Role;
  authorityId: number | null;
  /** A password the administrator chose, or null to send an invitation link instead. */
  password: string | null;
}

/** An administrator adds a user, audited; with an invitation link to send when no password was set. */
export async function addUser(admin: Actor, input: NewUserInput, now: Date) {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const user = await createUser(input, now, trx);
      await recordAuditEvent(trx, {
        userId: admin.id,
        authorityId: user.authority_id,
        entityType: "user",
        entityId: user.id,
        event: "user.created",
        after: {
          ...auditSnapshot({ ...user, active: 1 }),
          password: input.password === null ? "invitation" : "set by administrator",
        },
        at: now,
      });
      const invitation =
        input.password === null ? await createInvitation({ userId: user.id, createdBy: admin.id }, now, trx) : null;
      return { user, invitation };
    });
}

/** Name, e-mail, role and authority; administrators have no authority. */
export async function updateUser(
  admin: Actor,
  userId: number,
  input: { name: string; email: string; role: Role; authorityId: number | null },
  now: Date,
): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const before = await getUser(userId, trx);
      if (!before) return false;
      const values = {
        name: input.name,
        email: normaliseEmail(input.email),
        role: input.role,
        authority_id: input.role === "admin" ? null : input.authorityId,
      };
      await trx.updateTable("users").set(values).where("id", "=", userId).execute();
      const after = { ...values, active: before.active };
      const changed = JSON.stringify(auditSnapshot(before)) !== JSON.stringify(auditSnapshot(after));
      if (changed) {
        await recordAuditEvent(trx, {
          userId: admin.id,
          authorityId: after.authority_id ?? before.authority_id,
          entityType: "user",
          entityId: userId,
          event: "user.updated",
          before: auditSnapshot(before),
          after: auditSnapshot(after),
          at: now,
        });
      }
      return true;
    });
}

/**
 * Deactivated users cannot sign in and are signed out at once; they stay in the database so
 * history keeps their name and their actions keep their owner. Unused set-password links die too.
 */
export async function setUserActive(admin: Actor, userId: number, active: boolean, now: Date): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const before = await getUser(userId, trx);
      if (!before) return false;
      await trx
        .updateTable("users")
        .set({ active: active ? 1 : 0, pending: 0 })
        .where("id", "=", userId)
        .execute();
      if (!active) {
        await deleteUserSessions(userId, {}, trx);
        await trx.deleteFrom("invitations").where("user_id", "=", userId).where("used_at", "is", null).execute();
        await revokeCalendarFeedsOf(
          trx,
          { id: userId, authorityId: before.authority_id },
          "deactivated",
          admin.id,
          now,
        );
      }
      await recordAuditEvent(trx, {
        userId: admin.id,
        authorityId: before.authority_id,
        entityType: "user",
        entityId: userId,
        event: active ? "user.reactivated" : "user.deactivated",
        before: { active: before.active, pending: before.pending },
        after: { active: active ? 1 : 0, pending: 0 },
        at: now,
      });
      return true;
    });
}

/**
 * Gives a person waiting for access (made by their council's single sign-on, or named in a plan)
 * a role: from then on they sign in. False when they are not waiting. Audited.
 */
export async function giveAccess(by: Actor, userId: number, role: Role, now: Date): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      // Read, then write only when there is something to give: a refusal issues no UPDATE at all
      // (PostgreSQL's change-token triggers fire per statement, even for an UPDATE of no rows).
      const updated = await trx
        .selectFrom("users")
        .select("authority_id")
        .where("id", "=", userId)
        .where("pending", "=", 1)
        .executeTakeFirst();
      if (!updated) return false;
      await trx.updateTable("users").set({ role, active: 1, pending: 0 }).where("id", "=", userId).execute();
      await recordAuditEvent(trx, {
        userId: by.id,
        authorityId: updated.authority_id,
        entityType: "user",
        entityId: userId,
        event: "user.access_given",
        before: { pending: 1 },
        after: { role, active: 1 },
        at: now,
      });
      return true;
    });
}

/** A break-glass account signs in with a password even when its council uses its provider only. Audited. */
export async function setBreakGlass(admin: Actor, userId: number, on: boolean, now: Date): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const before = await getUser(userId, trx);
      if (!before || before.break_glass === (on ? 1 : 0)) return false;
      await trx
        .updateTable("users")
        .set({ break_glass: on ? 1 : 0 })
        .where("id", "=", userId)
        .execute();
      await recordAuditEvent(trx, {
        userId: admin.id,
        authorityId: before.authority_id,
        entityType: "user",
        entityId: userId,
        event: "user.break_glass_changed",
        before: { break_glass: before.break_glass === 1 },
        after: { break_glass: on },
        at: now,
      });
      return true;
    });
}

/** Sends a new set-password link: an invitation, a reset, or the activation of a pending user. */
export async function issueInvitation(admin: Actor, userId: number, now: Date) {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const user = await getUser(userId, trx);
      if (!user || user.status === "deactivated") return null;
      const invitation = await createInvitation({ userId, createdBy: admin.id }, now, trx);
      await recordAuditEvent(trx, {
        userId: admin.id,
        authorityId: user.authority_id,
        entityType: "user",
        entityId: userId,
        event: user.password_set_at === null ? "user.invited" : "user.password_reset_issued",
        after: { expires_at: invitation.expiresAt.toISOString() },
        at: now,
      });
      // A reset is issued when an account may be in the wrong hands: its feed link stops too.
      if (user.password_set_at !== null) {
        const owner = { id: userId, authorityId: user.authority_id };
        await revokeCalendarFeedsOf(trx, owner, "password_reset_issued", admin.id, now);
      }
      return invitation;
    });
}

/**
 * A signed-in user changes their own password. Every session of theirs ends (the caller starts
 * a fresh one for this browser), so a password someone else learned stops working everywhere.
 */
export async function changeOwnPassword(
  userId: number,
  input: { currentPassword: string; newPassword: string },
  now: Date,
): Promise<{ ok: true } | { ok: false; reason: "wrong_password" }> {
  const row = await getDb().selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirst();
  const ok = row ? await verify(row.password_hash, input.currentPassword).catch(() => false) : false;
  if (!ok) return { ok: false, reason: "wrong_password" };
  const passwordHash = await hashPassword(input.newPassword);
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await setPassword(trx, userId, passwordHash, now);
      await deleteUserSessions(userId, {}, trx);
      const user = await getUser(userId, trx);
      await recordAuditEvent(trx, {
        userId,
        authorityId: user?.authority_id ?? null,
        entityType: "user",
        entityId: userId,
        event: "user.password_changed",
        at: now,
      });
      const owner = { id: userId, authorityId: user?.authority_id ?? null };
      await revokeCalendarFeedsOf(trx, owner, "password_changed", userId, now);
    });
  return { ok: true };
}

/**
 * The person behind a set-password link chooses a password: the link is spent, their account
 * becomes active (a pending person's too), and any session they had ends.
 */
export async function acceptInvitation(token: string, password: string, now: Date): Promise<{ userId: number } | null> {
  const passwordHash = await hashPassword(password);
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const invitation = await findInvitation(token, now, trx);
      if (!invitation || !(await markInvitationUsed(invitation.invitation_id, now, trx))) return null;
      await setPassword(trx, invitation.user_id, passwordHash, now);
      // Choosing the password signs them in, so it counts as a sign-in.
      await trx
        .updateTable("users")
        .set({ active: 1, pending: 0, last_signed_in_at: now.toISOString() })
        .where("id", "=", invitation.user_id)
        .execute();
      await deleteUserSessions(invitation.user_id, {}, trx);
      await recordAuditEvent(trx, {
        userId: invitation.user_id,
        authorityId: invitation.authority_id,
        entityType: "user",
        entityId: invitation.user_id,
        event: invitation.password_set_at === null ? "user.password_set" : "user.password_reset",
        at: now,
      });
      const owner = { id: invitation.user_id, authorityId: invitation.authority_id };
      await revokeCalendarFeedsOf(trx, owner, "password_reset", invitation.user_id, now);
      return { userId: invitation.user_id };
    });
}

/** Stores a new password hash; used by the account page and set-password links. */
export async function setPassword(db: Db, userId: number, passwordHash: string, now: Date): Promise<void> {
  await db
    .updateTable("users")
    .set({ password_hash: passwordHash, password_set_at: now.toISOString() })
    .where("id", "=", userId)
    .execute();
}

/** People an action can be assigned to in an authority: its active service managers and leads. */
export async function listAssignableUsers(authorityId: number) {
  return getDb()
    .selectFrom("users")
    .select(["id", "name", "role"])
    .where("authority_id", "=", authorityId)
    .where("active", "=", 1)
    .where("role", "in", ["service_manager", "improvement_lead"])
    .orderBy("name")
    .execute();
}

export async function countUsers(): Promise<number> {
  const row = await getDb()
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
