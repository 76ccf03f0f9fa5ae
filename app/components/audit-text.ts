import { STATUS_LABELS, type ActionStatus } from "../domain/rag";
import { formatDate } from "../utils/dates";

function parse(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const status = (v: unknown) => (typeof v === "string" && v in STATUS_LABELS ? STATUS_LABELS[v as ActionStatus] : "?");
const date = (v: unknown) => (typeof v === "string" ? formatDate(v) : "not set");
const withReason = (text: string, reason: unknown) =>
  typeof reason === "string" && reason ? `${text}: “${reason}”` : text;

/** A plain-English line for one audit event. */
export function describeAuditEvent(event: string, beforeJson: string | null, afterJson: string | null): string {
  const before = parse(beforeJson);
  const after = parse(afterJson);
  switch (event) {
    case "action.start":
    case "action.submit":
    case "action.sign_off":
    case "action.send_back":
    case "action.reopen":
      return withReason(`Status changed from ${status(before.status)} to ${status(after.status)}`, after.reason);
    case "action.owner_changed":
      return `Owner changed to ${typeof after.ownerName === "string" ? after.ownerName : "nobody"}`;
    case "action.target_date_changed":
      return withReason(`Target date moved from ${date(before.targetDate)} to ${date(after.targetDate)}`, after.reason);
    case "action.risk_flag_changed":
      return after.riskFlag
        ? withReason(`Flagged ${after.riskFlag === "off_track" ? "off track" : "at risk"}`, after.reason)
        : "Risk flag cleared";
    case "action.progress_added":
      return after.status ? "Progress update added; status now In progress" : "Progress update added";
    case "action.evidence_added":
      return `Evidence added (${after.purpose === "impact" ? "impact" : "completion"}): ${String(after.description ?? "")}${
        typeof after.fileName === "string" ? ` (file ${after.fileName})` : ""
      }`;
    case "action.evidence_withdrawn":
      return withReason(`Evidence withdrawn: ${String(before.description ?? "")}`, after.reason);
    case "action.created":
      return "Action created";
    case "action.details_changed":
      return `Details changed: ${Object.keys(after)
        .map((k) => k.replace(/_/g, " "))
        .join(", ")}`;
    case "action.withdrawn":
      return withReason("Withdrawn from the plan", after.reason);
    case "action.reinstated":
      return "Put back into the plan";
    case "action.imported":
      return "Action imported from a spreadsheet plan";
    case "action.progress_imported":
      return "Progress update imported from a spreadsheet plan";
    case "action.evidence_imported":
      return `Evidence imported from a spreadsheet plan: ${String(after.description ?? "")}`;
    case "inspection.imported":
      return `Report imported: ${String(after.title ?? "")}${typeof after.recommendations === "number" ? ` (${after.recommendations} recommendations)` : ""}`;
    case "inspection.plan_imported":
      return `Action plan imported${typeof after.source === "string" ? ` from ${after.source}` : ""}${typeof after.actions === "number" ? `: ${after.actions} actions` : ""}`;
    case "user.created":
    case "user.pending_created":
      return `User added: ${String(after.name ?? "")}${event === "user.pending_created" ? " (named in an imported plan; cannot sign in yet)" : ""}`;
    case "user.updated":
      return `User details changed: ${
        Object.keys(after)
          .filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]))
          .map((k) => k.replace(/_id$/, "").replace(/_/g, " "))
          .join(", ") || "no visible change"
      }`;
    case "user.password_changed":
      return "Password changed";
    default:
      return event;
  }
}
