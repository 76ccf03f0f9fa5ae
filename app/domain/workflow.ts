import type { ActionStatus } from "./rag";

/**
 * The status moves a person can make on an action (PRODUCT.md):
 * not started -> in progress -> awaiting sign-off -> signed off; send back returns to in progress.
 */
export type StatusMove = "start" | "submit" | "sign_off" | "send_back" | "reopen";

export const STATUS_MOVES: Record<StatusMove, { from: readonly ActionStatus[]; to: ActionStatus; label: string }> = {
  start: { from: ["not_started"], to: "in_progress", label: "Mark as in progress" },
  submit: { from: ["not_started", "in_progress"], to: "awaiting_sign_off", label: "Submit for sign-off" },
  sign_off: { from: ["awaiting_sign_off"], to: "signed_off", label: "Sign off" },
  send_back: { from: ["awaiting_sign_off"], to: "in_progress", label: "Send back" },
  reopen: { from: ["signed_off"], to: "in_progress", label: "Reopen" },
};

/** Why a move is refused, or null when it is allowed. */
export function refuseStatusMove(
  move: StatusMove,
  current: ActionStatus,
  facts: { evidenceCount: number; reason: string },
): string | null {
  const rule = STATUS_MOVES[move];
  if (!rule.from.includes(current)) return `This action cannot be moved that way from its current status.`;
  if (move === "submit" && facts.evidenceCount === 0) {
    return "Add at least one piece of evidence before submitting for sign-off.";
  }
  if ((move === "send_back" || move === "reopen") && facts.reason.trim() === "") {
    return "Give a reason so the owner knows what is still needed.";
  }
  return null;
}

/** Moves that need the sign-off permission rather than the owner's. */
export const SIGN_OFF_MOVES: readonly StatusMove[] = ["sign_off", "send_back", "reopen"];
