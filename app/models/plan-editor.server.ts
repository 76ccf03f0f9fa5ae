import { getDb } from "../../db/client";
import { type Actor } from "../domain/permissions";
import { STARTER_ACTION_TITLE } from "../domain/references";
import {
  checkRow,
  fieldId,
  isBlankRow,
  type RowData,
  type RowField,
  rowDataAsTyped,
  rowFingerprint,
  type SubmittedRow,
} from "../domain/plan-editor";
import { addAction } from "./action-create.server";
import { changeAction, recordTargetDateMove, targetDateReasonRefusal, writeAction } from "./action-changes.server";
import { recordAuditEvent } from "./audit.server";

/**
 * An inspection's recommendations with their actions (not withdrawn) as the plan editor shows
 * them, each action with the fingerprint of its values; undefined when the actor cannot see it.
 */
export async function getPlanForEditor(actor: Actor, inspectionId: number) {
  const db = getDb();
  let query = db
    .selectFrom("inspections")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .select([
      "inspections.id",
      "inspections.title",
      "inspections.short_name",
      "inspections.authority_id",
      "inspections.removed_at",
      "authorities.name as authority_name",
    ])
    .where("inspections.id", "=", inspectionId);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  const inspection = await query.executeTakeFirst();
  if (!inspection) return undefined;
  const [recommendations, actions] = await Promise.all([
    db
      .selectFrom("recommendations")
      .select(["id", "reference", "position", "text", "due_date"])
      .where("inspection_id", "=", inspection.id)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("actions")
      .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
      .select([
        "actions.id",
        "actions.recommendation_id",
        "actions.sequence",
        "actions.title",
        "actions.owner_id",
        "actions.target_date",
        "actions.partner_agency",
        "actions.service_area",
        "actions.success_measure",
        "actions.status",
        "actions.version",
      ])
      .where("recommendations.inspection_id", "=", inspection.id)
      .where("actions.withdrawn_at", "is", null)
      .orderBy("actions.sequence")
      .orderBy("actions.id")
      .execute(),
  ]);
  return {
    ...inspection,
    recommendations: recommendations.map((rec) => ({
      ...rec,
      actions: actions
        .filter((a) => a.recommendation_id === rec.id)
        .map((a) => ({ ...a, title: asRowData(a).title, seen: rowFingerprint(asRowData(a)) })),
    })),
  };
}
export type EditorPlan = NonNullable<Awaited<ReturnType<typeof getPlanForEditor>>>;

function asRowData(a: {
  title: string;
  owner_id: number | null;
  target_date: string | null;
  partner_agency: string | null;
  service_area: string | null;
  success_measure: string;
}): RowData {
  return {
    // A starter action's placeholder title is shown as an empty box for the lead to fill.
    title: a.title === STARTER_ACTION_TITLE ? "" : a.title,
    ownerId: a.owner_id,
    targetDate: a.target_date,
    partnerAgency: a.partner_agency,
    serviceArea: a.service_area,
    successMeasure: a.success_measure,
  };
}

/** What became of one submitted row. */
export type RowOutcome =
  | { key: string; outcome: "created"; actionId: number }
  | { key: string; outcome: "changed" | "unchanged" | "blank" }
  | { key: string; outcome: "invalid"; errors: Partial<Record<RowField, string>> }
  | {
      key: string;
      outcome: "conflict";
      changedBy: string | null;
      changedAt: string | null;
      /** The action as it is now, so saving again (having looked) overwrites it. */
      version: number;
      seen: string;
    };

/**
 * Saves the plan editor's rows: each row in its own transaction, so a row is saved whole or not at
 * all and a row with a problem never stops the others. New rows add actions (as the new-action
 * page does); changed rows are written with the version the page was drawn at, and audited field
 * by field as the action page's own forms are. A row the person did not touch (its values still
 * have the fingerprint it was drawn with) is left alone even if someone else changed the action.
 * `reason` is why target dates already set are moving (a first target date needs none).
 */
export async function savePlanRows(
  actor: Actor,
  plan: Pick<EditorPlan, "id" | "recommendations">,
  rows: SubmittedRow[],
  reason: string,
  now: Date,
): Promise<RowOutcome[]> {
  const recommendationIds = new Set(plan.recommendations.map((r) => r.id));
  const actionIds = new Set(plan.recommendations.flatMap((r) => r.actions.map((a) => a.id)));
  const outcomes: RowOutcome[] = [];
  for (const row of rows) {
    if (isBlankRow(row)) {
      outcomes.push({ key: row.key, outcome: "blank" });
      continue;
    }
    // A row the person did not touch is left alone, even where it would not pass as typed now.
    const asTyped = row.actionId !== null ? rowDataAsTyped(row.values) : null;
    if (asTyped && row.seen === rowFingerprint(asTyped)) {
      outcomes.push({ key: row.key, outcome: "unchanged" });
      continue;
    }
    const checked = checkRow(row.values);
    if (!checked.ok) {
      outcomes.push({ key: row.key, outcome: "invalid", errors: checked.errors });
      continue;
    }
    if (row.actionId === null) {
      outcomes.push(await createRow(actor, row, checked.data, recommendationIds, now));
      continue;
    }
    if (!actionIds.has(row.actionId) || row.version === null) {
      outcomes.push({
        key: row.key,
        outcome: "invalid",
        errors: { title: "This action is not in this plan any more: open the page again" },
      });
      continue;
    }
    outcomes.push(await changeRow(actor, row, checked.data, reason, now));
  }
  return outcomes;
}

async function createRow(
  actor: Actor,
  row: SubmittedRow,
  data: RowData,
  recommendationIds: Set<number>,
  now: Date,
): Promise<RowOutcome> {
  if (row.recommendationId === null || !recommendationIds.has(row.recommendationId)) {
    return { key: row.key, outcome: "invalid", errors: { title: "This recommendation is not in this plan" } };
  }
  const result = await addAction(
    actor,
    {
      recommendationId: row.recommendationId,
      title: data.title,
      description: "",
      ownerId: data.ownerId,
      targetDate: data.targetDate,
      partnerAgency: data.partnerAgency,
      serviceArea: data.serviceArea,
      successMeasure: data.successMeasure,
    },
    now,
  );
  if (result.ok) return { key: row.key, outcome: "created", actionId: result.actionId };
  if (result.reason === "invalid") return { key: row.key, outcome: "invalid", errors: { ownerId: result.message } };
  return { key: row.key, outcome: "invalid", errors: { title: refusalText(result.reason) } };
}

function refusalText(reason: "not_found" | "forbidden" | "conflict"): string {
  if (reason === "forbidden") return "Only an improvement lead or administrator can change the plan";
  return "This action is not in this plan any more: open the page again";
}

async function changeRow(
  actor: Actor,
  row: SubmittedRow,
  data: RowData,
  reason: string,
  now: Date,
): Promise<RowOutcome> {
  let invalid: Partial<Record<RowField, string>> | null = null;
  const result = await changeAction(actor, row.actionId!, "manage", row.version, async (trx, action) => {
    const before = await trx
      .selectFrom("actions")
      .select(["title", "owner_id", "target_date", "partner_agency", "service_area", "success_measure"])
      .where("id", "=", action.id)
      .executeTakeFirstOrThrow();
    const details = {
      title: data.title,
      partner_agency: data.partnerAgency,
      success_measure: data.successMeasure,
    };
    const changedDetails = (Object.keys(details) as (keyof typeof details)[]).filter((k) => before[k] !== details[k]);
    const ownerChanged = before.owner_id !== data.ownerId;
    const targetChanged = before.target_date !== data.targetDate;
    const areaChanged = before.service_area !== data.serviceArea;
    if (changedDetails.length === 0 && !ownerChanged && !targetChanged && !areaChanged) return { ok: true };

    let ownerName: string | null = null;
    if (ownerChanged && data.ownerId !== null) {
      const owner = await trx
        .selectFrom("users")
        .select("name")
        .where("id", "=", data.ownerId)
        .where("authority_id", "=", action.authorityId)
        .where("active", "=", 1)
        .where("role", "in", ["service_manager", "improvement_lead"])
        .executeTakeFirst();
      if (!owner) {
        invalid = { ownerId: "Choose an owner from this authority" };
        return { ok: false, reason: "invalid", message: "owner" };
      }
      ownerName = owner.name;
    }
    if (targetChanged) {
      if (data.targetDate === null) {
        invalid = { targetDate: "A target date cannot be taken away: give the new date" };
        return { ok: false, reason: "invalid", message: "target" };
      }
      if (targetDateReasonRefusal(before.target_date, reason)) {
        invalid = {
          targetDate: "This target date was already set: say why target dates are moving, below the plan",
        };
        return { ok: false, reason: "invalid", message: "reason" };
      }
    }

    await writeAction(
      trx,
      action,
      {
        ...details,
        owner_id: data.ownerId,
        target_date: data.targetDate,
        service_area: data.serviceArea,
      },
      now,
    );
    const audit = {
      userId: actor.id,
      authorityId: action.authorityId,
      entityType: "action" as const,
      entityId: action.id,
      at: now,
    };
    if (changedDetails.length > 0) {
      await recordAuditEvent(trx, {
        ...audit,
        event: "action.details_changed",
        before: Object.fromEntries(changedDetails.map((k) => [k, before[k]])),
        after: Object.fromEntries(changedDetails.map((k) => [k, details[k]])),
      });
    }
    if (ownerChanged) {
      await recordAuditEvent(trx, {
        ...audit,
        event: "action.owner_changed",
        before: { ownerId: before.owner_id },
        after: { ownerId: data.ownerId, ownerName },
      });
    }
    if (areaChanged) {
      await recordAuditEvent(trx, {
        ...audit,
        event: "action.service_area_changed",
        before: { service_area: before.service_area },
        after: { service_area: data.serviceArea },
      });
    }
    if (targetChanged && data.targetDate !== null) {
      await recordTargetDateMove(
        trx,
        actor,
        { ...action, targetDate: before.target_date },
        { targetDate: data.targetDate, reason: before.target_date === null ? "" : reason.trim() },
        now,
      );
    }
    return { ok: true };
  });
  if (result.ok) return { key: row.key, outcome: "changed" };
  switch (result.reason) {
    case "invalid":
      return { key: row.key, outcome: "invalid", errors: invalid ?? { title: result.message } };
    case "conflict": {
      const now = await getDb()
        .selectFrom("actions")
        .select(["title", "owner_id", "target_date", "partner_agency", "service_area", "success_measure", "version"])
        .where("id", "=", row.actionId!)
        .executeTakeFirstOrThrow();
      return {
        key: row.key,
        outcome: "conflict",
        changedBy: result.changedBy,
        changedAt: result.changedAt,
        version: now.version,
        seen: rowFingerprint(asRowData(now)),
      };
    }
    default:
      return { key: row.key, outcome: "invalid", errors: { title: refusalText(result.reason) } };
  }
}

/** The error summary's lines: one per field in trouble, each linking to that row's field. */
export function rowErrorSummary(outcomes: RowOutcome[], label: (key: string) => string): Record<string, string> {
  const summary: Record<string, string> = {};
  for (const o of outcomes) {
    if (o.outcome === "invalid") {
      for (const [field, message] of Object.entries(o.errors)) {
        summary[fieldId(o.key, field as RowField)] = `${label(o.key)}: ${message}`;
      }
    } else if (o.outcome === "conflict") {
      summary[fieldId(o.key, "title")] =
        `${label(o.key)}: ${o.changedBy ?? "someone"} changed this action after you opened the page; check what you typed and save again`;
    }
  }
  return summary;
}
