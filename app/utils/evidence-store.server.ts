import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDirectory } from "../../db/config";

// Evidence files live under the data directory, named by the SHA-256 of their content and nothing
// else: `evidence/<first two hex>/<sha256>`. The uploaded name never reaches the file system, so no
// name can escape the directory, and the same file uploaded twice is stored once.

const SHA256 = /^[0-9a-f]{64}$/;

export function isSha256(value: string): boolean {
  return SHA256.test(value);
}

export function evidenceRoot(): string {
  return path.join(dataDirectory(), "evidence");
}

/** Where the file with this hash is (or would be) stored. Throws for anything but a SHA-256. */
export function evidenceFilePath(sha256: string): string {
  if (!isSha256(sha256)) throw new Error("Not a SHA-256 hex digest");
  return path.join(evidenceRoot(), sha256.slice(0, 2), sha256);
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Stores the bytes under their hash and returns it. Written to a temporary file in the same
 * directory, flushed, then renamed: a crash leaves at most a stray temporary file, never a partial
 * file under the final name.
 */
export async function storeEvidenceFile(bytes: Uint8Array): Promise<string> {
  const sha256 = sha256Of(bytes);
  const target = evidenceFilePath(sha256);
  if (await isStored(target, bytes.length)) return sha256;
  // Evidence may hold personal data: only the server's own account may read it.
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const temporary = path.join(path.dirname(target), `.${sha256}.${randomBytes(8).toString("hex")}.tmp`);
  const handle = await fs.promises.open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // Rename replaces atomically; a concurrent upload of the same content writes the same bytes.
    await fs.promises.rename(temporary, target);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  return sha256;
}

async function isStored(target: string, size: number): Promise<boolean> {
  const stat = await fs.promises.stat(target).catch(() => null);
  return stat !== null && stat.isFile() && stat.size === size;
}

/** A read stream of a stored file, or null when it is not on disk. */
export async function openEvidenceFile(sha256: string): Promise<{ stream: fs.ReadStream; size: number } | null> {
  const file = evidenceFilePath(sha256);
  const stat = await fs.promises.stat(file).catch(() => null);
  if (!stat || !stat.isFile()) return null;
  return { stream: fs.createReadStream(file), size: stat.size };
}
