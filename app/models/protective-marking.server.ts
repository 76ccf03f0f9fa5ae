import { getDb } from "../../db/client";
import { type Actor, canManagePlan, canSeeAuthority } from "../domain/permissions";
import { DEFAULT_PROTECTIVE_MARKING } from "../domain/protective-marking";
import { recordAuditEvent } from "./audit.server";

// The protective marking an authority prints at the top and bottom of every page of its Word
// exports (board pack, statement of action, readiness report) and on its printed spreadsheets:
// "OFFICIAL" unless a lead or administrator sets another (e.g. "OFFICIAL-SENSITIVE").

/** The authority's marking; the default when the authority is unknown. */
export async function getProtectiveMarking(authorityId: number): Promise<string> {
  const row = await getDb()
    .selectFrom("authorities")
    .select("protective_marking")
    .where("id", "=", authorityId)
    .executeTakeFirst();
  return row?.protective_marking ?? DEFAULT_PROTECTIVE_MARKING;
}

/** The authorities the actor may set the marking of, with their current marking. */
export async function listProtectiveMarkings(actor: Actor) {
  let query = getDb().selectFrom("authorities").select(["id", "name", "protective_marking"]).orderBy("name");
  if (actor.role !== "admin") query = query.where("id", "=", actor.authorityId ?? -1);
  return query.execute();
}

export type MarkingResult = { ok: true; changed: boolean } | { ok: false; reason: "not_found" | "forbidden" };

/** Sets the authority's marking (a lead of the authority, or an administrator), audited. */
export async function setProtectiveMarking(
  actor: Actor,
  authorityId: number,
  marking: string,
  now: Date,
): Promise<MarkingResult> {
  if (!canSeeAuthority(actor, authorityId)) return { ok: false, reason: "not_found" };
  if (!canManagePlan(actor, authorityId)) return { ok: false, reason: "forbidden" };
  return getDb()
    .transaction()
    .execute(async (trx): Promise<MarkingResult> => {
      const current = await trx
        .selectFrom("authorities")
        .select("protective_marking")
        .where("id", "=", authorityId)
        .executeTakeFirst();
      if (!current) return { ok: false, reason: "not_found" };
      if (current.protective_marking === marking) return { ok: true, changed: false };
      await trx.updateTable("authorities").set({ protective_marking: marking }).where("id", "=", authorityId).execute();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId,
        entityType: "authority",
        entityId: authorityId,
        event: "authority.protective_marking_changed",
        before: { protectiveMarking: current.protective_marking },
        after: { protectiveMarking: marking },
        at: now,
      });
      return { ok: true, changed: true };
    });
}
