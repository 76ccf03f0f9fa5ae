import { type Kysely, sql } from "kysely";
import { isPostgres } from "./engine";

// Making a read-then-write transaction one atomic step, on each engine.
//
// SQLite: every transaction already takes the write lock when it begins (db/client.ts turns
// Kysely's BEGIN into BEGIN IMMEDIATE), so two transactions never interleave, across server
// processes too: nothing to do here.
// PostgreSQL: transactions run side by side (READ COMMITTED), so two requests can both read that
// there is room and both write. Where the app counts on deciding and writing as one step (the
// sign-in throttle), the transaction first takes a transaction-scoped advisory lock named after
// what it decides; the lock is released at commit or rollback, and every server on the database
// shares it.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database's transaction
export async function serialise(trx: Kysely<any>, name: string): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}
