import pg from "pg";

// How values come back from each engine, made the same for the models.
//
// The app stores dates and times as ISO text and booleans as 0/1 integers on both engines (the
// PostgreSQL columns have the same types as SQLite's: text and integer), so rows read the same
// and no model converts. What differs is computed values: PostgreSQL's count(*) and sum() of
// integers are bigint, and avg() is numeric, which pg returns as strings to avoid losing
// precision. Every such value here is a count or a small total far below 2^53, so they are parsed
// once, here, as JavaScript numbers (a bigint too large to be exact stays a string rather than
// being silently rounded). Change tokens are bigint but are read as text (app/models/plan-cache.server.ts).

const INT8 = 20;
const NUMERIC = 1700;

function parseBigint(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}

export const postgresTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8 && format !== "binary") return parseBigint;
    if (oid === NUMERIC && format !== "binary") return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};
