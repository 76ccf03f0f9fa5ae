import { sql } from "kysely";
import { getDb } from "../../db/client";
import type { Actor } from "../domain/permissions";
import { computeRag } from "../domain/rag";
import { addDaysIso } from "../utils/dates";
import { cachedForActor } from "./plan-cache.server";
import { actionInPlan, inspectionInPlan } from "./plan-scope.server";
import { amberUntil, ragExpression } from "./rag-sql.server";
import { type BoardCounts, emptyCounts } from "./board.server";

/** The actor's actions in the plan, with their recommendation, inspection and authority. */
function scopedPlan(actor: Actor, authorityId?: number) {
  let query = getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id");
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  if (authorityId) query = query.where("inspections.authority_id", "=", authorityId);
  // Withdrawn actions, and removed inspections, stay in history but are no longer part of the plan's progress.
  return query.where("actions.withdrawn_at", "is", null).where(inspectionInPlan);
}

/** An authority's or inspection's counts: the same figures as a board group. */
export interface ProgressCounts extends BoardCounts {
  id: number;
  name: string;
}

/**
 * Each visible authority's progress counts, by name. With `authorityIds`, only those authorities
 * (the dashboard passes one page of them, so an administrator's dashboard never counts every plan).
 *
 * SQL groups the actions by what their RAG and deadlines depend on (status, risk flag, and
 * whether the target date is missing, past, within the amber window or later), a few dozen
 * groups per authority; each group is then judged once by computeRag, the same rule as
 * everywhere else, with a date standing for its target-date band.
 */
export async function summariseAuthorities(
  actor: Actor,
  today: string,
  amberWindowDays: number,
  authorityIds?: readonly number[],
): Promise<ProgressCounts[]> {
  if (authorityIds?.length === 0) return [];
  return cachedForActor(actor, authorityIds, ["summary", today, amberWindowDays], () =>
    countAuthorities(actor, today, amberWindowDays, authorityIds),
  );
}

async function countAuthorities(
  actor: Actor,
  today: string,
  amberWindowDays: number,
  authorityIds?: readonly number[],
): Promise<ProgressCounts[]> {
  const until = amberUntil(today, amberWindowDays);
  // Counts join no owner, so they read the actions_recommendation_progress index alone.
  let query = scopedPlan(actor);
  if (authorityIds) query = query.where("inspections.authority_id", "in", authorityIds);
  const band = sql<TargetBand>`case when actions.target_date is null then 'none' when actions.target_date < ${today} then 'past' when actions.target_date <= ${until} then 'soon' else 'later' end`;
  const groups = await query
    .select((eb) => [
      "authorities.id",
      "authorities.name",
      "actions.status",
      "actions.risk_flag",
      band.as("band"),
      eb.fn.countAll<number>().as("n"),
    ])
    .groupBy(["authorities.id", "authorities.name", "actions.status", "actions.risk_flag", sql.ref("band")])
    .orderBy("authorities.name")
    .orderBy("authorities.id")
    .execute();
  const bandDates: Record<TargetBand, string | null> = {
    none: null,
    past: addDaysIso(today, -1),
    soon: today,
    later: addDaysIso(until, 1),
  };
  const byAuthority = new Map<number, ProgressCounts>();
  for (const group of groups) {
    let counts = byAuthority.get(group.id);
    if (!counts) {
      counts = { id: group.id, name: group.name, ...emptyCounts() };
      byAuthority.set(group.id, counts);
    }
    const n = Number(group.n);
    const open = group.status !== "signed_off";
    const rag = computeRag({
      status: group.status,
      targetDate: bandDates[group.band],
      riskFlag: group.risk_flag,
      today,
      amberWindowDays,
    });
    counts.total += n;
    counts[group.status] += n;
    counts[rag] += n;
    if (open && group.band === "past") counts.overdue += n;
    if (open && group.band === "soon") counts.due_soon += n;
    if (open && group.band === "none") counts.no_target_date += n;
  }
  return [...byAuthority.values()];
}
type TargetBand = "none" | "past" | "soon" | "later";
export const DASHBOARD_PAGE_SIZE = 25;

/** One page of the authorities the actor can see that have a plan (an action not withdrawn), by name. */
export async function pageAuthoritiesWithPlans(actor: Actor, page: number) {
  return cachedForActor(actor, undefined, ["authorities-with-plans", page], () =>
    readAuthoritiesWithPlans(actor, page),
  );
}

async function readAuthoritiesWithPlans(actor: Actor, page: number) {
  let query = getDb()
    .selectFrom("authorities")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("inspections")
          .innerJoin("recommendations", "recommendations.inspection_id", "inspections.id")
          .innerJoin("actions", "actions.recommendation_id", "recommendations.id")
          .select("actions.id")
          .whereRef("inspections.authority_id", "=", "authorities.id")
          .where("actions.withdrawn_at", "is", null)
          .where(inspectionInPlan),
      ),
    );
  if (actor.role !== "admin") query = query.where("authorities.id", "=", actor.authorityId ?? -1);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const pageCount = Math.max(1, Math.ceil(Number(total) / DASHBOARD_PAGE_SIZE));
  // A page past the end (an old link) shows the last one.
  const current = Math.min(Math.max(1, page), pageCount);
  const authorities = await query
    .select(["authorities.id", "authorities.name"])
    .orderBy("authorities.name")
    .limit(DASHBOARD_PAGE_SIZE)
    .offset((current - 1) * DASHBOARD_PAGE_SIZE)
    .execute();
  return { authorities, total: Number(total), page: current, pageCount };
}

/** Open actions with a target date on or before the end of the amber window: overdue or due soon. */
function overdueOrDueSoon(actor: Actor, today: string, amberWindowDays: number, authorityId?: number) {
  let query = scopedPlan(actor, authorityId)
    .where("actions.target_date", "is not", null)
    .where("actions.target_date", "<=", amberUntil(today, amberWindowDays));
  // Across every authority, "status in (open ones)" lets the (status, target date) index find the
  // rows; within one authority its own actions are fewer, and "!=" keeps the planner on them.
  query =
    actor.role === "admin" && authorityId === undefined
      ? query.where("actions.status", "in", ["not_started", "in_progress", "awaiting_sign_off"])
      : query.where("actions.status", "!=", "signed_off");
  return query;
}

function selectOverdueRows(query: ReturnType<typeof scopedPlan>, today: string, amberWindowDays: number) {
  return query
    .leftJoin("users as owner", "owner.id", "actions.owner_id")
    .select((eb) => [
      "actions.id",
      "actions.title",
      "actions.status",
      "actions.target_date",
      "actions.risk_flag",
      "owner.name as owner_name",
      "recommendations.reference",
      "recommendations.text as recommendation_text",
      "inspections.title as inspection_title",
      "authorities.name as authority_name",
      ragExpression(eb as never, today, amberWindowDays).as("rag"),
    ])
    .orderBy("actions.target_date")
    .orderBy("actions.id");
}

/** Actions past their target date or due within the amber window, worst first. */
export async function listOverdueAndDueSoon(
  actor: Actor,
  today: string,
  amberWindowDays: number,
  authorityId?: number,
) {
  return selectOverdueRows(
    overdueOrDueSoon(actor, today, amberWindowDays, authorityId),
    today,
    amberWindowDays,
  ).execute();
}
export type OverdueRow = Awaited<ReturnType<typeof listOverdueAndDueSoon>>[number];

export const OVERDUE_PAGE_SIZE = 50;

/**
 * The same actions as overdueOrDueSoon, from the actions table alone: the plan scope (the actor's
 * authority, or the one asked for) is a subquery on recommendation ids, and an administrator's
 * list across every authority joins nothing, so counting thousands reads one index.
 */
function dueActions(actor: Actor, today: string, amberWindowDays: number, authorityId?: number) {
  const db = getDb();
  let query = db
    .selectFrom("actions")
    .where("actions.withdrawn_at", "is", null)
    .where(actionInPlan)
    .where("actions.target_date", "is not", null)
    .where("actions.target_date", "<=", amberUntil(today, amberWindowDays));
  const scopes = [actor.role === "admin" ? undefined : (actor.authorityId ?? -1), authorityId].filter(
    (id): id is number => id !== undefined,
  );
  for (const scope of scopes) {
    query = query.where(
      "actions.recommendation_id",
      "in",
      db
        .selectFrom("recommendations")
        .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
        .select("recommendations.id")
        .where("inspections.authority_id", "=", scope),
    );
  }
  return scopes.length === 0
    ? query.where("actions.status", "in", ["not_started", "in_progress", "awaiting_sign_off"])
    : query.where("actions.status", "!=", "signed_off");
}

/**
 * One page of the overdue and due-soon list (oldest target date first, so overdue actions come
 * before those due soon), with how many of each there are in all. Paged in SQL: an administrator
 * can see thousands.
 */
export async function pageOverdueAndDueSoon(
  actor: Actor,
  today: string,
  amberWindowDays: number,
  options: { authorityId?: number; page: number },
) {
  const query = dueActions(actor, today, amberWindowDays, options.authorityId);
  const page = Math.max(1, options.page);
  const [counts, items] = await Promise.all([
    cachedForActor(actor, options.authorityId, ["due", today, amberWindowDays], () =>
      query
        .select((eb) => [
          eb.fn.countAll<number>().as("total"),
          eb.fn
            .coalesce(
              eb.fn.sum<number>(eb.case().when("actions.target_date", "<", today).then(1).else(0).end()),
              eb.lit(0),
            )
            .as("overdue"),
        ])
        .executeTakeFirstOrThrow(),
    ),
    // The page's ids first, from the index alone; then only those rows are read in full.
    cachedForActor(actor, options.authorityId, ["due", today, amberWindowDays, page], () =>
      selectOverdueRows(
        scopedPlan(actor).where(
          "actions.id",
          "in",
          query
            .select("actions.id")
            .orderBy("actions.target_date")
            .orderBy("actions.id")
            .limit(OVERDUE_PAGE_SIZE)
            .offset((page - 1) * OVERDUE_PAGE_SIZE),
        ),
        today,
        amberWindowDays,
      ).execute(),
    ),
  ]);
  const total = Number(counts.total);
  const overdue = Number(counts.overdue);
  return {
    items,
    overdueCount: overdue,
    dueSoonCount: total - overdue,
    page,
    pageCount: Math.max(1, Math.ceil(total / OVERDUE_PAGE_SIZE)),
  };
}
