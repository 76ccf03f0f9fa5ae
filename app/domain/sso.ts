import type { Role } from "./permissions";

// Single sign-on rules that need no database: e-mail domains, the role mapping, and what a
// provider's ID token must say for a council to accept it.

/** Roles a council's provider may give; never administrator (who sees every council). */
export const MAPPABLE_ROLES = ["improvement_lead", "service_manager", "board_member"] as const satisfies Role[];
export type MappableRole = (typeof MAPPABLE_ROLES)[number];

export interface RoleMapping {
  value: string;
  role: MappableRole;
}

export function emailDomain(email: string): string | null {
  const at = email.trim().toLowerCase().lastIndexOf("@");
  const domain =
    at < 0
      ? ""
      : email
          .trim()
          .toLowerCase()
          .slice(at + 1);
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(domain) ? domain : null;
}

/** Domains typed one a line or separated by commas or spaces: lower case, deduplicated; the bad ones apart. */
export function parseDomains(text: string): { domains: string[]; invalid: string[] } {
  const words = text
    .split(/[\s,;]+/)
    .map((w) => w.trim().toLowerCase().replace(/^@/, ""))
    .filter(Boolean);
  const domains: string[] = [];
  const invalid: string[] = [];
  for (const word of words) {
    const domain = emailDomain(`x@${word}`);
    if (domain === null || domain !== word) invalid.push(word);
    else if (!domains.includes(domain)) domains.push(domain);
  }
  return { domains, invalid };
}

const ROLE_WORDS: Record<string, MappableRole> = {
  improvement_lead: "improvement_lead",
  "improvement lead": "improvement_lead",
  lead: "improvement_lead",
  service_manager: "service_manager",
  "service manager": "service_manager",
  manager: "service_manager",
  board_member: "board_member",
  "board member": "board_member",
  board: "board_member",
};

/**
 * The role mapping as an administrator types it, one a line: `<claim value> = <role>`, e.g.
 * `3f2a…-group-id = improvement lead` or `Followthrough.Lead = improvement_lead`. Lines that do not
 * read are returned with their number.
 */
export function parseRoleMap(text: string): { mappings: RoleMapping[]; invalidLines: number[] } {
  const mappings: RoleMapping[] = [];
  const invalidLines: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    const at = line.lastIndexOf("=");
    const value = at < 0 ? "" : line.slice(0, at).trim();
    const role =
      at < 0
        ? undefined
        : ROLE_WORDS[
            line
              .slice(at + 1)
              .trim()
              .toLowerCase()
          ];
    if (!value || !role || value.length > 200) invalidLines.push(index + 1);
    else mappings.push({ value, role });
  });
  return { mappings, invalidLines };
}

export function formatRoleMap(mappings: RoleMapping[]): string {
  return mappings.map((m) => `${m.value} = ${m.role}`).join("\n");
}

/** Reads the stored JSON leniently: anything that is not a list of mappings is no mapping. */
export function readRoleMap(json: string): RoleMapping[] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (m): m is RoleMapping =>
        typeof m === "object" &&
        m !== null &&
        typeof (m as RoleMapping).value === "string" &&
        (MAPPABLE_ROLES as readonly string[]).includes((m as RoleMapping).role),
    );
  } catch {
    return [];
  }
}

const ROLE_RANK: Record<MappableRole, number> = { improvement_lead: 3, service_manager: 2, board_member: 1 };

/**
 * The role a claim's values give: the first mapping's in rank order (a lead who is also in the
 * board's group is a lead), or null when none of them is mapped.
 */
export function mappedRole(claimValue: unknown, mappings: RoleMapping[]): MappableRole | null {
  const values = Array.isArray(claimValue) ? claimValue : claimValue === undefined ? [] : [claimValue];
  const strings = new Set(values.filter((v): v is string => typeof v === "string"));
  const roles = mappings.filter((m) => strings.has(m.value)).map((m) => m.role);
  if (roles.length === 0) return null;
  return roles.sort((a, b) => ROLE_RANK[b] - ROLE_RANK[a])[0];
}

export type ClaimsProblem = "no_verified_email" | "other_domain" | "wrong_tenant";

/**
 * The verified e-mail address an ID token gives, or why it gives none the council accepts:
 * - `email` with `email_verified: true` (standard providers), or with Entra's `xms_edov: true`
 *   (the domain owner verified it: Entra's `email` alone may be typed by anyone in a tenant);
 * - in one of the council's domains: a provider speaks only for its own council's people;
 * - with `tid` the council's tenant, when one is set (Entra ID).
 */
export function verifiedEmail(
  claims: Record<string, unknown>,
  council: { domains: string[]; tenantId: string | null },
): { ok: true; email: string } | { ok: false; problem: ClaimsProblem } {
  if (council.tenantId !== null && claims.tid !== council.tenantId) return { ok: false, problem: "wrong_tenant" };
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  const verified = claims.email_verified === true || claims.xms_edov === true || claims.xms_edov === "1";
  if (!email || !verified || email.length > 254) return { ok: false, problem: "no_verified_email" };
  const domain = emailDomain(email);
  if (domain === null || !council.domains.includes(domain)) return { ok: false, problem: "other_domain" };
  return { ok: true, email };
}
