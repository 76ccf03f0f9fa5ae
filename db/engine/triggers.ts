import { type Kysely, sql } from "kysely";

// Triggers, written for PostgreSQL. The migrations keep their SQLite triggers inline, unchanged
// (an existing SQLite database must never see a different schema); on PostgreSQL they call these.
//
// Why the engines differ:
// - SQLite triggers hold their statements in the trigger (`begin ... end`); PostgreSQL triggers
//   call a function, written here in PL/pgSQL, one per trigger and named like it.
// - SQLite's `raise(abort, ...)` is PostgreSQL's `raise exception` (same message, so callers and
//   tests match either).
// - SQLite's `x is y` (null-safe equality) is PostgreSQL's `x is not distinct from y`. A PostgreSQL
//   trigger's WHEN cannot hold a subquery, so the condition sits in the function instead.
// - TRUNCATE skips row triggers on PostgreSQL (SQLite has none: a DELETE without WHERE still fires
//   them), so an append-only table also refuses TRUNCATE there.
// - Change tokens: SQLite writes random(), a 64-bit integer; PostgreSQL's random() is a fraction,
//   so tokens come from one bigint sequence (never the same twice) in bigint columns. SQLite's
//   `insert or replace` is PostgreSQL's `insert ... on conflict do update`. The plan token is
//   renewed once per statement (PostgreSQL has statement triggers; the token only has to change),
//   an authority's once per row, as on SQLite. The token row is written in the writer's
//   transaction, so readers see the new token only together with the data it stands for.

const SEQUENCE = "change_token_seq";
const next = `nextval('${SEQUENCE}')`;

async function createFunction(db: Kysely<unknown>, name: string, body: string): Promise<void> {
  await sql
    .raw(`create or replace function ${name}() returns trigger language plpgsql as $$ begin ${body} end $$`)
    .execute(db);
}

async function dropFunctionAndTrigger(db: Kysely<unknown>, name: string, table: string): Promise<void> {
  await sql.raw(`drop trigger if exists ${name} on ${table}`).execute(db);
  await sql.raw(`drop function if exists ${name}()`).execute(db);
}

// --- Append-only tables --------------------------------------------------------------------------

const refuse = (table: string, operation: string) =>
  `raise exception '${table} is append-only: ${operation} is not allowed';`;

/** BEFORE UPDATE, DELETE and TRUNCATE triggers that refuse the change, whoever attempts it. */
export async function createAppendOnlyGuards(db: Kysely<unknown>, table: string): Promise<void> {
  for (const operation of ["update", "delete", "truncate"]) {
    const name = `${table}_no_${operation}`;
    await createFunction(db, name, refuse(table, operation));
    const level = operation === "truncate" ? "statement" : "row";
    await sql
      .raw(`create trigger ${name} before ${operation} on ${table} for each ${level} execute function ${name}()`)
      .execute(db);
  }
}

export async function dropAppendOnlyGuards(db: Kysely<unknown>, table: string): Promise<void> {
  for (const operation of ["update", "delete", "truncate"])
    await dropFunctionAndTrigger(db, `${table}_no_${operation}`, table);
}

/**
 * Replaces the UPDATE guard with one that lets through an update when `allowedWhen` (SQL over
 * `new` and `old`, may hold subqueries) holds. Without `allowedWhen`, every update is refused again.
 */
export async function replaceUpdateGuard(db: Kysely<unknown>, table: string, allowedWhen?: string): Promise<void> {
  const name = `${table}_no_update`;
  const body = allowedWhen
    ? `if ${allowedWhen} then return new; end if; ${refuse(table, "update")}`
    : refuse(table, "update");
  await createFunction(db, name, body);
}

// --- Change tokens -------------------------------------------------------------------------------

/** The plan's single change token (one row, id 1) and the sequence every token is drawn from. */
export async function createPlanChangeToken(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`create sequence if not exists ${SEQUENCE} as bigint`).execute(db);
  await sql`create table plan_change_token (id integer primary key check (id = 1), token bigint not null)`.execute(db);
  await sql.raw(`insert into plan_change_token (id, token) values (1, ${next})`).execute(db);
  await createFunction(
    db,
    "renew_plan_change_token",
    `insert into plan_change_token (id, token) values (1, ${next}) ` +
      `on conflict (id) do update set token = excluded.token; return null;`,
  );
}

export async function dropPlanChangeToken(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists renew_plan_change_token()`.execute(db);
  await sql`drop table plan_change_token`.execute(db);
}

/** `<table>_<operation>_plan_change`: renews the plan token after any write to the table. */
export async function createPlanChangeTrigger(db: Kysely<unknown>, table: string, operation: string): Promise<void> {
  await sql
    .raw(
      `create trigger ${table}_${operation}_plan_change after ${operation} on ${table} ` +
        `for each statement execute function renew_plan_change_token()`,
    )
    .execute(db);
}

export async function dropPlanChangeTrigger(db: Kysely<unknown>, table: string, operation: string): Promise<void> {
  await sql.raw(`drop trigger if exists ${table}_${operation}_plan_change on ${table}`).execute(db);
}

/** One change token per authority, each starting from the sequence. */
export async function createAuthorityChangeToken(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`create sequence if not exists ${SEQUENCE} as bigint`).execute(db);
  await sql`create table authority_change_token (authority_id integer primary key, token bigint not null)`.execute(db);
  await sql
    .raw(`insert into authority_change_token (authority_id, token) select id, ${next} from authorities`)
    .execute(db);
}

export async function dropAuthorityChangeToken(db: Kysely<unknown>): Promise<void> {
  await sql`drop table authority_change_token`.execute(db);
}

/**
 * `<table>_<operation>_authority_change`: after each row written, renews the token of the authority
 * that `authorityOf` (SQL over the row `R`) names for each of `rows` ("new", "old"); when
 * `everyWhenNull`, a row with no authority renews every authority's token.
 */
export async function createAuthorityChangeTrigger(
  db: Kysely<unknown>,
  table: string,
  operation: string,
  rows: readonly string[],
  authorityOf: string,
  everyWhenNull = false,
): Promise<void> {
  const name = `${table}_${operation}_authority_change`;
  const statements = rows.flatMap((row) => {
    const authority = authorityOf.replaceAll("R.", `${row}.`);
    const renew = [
      `insert into authority_change_token (authority_id, token) select ${authority}, ${next} ` +
        `where ${authority} is not null on conflict (authority_id) do update set token = excluded.token;`,
    ];
    if (everyWhenNull) renew.push(`update authority_change_token set token = ${next} where ${authority} is null;`);
    return renew;
  });
  await createFunction(db, name, `${statements.join(" ")} return null;`);
  await sql
    .raw(`create trigger ${name} after ${operation} on ${table} for each row execute function ${name}()`)
    .execute(db);
}

export async function dropAuthorityChangeTrigger(db: Kysely<unknown>, table: string, operation: string): Promise<void> {
  await dropFunctionAndTrigger(db, `${table}_${operation}_authority_change`, table);
}
