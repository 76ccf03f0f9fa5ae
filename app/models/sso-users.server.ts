import crypto from "node:crypto";
import { getDb } from "../../db/client";
import { mappedRole, type RoleMapping } from "../domain/sso";
import { recordAuditEvent } from "./audit.server";
import { NO_PASSWORD } from "./user.server";

// Who a council's provider signs in: the person here with that verified e-mail address, or a new
// pending person with no access until a lead or administrator gives them a role. A role from the
// provider's groups or app-roles claim (mapped per council) is given, or brought up to date, on each
// sign-in. Nobody from another council, no administrator, and nobody deactivated here.

export type SsoUserResult =
  { ok: true; userId: number } | { ok: false; reason: "pending" | "other_council" | "administrator" | "deactivated" };

export async function matchSsoUser(
  council: { authorityId: number; rolesClaim: string | null; roleMap: RoleMapping[] },
  identity: { email: string; name: string | null; claims: Record<string, unknown> },
  now: Date,
): Promise<SsoUserResult> {
  const role = council.rolesClaim ? mappedRole(identity.claims[council.rolesClaim], council.roleMap) : null;
  return getDb()
    .transaction()
    .execute(async (trx): Promise<SsoUserResult> => {
      const user = await trx
        .selectFrom("users")
        .select(["id", "role", "authority_id", "active", "pending"])
        .where("email", "=", identity.email)
        .executeTakeFirst();
      const audit = (
        userId: number,
        event: string,
        before: Record<string, unknown> | null,
        after: Record<string, unknown>,
      ) =>
        recordAuditEvent(trx, {
          userId,
          authorityId: council.authorityId,
          entityType: "user",
          entityId: userId,
          event,
          before,
          after: { ...after, by: "single sign-on" },
          at: now,
        });
      if (!user) {
        const name = identity.name?.trim().slice(0, 120) || identity.email.split("@")[0];
        const created = await trx
          .insertInto("users")
          .values({
            name,
            email: identity.email,
            // A pending person's role means nothing until someone gives them access.
            role: role ?? "board_member",
            authority_id: council.authorityId,
            password_hash: NO_PASSWORD,
            active: role ? 1 : 0,
            pending: role ? 0 : 1,
            created_at: now.toISOString(),
            last_signed_in_at: role ? now.toISOString() : null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await audit(created.id, role ? "user.created" : "user.pending_created", null, {
          name,
          email: identity.email,
          role: role ?? null,
          authority_id: council.authorityId,
        });
        return role ? { ok: true, userId: created.id } : { ok: false, reason: "pending" };
      }
      if (user.role === "admin") return { ok: false, reason: "administrator" };
      if (user.authority_id !== council.authorityId) return { ok: false, reason: "other_council" };
      if (user.pending !== 1 && user.active !== 1) return { ok: false, reason: "deactivated" };
      if (user.pending === 1 && !role) return { ok: false, reason: "pending" };
      if (role && (role !== user.role || user.pending === 1)) {
        await trx.updateTable("users").set({ role, active: 1, pending: 0 }).where("id", "=", user.id).execute();
        await audit(user.id, "user.updated", { role: user.role, active: user.active }, { role, active: 1 });
      }
      return { ok: true, userId: user.id };
    });
}

const MINUTES_TO_COME_BACK = 10;
const stateHash = (state: string) => crypto.createHash("sha256").update(state).digest("hex");

export async function saveSsoSignIn(
  input: { state: string; authorityId: number; nonce: string; codeVerifier: string; redirectTo: string },
  now: Date,
): Promise<void> {
  const db = getDb();
  const stale = new Date(now.getTime() - MINUTES_TO_COME_BACK * 60_000).toISOString();
  await db.deleteFrom("sso_sign_ins").where("created_at", "<", stale).execute();
  await db
    .insertInto("sso_sign_ins")
    .values({
      state_hash: stateHash(input.state),
      authority_id: input.authorityId,
      nonce: input.nonce,
      code_verifier: input.codeVerifier,
      redirect_to: input.redirectTo,
      created_at: now.toISOString(),
    })
    .execute();
}

/** The sign-in this state started, taken (deleted) so it is used once; null when unknown, used or too old. */
export async function takeSsoSignIn(state: string, now: Date) {
  const row = await getDb()
    .deleteFrom("sso_sign_ins")
    .where("state_hash", "=", stateHash(state))
    .returning(["authority_id", "nonce", "code_verifier", "redirect_to", "created_at"])
    .executeTakeFirst();
  if (!row) return null;
  if (new Date(row.created_at).getTime() < now.getTime() - MINUTES_TO_COME_BACK * 60_000) return null;
  return {
    authorityId: row.authority_id,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    redirectTo: row.redirect_to,
  };
}

/** The council a stored sign-in was started for, without using it up: for the audit of a refused answer. */
export async function ssoSignInCouncil(state: string): Promise<number | null> {
  if (!state) return null;
  const row = await getDb()
    .selectFrom("sso_sign_ins")
    .select("authority_id")
    .where("state_hash", "=", stateHash(state))
    .executeTakeFirst();
  return row?.authority_id ?? null;
}

/**
 * A refused single sign-on, audited with why: in the council's log when the council is known (a
 * made-up or reused state may say none: then only administrators read it). Only the reason and,
 * when the provider had vouched for it, the e-mail address: never a token, a code or a secret.
 */
export async function recordSsoRefusal(
  refusal: { authorityId: number | null; reason: string; stage: "start" | "callback"; email: string | null },
  now: Date,
): Promise<void> {
  await recordAuditEvent(getDb(), {
    userId: null,
    authorityId: refusal.authorityId,
    entityType: "authority",
    entityId: refusal.authorityId ?? 0,
    event: "authority.sso_sign_in_refused",
    after: {
      reason: refusal.reason,
      stage: refusal.stage,
      ...(refusal.email ? { email: refusal.email } : {}),
    },
    at: now,
  });
}
