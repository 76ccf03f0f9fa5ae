import crypto from "node:crypto";
import { sessionSecret } from "./env.server";

// Secrets the app must read back in clear (an authenticator's shared secret, to check codes; a
// council's client secret, to talk to its provider) are stored encrypted with AES-256-GCM, under a
// key derived from SESSION_SECRET (HKDF-SHA256, one key per purpose). A copy of the database alone
// yields neither. Each value is bound to its row (`context`, as additional authenticated data), so
// a value copied into another row does not decrypt. Changing SESSION_SECRET makes them unreadable:
// people set up their authenticator again and administrators enter client secrets again.

export type SecretPurpose = "second-factor" | "sso-client-secret";

const VERSION = "v1";

function keyFor(purpose: SecretPurpose): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", sessionSecret(), "followthrough", `secret-box:${purpose}`, 32));
}

export function sealSecret(purpose: SecretPurpose, context: string, plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    VERSION,
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    body.toString("base64url"),
  ].join(":");
}

/** The plaintext, or null when the value was sealed under another key or for another row, or altered. */
export function openSecret(purpose: SecretPurpose, context: string, sealed: string): string | null {
  const [version, iv, tag, body] = sealed.split(":");
  if (version !== VERSION || !iv || !tag || body === undefined) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", keyFor(purpose), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
