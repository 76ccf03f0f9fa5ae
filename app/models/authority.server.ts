import { getDb } from "../../db/client";
import type { Actor } from "../domain/permissions";

/** The authorities a user may see: all for an administrator, their own otherwise. */
export async function listVisibleAuthorities(actor: Actor) {
  let query = getDb().selectFrom("authorities").select(["id", "name"]).orderBy("name");
  if (actor.role !== "admin") query = query.where("id", "=", actor.authorityId ?? -1);
  return query.execute();
}

export async function findAuthorityByName(name: string) {
  return getDb().selectFrom("authorities").select(["id", "name"]).where("name", "=", name).executeTakeFirst();
}
