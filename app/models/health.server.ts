import { sql } from "kysely";
import { getDb } from "../../db/client";

/** Whether the database answers a trivial query: what the readiness check (/readyz) asks. */
export async function databaseAnswers(): Promise<boolean> {
  try {
    const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(getDb());
    return Number(rows[0]?.ok) === 1;
  } catch {
    return false;
  }
}
