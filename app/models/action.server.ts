import { getDb } from "../../db/client";
import type { ActionSort } from "../domain/action-sorts";
import type { Actor } from "../domain/permissions";
import type { ActionStatus, Rag } from "../domain/rag";
import { listActionEvidence } from "./evidence.server";
import { overdueExpression, ragExpression } from "./rag-sql.server";

export const ACTIONS_PAGE_SIZE = 25;



export interface ActionFilters {
  authorityId?: number;
  inspectionId?: number;
  status?: ActionStatus;
  rag?: Rag;
  /** A user id, or "none" for actions nobody owns yet. */
  owner?: number | "none";
  timescale?: "immediately" | "three_months" | "six_months" | "none";
  section?: "safeguarding" | "looked_after_children" | "lscb" | "none";
  overdue?: boolean;
  /** Only actions not yet signed off. */
  open?: boolean;
}

/**
 * Every action query starts here: joined to its recommendation, inspection and authority, scoped to
 * the actor. Withdrawn actions are left out unless asked for (their own page still shows them).
 */
function scopedActions(actor: Actor, options: { includeWithdrawn?: boolean } = {}) {
  let query = getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .leftJoin("users as owner", "owner.id", "actions.owner_id");
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  if (!options.includeWithdrawn) query = query.where("actions.withdrawn_at", "is", null);
  return query;
}

export async function listActions(input: {
  actor: Actor;
  filters: ActionFilters;
  sort: ActionSort;
  page: number;
  today: string;
  amberWindowDays: number;
}) {
  const { actor, filters, today, amberWindowDays } = input;
  let query = scopedActions(actor);
  if (filters.authorityId) query = query.where("inspections.authority_id", "=", filters.authorityId);
  if (filters.inspectionId) query = query.where("inspections.id", "=", filters.inspectionId);
  if (filters.status) query = query.where("actions.status", "=", filters.status);
  if (filters.rag) query = query.where((eb) => eb(ragExpression(eb, today, amberWindowDays), "=", filters.rag!));
  if (filters.owner === "none") query = query.where("actions.owner_id", "is", null);
  else if (filters.owner) query = query.where("actions.owner_id", "=", filters.owner);
  if (filters.timescale === "none") query = query.where("recommendations.timescale", "is", null);
  else if (filters.timescale) query = query.where("recommendations.timescale", "=", filters.timescale);
  if (filters.section === "none") query = query.where("recommendations.section", "is", null);
  else if (filters.section) query = query.where("recommendations.section", "=", filters.section);
  if (filters.overdue) query = query.where((eb) => overdueExpression(eb, today));
  if (filters.open) query = query.where("actions.status", "!=", "signed_off");

  const { total } = await query
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .executeTakeFirstOrThrow();

  let rows = query.select((eb) => [
    "actions.id",
    "actions.sequence",
    "recommendations.position as recommendation_position",
    "actions.title",
    "actions.status",
    "actions.target_date",
    "actions.risk_flag",
    "recommendations.reference",
    "recommendations.timescale",
    "recommendations.section",
    "inspections.id as inspection_id",
    "inspections.title as inspection_title",
    "authorities.name as authority_name",
    "owner.name as owner_name",
    ragExpression(eb, today, amberWindowDays).as("rag"),
  ]);
  switch (input.sort) {
    case "reference":
      rows = rows.orderBy("inspections.id").orderBy("recommendations.position").orderBy("actions.id");
      break;
    case "status":
      rows = rows.orderBy("actions.status").orderBy("actions.target_date");
      break;
    case "owner":
      rows = rows.orderBy("owner.name").orderBy("actions.target_date");
      break;
    case "updated":
      rows = rows.orderBy("actions.updated_at", "desc");
      break;
    default:
      // Actions without a target date are a gap to close, so they come first.
      rows = rows.orderBy((eb) => eb("actions.target_date", "is not", null)).orderBy("actions.target_date");
  }
  const page = Math.max(1, input.page);
  const items = await rows
    .orderBy("actions.id")
    .limit(ACTIONS_PAGE_SIZE)
    .offset((page - 1) * ACTIONS_PAGE_SIZE)
    .execute();
  return { items, total: Number(total), page, pageCount: Math.max(1, Math.ceil(Number(total) / ACTIONS_PAGE_SIZE)) };
}
export type ActionListItem = Awaited<ReturnType<typeof listActions>>["items"][number];

/** One action with everything its page shows, or undefined when the actor may not see it. */
export async function getActionDetail(actor: Actor, actionId: number, today: string, amberWindowDays: number) {
  const action = await scopedActions(actor, { includeWithdrawn: true })
    .select((eb) => [
      "actions.id",
      "actions.sequence",
      "recommendations.position as recommendation_position",
      "actions.title",
      "actions.description",
      "actions.partner_agency",
      "actions.success_measure",
      "actions.withdrawn_at",
      "actions.withdrawn_reason",
      "actions.status",
      "actions.target_date",
      "actions.baseline_target_date",
      "actions.risk_flag",
      "actions.risk_reason",
      "actions.owner_id",
      "actions.version",
      "actions.updated_at",
      "owner.name as owner_name",
      "recommendations.id as recommendation_id",
      "recommendations.reference",
      "recommendations.text as recommendation_text",
      "recommendations.section",
      "recommendations.timescale",
      "recommendations.agencies",
      "recommendations.due_date",
      "recommendations.due_date_rule",
      "inspections.id as inspection_id",
      "inspections.title as inspection_title",
      "inspections.authority_id",
      "authorities.name as authority_name",
      ragExpression(eb, today, amberWindowDays).as("rag"),
    ])
    .where("actions.id", "=", actionId)
    .executeTakeFirst();
  if (!action) return undefined;
  const db = getDb();
  const [updates, evidence, history] = await Promise.all([
    db
      .selectFrom("progress_updates")
      .leftJoin("users", "users.id", "progress_updates.author_id")
      .select(["progress_updates.id", "progress_updates.body", "progress_updates.created_at", "users.name as author_name"])
      .where("progress_updates.action_id", "=", action.id)
      .orderBy("progress_updates.created_at", "desc")
      .orderBy("progress_updates.id", "desc")
      .execute(),
    listActionEvidence(action.id),
    db
      .selectFrom("audit_events")
      .leftJoin("users", "users.id", "audit_events.user_id")
      .select([
        "audit_events.id",
        "audit_events.at",
        "audit_events.event",
        "audit_events.before",
        "audit_events.after",
        "users.name as user_name",
      ])
      .where("audit_events.entity_type", "=", "action")
      .where("audit_events.entity_id", "=", action.id)
      .orderBy("audit_events.at", "desc")
      .orderBy("audit_events.id", "desc")
      .execute(),
  ]);
  return { ...action, agencies: JSON.parse(action.agencies) as string[], updates, evidence, history };
}
export type ActionDetail = NonNullable<Awaited<ReturnType<typeof getActionDetail>>>;

/** Owners that appear in the actor's plan, for the owner filter. */
export async function listActionOwners(actor: Actor) {
  return scopedActions(actor)
    .select(["owner.id", "owner.name"])
    .where("owner.id", "is not", null)
    .groupBy(["owner.id", "owner.name"])
    .orderBy("owner.name")
    .execute();
}

/** The signed-in person's own actions, worst RAG first and soonest first within each. */
export async function listOwnedActions(actor: Actor, today: string, amberWindowDays: number) {
  return scopedActions(actor)
    .select((eb) => [
      "actions.id",
      "actions.sequence",
      "recommendations.position as recommendation_position",
      "actions.title",
      "actions.status",
      "actions.target_date",
      "actions.risk_flag",
      "recommendations.reference",
      "inspections.title as inspection_title",
      "authorities.name as authority_name",
      ragExpression(eb, today, amberWindowDays).as("rag"),
    ])
    .where("actions.owner_id", "=", actor.id)
    .orderBy((eb) => eb("actions.target_date", "is not", null))
    .orderBy("actions.target_date")
    .orderBy("actions.id")
    .execute();
}
export type OwnedAction = Awaited<ReturnType<typeof listOwnedActions>>[number];
