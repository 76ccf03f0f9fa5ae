import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import { sameAuthority } from "../domain/authority-names";
import type { Actor } from "../domain/permissions";

/** The authorities a user may see: all for an administrator, their own otherwise. */
export async function listVisibleAuthorities(actor: Actor) {
  let query = getDb().selectFrom("authorities").select(["id", "name"]).orderBy("name");
  if (actor.role !== "admin") query = query.where("id", "=", actor.authorityId ?? -1);
  return query.execute();
}

/** The authority a report names, however the report words it ("Slough" or "Slough Borough Council"). */
export async function findAuthorityByName(name: string, db: Kysely<DB> | Transaction<DB> = getDb()) {
  const authorities = await db.selectFrom("authorities").select(["id", "name"]).execute();
  return authorities.find((a) => sameAuthority(a.name, name));
}

export async function getAuthority(id: number) {
  return getDb().selectFrom("authorities").select(["id", "name"]).where("id", "=", id).executeTakeFirst();
}
