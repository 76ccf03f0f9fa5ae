import type { Actor } from "../app/domain/permissions";
import { withdrawAction } from "../app/models/action-plan.server";
import { closePlan } from "../app/models/plan-closure.server";
import { getDb } from "./client";
import { instantOn, plusDays, workday } from "./demo-timeline";

// The demo's old plans are finished: a council's 2011-12 plan is closed when a newer inspection
// supersedes it (its open actions withdrawn with the reason), or, with no newer inspection in the
// demo, at its final review two and a half years on, after the lead withdrew what was left. They
// then leave the dashboards and overdue lists (no 2012 action is "4,876 days overdue") and stay in
// the history, readiness and the board "as at" earlier dates.

const FINAL_REVIEW = "Closed at the plan's final review: the remaining work moved into the service's business plan.";

/** Closes every plan of the authority but its newest; `lead` is the authority's improvement lead. */
export async function closeOldPlans(input: { authorityId: number; lead: Actor; latest: Date }) {
  const db = getDb();
  const plans = await db
    .selectFrom("inspections")
    .select(["id", "title", "published", "received", "version"])
    .where("authority_id", "=", input.authorityId)
    .where("closed_at", "is", null)
    .where("removed_at", "is", null)
    .orderBy((eb) => eb.fn.coalesce("published", "received"))
    .orderBy("id")
    .execute();
  for (const [index, plan] of plans.entries()) {
    const newer = plans[index + 1];
    if (!newer) break;
    // The lead closes it a few days after the newer report arrived.
    const closeOn = workday(plusDays((newer.received ?? newer.published)!, 3));
    const at = instantOn(closeOn, 8, input.latest);
    const result = await closePlan(
      input.lead,
      {
        inspectionId: plan.id,
        version: plan.version,
        reason: `Superseded by ${newer.title}: its recommendations are the plan now.`,
        supersededBy: newer.id,
        openActions: "withdraw",
      },
      at,
    );
    if (!result.ok) throw new Error(`demo: could not close ${plan.title}: ${JSON.stringify(result)}`);
  }
}

/** With no newer inspection in the demo: the lead withdraws what is left, then closes the plan. */
export async function closeAtFinalReview(input: { authorityId: number; lead: Actor; latest: Date }) {
  const db = getDb();
  const plan = await db
    .selectFrom("inspections")
    .select(["id", "published", "version"])
    .where("authority_id", "=", input.authorityId)
    .where("closed_at", "is", null)
    .where("removed_at", "is", null)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const closeOn = workday(plusDays(plan.published!, 900));
  const open = await db
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .select(["actions.id", "actions.version"])
    .where("recommendations.inspection_id", "=", plan.id)
    .where("actions.withdrawn_at", "is", null)
    .where("actions.status", "!=", "signed_off")
    .orderBy("actions.id")
    .execute();
  for (const action of open) {
    const withdrawn = await withdrawAction(
      input.lead,
      { actionId: action.id, version: action.version, reason: FINAL_REVIEW },
      instantOn(closeOn, 6, input.latest),
    );
    if (!withdrawn.ok) throw new Error(`demo: could not withdraw action ${action.id}`);
  }
  const result = await closePlan(
    input.lead,
    { inspectionId: plan.id, version: plan.version, reason: FINAL_REVIEW, supersededBy: null, openActions: null },
    instantOn(closeOn, 8, input.latest),
  );
  if (!result.ok) throw new Error(`demo: could not close plan ${plan.id}: ${JSON.stringify(result)}`);
}
