import SQLite from "better-sqlite3";
import { storeEvidenceFile } from "../../app/utils/evidence-store.server";
import { evidenceBytes, type Installation, insertWrite } from "./source";

// A second process writing to an installation while it is backed up, as the server would: stores a
// file by hash (the app's own function), then adds its rows in one transaction. Prints each write's
// number once committed; stops after the write under way when the parent sends "stop".
// Usage: DATABASE_PATH=<db> tsx tests/backup/writer.ts '<installation JSON>'

const installation = JSON.parse(process.argv[2] ?? "") as Installation;
const db = new SQLite(installation.databaseFile, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
let stopping = false;
process.on("message", (message) => {
  if (message === "stop") stopping = true;
});

for (let k = 1; !stopping; k++) {
  const bytes = evidenceBytes(k);
  const sha256 = await storeEvidenceFile(bytes);
  insertWrite(db, installation, k, sha256, bytes.length);
  process.stdout.write(`${k}\n`);
  await new Promise((resolve) => setTimeout(resolve, 2));
}
db.close();
process.disconnect?.();
