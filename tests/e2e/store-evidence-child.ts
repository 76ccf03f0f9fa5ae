import { randomBytes } from "node:crypto";
import { storeEvidenceFile } from "../../app/utils/evidence-store.server";

// Stores evidence files one after another with the app's own function, for the crash test, which
// kills it. DATABASE_PATH says where (the evidence store sits beside the database). Prints
// "writing N" and "stored N <sha256>" around each file; stops by itself after 50.

const bytes = randomBytes(4 * 1024 * 1024);
for (let n = 1; n <= 50; n++) {
  // A different file each time, cheaply: only the first bytes change.
  bytes.writeUInt32BE(n, 0);
  bytes.writeUInt32BE(process.pid, 4);
  console.log(`writing ${n}`);
  console.log(`stored ${n} ${await storeEvidenceFile(bytes)}`);
}
