import { type Kysely } from "kysely";
import { isPostgres } from "./engine";

// Where the engines' query planners want one condition written differently.
//
// "This row's key is not in that set": PostgreSQL cannot turn `x NOT IN (subquery)` into an
// anti-join (a NULL in the subquery would change the answer), so it tests every row of the outer
// table against the set before narrower conditions can choose the rows. On the scale benchmark's
// 100,000 actions the action list's owner filter for one council read every action (87 ms) where
// NOT EXISTS let it start from that council's recommendations (6 ms). SQLite runs NOT IN as one probe
// of a small temporary set, which is faster there than a correlated NOT EXISTS (a count over every
// action: 10 ms against 17 ms), so SQLite keeps NOT IN.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database's instance
export const antiJoinAsNotExists = (db: Kysely<any>): boolean => isPostgres(db);
