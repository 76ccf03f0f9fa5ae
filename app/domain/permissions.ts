import type { ActionStatus } from "./rag";

export type Role = "admin" | "improvement_lead" | "service_manager" | "board_member";

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  improvement_lead: "Improvement lead",
  service_manager: "Service manager",
  board_member: "Board member",
};

/** The parts of a signed-in user that decide what they may see and do. */
export interface Actor {
  id: number;
  role: Role;
  /** Null for administrators, who work across every authority. */
  authorityId: number | null;
}

/** The parts of an action that decide who may change it. */
export interface ActionScope {
  authorityId: number;
  ownerId: number | null;
  status: ActionStatus;
}

export function canSeeAuthority(actor: Actor, authorityId: number): boolean {
  return actor.role === "admin" || actor.authorityId === authorityId;
}

/** Importing reports and shaping the plan is for leads and administrators. */
export function canManagePlan(actor: Actor, authorityId: number): boolean {
  return (actor.role === "admin" || actor.role === "improvement_lead") && canSeeAuthority(actor, authorityId);
}

export function isActionOwner(actor: Actor, action: ActionScope): boolean {
  return action.ownerId !== null && action.ownerId === actor.id;
}

/** Recording progress and evidence: the owner, or a lead/admin for the authority. Never a board member. */
export function canWorkOnAction(actor: Actor, action: ActionScope): boolean {
  if (!canSeeAuthority(actor, action.authorityId)) return false;
  if (actor.role === "service_manager") return isActionOwner(actor, action);
  return actor.role === "admin" || actor.role === "improvement_lead";
}

/**
 * Why this person cannot withdraw a piece of the action's evidence now, or null if they can.
 * Leads and administrators may withdraw any of it; the action's owner only what they added
 * themselves. Nobody may while the action awaits sign-off (the lead is judging that evidence: it
 * is sent back first) or once it is signed off (the sign-off was made on it).
 */
export function evidenceWithdrawalRefusal(
  actor: Actor,
  action: ActionScope,
  addedBy: number | null,
): { reason: "forbidden" | "invalid"; message: string } | null {
  if (!canWorkOnAction(actor, action))
    return {
      reason: "forbidden",
      message: "Only the action's owner or an improvement lead can withdraw its evidence.",
    };
  if (actor.role === "service_manager" && addedBy !== actor.id)
    return {
      reason: "forbidden",
      message: "You can only withdraw evidence you added yourself. Ask the improvement lead to withdraw this.",
    };
  if (action.status === "awaiting_sign_off")
    return {
      reason: "invalid",
      message:
        "This action is awaiting sign-off on its evidence. It must be sent back before evidence can be withdrawn.",
    };
  if (action.status === "signed_off")
    return {
      reason: "invalid",
      message: "This action has been signed off, so its evidence cannot be withdrawn. Reopen the action first.",
    };
  return null;
}

/** Sign-off and send-back need a lead or admin who is not the action's owner. */
export function canSignOff(actor: Actor, action: ActionScope): boolean {
  return canManagePlan(actor, action.authorityId) && !isActionOwner(actor, action);
}

/** What the actor may do on one action, for the page to show only the forms that will work. */
export function actionCapabilities(actor: Actor, action: ActionScope) {
  return {
    work: canWorkOnAction(actor, action),
    manage: canManagePlan(actor, action.authorityId),
    signOff: canSignOff(actor, action),
  };
}
export type ActionCapabilities = ReturnType<typeof actionCapabilities>;
