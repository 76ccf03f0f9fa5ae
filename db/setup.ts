import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ROLE_LABELS, type Role } from "../app/domain/permissions";
import { countUsers } from "../app/models/user.server";
import { todayInLondon } from "../app/utils/dates";
import { closeDb, getDb } from "./client";
import { databasePath, dataDirectory, fileStoreSetting } from "./config";
import { migrateToLatest } from "./migrate";
import { type DemoUser, loadDemoData } from "./seed";

// Run before the server starts (npm start): migrate, load demo data into an empty database,
// and always say how to sign in. Safe to run again: an existing database is only migrated.

export type DemoCredential = Pick<DemoUser, "email" | "role" | "password">;

export function demoUsersFile(): string {
  return path.join(dataDirectory(), "demo-users.json");
}

export function appUrl(): string {
  return `http://localhost:${process.env.PORT ?? 3000}`;
}

/** A path relative to the working directory when it is inside it, for shorter messages. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") ? relative : file;
}

export function writeDemoUsers(users: DemoCredential[]): void {
  const file = demoUsersFile();
  const credentials = users.map(({ email, role, password }) => ({ email, role, password }));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // The mode above applies only when the file is created; tighten an existing one too.
  fs.chmodSync(file, 0o600);
}

function readDemoUsers(): DemoCredential[] | null {
  try {
    return JSON.parse(fs.readFileSync(demoUsersFile(), "utf8")) as DemoCredential[];
  } catch {
    return null;
  }
}

export function signInBlock(users: DemoCredential[]): string {
  const rows = users.map((u) => [ROLE_LABELS[u.role as Role] ?? u.role, u.email, u.password]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length), i === 0 ? 4 : 5));
  const line = (cells: string[]) => `  ${cells[0].padEnd(widths[0])}  ${cells[1].padEnd(widths[1])}  ${cells[2]}`;
  return [
    `Followthrough: ${appUrl()}`,
    "",
    `Sign in with a demo account (random passwords, also saved in ${shown(demoUsersFile())}):`,
    "",
    line(["Role", "Email", "Password"]),
    ...rows.map(line),
  ].join("\n");
}

async function countInspections(): Promise<number> {
  const row = await getDb()
    .selectFrom("inspections")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

/**
 * Migrates the database and, when `demo` is set and the database is empty, loads the demo data.
 * Returns the text to print. A failed demo load removes the (previously empty) database so the
 * next run starts clean.
 */
export async function setUpDatabase(options: { demo: boolean; now?: Date }): Promise<string> {
  const file = databasePath();
  // A file store setting that cannot be honoured (FILE_STORE, FILE_STORE_DIR) stops the start
  // with its reason, rather than the first upload.
  fileStoreSetting();
  await migrateToLatest(getDb());
  const users = await countUsers();
  const inspections = await countInspections();

  if (users === 0 && inspections === 0 && options.demo) {
    const now = options.now ?? new Date();
    let demoUsers: DemoUser[];
    try {
      demoUsers = await loadDemoData({ today: todayInLondon(now), now });
    } catch (error) {
      await closeDb();
      removeDatabaseFiles(file);
      throw error;
    }
    writeDemoUsers(demoUsers);
    return [`Database created with demo data: ${shown(file)}`, "", signInBlock(demoUsers)].join("\n");
  }

  const lines = [`Database migrated: ${shown(file)}`];
  if (users === 0) {
    lines.push(
      "",
      "There are no users yet, so nobody can sign in.",
      options.demo
        ? "The database has data but no users; run `npm run db:reset` to start again with demo data."
        : "DEMO_DATA is false, so no demo data was loaded. Create the first administrator with\n" +
            '  npm run user:create -- --email you@council.gov.uk --name "Your Name" --role admin\n' +
            "or run `npm run db:reset` to load demo data instead.",
    );
    return lines.join("\n");
  }
  const saved = readDemoUsers();
  if (saved && saved.length > 0) {
    lines.push("Demo data was loaded earlier and is not loaded again.", "", signInBlock(saved));
    lines.push("", "Passwords are as first issued; if someone has changed one since, `npm run db:reset` starts again.");
  } else {
    lines.push(
      "",
      `Followthrough: ${appUrl()}`,
      "Sign in with your account. (No demo-users.json here: `npm run db:reset` loads demo data.)",
    );
  }
  return lines.join("\n");
}

async function main() {
  try {
    console.log(await setUpDatabase({ demo: process.env.DEMO_DATA !== "false" }));
  } finally {
    await closeDb();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
