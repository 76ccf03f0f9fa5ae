import { getDb } from "../../db/client";
import { type Actor, canManagePlan, canSeeAuthority } from "../domain/permissions";
import type { PlanSettingsInput } from "../domain/plan-settings";
import { recordAuditEvent } from "./audit.server";
import { oncePerRequest } from "../utils/request-memo.server";

// The plan settings each council works to: the amber window (how many days before its target date
// an action turns Amber, and reminders start) and the grace days an "immediately" recommendation
// gets before its actions are due. The settings row (id 1) holds the defaults administrators set;
// a council's own value, where a lead or administrator set one, is on its authorities row.

export interface PlanSettings {
  immediateGraceDays: number;
  amberWindowDays: number;
}

export async function getDefaultSettings(): Promise<PlanSettings> {
  const row = await getDb()
    .selectFrom("settings")
    .select(["immediate_grace_days", "amber_window_days"])
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  return { immediateGraceDays: row.immediate_grace_days, amberWindowDays: row.amber_window_days };
}

/**
 * The settings a council works to: its own where set, the defaults otherwise. No council (an
 * administrator's view across councils, or an unknown one): the defaults.
 */
export function getSettings(authorityId?: number | null): Promise<PlanSettings> {
  // The loaders of one page request share one reading (app/utils/request-memo.server.ts).
  return oncePerRequest(`settings ${authorityId ?? "default"}`, () => readSettings(authorityId));
}

async function readSettings(authorityId?: number | null): Promise<PlanSettings> {
  const defaults = await getDefaultSettings();
  if (authorityId === undefined || authorityId === null) return defaults;
  const own = await getDb()
    .selectFrom("authorities")
    .select(["amber_window_days", "immediate_grace_days"])
    .where("id", "=", authorityId)
    .executeTakeFirst();
  return {
    amberWindowDays: own?.amber_window_days ?? defaults.amberWindowDays,
    immediateGraceDays: own?.immediate_grace_days ?? defaults.immediateGraceDays,
  };
}

/** Each council's amber window, by authority id (for work across councils, such as reminders). */
export async function amberWindowsByAuthority(): Promise<{ windows: Map<number, number>; fallback: number }> {
  const defaults = await getDefaultSettings();
  const rows = await getDb().selectFrom("authorities").select(["id", "amber_window_days"]).execute();
  return {
    windows: new Map(rows.map((r) => [r.id, r.amber_window_days ?? defaults.amberWindowDays])),
    fallback: defaults.amberWindowDays,
  };
}

/** The councils the actor may set plan settings for, with their own values (null: the default). */
export async function listCouncilPlanSettings(actor: Actor) {
  let query = getDb()
    .selectFrom("authorities")
    .select(["id", "name", "protective_marking", "amber_window_days", "immediate_grace_days"])
    .orderBy("name");
  if (actor.role !== "admin") query = query.where("id", "=", actor.authorityId ?? -1);
  return query.execute();
}

export type SettingsResult = { ok: true; changed: boolean } | { ok: false; reason: "not_found" | "forbidden" };

/** Sets a council's own plan settings (null: use the default), as a lead of it or an administrator; audited. */
export async function setCouncilPlanSettings(
  actor: Actor,
  authorityId: number,
  input: PlanSettingsInput,
  now: Date,
): Promise<SettingsResult> {
  if (!canSeeAuthority(actor, authorityId)) return { ok: false, reason: "not_found" };
  if (!canManagePlan(actor, authorityId)) return { ok: false, reason: "forbidden" };
  return getDb()
    .transaction()
    .execute(async (trx): Promise<SettingsResult> => {
      const current = await trx
        .selectFrom("authorities")
        .select(["amber_window_days", "immediate_grace_days"])
        .where("id", "=", authorityId)
        .executeTakeFirst();
      if (!current) return { ok: false, reason: "not_found" };
      if (
        current.amber_window_days === input.amberWindowDays &&
        current.immediate_grace_days === input.immediateGraceDays
      ) {
        return { ok: true, changed: false };
      }
      await trx
        .updateTable("authorities")
        .set({ amber_window_days: input.amberWindowDays, immediate_grace_days: input.immediateGraceDays })
        .where("id", "=", authorityId)
        .execute();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId,
        entityType: "authority",
        entityId: authorityId,
        event: "authority.plan_settings_changed",
        before: { amberWindowDays: current.amber_window_days, immediateGraceDays: current.immediate_grace_days },
        after: { amberWindowDays: input.amberWindowDays, immediateGraceDays: input.immediateGraceDays },
        at: now,
      });
      return { ok: true, changed: true };
    });
}

/** Sets the defaults every council without its own settings works to; administrators only, audited. */
export async function setDefaultPlanSettings(actor: Actor, input: PlanSettings, now: Date): Promise<SettingsResult> {
  if (actor.role !== "admin") return { ok: false, reason: "forbidden" };
  return getDb()
    .transaction()
    .execute(async (trx): Promise<SettingsResult> => {
      const current = await trx
        .selectFrom("settings")
        .select(["amber_window_days", "immediate_grace_days"])
        .where("id", "=", 1)
        .executeTakeFirstOrThrow();
      if (
        current.amber_window_days === input.amberWindowDays &&
        current.immediate_grace_days === input.immediateGraceDays
      ) {
        return { ok: true, changed: false };
      }
      await trx
        .updateTable("settings")
        .set({ amber_window_days: input.amberWindowDays, immediate_grace_days: input.immediateGraceDays })
        .where("id", "=", 1)
        .execute();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: null,
        entityType: "settings",
        entityId: 1,
        event: "settings.plan_defaults_changed",
        before: { amberWindowDays: current.amber_window_days, immediateGraceDays: current.immediate_grace_days },
        after: { ...input },
        at: now,
      });
      return { ok: true, changed: true };
    });
}

/**
 * The council an action or inspection belongs to, so that an administrator's view of it uses that
 * council's settings; null when there is no such record. Everyone else sees only their own council's.
 */
export async function councilOf(kind: "action" | "inspection", id: number): Promise<number | null> {
  const db = getDb();
  const row =
    kind === "inspection"
      ? await db.selectFrom("inspections").select("authority_id").where("id", "=", id).executeTakeFirst()
      : await db
          .selectFrom("actions")
          .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
          .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
          .select("inspections.authority_id")
          .where("actions.id", "=", id)
          .executeTakeFirst();
  return row?.authority_id ?? null;
}
