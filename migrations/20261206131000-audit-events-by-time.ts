import type { Kysely } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// The audit log is read newest first (its page and its CSV download). The CSV is now read a page
// at a time, each page starting after the last event of the one before by time and id; this index
// lets each page start where the last ended instead of sorting the whole log again.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.createIndex("audit_events_by_time").on("audit_events").columns(["at", "id"]).execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropIndex("audit_events_by_time").execute();
  });
}
