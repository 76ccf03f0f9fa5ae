import { hash, verify } from "@node-rs/argon2";
import { getDb } from "../../db/client";
import type { Role } from "../domain/permissions";

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** The user for an e-mail and password, or undefined; the same answer for an unknown e-mail and a wrong password. */
export async function verifyLogin(email: string, password: string) {
  const user = await getDb()
    .selectFrom("users")
    .select(["id", "password_hash", "active"])
    .where("email", "=", normaliseEmail(email))
    .executeTakeFirst();
  if (!user || user.active !== 1) return undefined;
  const ok = await verify(user.password_hash, password).catch(() => false);
  return ok ? { id: user.id } : undefined;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(
  input: { name: string; email: string; role: Role; authorityId: number | null; password: string },
  now: Date,
) {
  return getDb()
    .insertInto("users")
    .values({
      name: input.name,
      email: normaliseEmail(input.email),
      role: input.role,
      authority_id: input.authorityId,
      password_hash: await hashPassword(input.password),
      created_at: now.toISOString(),
    })
    .returning(["id", "name", "email", "role", "authority_id"])
    .executeTakeFirstOrThrow();
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

export async function isAssignableUser(userId: number, authorityId: number): Promise<boolean> {
  const row = await getDb()
    .selectFrom("users")
    .select("id")
    .where("id", "=", userId)
    .where("authority_id", "=", authorityId)
    .where("active", "=", 1)
    .where("role", "in", ["service_manager", "improvement_lead"])
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUsers(): Promise<number> {
  const row = await getDb().selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}
