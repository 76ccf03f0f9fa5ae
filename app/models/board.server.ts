import { setImmediate as nextTurn } from "node:timers/promises";
import { getDb } from "../../db/client";
import { inTurns, turnsEvery } from "../utils/turns.server";
import type { RiskFlag } from "../../db/schema";
import {
  type ActionAsAt,
  type ActionHistory,
  type HistoryEvent,
  isAfterLondonDay,
  reconstructAsAt,
  trendDates,
} from "../domain/as-at";
import { TIMESCALE_LABELS, type Timescale } from "../domain/due-dates";
import { inspectionsRemovedAsAt } from "../domain/inspection-removal";
import { type Actor, canSeeAuthority } from "../domain/permissions";
import { type Rag } from "../domain/rag";
import { sectionLabel } from "../domain/references";
import { londonDateOf } from "../utils/dates";
import { planChangeToken, TokenCache } from "./plan-cache.server";
import { getAuthority } from "./authority.server";
import { removalHistory } from "./plan-scope.server";
import { inspectionLabel } from "../domain/inspection-label";

// The board dashboard is computed in memory from each action's reconstructed state, so "as at"
// any past date and today use exactly the same rules (app/domain/as-at.ts). Plans are hundreds
// to low thousands of actions: five queries load an authority's actions with all their history.

export interface BoardCounts {
  total: number;
  not_started: number;
  in_progress: number;
  awaiting_sign_off: number;
  signed_off: number;
  red: number;
  amber: number;
  green: number;
  blue: number;
  grey: number;
  overdue: number;
  due_soon: number;
  no_target_date: number;
}

export interface BoardGroup extends BoardCounts {
  key: string;
  label: string;
  /** Filters for the action list, which shows today's plan: only offered when the board is as at today. */
  filter: Record<string, string> | null;
}

export interface SectionGroup extends BoardGroup {
  section: string;
  timescale: string;
}

export interface InspectionBoard extends BoardGroup {
  sections: SectionGroup[];
}

export interface TrendPoint {
  date: string;
  red: number;
  amber: number;
  grey: number;
  green: number;
  blue: number;
}

export interface Board {
  authority: { id: number; name: string };
  asAt: string;
  totals: BoardCounts;
  inspections: InspectionBoard[];
  byTimescale: BoardGroup[];
  byOwner: BoardGroup[];
  byServiceArea: BoardGroup[];
  byPartnerAgency: BoardGroup[];
  trend: TrendPoint[];
}

export const NOT_ASSIGNED = "Not assigned";
export const NOT_SET = "Not set";
export const NO_PARTNER_AGENCY = "No partner agency";
const NO_TIMESCALE = "No timescale given";

/** Every count at zero. */
export function emptyCounts(): BoardCounts {
  return {
    total: 0,
    not_started: 0,
    in_progress: 0,
    awaiting_sign_off: 0,
    signed_off: 0,
    red: 0,
    amber: 0,
    green: 0,
    blue: 0,
    grey: 0,
    overdue: 0,
    due_soon: 0,
    no_target_date: 0,
  };
}

function count(counts: BoardCounts, state: ActionAsAt) {
  counts.total += 1;
  counts[state.status] += 1;
  counts[state.rag] += 1;
  if (state.overdue) counts.overdue += 1;
  if (state.dueSoon) counts.due_soon += 1;
  if (state.noTargetDate) counts.no_target_date += 1;
}

/** Groups in first-seen order; `last` keys (the "not set" groups) go to the end. */
class Grouping<G extends BoardGroup> {
  private groups = new Map<string, G>();
  constructor(private make: (key: string) => G) {}
  add(key: string, state: ActionAsAt): G {
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = this.make(key)));
    count(group, state);
    return group;
  }
  sorted(compare: (a: G, b: G) => number): G[] {
    return [...this.groups.values()].sort(compare);
  }
}

const byLabelWithLast = (last: string) => (a: BoardGroup, b: BoardGroup) =>
  Number(a.label === last) - Number(b.label === last) || a.label.localeCompare(b.label, "en-GB");

const TIMESCALE_ORDER = ["immediately", "three_months", "six_months", "none"];

function parseJson(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : null;
}

function agenciesOf(partnerAgency: string | null, recommendationAgencies: string): string[] {
  if (partnerAgency?.trim()) return [partnerAgency.trim()];
  const parsed: unknown = JSON.parse(recommendationAgencies);
  const named = Array.isArray(parsed)
    ? parsed.filter((a): a is string => typeof a === "string" && a.trim() !== "")
    : [];
  return named.length > 0 ? [...new Set(named.map((a) => a.trim()))] : [NO_PARTNER_AGENCY];
}

/**
 * Every action of one authority's plans with all its history, in six queries: removed
 * inspections' too, with when each inspection was removed and restored, since the plan as at an
 * earlier date may still hold them.
 */
async function loadPlanHistory(authorityId: number) {
  const db = getDb();
  const ids = db
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select("actions.id")
    .where("inspections.authority_id", "=", authorityId);
  const [actions, events, targetChanges, evidence, people, removals] = await inTurns([
    () =>
      db
        .selectFrom("actions")
        .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
        .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
        .select([
          "actions.id",
          "actions.created_at",
          "actions.status",
          "actions.target_date",
          "actions.owner_id",
          "actions.risk_flag",
          "actions.partner_agency",
          "actions.service_area",
          "actions.withdrawn_at",
          "actions.recovery_date",
          "recommendations.section",
          "recommendations.timescale",
          "recommendations.agencies",
          "inspections.id as inspection_id",
          "inspections.title as inspection_title",
          "inspections.published as inspection_published",
          "inspections.inspection_start",
          "inspections.inspection_end",
        ])
        .where("inspections.authority_id", "=", authorityId)
        .orderBy("inspections.inspection_start", "desc")
        .orderBy("inspections.id", "desc")
        .orderBy("recommendations.position")
        .orderBy("actions.sequence")
        .execute(),
    () =>
      db
        .selectFrom("audit_events")
        .select(["entity_id", "at", "event", "before", "after"])
        .where("entity_type", "=", "action")
        .where("entity_id", "in", ids)
        .orderBy("id")
        .execute(),
    () =>
      db
        .selectFrom("target_date_changes")
        .select(["action_id", "changed_at", "from_date", "to_date"])
        .where("action_id", "in", ids)
        .orderBy("id")
        .execute(),
    () =>
      db
        .selectFrom("evidence")
        .select(["action_id", "created_at", "deleted_at"])
        .where("action_id", "in", ids)
        .execute(),
    () => db.selectFrom("users").select(["id", "name"]).where("authority_id", "=", authorityId).execute(),
    () => removalHistory(authorityId),
  ]);

  const histories = new Map<
    number,
    {
      events: HistoryEvent[];
      targetDateChanges: ActionHistory["targetDateChanges"][number][];
      evidence: ActionHistory["evidence"][number][];
    }
  >(actions.map((a) => [a.id, { events: [], targetDateChanges: [], evidence: [] }]));
  // A large plan's history takes a while to read: let other requests run between pieces of it.
  const pause = turnsEvery(YIELD_EVERY);
  for (const e of events) {
    histories
      .get(e.entity_id)
      ?.events.push({ at: e.at, event: e.event, before: parseJson(e.before), after: parseJson(e.after) });
    await pause();
  }
  for (const c of targetChanges) {
    histories.get(c.action_id)?.targetDateChanges.push({ at: c.changed_at, from: c.from_date, to: c.to_date });
  }
  for (const e of evidence)
    histories.get(e.action_id)?.evidence.push({ createdAt: e.created_at, deletedAt: e.deleted_at });
  return { actions, histories, ownerNames: new Map(people.map((p) => [p.id, p.name])), removals };
}

type PlanHistory = Awaited<ReturnType<typeof loadPlanHistory>>;

/**
 * The service area an action had at the end of `asAt`: today's value, with each later change
 * (action.service_area_changed, oldest first in `events`) undone newest first.
 */
export function serviceAreaAsAt(current: string | null, events: readonly HistoryEvent[], asAt: string): string | null {
  let value = current;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (!isAfterLondonDay(event.at, asAt)) continue;
    if (event.before && "service_area" in event.before) value = (event.before.service_area as string | null) ?? null;
  }
  return value?.trim() || null;
}

/** Each action in the plan at the end of `asAt` (created, not withdrawn, its inspection not removed), with its state. */
function statesAsAt(plan: PlanHistory, asAt: string, amberWindowDays: number) {
  const removed = inspectionsRemovedAsAt(plan.removals, asAt);
  return plan.actions
    .filter((action) => !removed.has(action.inspection_id))
    .map((action) => ({
      action,
      state: reconstructAsAt(
        {
          createdAt: action.created_at,
          status: action.status,
          targetDate: action.target_date,
          ownerId: action.owner_id,
          riskFlag: action.risk_flag as RiskFlag | null,
          partnerAgency: action.partner_agency,
          withdrawnAt: action.withdrawn_at,
          recoveryDate: action.recovery_date,
        },
        plan.histories.get(action.id)!,
        asAt,
        amberWindowDays,
      ),
    }))
    .filter(({ state }) => state.existed && !state.withdrawn);
}

/**
 * The board dashboard for one authority as it stood at the end of `asAt` (a London day, today
 * or earlier): progress by inspection, section and timescale, owner, service area and partner
 * agency, and RAG counts at month ends over the year to `asAt`. Null when the actor may not see it.
 */
export async function getBoard(
  actor: Actor,
  authorityId: number,
  input: { asAt: string; today: string; amberWindowDays: number },
): Promise<Board | null> {
  if (!canSeeAuthority(actor, authorityId)) return null;
  const db = getDb();
  const token = await planChangeToken(db, authorityId);
  const key = `${authorityId}|${input.asAt}|${input.today}|${input.amberWindowDays}`;
  const cached = token === null ? undefined : boardCache.get(db, token, key);
  if (cached !== undefined) return cached;
  const board = await computeBoard(authorityId, input);
  if (token !== null && board !== null) boardCache.set(db, token, key, board);
  return board;
}

/**
 * Boards already computed, per database, each under its authority's change token: a board
 * depends only on that authority's plan, the date and the amber window, so while the token is
 * unchanged the same question gets the same answer without reconstructing every action's history
 * again (13 times over, for the trend). A board under an older token is never served; at most
 * `limit` boards are kept, the least recently used going first. Cached boards are shared: callers
 * must not change them.
 */
export class BoardCache extends TokenCache<Board> {
  constructor(limit = 50) {
    super(limit);
  }
}

export const boardCache = new BoardCache();

/** The board computed from the database, without the cache (the caller checks the actor may see it). */
export async function computeBoard(
  authorityId: number,
  input: { asAt: string; today: string; amberWindowDays: number },
): Promise<Board | null> {
  const authority = await getAuthority(authorityId);
  if (!authority) return null;

  const { asAt, amberWindowDays } = input;
  const live = asAt === input.today;
  const plan = await loadPlanHistory(authorityId);
  const states = statesAsAt(plan, asAt, amberWindowDays);

  const totals = emptyCounts();
  const inspections = new Grouping<InspectionBoard>(() => ({
    ...emptyCounts(),
    key: "",
    label: "",
    filter: null,
    sections: [],
  }));
  const sections = new Map<number, Grouping<SectionGroup>>();
  const timescales = new Grouping<BoardGroup>((key) => ({
    ...emptyCounts(),
    key,
    label: key === "none" ? NO_TIMESCALE : TIMESCALE_LABELS[key as Exclude<Timescale, null>],
    filter: null,
  }));
  const owners = new Grouping<BoardGroup>((key) => ({
    ...emptyCounts(),
    key,
    label: key === "none" ? NOT_ASSIGNED : (plan.ownerNames.get(Number(key)) ?? "Former owner"),
    filter: live ? { owner: key } : null,
  }));
  const serviceAreas = new Grouping<BoardGroup>((key) => ({ ...emptyCounts(), key, label: key, filter: null }));
  const agencies = new Grouping<BoardGroup>((key) => ({ ...emptyCounts(), key, label: key, filter: null }));

  for (const { action, state } of states) {
    count(totals, state);
    const inspection = inspections.add(String(action.inspection_id), state);
    inspection.key = String(action.inspection_id);
    // Reports for one authority often share a title; the publication date tells them apart.
    inspection.label = inspectionLabel({
      title: action.inspection_title,
      published: action.inspection_published,
      inspection_start: action.inspection_start,
      inspection_end: action.inspection_end,
    });
    inspection.filter = live ? { inspection: String(action.inspection_id) } : null;
    const section = action.section ?? "none";
    const timescale = action.timescale ?? "none";
    if (!sections.has(action.inspection_id)) {
      sections.set(
        action.inspection_id,
        new Grouping<SectionGroup>((key) => {
          const [s, t] = key.split("|");
          return {
            ...emptyCounts(),
            key,
            section: sectionLabel(s === "none" ? null : s),
            timescale: t === "none" ? NO_TIMESCALE : TIMESCALE_LABELS[t as Exclude<Timescale, null>],
            label: `${sectionLabel(s === "none" ? null : s)}, ${t === "none" ? NO_TIMESCALE.toLowerCase() : TIMESCALE_LABELS[t as Exclude<Timescale, null>].toLowerCase()}`,
            filter: live ? { inspection: String(action.inspection_id), section: s, timescale: t } : null,
          };
        }),
      );
    }
    sections.get(action.inspection_id)!.add(`${section}|${timescale}`, state);
    timescales.add(timescale, state);
    owners.add(state.ownerId === null ? "none" : String(state.ownerId), state);
    serviceAreas.add(
      serviceAreaAsAt(action.service_area, plan.histories.get(action.id)!.events, asAt) || NOT_SET,
      state,
    );
    for (const agency of agenciesOf(state.partnerAgency, action.agencies)) agencies.add(agency, state);
  }

  const sectionOrder = (a: SectionGroup, b: SectionGroup) => {
    const [as, at] = a.key.split("|");
    const [bs, bt] = b.key.split("|");
    return (
      (as === "none" ? "~" : as).localeCompare(bs === "none" ? "~" : bs) ||
      TIMESCALE_ORDER.indexOf(at) - TIMESCALE_ORDER.indexOf(bt)
    );
  };
  // The London day of the earliest creation (one conversion, not one per action).
  const firstCreated = plan.actions.reduce<string | null>(
    (first, a) => (first === null || Date.parse(a.created_at) < Date.parse(first) ? a.created_at : first),
    null,
  );
  const firstDay = firstCreated === null ? null : londonDateOf(firstCreated);

  return {
    authority,
    asAt,
    totals,
    // Actions come newest inspection first, so first-seen order is the order to show.
    inspections: inspections
      .sorted(() => 0)
      .map((i) => ({ ...i, sections: sections.get(Number(i.key))!.sorted(sectionOrder) })),
    byTimescale: timescales.sorted((a, b) => TIMESCALE_ORDER.indexOf(a.key) - TIMESCALE_ORDER.indexOf(b.key)),
    byOwner: owners.sorted(byLabelWithLast(NOT_ASSIGNED)),
    byServiceArea: serviceAreas.sorted(byLabelWithLast(NOT_SET)),
    byPartnerAgency: agencies.sorted(byLabelWithLast(NO_PARTNER_AGENCY)),
    trend:
      firstDay === null || firstDay > asAt
        ? []
        : trendDates(asAt, firstDay).map((date) => ragCounts(plan, date, amberWindowDays)),
  };
}

function ragCounts(plan: PlanHistory, date: string, amberWindowDays: number): TrendPoint {
  const point: TrendPoint = { date, red: 0, amber: 0, grey: 0, green: 0, blue: 0 };
  for (const { state } of statesAsAt(plan, date, amberWindowDays)) point[state.rag as Rag] += 1;
  return point;
}

export type ActionStateAsAt = ActionAsAt & { serviceArea: string | null };

/** Actions (or history events) worked through between letting other requests run. */
const YIELD_EVERY = 400;

/**
 * Each action's reconstructed state at the end of `asAt`, keyed by action id, for one authority
 * (actions not yet created or withdrawn by then are left out). The caller checks the actor may see it.
 */
export async function actionStatesAsAt(
  authorityId: number,
  asAt: string,
  amberWindowDays: number,
): Promise<Map<number, ActionStateAsAt>> {
  return (await actionStatesAtDates(authorityId, [asAt], amberWindowDays))[0];
}

/** As actionStatesAsAt, at several dates, from one reading of the plan's history. */
export async function actionStatesAtDates(
  authorityId: number,
  dates: readonly string[],
  amberWindowDays: number,
): Promise<Map<number, ActionStateAsAt>[]> {
  const plan = await loadPlanHistory(authorityId);
  const maps: Map<number, ActionStateAsAt>[] = [];
  for (const asAt of dates) {
    const states = new Map<number, ActionStateAsAt>();
    for (let from = 0; from < plan.actions.length; from += YIELD_EVERY) {
      const part = { ...plan, actions: plan.actions.slice(from, from + YIELD_EVERY) };
      for (const { action, state } of statesAsAt(part, asAt, amberWindowDays)) {
        const serviceArea = serviceAreaAsAt(action.service_area, plan.histories.get(action.id)!.events, asAt);
        states.set(action.id, { ...state, serviceArea });
      }
      await nextTurn();
    }
    maps.push(states);
  }
  return maps;
}
