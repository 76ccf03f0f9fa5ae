import { type Kysely, sql } from "kysely";
import { isPostgres } from "../db/engine/engine";
import {
  createPlanChangeToken,
  createPlanChangeTrigger,
  dropPlanChangeToken,
  dropPlanChangeTrigger,
} from "../db/engine/triggers";

// Frozen once landed: never edit, add a new migration instead.
//
// A token that changes whenever anything a plan report is computed from changes, so the board's
// in-memory cache (app/models/board.server.ts) knows at the cost of one row read whether a
// result it computed earlier still holds. Every insert, update or delete on the plan tables
// (from this process or any other, e.g. the reminders job or an import) writes a fresh random
// token. Sessions, sign-in attempts and settings are not watched: signing in or simply browsing
// must not throw the cache away. A missing row (a table emptied by hand) means "unknown": the
// cache is then not used until the next write sets a token.
//
// Also indexes for the action list at scale (~100k actions): target-date order (with what the
// RAG filters read, so a page and its count come from the index) and last-update order; and
// users by authority.
//
// PostgreSQL (added later; the SQLite path is unchanged): the token and its triggers come from
// db/engine/triggers.ts.

const WATCHED = [
  "authorities",
  "inspections",
  "recommendations",
  "actions",
  "audit_events",
  "target_date_changes",
  "evidence",
  "users",
] as const;

const OPERATIONS = ["insert", "update", "delete"] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (isPostgres(trx)) {
      await createPlanChangeToken(trx);
      for (const table of WATCHED) {
        for (const operation of OPERATIONS) await createPlanChangeTrigger(trx, table, operation);
      }
    } else {
      await sql`create table plan_change_token (id integer primary key check (id = 1), token integer not null)`.execute(
        trx,
      );
      await sql`insert into plan_change_token (id, token) values (1, random())`.execute(trx);
      for (const table of WATCHED) {
        for (const operation of OPERATIONS) {
          await sql
            .raw(
              `create trigger ${table}_${operation}_plan_change after ${operation} on ${table} ` +
                `begin insert or replace into plan_change_token (id, token) values (1, random()); end`,
            )
            .execute(trx);
        }
      }
    }
    await trx.schema
      .createIndex("actions_by_target_date")
      .on("actions")
      .columns(["target_date", "withdrawn_at", "status", "risk_flag"])
      .execute();
    await trx.schema.createIndex("actions_updated_at").on("actions").column("updated_at").execute();
    await sql`analyze`.execute(trx);
    await trx.schema.createIndex("users_authority_id").ifNotExists().on("users").column("authority_id").execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropIndex("users_authority_id").ifExists().execute();
    await trx.schema.dropIndex("actions_updated_at").ifExists().execute();
    await trx.schema.dropIndex("actions_by_target_date").ifExists().execute();
    if (isPostgres(trx)) {
      for (const table of WATCHED) {
        for (const operation of OPERATIONS) await dropPlanChangeTrigger(trx, table, operation);
      }
      await dropPlanChangeToken(trx);
      return;
    }
    for (const table of WATCHED) {
      for (const operation of OPERATIONS) {
        await sql.raw(`drop trigger if exists ${table}_${operation}_plan_change`).execute(trx);
      }
    }
    await sql`drop table plan_change_token`.execute(trx);
  });
}
