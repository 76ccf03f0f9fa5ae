import { type Actor, canSeeAuthority } from "./permissions";

/** Discussing an action is for the council's staff who work on the plan; board members read it. */
export function canComment(actor: Actor, authorityId: number): boolean {
  return canSeeAuthority(actor, authorityId) && actor.role !== "board_member";
}
