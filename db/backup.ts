import path from "node:path";
import { fileURLToPath } from "node:url";
import { backupData, BackupError, parseDirectoryArgs } from "./backup-lib";
import { backupPostgres } from "./backup-postgres";
import { databaseUrl } from "./config";

// npm run backup -- DIR [--force]
//
// A consistent copy of the database (SQLite online backup, safe while the server runs) and of the
// evidence files it names, with manifest.json. With DATABASE_URL, pg_dump --format=custom of one
// snapshot while the app runs, files included (db/backup-postgres.ts). Exits 1 when refused or when
// the backup is incomplete (an evidence file named by the database is missing or damaged).

const USAGE = `Usage: npm run backup -- <directory> [--force]
Writes a consistent copy of DATABASE_PATH and its evidence files to <directory>, which must be empty or new.
With DATABASE_URL set: pg_dump --format=custom of the PostgreSQL database (files in stored_files are
inside it; with FILE_STORE=directory the files are copied beside it). The app may keep running.
--force replaces an earlier backup in a directory that is not empty.`;

export async function runBackup(argv: string[]): Promise<number> {
  const args = parseDirectoryArgs(argv, USAGE);
  if (typeof args === "number") return args;
  try {
    const url = databaseUrl();
    if (url) {
      const { manifest, missing } = await backupPostgres({ target: args.directory, url, overwrite: args.force });
      const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
      const files =
        manifest.fileStore === "database"
          ? `${manifest.evidence.named - missing.length} file(s) inside the dump`
          : `${manifest.files.length} file(s) from the shared folder`;
      console.log(
        `Backed up ${manifest.source.database} (${Object.keys(manifest.tables).length} tables, ${rows} rows; dump SHA-256 ${manifest.dump.sha256}) and ${files} to ${path.resolve(args.directory)} at ${manifest.createdAt}.`,
      );
      if (missing.length > 0) {
        for (const sha256 of missing) console.error(`Missing or damaged file named by the database: ${sha256}`);
        console.error("The backup is INCOMPLETE: the files above could not be copied.");
        return 1;
      }
      return 0;
    }
    const result = await backupData({ target: args.directory, overwrite: args.force });
    const { manifest } = result;
    const rows = Object.values(manifest.database.tables).reduce((a, b) => a + b, 0);
    console.log(
      `Backed up ${manifest.source.database} (${Object.keys(manifest.database.tables).length} tables, ${rows} rows, integrity ok) and ${manifest.evidence.files} evidence file(s) to ${path.resolve(args.directory)} at ${manifest.createdAt}.`,
    );
    if (result.missing.length + result.corrupt.length > 0) {
      for (const sha256 of result.missing) console.error(`Missing evidence file named by the database: ${sha256}`);
      for (const sha256 of result.corrupt)
        console.error(`Damaged evidence file (content does not match its name): ${sha256}`);
      console.error("The backup is INCOMPLETE: the files above could not be copied.");
      return 1;
    }
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
  process.exitCode = await runBackup(process.argv.slice(2));
}
