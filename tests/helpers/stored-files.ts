import fs from "node:fs";
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
