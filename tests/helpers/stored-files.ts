import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getDb } from "../../db/client";
import { fileStoreSetting } from "../../db/config";
import { engineOf } from "../../db/engine/engine";
import { evidenceFilePath } from "../../app/utils/evidence-store.server";

/**
 * How many copies of the content with this hash the store holds, whichever store it is: files
 * (temporary ones included) in a directory store's folder, rows in the database's.
 */
export async function storedCopies(sha256: string, db = getDb()): Promise<number> {
  const setting = fileStoreSetting(engineOf(db));
  if (setting.kind === "database") {
    const rows = await db.selectFrom("stored_files").select("sha256").where("sha256", "=", sha256).execute();
    return rows.length;
  }
  const folder = path.dirname(evidenceFilePath(sha256, setting.root));
  if (!fs.existsSync(folder)) return 0;
  return fs.readdirSync(folder).filter((name) => name.includes(sha256)).length;
}

/**
 * Puts the file store out of reach, as a database or folder that fails would, and returns what puts
 * it back. The database's table is renamed away (this test file's database only). A folder is
 * pointed somewhere that cannot hold it, a plain file where the folder should be (so nothing can be
 * written under it, even by root): the real folder is shared by every test worker and stays as it is.
 */
export async function breakFileStore(db = getDb()): Promise<() => Promise<void>> {
  const setting = fileStoreSetting(engineOf(db));
  if (setting.kind === "database") {
    await db.schema.alterTable("stored_files").renameTo("stored_files_away").execute();
    return async () => {
      await db.schema.alterTable("stored_files_away").renameTo("stored_files").execute();
    };
  }
  const broken = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-broken-store-"));
  fs.writeFileSync(path.join(broken, "evidence"), "not a folder");
  const variable = setting.shared ? "FILE_STORE_DIR" : "DATABASE_PATH";
  const before = process.env[variable];
  // The SQLite store is the data directory's `evidence` folder, the data directory being the
  // database file's (the open database itself is not moved).
  process.env[variable] = path.join(broken, setting.shared ? "evidence" : "followthrough.db");
  return async () => {
    process.env[variable] = before;
    fs.rmSync(broken, { recursive: true, force: true });
  };
}
