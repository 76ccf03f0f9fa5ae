import { type Kysely, sql } from "kysely";
import { isPostgres } from "../db/engine/engine";
import {
  createAuthorityChangeToken,
  createAuthorityChangeTrigger,
  dropAuthorityChangeToken,
  dropAuthorityChangeTrigger,
} from "../db/engine/triggers";

// Frozen once landed: never edit, add a new migration instead.
//
// One change token per authority beside the single plan change token (20261122124000): an answer
// about one authority's plan (its board, its lead's counts and lists) is kept while that
// authority's token is unchanged, so a write in one council no longer throws away every other
// council's cached answers. Each watched row renews the token of the authority it belongs to,
// found through its inspection, recommendation or action; a user or audit event with no
// authority (an administrator) renews every authority's token. Answers about every authority
// keep using the single token, which every write still renews.
//
// PostgreSQL (added later; the SQLite path is unchanged): the token and its triggers come from
// db/engine/triggers.ts, from the same AUTHORITY_OF.

/** Each watched table and the SQL naming the authority of its row `R` (`new` or `old`). */
const AUTHORITY_OF: Record<string, string> = {
  authorities: "R.id",
  inspections: "R.authority_id",
  recommendations: "(select authority_id from inspections where id = R.inspection_id)",
  actions:
    "(select i.authority_id from recommendations r join inspections i on i.id = r.inspection_id " +
    "where r.id = R.recommendation_id)",
  target_date_changes:
    "(select i.authority_id from actions a join recommendations r on r.id = a.recommendation_id " +
    "join inspections i on i.id = r.inspection_id where a.id = R.action_id)",
  evidence:
    "(select i.authority_id from actions a join recommendations r on r.id = a.recommendation_id " +
    "join inspections i on i.id = r.inspection_id where a.id = R.action_id)",
  audit_events: "R.authority_id",
  users: "R.authority_id",
};

/** Rows of these tables with no authority belong to every authority. */
const EVERY_AUTHORITY_WHEN_NULL = new Set(["audit_events", "users"]);

const ROWS = { insert: ["new"], update: ["old", "new"], delete: ["old"] } as const;

function renew(table: string, row: string) {
  const authority = AUTHORITY_OF[table].replaceAll("R.", `${row}.`);
  const statements = [
    `insert or replace into authority_change_token (authority_id, token) ` +
      `select ${authority}, random() where ${authority} is not null;`,
  ];
  if (EVERY_AUTHORITY_WHEN_NULL.has(table)) {
    statements.push(`update authority_change_token set token = random() where ${authority} is null;`);
  }
  return statements.join(" ");
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (isPostgres(trx)) {
      await createAuthorityChangeToken(trx);
      for (const table of Object.keys(AUTHORITY_OF)) {
        for (const [operation, rows] of Object.entries(ROWS)) {
          await createAuthorityChangeTrigger(
            trx,
            table,
            operation,
            rows,
            AUTHORITY_OF[table],
            EVERY_AUTHORITY_WHEN_NULL.has(table),
          );
        }
      }
      return;
    }
    await sql`create table authority_change_token (authority_id integer primary key, token integer not null)`.execute(
      trx,
    );
    await sql`insert into authority_change_token (authority_id, token) select id, random() from authorities`.execute(
      trx,
    );
    for (const table of Object.keys(AUTHORITY_OF)) {
      for (const [operation, rows] of Object.entries(ROWS)) {
        await sql
          .raw(
            `create trigger ${table}_${operation}_authority_change after ${operation} on ${table} ` +
              `begin ${rows.map((row) => renew(table, row)).join(" ")} end`,
          )
          .execute(trx);
      }
    }
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (isPostgres(trx)) {
      for (const table of Object.keys(AUTHORITY_OF)) {
        for (const operation of Object.keys(ROWS)) await dropAuthorityChangeTrigger(trx, table, operation);
      }
      await dropAuthorityChangeToken(trx);
      return;
    }
    for (const table of Object.keys(AUTHORITY_OF)) {
      for (const operation of Object.keys(ROWS)) {
        await sql.raw(`drop trigger if exists ${table}_${operation}_authority_change`).execute(trx);
      }
    }
    await sql`drop table authority_change_token`.execute(trx);
  });
}
