import type { Kysely, Transaction } from "kysely";
import type { DB } from "../../db/schema";

export interface AuditEntry {
  userId: number | null;
  authorityId: number | null;
  entityType:
    | "action"
    | "authority"
    | "board_meeting"
    | "inspection"
    | "inspection_event"
    | "measure"
    | "recommendation"
    | "settings"
    | "user";
  entityId: number;
  event: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  at: Date;
}

/** Appends to the audit log. There is deliberately no update or delete for audit events. */
export async function recordAuditEvent(trx: Kysely<DB> | Transaction<DB>, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto("audit_events")
    .values({
      at: entry.at.toISOString(),
      user_id: entry.userId,
      authority_id: entry.authorityId,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      event: entry.event,
      before: entry.before ? JSON.stringify(entry.before) : null,
      after: entry.after ? JSON.stringify(entry.after) : null,
    })
    .execute();
}
