import crypto from "node:crypto";
import { getDb } from "../../db/client";

// A set-password link is shown once, to the administrator who issued it, on the page the form
// redirects to. It never travels in a cookie (a cookie is readable wherever it is stored or logged):
// the redirect names a one-time reference, and the link waits on the server, sealed with a key
// derived from that reference. Only the reference's hash is stored, so the database alone cannot
// open it; the row goes when it is read, and unread ones go after a few minutes.

export const ONE_TIME_LINK_MINUTES = 10;

const hash = (reference: string) => crypto.createHash("sha256").update(reference).digest("hex");
const keyOf = (reference: string) =>
  crypto.createHash("sha256").update(`followthrough one-time link\n${reference}`).digest();

function seal(text: string, reference: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyOf(reference), iv);
  const sealed = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64");
}

function open(sealed: string, reference: string): string | null {
  try {
    const bytes = Buffer.from(sealed, "base64");
    const decipher = crypto.createDecipheriv("aes-256-gcm", keyOf(reference), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** Keeps `link` for `viewerId` to see once; returns the reference to put in the redirect. */
export async function keepLinkForViewer(viewerId: number, link: string, now: Date): Promise<string> {
  const reference = crypto.randomBytes(24).toString("base64url");
  const db = getDb();
  await db.deleteFrom("one_time_links").where("expires_at", "<=", now.toISOString()).execute();
  await db
    .insertInto("one_time_links")
    .values({
      reference_hash: hash(reference),
      viewer_id: viewerId,
      sealed: seal(link, reference),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ONE_TIME_LINK_MINUTES * 60_000).toISOString(),
    })
    .execute();
  return reference;
}

/** The link behind a reference, once, for the person it was kept for; null otherwise. */
export async function takeLinkForViewer(viewerId: number, reference: string, now: Date): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(reference)) return null;
  const row = await getDb()
    .deleteFrom("one_time_links")
    .where("reference_hash", "=", hash(reference))
    .where("viewer_id", "=", viewerId)
    .returning(["sealed", "expires_at"])
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return null;
  return open(row.sealed, reference);
}
