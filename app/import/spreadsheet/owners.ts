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
  | {
      kind: "new";
      key: string;
      name: string;
      email: string | null;
      /** The post written beside the name ("Head of Service"); the users table has nowhere to keep it. */
      role?: string | null;
    };

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

/** Words that mean nobody yet: the action gets no owner. */
const PLACEHOLDERS = new Set([
  "tbc",
  "tba",
  "tbd",
  "tbc.",
  "vacant",
  "vacant post",
  "vacancy",
  "n/a",
  "na",
  "n.a.",
  "none",
  "nobody",
  "unknown",
  "not known",
  "not applicable",
  "to be confirmed",
  "to be agreed",
  "to be appointed",
  "to be decided",
  "awaiting appointment",
  "?",
  "-",
  "–",
  "—",
  "all",
  "everyone",
]);

/**
 * Words of a job title, not a name. A cell of them alone ("Head of Service (interim)", "DCS",
 * "Service Manager – Children in Care") names a post, not a person: the action gets no owner.
 */
const ROLE_WORDS = new Set(
  (
    "head heads director directors assistant deputy chief executive manager managers lead leads officer officers " +
    "coordinator co-ordinator coordinators advisor adviser consultant principal practitioner practitioners " +
    "worker workers social team teams service services board panel partnership partnerships group committee " +
    "commissioner commissioning designated named nurse doctor safeguarding interim acting senior strategic " +
    "operational operations business admin administrator administration workforce development quality " +
    "assurance performance improvement governance corporate children childrens families family care leaving " +
    "fostering adoption virtual school schools education health police lscb lscp mash iro iros lado dcs ads ad " +
    "hos hr it cafcass cp cin lac ehm ehc send psw pa dir gm sm tm"
  ).split(" "),
);

function isPlaceholder(text: string): boolean {
  return PLACEHOLDERS.has(text.toLowerCase().replace(/\s+/g, " ").trim());
}

/** Whether the text reads as a post rather than a person: every word a role word, or a word like "Head of". */
export function isJobTitle(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/[’']s\b/g, "")
    .split(/[^a-z-]+/)
    .filter((w) => w && !["of", "and", "the", "for", "in", "&", "to", "with"].includes(w));
  if (words.length === 0) return false;
  const roles = words.filter((w) => ROLE_WORDS.has(w)).length;
  // "Jane Smith" has none; "Head of Service" all; "Service Manager Jane" is a post with a name in it.
  return roles === words.length || (roles >= 2 && roles >= words.length - 1 && words.length >= 3);
}

/**
 * A person as a cell writes them: a name, an e-mail address, or both; a role in brackets or after a
 * comma ("Jane Smith (Head of Service)", "Head of Service (Jane Smith)", "Jane Smith, Head of
 * Service") is set apart from the name. `role` is the post written beside the name, if any.
 */
function splitPerson(text: string): { name: string; email: string | null; role: string | null; written: string } {
  const written = text.replace(/\s+/g, " ").trim();
  const email = EMAIL.exec(text)?.[0]?.toLowerCase() ?? null;
  const rest = (email ? text.replace(EMAIL, " ") : text).replace(/<\s*>/g, " ").trim();
  const parts = rest
    .split(/\s*[()[\]]\s*|\s*,\s*|\s+[–—-]\s+/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p !== "");
  const names = parts.filter((p) => !isJobTitle(p) && !isPlaceholder(p));
  const roles = parts.filter((p) => isJobTitle(p));
  if (names.length === 1 && roles.length > 0) {
    return { name: names[0], email, role: roles.join(", "), written };
  }
  const name = rest
    .replace(/[<>()[\]]/g, " ")
    .replace(/[,\s-]+$/, "")
    .replace(/\s+/g, " ")
    .trim();
  return { name: name || email || "", email, role: null, written };
}

/**
 * Who owns a row's action. Placeholders ("TBC", "TBA", "Vacant", "N/A", "-") mean no owner yet; a
 * job title alone ("Head of Service (interim)") means no owner, with a warning; a name with a role
 * beside it ("Jane Smith (Head of Service)") is the name. Only an exact e-mail address or an exact
 * full name (ignoring case and spacing) of someone in the authority counts; anyone else is
 * proposed as a pending person for the lead to confirm. A cell naming several people ("Jane Smith;
 * Tom Ward", one a line, or "Jane Smith / Tom Ward") gives the action to the first. Nothing here
 * looks beyond the authority: whether an address has an account elsewhere is never said (a
 * pending user whose address is taken elsewhere is created without it, silently, on import).
 */
export function readOwner(cell: string, candidates: readonly OwnerCandidate[]): OwnerReading {
  const text = cell.replace(/\s+/g, " ").trim();
  if (text === "" || isPlaceholder(text)) return { owner: { kind: "none" }, others: [], warnings: [] };
  const people = cell
    .split(SEPARATORS)
    .filter((part) => !isPlaceholder(part))
    .map((part) => splitPerson(part))
    .filter((p) => p.name !== "");
  if (people.length === 0) return { owner: { kind: "none" }, others: [], warnings: [] };
  const [first, ...rest] = people;
  const others = rest.map((p) => p.name);
  const warnings =
    others.length > 0
      ? [`An action has one owner: ${first.name} will own it; ${others.join(", ")} noted in the description`]
      : [];
  if (!first.email && isJobTitle(first.name)) {
    warnings.push(`“${first.written}” is a post, not a person: assign an owner after importing`);
    return { owner: { kind: "none" }, others, warnings };
  }

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
  return {
    owner: {
      kind: "new",
      key: email ?? ownerKey(first.name),
      name: first.name,
      email,
      ...(first.role ? { role: first.role } : {}),
    },
    others,
    warnings,
  };
}
