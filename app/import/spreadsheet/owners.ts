import type { Role } from "../../domain/permissions";

/** A user of the plan's authority that an owner cell might name. */
export interface OwnerCandidate {
  id: number;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  pending: boolean;
}

export type OwnerPlan =
  | { kind: "none" }
  /** An existing user: an active service manager or lead, or a pending user an earlier import created. */
  | { kind: "existing"; userId: number; name: string; pending: boolean }
  /** Nobody matches: a pending user will be created. `key` is the same for the same person across rows. */
  | { kind: "new"; key: string; name: string; email: string | null };

export interface OwnerReading {
  owner: OwnerPlan;
  /** Further people named in the cell; an action has one owner, so these go in its description. */
  others: string[];
  warnings: string[];
}

const EMAIL = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+\.[a-z]{2,}/i;
// Job titles are full of "and", "&" and "/" ("Head of CP/CIN"), so only these separate people.
const SEPARATORS = /\s*;\s*|\s*\n\s*|\s+\/\s+/;
const ASSIGNABLE: readonly Role[] = ["service_manager", "improvement_lead"];

/** Names compare ignoring case and spacing only: "J Smith" is not "Jane Smith". */
export function ownerKey(name: string): string {
  return name.replace(/\s+/g, " ").trim().toLowerCase();
}

function splitPerson(text: string): { name: string; email: string | null } {
  const email = EMAIL.exec(text)?.[0]?.toLowerCase() ?? null;
  const name = (email ? text.replace(EMAIL, " ") : text)
    .replace(/[<>()[\]]/g, " ")
    .replace(/[,\s-]+$/, "")
    .replace(/\s+/g, " ")
    .trim();
  return { name: name || email || "", email };
}

/**
 * Who owns a row's action. Only an exact e-mail address or an exact full name (ignoring case and
 * spacing) of someone in the authority counts; anyone else becomes a pending user. A cell naming
 * several people ("Jane Smith; Tom Ward", one a line, or "Jane Smith / Tom Ward") gives the action to the first.
 * Nothing here looks beyond the authority: whether an address has an account elsewhere is never
 * said (a pending user whose address is taken elsewhere is created without it, silently, on import).
 */
export function readOwner(cell: string, candidates: readonly OwnerCandidate[]): OwnerReading {
  const people = cell
    .split(SEPARATORS)
    .map((part) => splitPerson(part))
    .filter((p) => p.name !== "");
  if (people.length === 0) return { owner: { kind: "none" }, others: [], warnings: [] };
  const [first, ...rest] = people;
  const others = rest.map((p) => p.name);
  const warnings =
    others.length > 0
      ? [`An action has one owner: ${first.name} will own it; ${others.join(", ")} noted in the description`]
      : [];

  const matches = candidates.filter((c) =>
    first.email ? c.email.toLowerCase() === first.email : ownerKey(c.name) === ownerKey(first.name),
  );
  const usable = matches.filter((c) => ASSIGNABLE.includes(c.role) && (c.active || c.pending));
  if (usable.length === 1) {
    const [user] = usable;
    return { owner: { kind: "existing", userId: user.id, name: user.name, pending: user.pending }, others, warnings };
  }
  if (usable.length > 1) {
    warnings.push(`More than one person is called ${first.name}: choose the owner after importing`);
    return { owner: { kind: "none" }, others, warnings };
  }
  if (matches.length > 0) {
    warnings.push(
      `${first.name} cannot own actions (a board member or a deactivated account): assign an owner after importing`,
    );
    return { owner: { kind: "none" }, others, warnings };
  }
  const email = first.email;
  return { owner: { kind: "new", key: email ?? ownerKey(first.name), name: first.name, email }, others, warnings };
}
