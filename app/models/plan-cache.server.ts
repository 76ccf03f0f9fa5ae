import { sql } from "kysely";
import { getDb } from "../../db/client";

// Answers computed from the plan tables, kept while the plan change token is unchanged
// (migrations/20261122124000-plan-change-token.ts: triggers renew it on every insert, update or
// delete of authorities, inspections, recommendations, actions, audit events, target date
// changes, evidence and users, by any process). Reading the token is one row; a changed token
// empties the cache, so nothing stale is ever served. Sessions and settings are not watched:
// callers put everything else an answer depends on (the actor's scope, today, the amber window,
// the filters) in its key.

/** The current token, or null when unknown (then nothing is cached). */
export async function planChangeToken(db = getDb()): Promise<string | null> {
  const { rows } = await sql<{
    token: string;
  }>`select cast(token as text) as token from plan_change_token where id = 1`.execute(db);
  return rows[0]?.token ?? null;
}

/** A bounded least-recently-used map of answers for one token per database. */
export class TokenCache<V> {
  private entries = new WeakMap<object, { token: string; values: Map<string, V> }>();
  constructor(private limit: number) {}
  get(db: object, token: string, key: string): V | undefined {
    const entry = this.entries.get(db);
    if (!entry || entry.token !== token) return undefined;
    const value = entry.values.get(key);
    if (value !== undefined) {
      entry.values.delete(key);
      entry.values.set(key, value);
    }
    return value;
  }
  set(db: object, token: string, key: string, value: V): void {
    let entry = this.entries.get(db);
    if (!entry || entry.token !== token) this.entries.set(db, (entry = { token, values: new Map() }));
    entry.values.set(key, value);
    while (entry.values.size > this.limit) entry.values.delete(entry.values.keys().next().value!);
  }
}

const answers = new TokenCache<unknown>(500);

/**
 * `compute()`'s answer for `key`, from the cache when the plan has not changed since it was
 * computed. The token is read first, so an answer is never filed under a token newer than the
 * data it was computed from. Each caller gets its own copy.
 */
export async function cachedByPlan<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const db = getDb();
  const token = await planChangeToken(db);
  if (token !== null) {
    const cached = answers.get(db, token, key);
    if (cached !== undefined) return structuredClone(cached as T);
  }
  const value = await compute();
  if (token !== null && value !== undefined) answers.set(db, token, key, structuredClone(value));
  return value;
}
