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
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDirectory(), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  return (secret = fs.readFileSync(file, "utf8").trim());
}

export const isProduction = () => process.env.NODE_ENV === "production";
