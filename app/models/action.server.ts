import { type ExpressionBuilder, type SelectQueryBuilder, sql } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import type { ActionSort } from "../domain/action-sorts";
import type { Actor } from "../domain/permissions";
import type { ActionStatus, Rag } from "../domain/rag";
import { listActionEvidence } from "./evidence.server";
import { cachedForActor } from "./plan-cache.server";
import { actionInPlan, inspectionInPlan } from "./plan-scope.server";
import { overdueExpression, ragExpression } from "./rag-sql.server";

export const ACTIONS_PAGE_SIZE = 25;

/** What a row in a list of actions shows, wherever the list is. */
const ACTION_ROW_COLUMNS = [
  "actions.id",
  "actions.sequence",
  "recommendations.position as recommendation_position",
  "inspections.short_name as inspection_short_name",
  "actions.title",
  "actions.status",
  "actions.target_date",
  "actions.risk_flag",
  "recommendations.reference",
  "inspections.title as inspection_title",
  "authorities.name as authority_name",
] as const;

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
 * the actor. Withdrawn actions, and those of a removed inspection, are left out unless asked for
 * (their own page still shows them, or says the inspection was removed).
 */
function scopedActions(actor: Actor, options: { includeWithdrawn?: boolean; includeRemoved?: boolean } = {}) {
  let query = getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .leftJoin("users as owner", "owner.id", "actions.owner_id");
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  if (!options.includeWithdrawn) query = query.where("actions.withdrawn_at", "is", null);
  if (!options.includeRemoved) query = query.where(inspectionInPlan);
  return query;
}

/**
 * A RAG filter on actions. Red and blue are written so SQLite can answer them from indexes
 * (`status`, `target_date`, `risk_flag`); amber and green keep the full RAG expression, as
 * "not red" must treat a missing target date as not overdue. All agree with ragExpression
 * (tests/models/action-list.test.ts checks every combination).
 */
function ragFilter(eb: ExpressionBuilder<DB, "actions">, rag: Rag, today: string, amberWindowDays: number) {
  if (rag === "blue") return eb("actions.status", "=", "signed_off");
  if (rag === "red") {
    return eb.and([
      eb("actions.status", "!=", "signed_off"),
      eb.or([eb("actions.target_date", "<", today), eb("actions.risk_flag", "=", "off_track")]),
    ]);
  }
  return eb.and([eb("actions.status", "!=", "signed_off"), eb(ragExpression(eb, today, amberWindowDays), "=", rag)]);
}

/**
 * The page of actions matching the filters, in the chosen order, and how many match. Two steps,
 * so a large plan never sorts or joins every match: the ids of one page are chosen from the
 * actions table (its indexes give target-date order and the counts), with the recommendation,
 * inspection and authority filters as a subquery; then those 25 actions are read in full. The
 * count and each page are kept while the plan is unchanged (app/models/plan-cache.server.ts).
 */
export async function listActions(input: {
  actor: Actor;
  filters: ActionFilters;
  sort: ActionSort;
  page: number;
  today: string;
  amberWindowDays: number;
}) {
  const { actor, filters, today, amberWindowDays } = input;
  const db = getDb();
  const authorityId = actor.role === "admin" ? filters.authorityId : (actor.authorityId ?? -1);
  const byPlan =
    actor.role !== "admin" ||
    filters.authorityId !== undefined ||
    filters.inspectionId !== undefined ||
    filters.timescale !== undefined ||
    filters.section !== undefined;

  let matching = db.selectFrom("actions").where("actions.withdrawn_at", "is", null).where(actionInPlan);
  if (byPlan) {
    let recommendations = db
      .selectFrom("recommendations")
      .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
      .select("recommendations.id");
    // An administrator filtering by one authority, or anyone else in their own.
    if (authorityId !== undefined)
      recommendations = recommendations.where("inspections.authority_id", "=", authorityId);
    if (actor.role !== "admin" && filters.authorityId !== undefined && filters.authorityId !== authorityId) {
      recommendations = recommendations.where(sql.lit(false));
    }
    if (filters.inspectionId) recommendations = recommendations.where("inspections.id", "=", filters.inspectionId);
    if (filters.timescale === "none") recommendations = recommendations.where("recommendations.timescale", "is", null);
    else if (filters.timescale)
      recommendations = recommendations.where("recommendations.timescale", "=", filters.timescale);
    if (filters.section === "none") recommendations = recommendations.where("recommendations.section", "is", null);
    else if (filters.section) recommendations = recommendations.where("recommendations.section", "=", filters.section);
    matching = matching.where("actions.recommendation_id", "in", recommendations);
  }
  if (filters.status) matching = matching.where("actions.status", "=", filters.status);
  if (filters.rag) matching = matching.where((eb) => ragFilter(eb, filters.rag!, today, amberWindowDays));
  if (filters.owner === "none") matching = matching.where("actions.owner_id", "is", null);
  else if (filters.owner) matching = matching.where("actions.owner_id", "=", filters.owner);
  if (filters.overdue) matching = matching.where((eb) => overdueExpression(eb, today));
  if (filters.open) matching = matching.where("actions.status", "!=", "signed_off");

  // The count reads every match: kept while the plan is unchanged (app/models/plan-cache.server.ts).
  const countKey = [
    "actions",
    filters,
    filters.rag || filters.overdue ? today : null,
    filters.rag ? amberWindowDays : null,
  ];
  const total = await cachedForActor(actor, filters.authorityId, countKey, async () => {
    const row = await matching.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
    return Number(row.total);
  });

  const page = Math.max(1, input.page);
  // The page's rows carry their RAG, so they are kept per day and amber window as well.
  const pageKey = [...countKey, input.sort, page, today, amberWindowDays];
  const items = await cachedForActor(actor, filters.authorityId, pageKey, async () => {
    const ids = await pageIds(matching, input.sort, page);
    if (ids.length === 0) return [];
    const rows = await scopedActions(actor)
      .select((eb) => [
        ...ACTION_ROW_COLUMNS,
        "recommendations.timescale",
        "recommendations.section",
        "inspections.id as inspection_id",
        "owner.name as owner_name",
        "actions.version",
        ragExpression(eb, today, amberWindowDays).as("rag"),
      ])
      .where("actions.id", "in", ids)
      .execute();
    const position = new Map(ids.map((id, index) => [id, index]));
    return rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  });
  return { items, total: Number(total), page, pageCount: Math.max(1, Math.ceil(Number(total) / ACTIONS_PAGE_SIZE)) };
}
export type ActionListItem = Awaited<ReturnType<typeof listActions>>["items"][number];

/** The ids of one page of `matching` in the chosen order, from the actions table's indexes. */
async function pageIds(matching: SelectQueryBuilder<DB, "actions", object>, sort: ActionSort, page: number) {
  let ordered;
  switch (sort) {
    case "reference":
      ordered = matching
        .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
        .orderBy("recommendations.inspection_id")
        .orderBy("recommendations.position")
        .orderBy("actions.id");
      break;
    case "status":
      ordered = matching.orderBy("actions.status").orderBy("actions.target_date").orderBy("actions.id");
      break;
    case "owner":
      ordered = matching
        .leftJoin("users as owner", "owner.id", "actions.owner_id")
        .orderBy("owner.name")
        .orderBy("actions.target_date")
        .orderBy("actions.id");
      break;
    case "updated":
      ordered = matching.orderBy("actions.updated_at", "desc").orderBy("actions.id");
      break;
    default:
      // Actions without a target date are a gap to close, so they come first (SQLite sorts
      // NULL before any date, so the target-date index gives this order directly).
      ordered = matching.orderBy("actions.target_date").orderBy("actions.id");
  }
  const rows = await ordered
    .select("actions.id")
    .limit(ACTIONS_PAGE_SIZE)
    .offset((page - 1) * ACTIONS_PAGE_SIZE)
    .execute();
  return rows.map((r) => r.id);
}

/** One action with everything its page shows, or undefined when the actor may not see it. */
export async function getActionDetail(actor: Actor, actionId: number, today: string, amberWindowDays: number) {
  const action = await scopedActions(actor, { includeWithdrawn: true, includeRemoved: true })
    .select((eb) => [
      "actions.id",
      "actions.sequence",
      "recommendations.position as recommendation_position",
      "inspections.short_name as inspection_short_name",
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
      "actions.recovery_date",
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
      "inspections.removed_at as inspection_removed_at",
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
      .select([
        "progress_updates.id",
        "progress_updates.body",
        "progress_updates.created_at",
        "users.name as author_name",
      ])
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

/**
 * Owners of live actions, for the action list's owner filter: in one authority's plans (the
 * actor's own, or the one an administrator chose). An administrator looking across every
 * authority is offered only the owner already chosen, if any: a list of every owner in every
 * council would be too long to use, so the page asks them to choose an authority first.
 */
export async function listActionOwners(actor: Actor, options: { authorityId?: number; selected?: number } = {}) {
  const authorityId = actor.role === "admin" ? options.authorityId : (actor.authorityId ?? -1);
  if (authorityId === undefined && options.selected === undefined) return [];
  const db = getDb();
  let owned = db
    .selectFrom("actions")
    .select("actions.owner_id")
    .where("actions.withdrawn_at", "is", null)
    .where(actionInPlan);
  if (authorityId !== undefined) {
    owned = owned.where(
      "actions.recommendation_id",
      "in",
      db
        .selectFrom("recommendations")
        .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
        .select("recommendations.id")
        .where("inspections.authority_id", "=", authorityId),
    );
  }
  let query = db.selectFrom("users").select(["users.id", "users.name"]).where("users.id", "in", owned);
  if (authorityId === undefined) query = query.where("users.id", "=", options.selected!);
  return query.orderBy("users.name").orderBy("users.id").execute();
}

/**
 * Inspections for the action list's inspection filter, each with its authority's name: those of
 * one authority when one is chosen (or the actor's own). An administrator who has not chosen an
 * authority is offered only the inspection already chosen: a list of every inspection in every
 * authority is too long to pick from (and to send).
 */
export async function listInspectionOptions(actor: Actor, options: { authorityId?: number; selected?: number } = {}) {
  const authorityId = actor.role === "admin" ? options.authorityId : (actor.authorityId ?? -1);
  if (authorityId === undefined && options.selected === undefined) return [];
  let query = getDb()
    .selectFrom("inspections")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .select([
      "inspections.id",
      "inspections.title",
      "inspections.published",
      "inspections.inspection_start",
      "inspections.inspection_end",
      "authorities.name as authority_name",
    ])
    .where(inspectionInPlan);
  query =
    authorityId === undefined
      ? query.where("inspections.id", "=", options.selected!)
      : query.where("inspections.authority_id", "=", authorityId);
  return query
    .orderBy("authorities.name")
    .orderBy((eb) => eb.fn.coalesce("inspections.inspection_start", "inspections.published"))
    .orderBy("inspections.id")
    .execute();
}

/** The signed-in person's own actions, worst RAG first and soonest first within each. */
export async function listOwnedActions(actor: Actor, today: string, amberWindowDays: number) {
  return scopedActions(actor)
    .select((eb) => [...ACTION_ROW_COLUMNS, ragExpression(eb, today, amberWindowDays).as("rag")])
    .where("actions.owner_id", "=", actor.id)
    .orderBy((eb) => eb("actions.target_date", "is not", null))
    .orderBy("actions.target_date")
    .orderBy("actions.id")
    .execute();
}
export type OwnedAction = Awaited<ReturnType<typeof listOwnedActions>>[number];
