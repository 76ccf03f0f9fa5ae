import { type Kysely, type RawBuilder, sql } from "kysely";
import { isPostgres } from "./engine";

// CHECK constraints whose SQL the engines spell differently. SQLite's spelling is returned exactly
// as the landed migrations wrote it (an existing database's schema text never changes).
//
// - GLOB is SQLite's; PostgreSQL matches a POSIX regular expression with `~` instead.

/** `column` holds nothing but lowercase hexadecimal digits (callers check its length). */
export function onlyLowercaseHex(db: Kysely<unknown>, column: string): RawBuilder<unknown> {
  if (!/^[a-z_][a-z0-9_]*$/.test(column)) throw new Error(`Not a column name: ${column}`);
  return isPostgres(db) ? sql.raw(`${column} !~ '[^0-9a-f]'`) : sql.raw(`${column} not glob '*[^0-9a-f]*'`);
}
