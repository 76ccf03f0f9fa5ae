import { type ExpressionBuilder, sql } from "kysely";
import type { DB } from "../../db/schema";
import type { Rag } from "../domain/rag";
import { addDaysIso } from "../utils/dates";

type ActionsEb = ExpressionBuilder<DB, "actions">;

/** The last day that counts as "due soon" (amber) for a plan judged on `today`. */
export function amberUntil(today: string, amberWindowDays: number): string {
  return addDaysIso(today, amberWindowDays);
}

/**
 * RAG computed in SQL so lists and counts can filter and group on it. It must agree with
 * computeRag in app/domain/rag.ts (tests/models/rag-sql.test.ts checks every combination).
 * Calendar dates are YYYY-MM-DD text, so text comparison is date comparison.
 */
export function ragExpression(eb: ActionsEb, today: string, amberWindowDays: number) {
  const dueSoonUntil = amberUntil(today, amberWindowDays);
  return eb
    .case()
    .when("actions.status", "=", "signed_off")
    .then(sql.lit("blue"))
    .when(eb.or([eb("actions.target_date", "<", today), eb("actions.risk_flag", "=", "off_track")]))
    .then(sql.lit("red"))
    .when("actions.risk_flag", "=", "at_risk")
    .then(sql.lit("amber"))
    .when("actions.status", "=", "awaiting_sign_off")
    .then(sql.lit("green"))
    .when("actions.target_date", "is", null)
    .then(sql.lit("grey"))
    .when("actions.target_date", "<=", dueSoonUntil)
    .then(sql.lit("amber"))
    .else(sql.lit("green"))
    .end()
    .$castTo<Rag>();
}

/** Overdue: past the target date (not on it) and not signed off. */
export function overdueExpression(eb: ActionsEb, today: string) {
  return eb.and([eb("actions.status", "!=", "signed_off"), eb("actions.target_date", "<", today)]);
}
