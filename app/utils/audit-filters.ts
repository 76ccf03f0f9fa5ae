import { z } from "zod";
import { parseUkDate } from "./dates";
import type { FieldErrors } from "./forms";
import { storedInteger } from "./record-id";

// The audit log's filters, read from the query string by the page and by its CSV download alike.

export const AUDIT_ENTITY_TYPES = {
  action: "Action",
  inspection: "Inspection",
  inspection_event: "Ofsted visit or meeting",
  recommendation: "Recommendation",
  user: "User",
} as const;
export type AuditEntityType = keyof typeof AUDIT_ENTITY_TYPES;

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const id = z.preprocess(blank, storedInteger().optional());

const QuerySchema = z.object({
  authority: id.catch(undefined),
  entity: z.preprocess(blank, z.enum(Object.keys(AUDIT_ENTITY_TYPES) as [AuditEntityType]).optional()).catch(undefined),
  event: z
    .preprocess(
      blank,
      z
        .string()
        .regex(/^[a-z_]+(\.[a-z_]+)+$/)
        .max(100)
        .optional(),
    )
    .catch(undefined),
  user: id.catch(undefined),
  page: storedInteger().max(1_000_000).catch(1),
});

export interface ParsedAuditQuery {
  filters: {
    authorityId?: number;
    entityType?: AuditEntityType;
    event?: string;
    userId?: number;
    from?: string;
    to?: string;
    actionId?: number;
  };
  page: number;
  /** What was typed, to show in the filter form again. */
  values: Record<string, string>;
  errors: FieldErrors;
}

/** Reads the filters; a date or action number that cannot be read is reported and left out. */
export function parseAuditQuery(searchParams: URLSearchParams): ParsedAuditQuery {
  const values: Record<string, string> = {};
  for (const key of ["authority", "entity", "event", "user", "from", "to", "action"]) {
    values[key] = (searchParams.get(key) ?? "").trim();
  }
  const query = QuerySchema.parse(Object.fromEntries(searchParams));
  const errors: FieldErrors = {};
  const date = (field: "from" | "to") => {
    if (values[field] === "") return undefined;
    const iso = parseUkDate(values[field]);
    if (!iso) errors[field] = `Enter a real date for “${field === "from" ? "From" : "To"}”, for example 31/03/2025`;
    return iso ?? undefined;
  };
  const from = date("from");
  const to = date("to");
  if (from && to && to < from) errors.to = "The “To” date must be the same as or after the “From” date";
  let actionId: number | undefined;
  if (values.action !== "") {
    const parsed = id.safeParse(values.action.replace(/^#/, ""));
    if (parsed.success) actionId = parsed.data;
    else errors.action = "Enter an action number, for example 42";
  }
  return {
    filters: {
      authorityId: query.authority,
      entityType: query.entity,
      event: query.event,
      userId: query.user,
      from,
      to: errors.to ? undefined : to,
      actionId,
    },
    page: query.page,
    values,
    errors,
  };
}
