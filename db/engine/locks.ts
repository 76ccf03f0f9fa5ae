import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type PostgresDialectConfig,
  PostgresDriver,
  type TransactionSettings,
} from "kysely";

// Making a read-then-write transaction one atomic step, on each engine.
//
// SQLite: every transaction takes the write lock when it begins (db/client.ts turns Kysely's BEGIN
// into BEGIN IMMEDIATE), so two transactions never interleave, across server processes too. The
// models are written on that footing: a transaction reads a version, checks it, and writes.
// PostgreSQL: transactions run side by side (READ COMMITTED), so two requests on two servers can
// both read version 7, both pass the check, and the second's update then finds no row at version 7
// (a server error instead of the conflict page). So that every model keeps SQLite's guarantee
// without a lock of its own, each transaction on PostgreSQL first takes one transaction-scoped
// advisory lock that every server on the database shares (WRITER_LOCK): transactions run one at a
// time, as on SQLite; statements outside a transaction (the pages' reads) are not held up. The lock
// is released at commit or rollback, and a server that dies mid-transaction releases it with its
// connection.

/** The advisory lock every transaction takes on PostgreSQL: any fixed number unique to this app. */
export const WRITER_LOCK = 0x466f6c6c; // "Foll"

class WriterLockDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${WRITER_LOCK})`));
  }
}

/** Kysely's PostgreSQL dialect whose transactions run one at a time across every server (above). */
export class SerialTransactionsPostgresDialect extends PostgresDialect {
  constructor(private readonly settings: PostgresDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new WriterLockDriver(this.settings);
  }
}
