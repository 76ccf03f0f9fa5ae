import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { databasePath, databaseUrl, dataDirectory } from "./config";
import { moveToPostgres, MoveError } from "./move-to-postgres-lib";

// npm run db:move-to-postgres
//
// Copies the SQLite installation at DATABASE_PATH (its database and evidence files) into the empty
// PostgreSQL database at DATABASE_URL, then checks every table's row count and every file's
// SHA-256. Exits 1 when refused or when the check finds a difference.

const USAGE = `Usage: DATABASE_PATH=data/followthrough.db DATABASE_URL=postgres://... npm run db:move-to-postgres
Copies the SQLite installation at DATABASE_PATH (database and evidence files) into the EMPTY PostgreSQL
database at DATABASE_URL (files into stored_files, or FILE_STORE_DIR with FILE_STORE=directory), then
checks row counts and file hashes. STOP THE SERVER FIRST: anything written during the move is not copied.
The SQLite installation is only read, never changed.`;

export async function runMove(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { help: { type: "boolean", default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help || positionals.length > 0) {
      console.error(USAGE);
      return values.help ? 0 : 1;
    }
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  let url: string | null;
  try {
    url = databaseUrl();
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  if (!url) {
    console.error(`DATABASE_URL is not set: it names the PostgreSQL database to move into.\n${USAGE}`);
    return 1;
  }
  const databaseFile = env.DATABASE_PATH ? path.resolve(env.DATABASE_PATH) : databasePath();
  const evidenceDir = path.join(dataDirectory(), "evidence");
  console.log(`Moving ${databaseFile} and ${evidenceDir} into PostgreSQL. The server must be stopped.`);
  try {
    const result = await moveToPostgres({ databaseFile, evidenceDir, url, log: (line) => console.log(line) });
    const width = Math.max(...result.tables.map((t) => t.table.length), 5);
    console.log(`\n${"table".padEnd(width)}  ${"SQLite".padStart(8)}  ${"PostgreSQL".padStart(10)}`);
    for (const t of result.tables) {
      const flag =
        (t.expected ?? t.sqlite) !== t.postgres ? "  DIFFERENT" : t.expected !== undefined ? "  (the files)" : "";
      console.log(
        `${t.table.padEnd(width)}  ${String(t.sqlite).padStart(8)}  ${String(t.postgres).padStart(10)}${flag}`,
      );
    }
    const good = result.files.filter((f) => f.matches).length;
    console.log(`\nFiles: ${good} of ${result.files.length} read back from PostgreSQL's store with the right SHA-256.`);
    if (result.mismatches.length > 0) {
      for (const line of result.mismatches) console.error(`Mismatch: ${line}`);
      console.error(
        "The move is INCOMPLETE: do not start the server on PostgreSQL; fix the cause and move again into a new empty database.",
      );
      return 1;
    }
    console.log("Moved: every table's rows and every file match. Start the server with DATABASE_URL set.");
    return 0;
  } catch (error) {
    if (error instanceof MoveError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runMove(process.argv.slice(2));
}
