// Removing personal data entered by mistake (a child's name in a progress update, a case file
// uploaded as evidence). An administrator replaces the words or file with a notice saying who
// removed it, when and why; the history keeps that something was removed, not what.

/** Each kind: what the flash message calls it, what the history says was removed, the page's title. */
export const REDACTION_KINDS = {
  progress_update: {
    noun: "progress update",
    logged: "a progress update's text",
    title: "Remove a progress update's text",
  },
  evidence: {
    noun: "evidence item",
    logged: "an evidence item's description, link or file",
    title: "Remove an evidence item's description, link and file",
  },
  event_reason: {
    noun: "reason",
    logged: "a reason given for a change",
    title: "Remove a reason or comment from the history",
  },
  action_description: {
    noun: "description",
    logged: "the action's description",
    title: "Remove an action's description",
  },
  action_success_measure: {
    noun: "“what good looks like”",
    logged: "the action's “what good looks like”",
    title: "Remove an action's “what good looks like”",
  },
  measure_notes: { noun: "notes", logged: "the measure's notes", title: "Remove a measure's notes" },
  comment: { noun: "comment", logged: "a comment's text", title: "Remove a comment's text" },
} as const;

export type RedactionKind = keyof typeof REDACTION_KINDS;

export const REDACTION_KIND_VALUES = Object.keys(REDACTION_KINDS) as [RedactionKind, ...RedactionKind[]];

/** Kinds as they appear in addresses: /redact/progress-update/12. */
export const redactionSlug = (kind: RedactionKind) => kind.replaceAll("_", "-");
export const kindFromSlug = (slug: string): RedactionKind | null => {
  const kind = slug.replaceAll("-", "_");
  return Object.hasOwn(REDACTION_KINDS, kind) ? (kind as RedactionKind) : null;
};
export const redactionPath = (kind: RedactionKind, id: number) => `/redact/${redactionSlug(kind)}/${id}`;

export const REDACTION_REASON_MAX = 500;

/** History events whose reason (or comment) an administrator may remove, and what the reason was for. */
export const EVENTS_WITH_REASONS: Readonly<Record<string, string>> = {
  "action.start": "Note when the action was started",
  "action.submit": "Note when the action was submitted for sign-off",
  "action.sign_off": "Note when the action was signed off",
  "action.send_back": "Reason the action was sent back",
  "action.reopen": "Reason the action was reopened",
  "action.target_date_changed": "Reason the target date moved",
  "action.risk_flag_changed": "Reason for the risk flag",
  "action.withdrawn": "Reason the action was withdrawn",
  "action.evidence_withdrawn": "Reason the evidence was withdrawn",
};

/** The reason recorded with a history event, if it is one an administrator may remove. */
export function eventReason(event: string, afterJson: string | null): string | null {
  if (!Object.hasOwn(EVENTS_WITH_REASONS, event) || !afterJson) return null;
  try {
    const reason = (JSON.parse(afterJson) as { reason?: unknown }).reason;
    return typeof reason === "string" && reason.trim() !== "" ? reason : null;
  } catch {
    return null;
  }
}

/** What stands in for what was removed. `date` is already written for people ("6 December 2026"). */
export function redactionNotice(removedBy: string, date: string, reason: string): string {
  return `Removed by ${removedBy} on ${date}: ${reason.trim()}`;
}

/**
 * A stored audit snapshot (JSON text) with every string that is one of `texts` (the removed words,
 * as the event copied them), and every value under one of `replace`, replaced by `notice`, and
 * every value under one of `drop` set to null. Returns null when nothing changed.
 */
export function scrubSnapshot(
  json: string | null,
  texts: readonly string[],
  notice: string,
  keys: { replace?: readonly string[]; drop?: readonly string[] } = {},
): string | null {
  if (json === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const wanted = new Set(texts.map((t) => t.trim()).filter((t) => t !== ""));
  let changed = false;
  const walk = (value: unknown, key: string | null): unknown => {
    if (key !== null && keys.drop?.includes(key) && value !== null) {
      changed = true;
      return null;
    }
    if (key !== null && keys.replace?.includes(key) && value !== null && value !== notice) {
      changed = true;
      return typeof value === "string" ? notice : null;
    }
    if (typeof value === "string") {
      if (value !== notice && wanted.has(value.trim())) {
        changed = true;
        return notice;
      }
      return value;
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, null));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    return value;
  };
  const scrubbed = walk(parsed, null);
  return changed ? JSON.stringify(scrubbed) : null;
}
