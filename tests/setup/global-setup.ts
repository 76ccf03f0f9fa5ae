import { TEMPLATE_DATABASE, databaseUrlFor, recreateDatabase, withAdmin } from "./postgres";

// With TEST_DATABASE_URL (a PostgreSQL server, see tests/setup/postgres.sh), migrates the template
// database every test file's own database is copied from. Without it, nothing: SQLite files are
// migrated per file in tests/setup/setup.ts.
export default async function setup(): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return;
  await withAdmin(adminUrl, (client) => recreateDatabase(client, TEMPLATE_DATABASE));
  const { openPostgresDatabase } = await import("../../db/client");
  const { migrateToLatest } = await import("../../db/migrate");
  const db = openPostgresDatabase(databaseUrlFor(adminUrl, TEMPLATE_DATABASE), { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
