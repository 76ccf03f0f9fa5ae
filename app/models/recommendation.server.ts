import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import {
  auditSnapshots,
  changedFields,
  type FieldChange,
  type ProposedMove,
  proposeTargetDateMoves,
  type RecommendationField,
} from "../domain/corrections";
import { computeDueDate, type DueDateRule, type Timescale } from "../domain/due-dates";
import { type Actor, canManagePlan } from "../domain/permissions";
import type { Section } from "../import/types";
import { recordAuditEvent } from "./audit.server";
import {
  checkChosenMoves,
  type ChosenMove,
  lastActionChange,
  loadActionsForMoves,
  moveTargetDates,
} from "./correction-moves.server";
import type { CorrectionRefusal } from "./inspection-corrections.server";

type Db = Kysely<DB> | Transaction<DB>;

/**
 * One recommendation with its inspection and authority, if the actor may see it; also when its
 * inspection was removed (then with who removed it, when and why, for the page to say so).
 */
export async function getRecommendation(actor: Actor, recommendationId: number) {
  let query = getDb()
    .selectFrom("recommendations")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .select([
      "recommendations.id",
      "recommendations.reference",
      "recommendations.text",
      "recommendations.extracted_text",
      "recommendations.section",
      "recommendations.timescale",
      "recommendations.agencies",
      "recommendations.paragraph_number",
      "recommendations.due_date",
      "recommendations.due_date_rule",
      "recommendations.version",
      "inspections.id as inspection_id",
      "inspections.title as inspection_title",
      "inspections.basis_kind",
      "inspections.basis_date",
      "inspections.removed_at as inspection_removed_at",
      "inspections.authority_id",
      "authorities.name as authority_name",
    ])
    .where("recommendations.id", "=", recommendationId);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  const row = await query.executeTakeFirst();
  return row ? { ...row, agencies: parseAgencies(row.agencies) } : undefined;
}
export type RecommendationDetail = NonNullable<Awaited<ReturnType<typeof getRecommendation>>>;

function parseAgencies(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((a): a is string => typeof a === "string") : [];
}

/** The corrected values, as validated from the form; `due_date` null: work it out from the timescale. */
export interface RecommendationCorrection {
  text: string;
  section: Exclude<Section, undefined>;
  timescale: Timescale;
  agencies: string[];
  paragraph_number: string | null;
  due_date: string | null;
}

export interface RecommendationCorrectionPlan {
  changes: FieldChange<RecommendationField>[];
  dueDate: { from: string | null; to: string | null; rule: DueDateRule };
  moves: ProposedMove[];
}

/** The due date a correction gives: the lead's date, or (none typed, or the rule's own) the rule's. */
export function correctedDueDate(
  correction: Pick<RecommendationCorrection, "timescale" | "due_date">,
  basisDate: string | null,
  immediateGraceDays: number,
): { dueDate: string | null; rule: DueDateRule } {
  const ruled = computeDueDate({ timescale: correction.timescale, basisDate, immediateGraceDays });
  if (correction.due_date === null || correction.due_date === ruled.dueDate) return ruled;
  return { dueDate: correction.due_date, rule: "set_by_lead" };
}

async function loadForCorrection(db: Db, actor: Actor, recommendationId: number) {
  let query = db
    .selectFrom("recommendations")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select([
      "recommendations.id",
      "recommendations.reference",
      "recommendations.text",
      "recommendations.extracted_text",
      "recommendations.section",
      "recommendations.timescale",
      "recommendations.agencies",
      "recommendations.paragraph_number",
      "recommendations.due_date",
      "recommendations.due_date_rule",
      "recommendations.version",
      "inspections.id as inspection_id",
      "inspections.basis_date",
      "inspections.authority_id",
      "inspections.removed_at",
    ])
    .where("recommendations.id", "=", recommendationId);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query.executeTakeFirst();
}

/** Who last changed the recommendation, or its inspection's dates (for a conflict). */
async function lastRecommendationChange(db: Db, recommendationId: number, inspectionId: number) {
  return db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.user_id")
    .select(["users.name", "audit_events.at"])
    .where((eb) =>
      eb.or([
        eb.and([eb("entity_type", "=", "recommendation"), eb("entity_id", "=", recommendationId)]),
        eb.and([
          eb("entity_type", "=", "inspection"),
          eb("entity_id", "=", inspectionId),
          eb("event", "=", "inspection.corrected"),
        ]),
      ]),
    )
    .orderBy("audit_events.id", "desc")
    .executeTakeFirst();
}

async function plan(
  db: Db,
  actor: Actor,
  input: { recommendationId: number; version: number; correction: RecommendationCorrection },
  immediateGraceDays: number,
) {
  const row = await loadForCorrection(db, actor, input.recommendationId);
  if (!row) return { ok: false, reason: "not_found" } as const;
  if (!canManagePlan(actor, row.authority_id)) {
    return {
      ok: false,
      reason: "forbidden",
      message: "Only an improvement lead or administrator can correct a recommendation.",
    } as const;
  }
  if (row.removed_at !== null) return { ok: false, reason: "removed", inspectionId: row.inspection_id } as const;
  if (row.version !== input.version) {
    const last = await lastRecommendationChange(db, row.id, row.inspection_id);
    return { ok: false, reason: "conflict", changedBy: last?.name ?? null, changedAt: last?.at ?? null } as const;
  }
  const { correction } = input;
  const due = correctedDueDate(correction, row.basis_date, immediateGraceDays);
  const changes = changedFields<RecommendationField>(
    {
      text: row.text,
      section: row.section,
      timescale: row.timescale,
      agencies: JSON.stringify(parseAgencies(row.agencies)),
      paragraph_number: row.paragraph_number,
      due_date: row.due_date,
    },
    {
      text: correction.text,
      section: correction.section,
      timescale: correction.timescale,
      agencies: JSON.stringify(correction.agencies),
      paragraph_number: correction.paragraph_number,
      due_date: due.dueDate,
    },
  );
  const ruleChanged = due.rule !== row.due_date_rule;
  const actions = (await loadActionsForMoves(db, [row.id])).get(row.id) ?? [];
  const result: RecommendationCorrectionPlan = {
    changes,
    dueDate: { from: row.due_date, to: due.dueDate, rule: due.rule },
    moves: proposeTargetDateMoves(actions, row.due_date, due.dueDate),
  };
  return {
    ok: true,
    row,
    ruleChanged,
    plan: result,
    versions: new Map(actions.map((a) => [a.id, a.version])),
  } as const;
}

/** What correcting the recommendation would change, with the actions whose target dates would move. Nothing is written. */
export async function planRecommendationCorrection(
  actor: Actor,
  input: { recommendationId: number; version: number; correction: RecommendationCorrection },
  immediateGraceDays: number,
): Promise<{ ok: true; plan: RecommendationCorrectionPlan } | CorrectionRefusal> {
  const result = await plan(getDb(), actor, input, immediateGraceDays);
  return result.ok ? { ok: true, plan: result.plan } : result;
}

/**
 * Corrects the recommendation in one transaction, with the target dates the lead chose to move
 * (each recorded like any move, with `reason`). The text as extracted is kept the first time the
 * text is corrected. Audited with before and after; a stale form is refused (conflict).
 */
export async function correctRecommendation(
  actor: Actor,
  input: {
    recommendationId: number;
    version: number;
    correction: RecommendationCorrection;
    moves: readonly ChosenMove[];
    reason: string;
  },
  immediateGraceDays: number,
  now: Date,
): Promise<{ ok: true; plan: RecommendationCorrectionPlan; moved: number } | CorrectionRefusal> {
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
      if (result.changes.length === 0 && !planned.ruleChanged) return { ok: true, plan: result, moved: 0 } as const;

      const { correction } = input;
      const textChanged = result.changes.some((c) => c.field === "text");
      // A section the lead chose decides the readiness area over the wording (readiness-areas.ts).
      const sectionChosen = result.changes.some((c) => c.field === "section");
      const updated = await trx
        .updateTable("recommendations")
        .set({
          text: correction.text,
          section: correction.section,
          timescale: correction.timescale,
          agencies: JSON.stringify(correction.agencies),
          paragraph_number: correction.paragraph_number,
          due_date: result.dueDate.to,
          due_date_rule: result.dueDate.rule,
          // The reader's own words are kept once, before the first correction of the text.
          ...(textChanged && row.extracted_text === null ? { extracted_text: row.text } : {}),
          ...(sectionChosen ? { section_set_by_lead: 1 } : {}),
          version: row.version + 1,
        })
        .where("id", "=", row.id)
        .where("version", "=", row.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1)
        throw new Error(`recommendation ${row.id} changed during the transaction`);
      const { before, after } = auditSnapshots(result.changes);
      const asList = (values: Record<string, string | null>) =>
        "agencies" in values ? { ...values, agencies: JSON.parse(values.agencies ?? "[]") as string[] } : values;
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: row.authority_id,
        entityType: "recommendation",
        entityId: row.id,
        event: "recommendation.corrected",
        before: { ...asList(before), ...(planned.ruleChanged ? { dueDateRule: row.due_date_rule } : {}) },
        after: {
          ...asList(after),
          ...(planned.ruleChanged ? { dueDateRule: result.dueDate.rule } : {}),
          ...(chosen.moves.length > 0 ? { targetDatesMoved: chosen.moves.length, reason: input.reason.trim() } : {}),
        },
        at: now,
      });
      await moveTargetDates(trx, actor, row.authority_id, chosen.moves, input.reason.trim(), now);
      return { ok: true, plan: result, moved: chosen.moves.length } as const;
    });
}
