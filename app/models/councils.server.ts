import { getDb } from "../../db/client";
import { authorityKey } from "../domain/authority-names";
import type { Actor } from "../domain/permissions";
import { recordAuditEvent } from "./audit.server";

// Councils (authorities) an administrator creates and renames in the interface. A name must not
// be another council's under another wording ("Slough" and "Slough Borough Council" are one).

export const COUNCIL_NAME_MAX = 120;

/** Every council with how many people and inspections it has, by name. */
export async function listCouncils() {
  return getDb()
    .selectFrom("authorities")
    .select((eb) => [
      "authorities.id",
      "authorities.name",
      "authorities.created_at",
      eb
        .selectFrom("users")
        .select((u) => u.fn.countAll<number>().as("n"))
        .whereRef("users.authority_id", "=", "authorities.id")
        .where("users.active", "=", 1)
        .as("people"),
      eb
        .selectFrom("inspections")
        .select((i) => i.fn.countAll<number>().as("n"))
        .whereRef("inspections.authority_id", "=", "authorities.id")
        .where("inspections.removed_at", "is", null)
        .as("inspections"),
    ])
    .orderBy("authorities.name")
    .execute();
}

async function nameTaken(name: string, exceptId: number | null): Promise<string | null> {
  const key = authorityKey(name);
  const all = await getDb().selectFrom("authorities").select(["id", "name"]).execute();
  const clash = all.find(
    (a) =>
      a.id !== exceptId &&
      (a.name.toLowerCase() === name.toLowerCase() || (key !== "" && authorityKey(a.name) === key)),
  );
  return clash ? clash.name : null;
}

export type CouncilResult =
  { ok: true; id: number } | { ok: false; reason: "invalid"; message: string } | { ok: false; reason: "not_found" };

export async function createCouncil(admin: Actor, name: string, now: Date): Promise<CouncilResult> {
  const clash = await nameTaken(name, null);
  if (clash) return { ok: false, reason: "invalid", message: `There is already a council called ${clash}` };
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const { id } = await trx
        .insertInto("authorities")
        .values({ name, created_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAuditEvent(trx, {
        userId: admin.id,
        authorityId: id,
        entityType: "authority",
        entityId: id,
        event: "authority.created",
        after: { name },
        at: now,
      });
      return { ok: true as const, id };
    });
}

export async function renameCouncil(admin: Actor, id: number, name: string, now: Date): Promise<CouncilResult> {
  const clash = await nameTaken(name, id);
  if (clash) return { ok: false, reason: "invalid", message: `There is already a council called ${clash}` };
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const before = await trx.selectFrom("authorities").select("name").where("id", "=", id).executeTakeFirst();
      if (!before) return { ok: false as const, reason: "not_found" as const };
      if (before.name === name)
        return { ok: false as const, reason: "invalid" as const, message: "That is the council's name already" };
      await trx.updateTable("authorities").set({ name }).where("id", "=", id).execute();
      await recordAuditEvent(trx, {
        userId: admin.id,
        authorityId: id,
        entityType: "authority",
        entityId: id,
        event: "authority.renamed",
        before: { name: before.name },
        after: { name },
        at: now,
      });
      return { ok: true as const, id };
    });
}
