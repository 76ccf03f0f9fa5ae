import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// A pending user is a person named as an owner in an imported spreadsheet plan who has no
// account yet. They own actions but cannot sign in (active = 0, no usable password) until an
// administrator sets them up. `active` keeps its meaning for the code that checks it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .alterTable("users")
      .addColumn("pending", "integer", (c) =>
        c
          .notNull()
          .defaultTo(0)
          .check(sql`pending in (0, 1)`),
      )
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("users").dropColumn("pending").execute();
  });
}
