import { canManagePlan } from "../domain/permissions";
import { type CurrentUser, forbidden } from "../utils/auth.server";

/** Importing is for administrators and the leads of an authority; anyone else is refused (403). */
export function requireImporter(user: CurrentUser): void {
  const allowed = user.role === "admin" || (user.authority_id !== null && canManagePlan(user.actor, user.authority_id));
  if (!allowed) throw forbidden("Only an improvement lead or administrator can import inspection reports.");
}
