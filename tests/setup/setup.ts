import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, vi } from "vitest";

// Each test file gets its own database, ready before it imports anything that opens the database;
// every test then starts from empty tables. SQLite (the default): a file, migrated here.
// PostgreSQL (TEST_DATABASE_URL set, see tests/setup/postgres.sh): a database copied from the
// template tests/setup/global-setup.ts migrated, dropped when the file ends. The evidence files and
// anything else kept beside the database go in the SQLite file's folder either way.
const tmp = path.resolve("tests/.tmp");
fs.mkdirSync(tmp, { recursive: true });
const name = `test-${process.env.VITEST_POOL_ID ?? "0"}-${process.pid}`;
const file = path.join(tmp, `${name}.db`);
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET = "test-session-secret";

const adminUrl = process.env.TEST_DATABASE_URL;
const { getDb, closeDb } = await import("../../db/client");
if (adminUrl) {
  const postgres = await import("./postgres");
  const database = `followthrough_${name.replaceAll("-", "_")}`;
  await postgres.withAdmin(adminUrl, (client) =>
    postgres.recreateDatabase(client, database, postgres.TEMPLATE_DATABASE),
  );
  process.env.DATABASE_URL = postgres.databaseUrlFor(adminUrl, database);
  afterAll(async () => {
    await closeDb();
    await postgres.withAdmin(adminUrl, (client) => postgres.dropDatabase(client, database));
  });
} else {
  // A developer's own DATABASE_URL must never send the tests to their server.
  delete process.env.DATABASE_URL;
  const { migrateToLatest } = await import("../../db/migrate");
  await migrateToLatest(getDb());
}

const { resetDatabase } = await import("./reset-database");

beforeEach(async () => {
  await resetDatabase(getDb());
});

// An unexpected console.error fails the test.
let consoleError: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  const calls = consoleError.mock.calls;
  consoleError.mockRestore();
  if (calls.length > 0) {
    throw new Error(`console.error was called:\n${calls.map((c: unknown[]) => c.map(String).join(" ")).join("\n")}`);
  }
});

// Component tests (jsdom) unmount what they rendered, so ids never collide between tests.
if (typeof document !== "undefined") {
  const { cleanup } = await import("@testing-library/react");
  afterEach(cleanup);
}
