import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";

// A stand-alone installation for the backup tests: a migrated database in its own directory with
// an evidence store beside it, some bulk so the online backup takes many steps, and a "writer" that
// adds one action with a file, a progress update and an audit event per transaction, as the app
// does. Writers only insert, so at any moment every table is a prefix (by rowid) of what it holds
// later, and write k is whole or absent.

export const WRITER_TITLE = "Writer action";

export interface Installation {
  dir: string;
  databaseFile: string;
  evidenceDir: string;
  recommendationId: number;
  userId: number;
}

export async function createInstallation(dir: string, bulkActions = 1500): Promise<Installation> {
  const databaseFile = path.join(dir, "followthrough.db");
  const kysely = openDatabase(databaseFile);
  await migrateToLatest(kysely);
  await kysely.destroy();
  const db = new SQLite(databaseFile);
  const now = "2026-11-01T09:00:00.000Z";
  const ids = db.transaction(() => {
    const authorityId = db.prepare("INSERT INTO authorities (name, created_at) VALUES (?, ?)").run("Backupshire", now)
      .lastInsertRowid as number;
    const userId = db
      .prepare(
        "INSERT INTO users (name, email, role, authority_id, password_hash, created_at) VALUES (?, ?, 'improvement_lead', ?, 'x', ?)",
      )
      .run("Lena Lead", "lead@backupshire.example.gov.uk", authorityId, now).lastInsertRowid as number;
    const inspectionId = db
      .prepare(
        "INSERT INTO inspections (authority_id, kind, title, basis_kind, content_hash, extracted_text, imported_at) VALUES (?, 'ilacs', 'Inspection of Backupshire', 'publication', ?, 'text', ?)",
      )
      .run(authorityId, "a".repeat(64), now).lastInsertRowid as number;
    const recommendationId = db
      .prepare(
        "INSERT INTO recommendations (inspection_id, reference, text, agencies, position, due_date_rule) VALUES (?, '1', 'Improve supervision.', '[]', 1, 'none')",
      )
      .run(inspectionId).lastInsertRowid as number;
    const insert = db.prepare(
      "INSERT INTO actions (recommendation_id, title, description, status, created_at, updated_at) VALUES (?, ?, ?, 'not_started', ?, ?)",
    );
    for (let i = 1; i <= bulkActions; i++) {
      insert.run(recommendationId, `Bulk action ${i}`, `Description ${i} `.repeat(60), now, now);
    }
    return { recommendationId, userId };
  })();
  db.close();
  return { dir, databaseFile, evidenceDir: path.join(dir, "evidence"), ...ids };
}

export const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export function evidenceBytes(k: number): Buffer {
  return Buffer.from(`Evidence for writer action ${k}: ${randomBytes(24).toString("hex")}\n`.repeat(40));
}

/** Stores a file as the app does (temporary name, then rename), synchronously. */
export function storeFileSync(evidenceDir: string, bytes: Buffer): string {
  const sha256 = sha256Of(bytes);
  const target = path.join(evidenceDir, sha256.slice(0, 2), sha256);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, target);
  return sha256;
}

/** Write k: the rows for one action with one file of evidence, in one transaction. */
export function insertWrite(db: SQLite.Database, installation: Installation, k: number, sha256: string, size: number) {
  const at = new Date(Date.UTC(2026, 10, 2, 9, 0, k)).toISOString();
  db.transaction(() => {
    const actionId = db
      .prepare(
        "INSERT INTO actions (recommendation_id, title, description, status, created_at, updated_at) VALUES (?, ?, '', 'in_progress', ?, ?)",
      )
      .run(installation.recommendationId, `${WRITER_TITLE} ${k}`, at, at).lastInsertRowid as number;
    const evidenceId = db
      .prepare(
        "INSERT INTO evidence (action_id, kind, purpose, description, added_by, created_at, file_sha256, file_name, file_size, file_type) VALUES (?, 'file', 'completion', ?, ?, ?, ?, ?, ?, 'text/plain')",
      )
      .run(actionId, `Audit ${k}`, installation.userId, at, sha256, `audit-${k}.txt`, size).lastInsertRowid;
    db.prepare("INSERT INTO progress_updates (action_id, author_id, body, created_at) VALUES (?, ?, ?, ?)").run(
      actionId,
      installation.userId,
      `Update ${k}`,
      at,
    );
    db.prepare(
      "INSERT INTO audit_events (at, user_id, entity_type, entity_id, event, after) VALUES (?, ?, 'action', ?, 'action.evidence_added', ?)",
    ).run(at, installation.userId, actionId, JSON.stringify({ evidenceId, sha256 }));
  })();
}

export function tableNames(db: SQLite.Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

export function rowsOf(db: SQLite.Database, table: string, limit = -1): unknown[] {
  return db.prepare(`SELECT * FROM "${table}" ORDER BY rowid LIMIT ?`).all(limit);
}
