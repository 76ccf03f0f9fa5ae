import { type ExpressionBuilder, type Expression, type SqlBool } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import type { Actor } from "../domain/permissions";
import { amberUntil, overdueExpression, ragExpression } from "./rag-sql.server";

type Eb = ExpressionBuilder<DB & { owner: DB["users"] }, "actions" | "recommendations" | "inspections" | "authorities" | "owner">;

/** How many rows match a condition, inside a grouped query. */
function countWhere(eb: Eb, condition: Expression<SqlBool>) {
  return eb.fn.coalesce(eb.fn.sum<number>(eb.case().when(condition).then(1).else(0).end()), eb.lit(0));
}

/** The same counts on every progress view: status, RAG, overdue and due soon. */
function progressCounts(eb: Eb, today: string, amberWindowDays: number) {
  const rag = ragExpression(eb as never, today, amberWindowDays);
  return [
    eb.fn.countAll<number>().as("total"),
    countWhere(eb, eb("actions.status", "=", "not_started")).as("not_started"),
    countWhere(eb, eb("actions.status", "=", "in_progress")).as("in_progress"),
    countWhere(eb, eb("actions.status", "=", "awaiting_sign_off")).as("awaiting_sign_off"),
    countWhere(eb, eb("actions.status", "=", "signed_off")).as("signed_off"),
    countWhere(eb, eb(rag, "=", "red")).as("red"),
    countWhere(eb, eb(rag, "=", "amber")).as("amber"),
    countWhere(eb, eb(rag, "=", "green")).as("green"),
    countWhere(eb, eb(rag, "=", "blue")).as("blue"),
    countWhere(eb, overdueExpression(eb as never, today)).as("overdue"),
    countWhere(
      eb,
      eb.and([
        eb("actions.status", "!=", "signed_off"),
        eb("actions.target_date", ">=", today),
        eb("actions.target_date", "<=", amberUntil(today, amberWindowDays)),
      ]),
    ).as("due_soon"),
    countWhere(eb, eb.and([eb("actions.status", "!=", "signed_off"), eb("actions.target_date", "is", null)])).as(
      "no_target_date",
    ),
  ] as const;
}

function scoped(actor: Actor, authorityId?: number) {
  let query = getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .leftJoin("users as owner", "owner.id", "actions.owner_id");
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  if (authorityId) query = query.where("inspections.authority_id", "=", authorityId);
  // Withdrawn actions stay in history but are no longer part of the plan's progress.
  return query.where("actions.withdrawn_at", "is", null);
}

export async function summariseAuthorities(actor: Actor, today: string, amberWindowDays: number) {
  return scoped(actor)
    .select((eb) => ["authorities.id", "authorities.name", ...progressCounts(eb, today, amberWindowDays)])
    .groupBy(["authorities.id", "authorities.name"])
    .orderBy("authorities.name")
    .execute();
}
export type ProgressCounts = Awaited<ReturnType<typeof summariseAuthorities>>[number];

/** Actions past their target date or due within the amber window, worst first. */
export async function listOverdueAndDueSoon(
  actor: Actor,
  today: string,
  amberWindowDays: number,
  authorityId?: number,
) {
  return scoped(actor, authorityId)
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
    .where("actions.status", "!=", "signed_off")
    .where("actions.target_date", "is not", null)
    .where("actions.target_date", "<=", amberUntil(today, amberWindowDays))
    .orderBy("actions.target_date")
    .orderBy("actions.id")
    .execute();
}
export type OverdueRow = Awaited<ReturnType<typeof listOverdueAndDueSoon>>[number];
