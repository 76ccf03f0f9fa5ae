import { type Kysely, sql } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import type { Actor } from "../domain/permissions";
import { oncePerRequest } from "../utils/request-memo.server";

// Answers computed from the plan tables, kept while their change token is unchanged. Triggers
// renew the tokens on every insert, update or delete of authorities, inspections,
// recommendations, actions, audit events, target date changes, evidence, users and performance
// measures (with their values and links), by any process: the plan change token on every such
// write (migrations/20261122124000-plan-change-token.ts), and an authority's own token on a write
// to that authority's rows (migrations/20261122170000-authority-change-tokens.ts,
// migrations/20261122193000-measure-change-tokens.ts). Reading a token
// is one row; an answer filed under an older token is never served. Sessions and settings are
// not watched: callers put everything else an answer depends on (the actor's scope, today, the
// amber window, the filters) in its key.

/**
 * The current token of one authority's plan, or (authority null) of every plan; null when
 * unknown (then nothing is cached).
 */
export function planChangeToken(db = getDb(), authorityId: number | null = null): Promise<string | null> {
  // The loaders of one page request share one reading (app/utils/request-memo.server.ts).
  if (db === getDb()) return oncePerRequest(`change-token ${authorityId ?? "plan"}`, () => readToken(db, authorityId));
  return readToken(db, authorityId);
}

async function readToken(db: Kysely<DB>, authorityId: number | null): Promise<string | null> {
  const { rows } =
    authorityId === null
      ? await sql<{ token: string }>`select cast(token as text) as token from plan_change_token where id = 1`.execute(
          db,
        )
      : await sql<{ token: string }>`select cast(token as text) as token from authority_change_token
          where authority_id = ${authorityId}`.execute(db);
  return rows[0]?.token ?? null;
}

/**
 * The one authority whose plan an answer for `actor` reads, or null when it may read any: an
 * administrator's answer is confined only by the authority they chose (if any); everyone else's
 * by their own authority.
 */
export function planScope(actor: Actor, chosenAuthorityId?: number | null): number | null {
  return actor.role === "admin" ? (chosenAuthorityId ?? null) : actor.authorityId;
}

/**
 * A bounded least-recently-used map of answers per database, each filed with the token it was
 * computed under; an answer whose token is no longer current is a miss (and is dropped).
 */
export class TokenCache<V> {
  private entries = new WeakMap<object, Map<string, { token: string; value: V }>>();
  constructor(private limit: number) {}
  get(db: object, token: string, key: string): V | undefined {
    const values = this.entries.get(db);
    const entry = values?.get(key);
    if (!values || !entry) return undefined;
    values.delete(key);
    if (entry.token !== token) return undefined;
    values.set(key, entry);
    return entry.value;
  }
  set(db: object, token: string, key: string, value: V): void {
    let values = this.entries.get(db);
    if (!values) this.entries.set(db, (values = new Map()));
    values.delete(key);
    values.set(key, { token, value });
    while (values.size > this.limit) values.delete(values.keys().next().value!);
  }
}

const answers = new TokenCache<unknown>(500);

/**
 * `compute()`'s answer for `key`, from the cache when the plan it reads (one authority's, or
 * with `authorityId` null every authority's) has not changed since it was computed. The key must
 * name the scope. The token is read first, so an answer is never filed under a token newer than
 * the data it was computed from. Each caller gets its own copy.
 */
export async function cachedByPlan<T>(authorityId: number | null, key: string, compute: () => Promise<T>): Promise<T> {
  const db = getDb();
  const token = await planChangeToken(db, authorityId);
  if (token !== null) {
    const cached = answers.get(db, token, key);
    if (cached !== undefined) return structuredClone(cached as T);
  }
  const value = await compute();
  if (token !== null && value !== undefined) answers.set(db, token, key, structuredClone(value));
  return value;
}

/**
 * cachedByPlan for an answer about what `actor` may see, confined to the `chosen` authority or
 * authorities (none: all they may see): filed under the token of the one authority it reads (if
 * it reads one), and keyed by the actor's reach and the choice as well as by `key`.
 */
export function cachedForActor<T>(
  actor: Actor,
  chosen: number | readonly number[] | undefined,
  key: readonly unknown[],
  compute: () => Promise<T>,
): Promise<T> {
  const one = typeof chosen === "number" ? chosen : chosen?.length === 1 ? chosen[0] : null;
  return cachedByPlan(planScope(actor, one), JSON.stringify([planScope(actor), chosen ?? null, ...key]), compute);
}
