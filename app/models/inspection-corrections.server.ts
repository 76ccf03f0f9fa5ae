import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import {
  auditSnapshots,
  basisDateOf,
  changedFields,
  type FieldChange,
  type InspectionField,
  knownInspectionDates,
  type ProposedMove,
  proposeTargetDateMoves,
  recomputeDueDate,
} from "../domain/corrections";
import type { BasisKind, DueDateRule } from "../domain/due-dates";
import { type Actor, canManagePlan } from "../domain/permissions";
import type { ReportKind } from "../import/types";
import { recordAuditEvent } from "./audit.server";
import {
  checkChosenMoves,
  type ChosenMove,
  lastActionChange,
  loadActionsForMoves,
  moveTargetDates,
} from "./correction-moves.server";

// Correcting an inspection after import: its title, kind, dates and the due-date basis. A change
// of the basis date recomputes the recommendations' due dates and asks which actions' target
// dates to move (planInspectionCorrection), before anything is written (correctInspection).

type Db = Kysely<DB> | Transaction<DB>;

/** The corrected values, as validated from the form (dates `YYYY-MM-DD`). */
export interface InspectionCorrection {
  title: string;
  kind: ReportKind;
  inspection_start: string | null;
  inspection_end: string | null;
  published: string | null;
  received: string | null;
  basis_kind: BasisKind;
}

/** Why a correction was not made. `removed` carries the notice; `conflict` who changed it since the form was opened. */
export type CorrectionRefusal =
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "forbidden"; message: string }
  | { ok: false; reason: "removed"; inspectionId: number }
  | { ok: false; reason: "invalid"; field: string; message: string }
  | { ok: false; reason: "conflict"; changedBy: string | null; changedAt: string | null };

export interface DueDateChange {
  recommendationId: number;
  reference: string;
  from: string | null;
  to: string | null;
  rule: DueDateRule;
}

export interface InspectionCorrectionPlan {
  changes: FieldChange<InspectionField>[];
  basisDate: string | null;
  dueDates: DueDateChange[];
  moves: ProposedMove[];
}

async function loadInspection(db: Db, actor: Actor, inspectionId: number) {
  let query = db
    .selectFrom("inspections")
    .select([
      "id",
      "authority_id",
      "title",
      "kind",
      "inspection_start",
      "inspection_end",
      "published",
      "received",
      "basis_kind",
      "basis_date",
      "version",
      "removed_at",
    ])
    .where("id", "=", inspectionId);
  if (actor.role !== "admin") query = query.where("authority_id", "=", actor.authorityId ?? -1);
  return query.executeTakeFirst();
}

type LoadedInspection = NonNullable<Awaited<ReturnType<typeof loadInspection>>>;

/** The inspection's correctable fields as they stand (the dates as far as known), for the form. */
function currentValues(row: LoadedInspection): Record<InspectionField, string | null> {
  const dates = knownInspectionDates(row);
  return {
    title: row.title,
    kind: row.kind,
    inspection_start: row.inspection_start,
    inspection_end: dates.inspectionEnd,
    published: dates.published,
    received: dates.received,
    basis_kind: row.basis_kind,
  };
}

/** The inspection as its correction form starts, if the actor may see it (removed ones too: the page says so). */
export async function getInspectionForCorrection(actor: Actor, inspectionId: number) {
  const row = await loadInspection(getDb(), actor, inspectionId);
  if (!row) return undefined;
  const authority = await getDb()
    .selectFrom("authorities")
    .select("name")
    .where("id", "=", row.authority_id)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    authorityId: row.authority_id,
    authorityName: authority.name,
    version: row.version,
    removed: row.removed_at !== null,
    basisDate: row.basis_date,
    values: currentValues(row),
  };
}

/** Who made the inspection's latest recorded change (for a conflict). */
async function lastInspectionChange(db: Db, inspectionId: number) {
  return db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.user_id")
    .select(["users.name", "audit_events.at"])
    .where("entity_type", "=", "inspection")
    .where("entity_id", "=", inspectionId)
    .orderBy("audit_events.id", "desc")
    .executeTakeFirst();
}

/** Loads, checks and works out a correction without writing it. */
async function plan(
  db: Db,
  actor: Actor,
  input: { inspectionId: number; version: number; correction: InspectionCorrection },
  immediateGraceDays: number,
) {
  const row = await loadInspection(db, actor, input.inspectionId);
  if (!row) return { ok: false, reason: "not_found" } as const;
  if (!canManagePlan(actor, row.authority_id)) {
    return {
      ok: false,
      reason: "forbidden",
      message: "Only an improvement lead or administrator can correct an inspection.",
    } as const;
  }
  if (row.removed_at !== null) return { ok: false, reason: "removed", inspectionId: row.id } as const;
  if (row.version !== input.version) {
    const last = await lastInspectionChange(db, row.id);
    return { ok: false, reason: "conflict", changedBy: last?.name ?? null, changedAt: last?.at ?? null } as const;
  }
  const { correction } = input;
  if (
    correction.inspection_start &&
    correction.inspection_end &&
    correction.inspection_end < correction.inspection_start
  ) {
    return {
      ok: false,
      reason: "invalid",
      field: "inspectionEnd",
      message: "The last day of the inspection must be the same as or after the first day",
    } as const;
  }
  const changes = changedFields(currentValues(row), { ...correction });
  const basisDate = basisDateOf(correction.basis_kind, {
    published: correction.published,
    received: correction.received,
    inspectionEnd: correction.inspection_end,
  });
  // Due dates follow only a change of the basis date, never an unrelated correction (the grace
  // days for "immediately" may have changed since import; that alone moves nothing).
  const dueDates: DueDateChange[] = [];
  const moves: ProposedMove[] = [];
  const versions = new Map<number, number>();
  if (basisDate !== row.basis_date) {
    const recommendations = await db
      .selectFrom("recommendations")
      .select(["id", "reference", "timescale", "due_date", "due_date_rule"])
      .where("inspection_id", "=", row.id)
      .orderBy("position")
      .execute();
    const actions = await loadActionsForMoves(
      db,
      recommendations.map((r) => r.id),
    );
    for (const rec of recommendations) {
      const next = recomputeDueDate({
        timescale: rec.timescale,
        current: { dueDate: rec.due_date, rule: rec.due_date_rule as DueDateRule },
        basisDate,
        immediateGraceDays,
      });
      if (next.dueDate === rec.due_date && next.rule === rec.due_date_rule) continue;
      dueDates.push({
        recommendationId: rec.id,
        reference: rec.reference,
        from: rec.due_date,
        to: next.dueDate,
        rule: next.rule,
      });
      const own = actions.get(rec.id) ?? [];
      for (const a of own) versions.set(a.id, a.version);
      moves.push(...proposeTargetDateMoves(own, rec.due_date, next.dueDate));
    }
  }
  return { ok: true, row, plan: { changes, basisDate, dueDates, moves }, versions } as const;
}

/**
 * What correcting the inspection would change: the fields, the recommendations' due dates (when
 * the basis date changes) and the actions whose target dates would move, from what to what.
 * Nothing is written.
 */
export async function planInspectionCorrection(
  actor: Actor,
  input: { inspectionId: number; version: number; correction: InspectionCorrection },
  immediateGraceDays: number,
): Promise<{ ok: true; plan: InspectionCorrectionPlan } | CorrectionRefusal> {
  const result = await plan(getDb(), actor, input, immediateGraceDays);
  return result.ok ? { ok: true, plan: result.plan } : result;
}

/**
 * Corrects the inspection in one transaction: its fields, the recommendations' due dates that
 * follow a new basis date, and the target dates of the actions the lead chose to move (`moves`,
 * each from the date they were shown; each recorded like any target date move, with `reason`).
 * Audited with before and after. Checked again inside the transaction, so a form opened before
 * someone else's change is refused (conflict) rather than applied over it.
 */
export async function correctInspection(
  actor: Actor,
  input: {
    inspectionId: number;
    version: number;
    correction: InspectionCorrection;
    moves: readonly ChosenMove[];
    reason: string;
  },
  immediateGraceDays: number,
  now: Date,
): Promise<{ ok: true; plan: InspectionCorrectionPlan; moved: number } | CorrectionRefusal> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const planned = await plan(trx, actor, input, immediateGraceDays);
      if (!planned.ok) return planned;
      const { row, plan: result, versions } = planned;
      const chosen = checkChosenMoves(result.moves, input.moves, versions);
      if (!chosen.ok) {
        const last = await lastActionChange(trx, chosen.actionId);
        return { ok: false, reason: "conflict", changedBy: last?.name ?? null, changedAt: last?.at ?? null } as const;
      }
      if (chosen.moves.length > 0 && input.reason.trim() === "") {
        return {
          ok: false,
          reason: "invalid",
          field: "reason",
          message: "Give the reason the target dates are moving",
        } as const;
      }
      if (result.changes.length === 0) return { ok: true, plan: result, moved: 0 } as const;

      const changed = Object.fromEntries(result.changes.map((c) => [c.field, c.to]));
      const updated = await trx
        .updateTable("inspections")
        .set({ ...changed, basis_date: result.basisDate, version: row.version + 1 })
        .where("id", "=", row.id)
        .where("version", "=", row.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new Error(`inspection ${row.id} changed during the transaction`);
      for (const due of result.dueDates) {
        await trx
          .updateTable("recommendations")
          .set((eb) => ({ due_date: due.to, due_date_rule: due.rule, version: eb("version", "+", 1) }))
          .where("id", "=", due.recommendationId)
          .execute();
      }
      const { before, after } = auditSnapshots(result.changes);
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: row.authority_id,
        entityType: "inspection",
        entityId: row.id,
        event: "inspection.corrected",
        before,
        after: {
          ...after,
          ...(result.dueDates.length > 0
            ? { dueDates: result.dueDates.map((d) => ({ reference: d.reference, from: d.from, to: d.to })) }
            : {}),
          ...(chosen.moves.length > 0 ? { targetDatesMoved: chosen.moves.length, reason: input.reason.trim() } : {}),
        },
        at: now,
      });
      await moveTargetDates(trx, actor, row.authority_id, chosen.moves, input.reason.trim(), now);
      return { ok: true, plan: result, moved: chosen.moves.length } as const;
    });
}
