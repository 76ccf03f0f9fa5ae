import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { closeDb } from "./client";
import { databasePath } from "./config";
import { demoUsersFile, setUpDatabase } from "./setup";

// npm run db:reset: throw the database away and start again with fresh demo data
// (new random passwords).

export async function resetDatabaseFiles(): Promise<void> {
  await closeDb();
  const file = databasePath();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  fs.rmSync(demoUsersFile(), { force: true });
}

async function main() {
  await resetDatabaseFiles();
  try {
    console.log(await setUpDatabase({ demo: true }));
  } finally {
    await closeDb();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
