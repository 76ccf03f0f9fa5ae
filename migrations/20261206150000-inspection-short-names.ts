import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// An inspection's short name (FV24, ILACS23, SLAC11b): the kind of report and the two-digit year,
// with b, c, ... after the first when an authority has two of the same kind and year. It goes
// before an action's number ("FV24 1.1") wherever actions of several inspections can mix, so
// every action reference is unique in a council's plan. Given once, at import, and never changed
// (minutes refer to actions by it). Existing inspections are named here in the order they were
// imported, by the rule app/domain/references.ts applies at import (copied: no imports from app/).

const KIND_CODES: Record<string, string> = {
  slac: "SLAC",
  lac_2013: "LAC",
  sif: "SIF",
  ilacs: "ILACS",
  ilacs_short: "ILACS",
  focused_visit: "FV",
  monitoring_visit: "MV",
  jtai: "JTAI",
};

function base(row: {
  kind: string;
  published: string | null;
  inspection_end: string | null;
  inspection_start: string | null;
  imported_at: string;
}) {
  const date = row.published ?? row.inspection_end ?? row.inspection_start ?? row.imported_at;
  return `${KIND_CODES[row.kind] ?? "REP"}${date.slice(2, 4)}`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .alterTable("inspections")
      .addColumn("short_name", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    const { rows } = await sql<{
      id: number;
      authority_id: number;
      kind: string;
      published: string | null;
      inspection_end: string | null;
      inspection_start: string | null;
      imported_at: string;
    }>`select id, authority_id, kind, published, inspection_end, inspection_start, imported_at
       from inspections order by id`.execute(trx);
    const taken = new Map<number, Set<string>>();
    for (const row of rows) {
      const names = taken.get(row.authority_id) ?? new Set<string>();
      taken.set(row.authority_id, names);
      const stem = base(row);
      let name = stem;
      for (let n = 1; names.has(name); n++) name = `${stem}${String.fromCharCode(97 + n)}`;
      names.add(name);
      await sql`update inspections set short_name = ${name} where id = ${row.id}`.execute(trx);
    }
    await trx.schema
      .createIndex("inspections_short_name_per_authority")
      .on("inspections")
      .columns(["authority_id", "short_name"])
      .unique()
      // Rows written straight to the table by generators (db/seed-scale.ts) have none: "" is not a name.
      .where(sql.ref("short_name"), "!=", "")
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropIndex("inspections_short_name_per_authority").execute();
    await trx.schema.alterTable("inspections").dropColumn("short_name").execute();
  });
}
