import path from "node:path";
import { fileURLToPath } from "node:url";
import { BackupError, parseDirectoryArgs, restoreData } from "./backup-lib";
import { postgresLabel, restorePostgres } from "./backup-postgres";
import { databaseUrl } from "./config";

// npm run restore -- DIR [--force]
//
// Puts a backup made by `npm run backup` back at DATABASE_PATH and its evidence store, after
// checking the manifest, every file's SHA-256 and the copy's integrity. Refuses while the database
// is in use (stop the server first). The database that was there is kept beside it, renamed.
// With DATABASE_URL: pg_restore of a PostgreSQL backup into an empty database (db/backup-postgres.ts).

const USAGE = `Usage: npm run restore -- <backup directory> [--force]
Restores the backup to DATABASE_PATH. Stop the server first.
--force restores even when the database seems in use, or when the backup lacks evidence files.
With DATABASE_URL set: pg_restore into that PostgreSQL database, which must hold no tables;
--force DROPS its schema (every table in it) first. Stop every server first.`;

export async function runRestore(argv: string[]): Promise<number> {
  const args = parseDirectoryArgs(argv, USAGE);
  if (typeof args === "number") return args;
  try {
    const url = databaseUrl();
    if (url) {
      const result = await restorePostgres({ source: args.directory, url, force: args.force });
      const rows = Object.values(result.manifest.tables).reduce((a, b) => a + b, 0);
      if (result.replaced.length > 0)
        console.log(`Dropped the ${result.replaced.length} tables that were there (--force).`);
      console.log(
        `Restored the backup of ${result.manifest.createdAt} (${rows} rows, counts checked; ${result.manifest.fileStore === "database" ? "files inside the database" : `${result.filesWritten} file(s) written to FILE_STORE_DIR`}) to ${postgresLabel(url)}.`,
      );
      return 0;
    }
    const result = await restoreData({ source: args.directory, force: args.force });
    const rows = Object.values(result.manifest.database.tables).reduce((a, b) => a + b, 0);
    console.log(
      `Restored the backup of ${result.manifest.createdAt} (${rows} rows, ${result.manifest.evidence.files} evidence file(s), ${result.evidenceWritten} written) to ${result.databaseFile}.`,
    );
    if (result.previous) console.log(`The database that was there is kept at ${result.previous}.`);
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runRestore(process.argv.slice(2));
}
