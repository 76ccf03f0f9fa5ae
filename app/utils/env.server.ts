import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDirectory } from "../../db/config";

let secret: string | undefined;

/**
 * The cookie-signing secret: SESSION_SECRET, or a random one kept in the data directory so
 * that sessions survive a restart of a demo installation.
 */
export function sessionSecret(): string {
  if (secret) return secret;
  if (process.env.SESSION_SECRET) return (secret = process.env.SESSION_SECRET);
  const file = path.join(dataDirectory(), "session-secret");
  if (!fs.existsSync(file)) createSecretFile(file);
  return (secret = fs.readFileSync(file, "utf8").trim());
}

/**
 * Several server processes may start at once: each writes a whole secret to a file of its own and
 * links it into place, so the first one wins and nobody ever reads a half-written secret.
 */
function createSecretFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const draft = `${file}.${process.pid}.${crypto.randomBytes(6).toString("hex")}`;
  fs.writeFileSync(draft, crypto.randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

export const isProduction = () => process.env.NODE_ENV === "production";

/**
 * How long (ms) an import draft's page waits for the reader before it shows "Reading the report…":
 * IMPORT_READ_WAIT_MS, 1,200 by default (a normal report is read within it). 0 always shows the
 * reading page first, as the browser test of that page does on a machine fast enough to read its
 * long report within the default.
 */
export function importReadWaitMs(): number {
  const value = Number(process.env.IMPORT_READ_WAIT_MS ?? "");
  return process.env.IMPORT_READ_WAIT_MS !== undefined && Number.isInteger(value) && value >= 0 && value <= 60_000
    ? value
    : 1200;
}
