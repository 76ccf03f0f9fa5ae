import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, vi } from "vitest";

// Each worker gets its own SQLite file, migrated before the test file imports anything
// that opens the database; every test then starts from empty tables.
const tmp = path.resolve("tests/.tmp");
fs.mkdirSync(tmp, { recursive: true });
const file = path.join(tmp, `test-${process.env.VITEST_POOL_ID ?? "0"}-${process.pid}.db`);
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET = "test-session-secret";

const { getDb } = await import("../../db/client");
const { migrateToLatest } = await import("../../db/migrate");
await migrateToLatest(getDb());

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
