import type { Kysely, Transaction } from "kysely";
import type { DB } from "../../db/schema";
import type { ActionForMove, ProposedMove } from "../domain/corrections";
import type { Actor } from "../domain/permissions";
import { actionNumber } from "../domain/references";
import { recordTargetDateChange } from "./action-changes.server";

// When a correction changes recommendations' due dates, the lead is asked which of their actions'
// target dates to move (app/domain/corrections.ts proposes them); the ones ticked are moved here
// like any other target date move.

type Db = Kysely<DB> | Transaction<DB>;

export type ActionWithVersion = ActionForMove & { version: number };

/** The actions of these recommendations, with what the "which target dates move" question needs, by recommendation. */
export async function loadActionsForMoves(db: Db, recommendationIds: readonly number[]) {
  const byRecommendation = new Map<number, ActionWithVersion[]>();
  if (recommendationIds.length === 0) return byRecommendation;
  const rows = await db
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .select([
      "actions.id",
      "actions.recommendation_id",
      "actions.sequence",
      "actions.title",
      "actions.status",
      "actions.target_date",
      "actions.withdrawn_at",
      "actions.version",
      "recommendations.position",
    ])
    .where("actions.recommendation_id", "in", recommendationIds)
    .orderBy("recommendations.position")
    .orderBy("actions.sequence")
    .orderBy("actions.id")
    .execute();
  for (const row of rows) {
    const list = byRecommendation.get(row.recommendation_id) ?? [];
    list.push({
      id: row.id,
      number: actionNumber(row.position, row.sequence),
      title: row.title,
      status: row.status,
      targetDate: row.target_date,
      withdrawn: row.withdrawn_at !== null,
      version: row.version,
    });
    byRecommendation.set(row.recommendation_id, list);
  }
  return byRecommendation;
}

/** A move the lead ticked, with the date they were shown it would move from. */
export interface ChosenMove {
  actionId: number;
  from: string | null;
}

export type MovesCheck =
  { ok: true; moves: (ProposedMove & { version: number })[] } | { ok: false; reason: "conflict"; actionId: number };

/**
 * The ticked moves, checked against what is proposed now: each must still be offered, from the
 * date the lead saw. Otherwise the action changed since the question was asked (a conflict).
 */
export function checkChosenMoves(
  proposals: readonly ProposedMove[],
  chosen: readonly ChosenMove[],
  versions: ReadonlyMap<number, number>,
): MovesCheck {
  const moves: (ProposedMove & { version: number })[] = [];
  for (const choice of chosen) {
    const proposal = proposals.find((p) => p.actionId === choice.actionId);
    if (!proposal || proposal.from !== choice.from) return { ok: false, reason: "conflict", actionId: choice.actionId };
    if (!moves.some((m) => m.actionId === proposal.actionId)) {
      moves.push({ ...proposal, version: versions.get(proposal.actionId)! });
    }
  }
  return { ok: true, moves };
}

/** Moves each checked target date inside the caller's transaction, recorded as any move is. */
export async function moveTargetDates(
  trx: Transaction<DB>,
  actor: Actor,
  authorityId: number,
  moves: readonly (ProposedMove & { version: number })[],
  reason: string,
  now: Date,
): Promise<void> {
  for (const move of moves) {
    await recordTargetDateChange(
      trx,
      actor,
      { id: move.actionId, authorityId, version: move.version, targetDate: move.from },
      { targetDate: move.to, reason },
      now,
    );
  }
}

/** Who last changed an action (for a conflict message). */
export async function lastActionChange(db: Db, actionId: number) {
  return db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.user_id")
    .select(["users.name", "audit_events.at"])
    .where("entity_type", "=", "action")
    .where("entity_id", "=", actionId)
    .orderBy("audit_events.id", "desc")
    .executeTakeFirst();
}
