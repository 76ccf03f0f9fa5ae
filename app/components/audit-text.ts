import { describeCorrection } from "../domain/corrections";
import { IMPACT_LABELS, type ImpactLevel } from "../domain/measures";
import { STATUS_LABELS, type ActionStatus } from "../domain/rag";
import { READINESS_AREA_SHORT_LABELS, type ReadinessArea } from "../domain/readiness-areas";
import { REDACTION_KINDS, type RedactionKind } from "../domain/redaction";
import { formatDate, formatDateTime } from "../utils/dates";

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
const text = (v: unknown, fallback = "") => (typeof v === "string" && v ? v : fallback);
const impact = (v: unknown) => (typeof v === "string" && v in IMPACT_LABELS ? IMPACT_LABELS[v as ImpactLevel] : "?");
const area = (v: unknown) =>
  typeof v === "string" && v in READINESS_AREA_SHORT_LABELS ? READINESS_AREA_SHORT_LABELS[v as ReadinessArea] : "?";
const fieldNames = (values: Record<string, unknown>) =>
  Object.keys(values)
    .map((k) => k.replace(/_/g, " "))
    .join(", ");
const instant = (v: unknown) => {
  if (typeof v !== "string") return "not set";
  try {
    return formatDateTime(v);
  } catch {
    return v;
  }
};
const withReason = (text: string, reason: unknown) =>
  typeof reason === "string" && reason ? `${text}: “${reason}”` : text;

/** Why a single sign-on was refused, in a few words for the audit log (never a token or a secret). */
const SSO_REFUSALS: Record<string, string> = {
  state: "the sign-in was unknown, already used, expired or started in another browser",
  wrong_issuer: "the provider did not identify itself as the configured issuer",
  bad_signature: "the ID token was not signed with the provider's keys",
  expired: "the ID token had expired",
  nonce: "the ID token was not issued for this sign-in (nonce)",
  bad_token: "the provider's answer could not be checked",
  unreachable: "the provider could not be reached",
  provider_refused: "the provider did not sign the person in",
  not_configured: "single sign-on is not set up for the council",
  no_verified_email: "the provider gave no verified e-mail address",
  other_domain: "the e-mail address is not in one of the council's domains",
  wrong_tenant: "the account is from another directory (tenant)",
  other_council: "the account here belongs to another council",
  administrator: "administrators may not sign in through a council's provider",
  deactivated: "the account is deactivated",
};

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
      // The first target date is the baseline, not a move: it reads "set to", and needs no reason.
      if (typeof before.targetDate !== "string")
        return withReason(`Target date set to ${date(after.targetDate)}`, after.reason);
      return withReason(`Target date moved from ${date(before.targetDate)} to ${date(after.targetDate)}`, after.reason);
    case "action.risk_flag_changed": {
      const flag = after.riskFlag
        ? withReason(`Flagged ${after.riskFlag === "off_track" ? "off track" : "at risk"}`, after.reason)
        : "Risk flag cleared";
      if (!("recoveryDate" in after)) return flag;
      return `${flag}; recovery date ${after.recoveryDate ? date(after.recoveryDate) : "cleared"}`;
    }
    case "inspection.closed":
      return withReason(
        typeof after.supersededByTitle === "string"
          ? `Plan closed, superseded by ${after.supersededByTitle}`
          : "Plan closed",
        after.reason,
      );
    case "inspection.reopened":
      return "Plan reopened";
    case "authority.created":
      return `Council created: ${String(after.name ?? "")}`;
    case "authority.renamed":
      return `Council renamed from ${String(before.name ?? "")} to ${String(after.name ?? "")}`;
    case "action.comment_added": {
      const notified = Array.isArray(after.notified) ? after.notified.length : 0;
      return notified === 0
        ? "Comment added"
        : `Comment added; ${notified === 1 ? "1 person" : `${notified} people`} notified`;
    }
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
    case "action.service_area_changed":
      return after.service_area
        ? `Service area set to ${text(after.service_area)}${before.service_area ? ` (was ${text(before.service_area)})` : ""}`
        : "Service area cleared";
    case "action.details_changed":
      return `Details changed: ${fieldNames(after)}`;
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
    case "action.replaced_by_import":
      return `Starter action “${String(before.title ?? "")}” replaced by the actions of an imported spreadsheet plan (deleted)`;
    case "inspection.imported":
      return `Report imported: ${String(after.title ?? "")}${typeof after.recommendations === "number" ? ` (${after.recommendations} recommendations)` : ""}`;
    case "inspection.corrected":
    case "recommendation.corrected": {
      const extra = [
        Array.isArray(after.dueDates)
          ? `${after.dueDates.length} due ${after.dueDates.length === 1 ? "date" : "dates"} recomputed`
          : null,
        typeof after.targetDatesMoved === "number"
          ? withReason(
              `${after.targetDatesMoved} target ${after.targetDatesMoved === 1 ? "date" : "dates"} moved`,
              after.reason,
            )
          : null,
      ].filter((line): line is string => line !== null);
      const subject = event === "inspection.corrected" ? "Inspection corrected" : "Recommendation corrected";
      return `${subject}: ${[...describeCorrection(before, after), ...extra].join("; ")}`;
    }
    case "inspection.removed":
      return withReason(`Removed from the plan as imported in error: ${text(after.title)}`, after.reason);
    case "inspection.restored":
      return withReason(`Restored to the plan: ${text(after.title)}; it had been removed`, before.reason);
    case "inspection.plan_imported":
      return `Action plan imported${typeof after.source === "string" ? ` from ${after.source}` : ""}${typeof after.actions === "number" ? `: ${after.actions} actions` : ""}`;
    case "recommendation.impact_judged":
      return withReason(`Impact judged: ${impact(after.level)}`, after.rationale);
    case "recommendation.area_overridden":
      return `Judgement area set by hand to ${area(after.area)}`;
    case "recommendation.area_override_cleared":
      return "Judgement area given back to the rule";
    case "measure.created":
      return `Performance measure added: ${text(after.name)}`;
    case "measure.changed":
      return `Performance measure changed: ${fieldNames(after)}`;
    case "measure.recommendations_changed":
      return "Recommendations linked to the measure changed";
    case "measure.value_recorded":
      return `Value recorded for ${text(after.period, "a period")}: ${String(after.value ?? "")}`;
    case "measure.value_corrected":
      return `Value corrected for ${text(after.period, "a period")}: ${String(before.value ?? "")} to ${String(after.value ?? "")}`;
    case "board_meeting.recorded":
      return `Board meeting recorded: ${text(after.boardName)} on ${date(after.meetingDate)}`;
    case "board_meeting.held":
      return `Board meeting marked held; its pack frozen as at ${date(after.packAsAt)}`;
    case "board_meeting.pack_choices_changed":
      return "What the meeting's board pack covers changed";
    case "board_meeting.summary_changed":
      return after.executiveSummary ? "Executive summary for the board pack written" : "Executive summary removed";
    case "board_meeting.commentary_changed":
      return after.commentary ? "Commentary on an exception written" : "Commentary on an exception removed";
    case "board_meeting.pack_refrozen":
      return `Board pack built again as at ${date(after.packAsAt)}: personal data it quoted was removed`;
    case "authority.plan_settings_changed":
      return `Council settings changed: amber window ${ownOrDefault(before.amberWindowDays)} → ${ownOrDefault(after.amberWindowDays)}, grace for "immediately" ${ownOrDefault(before.immediateGraceDays)} → ${ownOrDefault(after.immediateGraceDays)}`;
    case "settings.plan_defaults_changed":
      return `Default settings changed: amber window ${String(before.amberWindowDays)} → ${String(after.amberWindowDays)} days, grace for "immediately" ${String(before.immediateGraceDays)} → ${String(after.immediateGraceDays)} days`;
    case "inspection_event.recorded":
      return `Ofsted visit or meeting recorded: ${text(after.title)} on ${date(after.date)}${after.letterName ? `, with its letter ${text(after.letterName)}` : ""}`;
    case "inspection_event.changed":
      return `Ofsted visit or meeting changed: ${fieldNames(after)}`;
    case "inspection_event.removed":
      return withReason(`Ofsted visit or meeting removed as recorded in error: ${text(before.title)}`, after.reason);
    case "authority.protective_marking_changed":
      return `Protective marking changed from ${text(before.protectiveMarking, "none")} to ${text(after.protectiveMarking, "none")}`;
    case "user.created":
    case "user.pending_created":
      return `User added: ${String(after.name ?? "")}${
        event !== "user.pending_created"
          ? ""
          : after.by === "single sign-on"
            ? " (signed in through the council's provider; waiting for a role)"
            : " (named in an imported plan; cannot sign in yet)"
      }`;
    case "user.updated":
      return `User details changed: ${
        Object.keys(after)
          .filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]))
          .map((k) => k.replace(/_id$/, "").replace(/_/g, " "))
          .join(", ") || "no visible change"
      }`;
    case "user.password_changed":
      return "Password changed";
    case "user.password_set":
      return "Password chosen from an invitation link";
    case "user.password_reset":
      return "Password reset from a one-time link";
    case "user.invited":
      return `Invitation link issued, valid until ${instant(after.expires_at)}`;
    case "user.password_reset_issued":
      return `Password reset link issued, valid until ${instant(after.expires_at)}`;
    case "user.access_given":
      return `Access given as ${typeof after.role === "string" ? after.role.replace(/_/g, " ") : "?"}`;
    case "user.deactivated":
      return "User deactivated";
    case "user.reactivated":
      return "User reactivated";
    case "user.calendar_feed_created":
      return "Calendar feed address created";
    case "user.calendar_feed_replaced":
      return "Calendar feed address replaced; the old one stopped working";
    case "user.calendar_feed_revoked":
      return "Calendar feed address revoked";
    case "user.signed_in":
      return `Signed in (${text(after.method, "password")})`;
    case "user.second_factor_enabled":
      return "Second factor set up (authenticator app), with new recovery codes";
    case "user.recovery_codes_renewed":
      return "New recovery codes made; the old ones stopped working";
    case "user.second_factor_removed":
      return typeof after.confirmed_with === "string"
        ? `Second factor turned off (confirmed with a ${after.confirmed_with})`
        : "Second factor turned off";
    case "user.second_factor_reset":
      return "Second factor reset by an administrator";
    case "user.break_glass_changed":
      return after.break_glass === true
        ? "Made a break-glass account: may always sign in with a password"
        : "No longer a break-glass account";
    case "authority.sso_configured":
      return `Single sign-on set up with ${text(after.issuer, "a provider")} for ${text(after.domains, "no domains")}`;
    case "authority.sso_changed":
      return `Single sign-on settings changed: ${
        Object.keys(after)
          .filter((k) => k !== "client_secret" && JSON.stringify(after[k]) !== JSON.stringify(before[k]))
          .map((k) => k.replace(/_/g, " "))
          .concat(after.client_secret === "changed" ? ["client secret"] : [])
          .join(", ") || "no visible change"
      }`;
    case "authority.sso_sign_in_refused": {
      const reason = typeof after.reason === "string" ? SSO_REFUSALS[after.reason] : undefined;
      const who = typeof after.email === "string" && after.email ? ` for ${after.email}` : "";
      return `Single sign-on refused${who}: ${reason ?? "the provider's answer could not be checked"}`;
    }
    case "authority.sso_removed":
      return "Single sign-on stopped: people sign in with passwords";
    case "settings.second_factor_requirement_changed":
      return after.required === true
        ? "A second factor is now required for everyone who signs in with a password"
        : "A second factor is no longer required";
    case "redaction.made": {
      const what =
        typeof after.kind === "string" && Object.hasOwn(REDACTION_KINDS, after.kind)
          ? REDACTION_KINDS[after.kind as RedactionKind].logged
          : "some text";
      const file = after.fileRemoved === true ? " (the file deleted)" : "";
      return withReason(`Removed ${what}${file} as personal data entered by mistake`, after.reason);
    }
    default:
      return event;
  }
}

/** A council's own number of days, or that it follows the default. */
function ownOrDefault(days: unknown): string {
  return typeof days === "number" ? `${days} days` : "the default";
}
