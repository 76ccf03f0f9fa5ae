import type { Actor, Role } from "./permissions";

/** The roles an improvement lead may add and deactivate in their own council. */
export const LEAD_MANAGED_ROLES = ["service_manager", "board_member"] as const satisfies readonly Role[];
export type LeadManagedRole = (typeof LEAD_MANAGED_ROLES)[number];

/**
 * Whether the actor may add, deactivate or reactivate this person: an administrator anyone; an
 * improvement lead the service managers and board members of their own council, never a lead or
 * an administrator, and never themselves. "not_found" for another council's person (or none).
 */
export function personManagement(
  actor: Actor,
  person: { id: number; role: Role; authority_id: number | null } | undefined,
): "allowed" | "forbidden" | "not_found" {
  if (!person) return "not_found";
  if (actor.role === "admin") return "allowed";
  if (actor.authorityId === null || person.authority_id !== actor.authorityId) return "not_found";
  if (actor.role !== "improvement_lead") return "forbidden";
  if (person.id === actor.id) return "forbidden";
  return (LEAD_MANAGED_ROLES as readonly Role[]).includes(person.role) ? "allowed" : "forbidden";
}
