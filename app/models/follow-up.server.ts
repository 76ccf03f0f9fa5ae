import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import type { Actor } from "../domain/permissions";
import type { StatusMove } from "../domain/workflow";
import { listSignOffLeads, notifyPeople } from "./notifications.server";
import { inspectionInPlan } from "./plan-scope.server";
import { ragExpression } from "./rag-sql.server";

// What is someone's to do next: an action sent back to its owner (a visible state until the owner
// acts on it), and the actions awaiting a lead's sign-off.

type Db = Kysely<DB> | Transaction<DB>;

/** The events that hand an action back to its owner with a reason. */
const SEND_BACK_EVENTS = ["action.send_back", "action.reopen"] as const;

/** After a status move, inside its transaction: tells whoever must act next. */
export async function afterStatusMove(
  trx: Transaction<DB>,
  actor: Actor,
  action: { id: number; authorityId: number; ownerId: number | null },
  move: StatusMove,
  now: Date,
): Promise<void> {
  if (move === "send_back" || move === "reopen") {
    await notifyPeople(trx, {
      userIds: [action.ownerId],
      authorityId: action.authorityId,
      kind: "sent_back",
      actionId: action.id,
      actorId: actor.id,
      now,
    });
  } else if (move === "submit") {
    const leads = await listSignOffLeads(trx, action.authorityId);
    await notifyPeople(trx, {
      // The owner cannot sign off their own action, so a lead who owns it is not asked to.
      userIds: leads.filter((id) => id !== action.ownerId),
      authorityId: action.authorityId,
      kind: "submitted",
      actionId: action.id,
      actorId: actor.id,
      now,
    });
  }
}

/** The owner recorded progress or evidence: a send-back has been acted on. */
export async function ownerActed(trx: Db, actor: Actor, actionId: number): Promise<void> {
  await trx
    .updateTable("actions")
    .set({ sent_back_at: null })
    .where("id", "=", actionId)
    .where("owner_id", "=", actor.id)
    .where("sent_back_at", "is not", null)
    .execute();
}

/**
 * Who sent the action back (or reopened it), when and why, while its owner has yet to act on it;
 * null otherwise. The reason is read from the audit event, so a redaction of it holds here too.
 */
export async function getSendBack(actionId: number) {
  const db = getDb();
  const action = await db
    .selectFrom("actions")
    .select(["sent_back_at", "status"])
    .where("id", "=", actionId)
    .executeTakeFirst();
  if (!action?.sent_back_at || action.status !== "in_progress") return null;
  const event = await db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.user_id")
    .select(["audit_events.at", "audit_events.event", "audit_events.after", "users.name"])
    .where("audit_events.entity_type", "=", "action")
    .where("audit_events.entity_id", "=", actionId)
    .where("audit_events.event", "in", [...SEND_BACK_EVENTS])
    .orderBy("audit_events.id", "desc")
    .executeTakeFirst();
  if (!event) return null;
  const after = event.after ? (JSON.parse(event.after) as { reason?: unknown }) : {};
  return {
    reopened: event.event === "action.reopen",
    by: event.name,
    at: event.at,
    reason: typeof after.reason === "string" ? after.reason : "",
  };
}
export type SendBack = NonNullable<Awaited<ReturnType<typeof getSendBack>>>;

/** Actions in the plan of one authority (or any, for an administrator), as lists show them. */
function planActions(actor: Actor) {
  let query = getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .leftJoin("users as owner", "owner.id", "actions.owner_id")
    .where("actions.withdrawn_at", "is", null)
    .where(inspectionInPlan);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query;
}

const ROW = [
  "actions.id",
  "actions.sequence",
  "recommendations.position as recommendation_position",
  "actions.title",
  "actions.status",
  "actions.target_date",
  "actions.risk_flag",
  "actions.sent_back_at",
  "recommendations.reference",
  "inspections.title as inspection_title",
  "inspections.short_name as inspection_short_name",
  "authorities.name as authority_name",
  "owner.name as owner_name",
] as const;

/** The person's own actions sent back to them and not yet acted on, most recent first. */
export async function listSentBackToMe(actor: Actor, today: string, amberWindowDays: number) {
  return planActions(actor)
    .select((eb) => [...ROW, ragExpression(eb, today, amberWindowDays).as("rag")])
    .where("actions.owner_id", "=", actor.id)
    .where("actions.status", "=", "in_progress")
    .where("actions.sent_back_at", "is not", null)
    .orderBy("actions.sent_back_at", "desc")
    .orderBy("actions.id")
    .execute();
}

export const AWAITING_LIST_LIMIT = 20;

/**
 * Actions awaiting this person's sign-off (a lead's or an administrator's, in their authority or
 * the one chosen; never their own), longest waiting first: the first few and how many in all.
 */
export async function listAwaitingMySignOff(actor: Actor, options: { authorityId?: number } = {}) {
  if (actor.role !== "improvement_lead" && actor.role !== "admin") return { items: [], total: 0 };
  let query = planActions(actor)
    .where("actions.status", "=", "awaiting_sign_off")
    .where((eb) => eb.or([eb("actions.owner_id", "is", null), eb("actions.owner_id", "!=", actor.id)]));
  if (options.authorityId !== undefined) query = query.where("inspections.authority_id", "=", options.authorityId);
  const [{ n }, items] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    query.select(ROW).orderBy("actions.updated_at").orderBy("actions.id").limit(AWAITING_LIST_LIMIT).execute(),
  ]);
  return { items, total: Number(n) };
}
export type AwaitingSignOff = Awaited<ReturnType<typeof listAwaitingMySignOff>>["items"][number];
