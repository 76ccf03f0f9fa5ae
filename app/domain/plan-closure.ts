// Closing a plan: an inspection's actions are finished (every one signed off or withdrawn), or a
// newer inspection supersedes it. A closed plan leaves today's plan as a removed inspection does
// (app/models/plan-scope.server.ts) but stays in the history, readiness and the plan "as at" a
// date before it closed (from these audit events, app/domain/inspection-removal.ts).

export const PLAN_CLOSED = "inspection.closed";
export const PLAN_REOPENED = "inspection.reopened";

export const CLOSE_REASON_MAX = 1000;

/** What happens to the actions still open when a superseded plan closes. */
export type OpenActionsChoice = "carry_over" | "withdraw";

/**
 * Why the plan cannot close as asked, or null. With open actions it closes only when a newer
 * inspection supersedes it and the lead has chosen what happens to them.
 */
export function closeRefusal(facts: {
  openActions: number;
  supersededBy: number | null;
  choice: OpenActionsChoice | null;
  reason: string;
}): { field: string; message: string } | null {
  if (facts.openActions > 0 && facts.supersededBy === null) {
    return {
      field: "supersededBy",
      message: `${facts.openActions === 1 ? "1 action is" : `${facts.openActions} actions are`} still open: choose the newer inspection that supersedes this plan, or finish them first`,
    };
  }
  if (facts.openActions > 0 && facts.choice === null) {
    return { field: "openActions", message: "Choose whether the open actions are carried over or withdrawn" };
  }
  if (facts.reason.trim() === "") return { field: "reason", message: "Say why the plan is being closed" };
  return null;
}
