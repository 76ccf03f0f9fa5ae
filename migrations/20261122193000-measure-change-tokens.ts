import { type Kysely, sql } from "kysely";
import { isPostgres } from "../db/engine/engine";
import {
  createAuthorityChangeTrigger,
  createPlanChangeTrigger,
  dropAuthorityChangeTrigger,
  dropPlanChangeTrigger,
} from "../db/engine/triggers";

// Frozen once landed: never edit, add a new migration instead.
//
// Performance measures join the plan tables watched by the change tokens (20261122124000 and
// 20261122170000), so answers read from them (the dashboard's measures) can be cached the same
// way: every insert, update or delete of a measure, a measure's value or its link to a
// recommendation renews the plan change token and the token of the measure's authority.
//
// PostgreSQL (added later; the SQLite path is unchanged): the triggers come from
// db/engine/triggers.ts, from the same AUTHORITY_OF.

/** Each watched table and the SQL naming the authority of its row `R` (`new` or `old`). */
const AUTHORITY_OF: Record<string, string> = {
  measures: "R.authority_id",
  measure_values: "(select authority_id from measures where id = R.measure_id)",
  measure_recommendations: "(select authority_id from measures where id = R.measure_id)",
};

const ROWS = { insert: ["new"], update: ["old", "new"], delete: ["old"] } as const;

// No "insert or replace" here (unlike the earlier token triggers): a measure's value is written
// with an upsert, and SQLite applies the outer statement's conflict handling to its triggers'
// statements, so a replacing insert would fail on the token's primary key. An update, then an
// insert only when the row is missing, never conflicts.
const RENEW_PLAN =
  "update plan_change_token set token = random() where id = 1; " +
  "insert into plan_change_token (id, token) select 1, random() where not exists (select 1 from plan_change_token);";

function renewAuthority(table: string, row: string) {
  const authority = AUTHORITY_OF[table].replaceAll("R.", `${row}.`);
  return (
    `update authority_change_token set token = random() where authority_id = ${authority}; ` +
    `insert into authority_change_token (authority_id, token) select ${authority}, random() ` +
    `where ${authority} is not null and not exists ` +
    `(select 1 from authority_change_token where authority_id = ${authority});`
  );
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (isPostgres(trx)) {
      for (const table of Object.keys(AUTHORITY_OF)) {
        for (const [operation, rows] of Object.entries(ROWS)) {
          await createPlanChangeTrigger(trx, table, operation);
          await createAuthorityChangeTrigger(trx, table, operation, rows, AUTHORITY_OF[table]);
        }
      }
      return;
    }
    for (const table of Object.keys(AUTHORITY_OF)) {
      for (const [operation, rows] of Object.entries(ROWS)) {
        await sql
          .raw(
            `create trigger ${table}_${operation}_plan_change after ${operation} on ${table} ` +
              `begin ${RENEW_PLAN} end`,
          )
          .execute(trx);
        await sql
          .raw(
            `create trigger ${table}_${operation}_authority_change after ${operation} on ${table} ` +
              `begin ${rows.map((row) => renewAuthority(table, row)).join(" ")} end`,
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
        for (const operation of Object.keys(ROWS)) {
          await dropPlanChangeTrigger(trx, table, operation);
          await dropAuthorityChangeTrigger(trx, table, operation);
        }
      }
      return;
    }
    for (const table of Object.keys(AUTHORITY_OF)) {
      for (const operation of Object.keys(ROWS)) {
        await sql.raw(`drop trigger if exists ${table}_${operation}_plan_change`).execute(trx);
        await sql.raw(`drop trigger if exists ${table}_${operation}_authority_change`).execute(trx);
      }
    }
  });
}
