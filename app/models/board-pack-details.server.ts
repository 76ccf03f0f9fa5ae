import { getDb } from "../../db/client";
import type { EvidenceKind, EvidencePurpose } from "../../db/schema";
import { isAfterLondonDay } from "../domain/as-at";
import { londonDateOf } from "../utils/dates";

// The bulk of a board pack: each action's latest progress update and its evidence as at the
// pack's date, read for a page of actions at a time while a file is written, so a plan of any size
// never has all of them in memory at once.

export interface PackEvidence {
  description: string;
  kind: EvidenceKind;
  purpose: EvidencePurpose;
  date: string | null;
}

export interface ActionDetails {
  latestUpdate: { date: string; body: string } | null;
  evidence: PackEvidence[];
}

/** How many actions' details are read at once. */
export const DETAILS_PAGE_SIZE = 250;

/**
 * The latest update and the evidence of each action (by id), as at the end of `asAt`: updates and
 * evidence added later are left out, evidence withdrawn by then too. The caller has checked the
 * actor may see these actions (they come from a pack frame).
 */
export async function loadActionDetails(
  actionIds: readonly number[],
  asAt: string,
): Promise<Map<number, ActionDetails>> {
  const details = new Map<number, ActionDetails>(actionIds.map((id) => [id, { latestUpdate: null, evidence: [] }]));
  const db = getDb();
  for (let from = 0; from < actionIds.length; from += DETAILS_PAGE_SIZE) {
    const page = actionIds.slice(from, from + DETAILS_PAGE_SIZE);
    const [updates, evidence] = await Promise.all([
      db
        .selectFrom("progress_updates")
        .select(["action_id", "body", "created_at"])
        .where("action_id", "in", page)
        .orderBy("created_at")
        .orderBy("id")
        .execute(),
      db
        .selectFrom("evidence")
        .select(["action_id", "description", "kind", "purpose", "evidence_date", "created_at", "deleted_at"])
        .where("action_id", "in", page)
        .orderBy("created_at")
        .orderBy("id")
        .execute(),
    ]);
    for (const u of updates) {
      if (isAfterLondonDay(u.created_at, asAt)) continue;
      details.get(u.action_id)!.latestUpdate = { date: londonDateOf(u.created_at), body: u.body };
    }
    for (const e of evidence) {
      if (isAfterLondonDay(e.created_at, asAt)) continue;
      if (e.deleted_at !== null && !isAfterLondonDay(e.deleted_at, asAt)) continue;
      details
        .get(e.action_id)!
        .evidence.push({ description: e.description, kind: e.kind, purpose: e.purpose, date: e.evidence_date });
    }
  }
  return details;
}
