import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Calendar dates are `YYYY-MM-DD` text; instants are ISO-8601 UTC text. */
type CalendarDate = string;
type Instant = string;

export type Role = "admin" | "improvement_lead" | "service_manager" | "board_member";
export type ActionStatus = "not_started" | "in_progress" | "awaiting_sign_off" | "signed_off";
export type RiskFlag = "at_risk" | "off_track";
export type BasisKind = "publication" | "received" | "inspection_end";
export type EvidenceKind = "note" | "link" | "file";
export type EvidencePurpose = "completion" | "impact";

export interface AuthoritiesTable {
  id: Generated<number>;
  name: string;
  created_at: Instant;
  /** Printed in the header and footer of the authority's Word exports, e.g. "OFFICIAL-SENSITIVE". */
  protective_marking: ColumnType<string, string | undefined, string>;
  /** The council's own amber window in days; null: the default in `settings`. */
  amber_window_days: ColumnType<number | null, number | null | undefined, number | null>;
  /** The council's own grace days for "immediately"; null: the default in `settings`. */
  immediate_grace_days: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface InspectionsTable {
  id: Generated<number>;
  authority_id: number;
  /** Report framework: slac, lac_2013, sif, ilacs, ilacs_short, focused_visit, ... */
  kind: string;
  title: string;
  inspection_start: CalendarDate | null;
  inspection_end: CalendarDate | null;
  published: CalendarDate | null;
  /** Which date the due dates are counted from, and that date. */
  basis_kind: BasisKind;
  basis_date: CalendarDate | null;
  source_file_name: string | null;
  /**
   * "<authority id>:<SHA-256 of the extracted text, normalised>": the same document imported twice
   * into one council's plan has the same hash (unique); another council's copy has another.
   * While the inspection is removed it is prefixed `removed:<id>:` (the column is unique), so the
   * same document can be imported again; restoring takes the prefix off.
   */
  content_hash: string;
  extracted_text: string;
  imported_by: number | null;
  imported_at: Instant;
  /** The date the council received the report, when the lead recorded it. */
  received: ColumnType<CalendarDate | null, CalendarDate | null | undefined, CalendarDate | null>;
  /**
   * Set when a lead or administrator removed the inspection as imported in error: it is then out
   * of the plan (app/models/plan-scope.server.ts) but every row stays; null while it is in the plan.
   */
  removed_at: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
  removed_by: ColumnType<number | null, number | null | undefined, number | null>;
  removed_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Optimistic-concurrency counter for the correction form: every correction checks and increments it. */
  version: ColumnType<number, number | undefined, number>;
  /**
   * Set when the plan was closed (every action signed off or withdrawn, or superseded by a newer
   * inspection, superseded_by): out of today's plan (app/models/plan-scope.server.ts) but kept in
   * the history, readiness and "as at" views; null while the plan is open.
   */
  closed_at: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
  closed_by: ColumnType<number | null, number | null | undefined, number | null>;
  closed_reason: ColumnType<string | null, string | null | undefined, string | null>;
  superseded_by: ColumnType<number | null, number | null | undefined, number | null>;
  /**
   * Kind and two-digit year (FV24, ILACS23; SLAC11b for an authority's second of the same): goes
   * before an action's number ("FV24 1.1") so references are unique in a council's plan. Given at
   * import (app/domain/references.ts), never changed; unique per authority.
   */
  short_name: ColumnType<string, string | undefined, string>;
}

export interface JudgementsTable {
  id: Generated<number>;
  inspection_id: number;
  /** safeguarding, looked_after_children, lscb or null for a single-judgement report */
  section: string | null;
  area: string;
  grade: string;
  position: number;
}

export interface RecommendationsTable {
  id: Generated<number>;
  inspection_id: number;
  /** Stable human reference within the inspection, e.g. SG-3M-2 or WNI-1. */
  reference: string;
  section: string | null;
  timescale: "immediately" | "three_months" | "six_months" | null;
  heading: string | null;
  priority: ColumnType<number, number | undefined, number>;
  text: string;
  /** JSON array of partner agency names, in the report's own words. */
  agencies: string;
  paragraph_number: string | null;
  /** JSON array of National Framework cross-references named in the text, e.g. "outcome 1, national framework". */
  framework_references: ColumnType<string, string | undefined, string>;
  /** Order in the source report (0-based) and the line it started on. */
  position: number;
  source_line: number | null;
  due_date: CalendarDate | null;
  /** The rule that produced due_date (see app/domain/due-dates.ts); "set_by_lead" when a lead typed it. */
  due_date_rule: string;
  /**
   * The current ILACS judgement area a lead placed the recommendation under, overriding the rule
   * in app/domain/readiness-areas.ts; null when the rule decides. Who set it and when beside it.
   */
  area_override: ColumnType<ReadinessArea | null, ReadinessArea | null | undefined, ReadinessArea | null>;
  area_override_by: ColumnType<number | null, number | null | undefined, number | null>;
  area_override_at: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
  /** The text as the report reader extracted it, kept when the text is first corrected; null while it never was. */
  extracted_text: ColumnType<string | null, string | null | undefined, string | null>;
  /** Optimistic-concurrency counter for the correction form: every correction checks and increments it. */
  version: ColumnType<number, number | undefined, number>;
  /**
   * 1 when a lead chose the section (changed it in the import preview or corrected it after import):
   * it then decides the readiness area over the wording; 0 when the reader placed it there.
   */
  section_set_by_lead: ColumnType<number, number | undefined, number>;
}

export type ReadinessArea = "help_and_protection" | "children_in_care" | "care_leavers" | "leaders";

export interface ActionsTable {
  id: Generated<number>;
  recommendation_id: number;
  title: string;
  description: string;
  owner_id: number | null;
  target_date: CalendarDate | null;
  /** The first target date ever set; kept when the target date moves. */
  baseline_target_date: CalendarDate | null;
  status: ActionStatus;
  risk_flag: RiskFlag | null;
  risk_reason: string | null;
  /**
   * The date the owner now expects the action done, given when flagging it off track or when it is
   * overdue (the board pack's "recovery date"); null when not given. The target date is unchanged.
   */
  recovery_date: ColumnType<CalendarDate | null, CalendarDate | null | undefined, CalendarDate | null>;
  /** 1, 2, ... within the recommendation: action "3.2" is the second action of recommendation 3. */
  sequence: ColumnType<number, number | undefined, number>;
  /** A partner organisation sharing responsibility, in the plan's own words. */
  partner_agency: string | null;
  /**
   * The part of children's services the action belongs to (e.g. "Children in care"), in the
   * plan's own words; null until someone sets it. Board progress groups by it.
   */
  service_area: ColumnType<string | null, string | null | undefined, string | null>;
  /** What good looks like: how the lead will know the action worked. */
  success_measure: ColumnType<string, string | undefined, string>;
  /** Withdrawn actions leave the plan's counts but stay in its history. */
  withdrawn_at: Instant | null;
  withdrawn_reason: string | null;
  /** Optimistic-concurrency counter: every write checks and increments it. */
  version: ColumnType<number, number | undefined, number>;
  created_at: Instant;
  updated_at: Instant;
  /**
   * When the action was last sent back (or reopened) to its owner; cleared when the owner acts on
   * it (a progress update, evidence or resubmission). Who and why are in that audit event.
   */
  sent_back_at: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
}

export interface ProgressUpdatesTable {
  id: Generated<number>;
  action_id: number;
  author_id: number | null;
  body: string;
  created_at: Instant;
}

export interface EvidenceTable {
  id: Generated<number>;
  action_id: number;
  kind: EvidenceKind;
  purpose: EvidencePurpose;
  description: string;
  url: string | null;
  /** The date the evidence relates to (e.g. the audit date), not when it was added. */
  evidence_date: CalendarDate | null;
  added_by: number | null;
  created_at: Instant;
  /**
   * For kind "file": the SHA-256 (lowercase hex) of the content, which alone names the stored file
   * (`<data directory>/evidence/<first two hex>/<sha256>`). Null for notes and links.
   */
  file_sha256: string | null;
  /** The uploaded file's name, sanitised; shown and offered on download only, never used as a path. */
  file_name: string | null;
  /** Bytes. */
  file_size: number | null;
  /** The type detected from the content (see app/utils/file-type.server.ts), never the declared one. */
  file_type: string | null;
  /** Withdrawn evidence keeps its row (and file) for the history; lists leave it out. */
  deleted_at: Instant | null;
  deleted_by: number | null;
  deleted_reason: string | null;
}

export interface TargetDateChangesTable {
  id: Generated<number>;
  action_id: number;
  from_date: CalendarDate | null;
  to_date: CalendarDate | null;
  reason: string;
  changed_by: number | null;
  changed_at: Instant;
}

export interface UsersTable {
  id: Generated<number>;
  name: string;
  email: string;
  role: Role;
  /** Null only for administrators, who see every authority. */
  authority_id: number | null;
  password_hash: string;
  active: ColumnType<number, number | undefined, number>;
  created_at: Instant;
  /**
   * 1 for a person named as an owner in an imported spreadsheet plan who has no account yet:
   * always with active = 0 and an unusable password until an administrator sets them up.
   */
  pending: ColumnType<number, number | undefined, number>;
  last_signed_in_at: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
  /** When the person last chose a password; null while they have none (invited, or pending). */
  password_set_at: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
  /** 1: may sign in with a password even when their council has switched password sign-in off. */
  break_glass: ColumnType<number, number | undefined, number>;
}

export interface SessionsTable {
  /**
   * SHA-256 (hex) of the session's token; the token (random, 32 bytes) is held only in the signed
   * session cookie, so the database alone signs nobody in.
   */
  id: string;
  user_id: number;
  created_at: Instant;
  /** Absolute end of the session, however busy it is. */
  expires_at: Instant;
  /** The last request made with it, for the idle timeout; null until the first one after sign-in. */
  last_seen_at: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
  /** The council whose identity provider signed this session in; null for a password sign-in. */
  sso_authority_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** 1 while a second factor is required and not yet set up: only the set-up page opens. */
  needs_second_factor: ColumnType<number, number | undefined, number>;
}

/** A person's authenticator app (RFC 6238 time-based codes). */
export interface SecondFactorsTable {
  user_id: number;
  /** The shared secret, encrypted with a key derived from SESSION_SECRET (app/utils/secret-box.server.ts). */
  secret: string;
  created_at: Instant;
  /** Null until the person has typed a first code: only then is the factor asked for at sign-in. */
  confirmed_at: Instant | null;
  /** The last time step a code was accepted for: a code is never accepted twice. */
  last_step: number | null;
}

/** One-time recovery codes, shown once; only their SHA-256 is stored. */
export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: Instant;
  used_at: Instant | null;
}

/** Installation-wide sign-in rules: one row, id 1; no row means the defaults. */
export interface SignInSettingsTable {
  id: number;
  /** 1: everyone who signs in with a password here must use a second factor. */
  require_second_factor: ColumnType<number, number | undefined, number>;
}

/** A council's OpenID Connect provider (Microsoft Entra ID or any other). */
export interface SsoProvidersTable {
  authority_id: number;
  issuer: string;
  /** Entra's directory (tenant) id: the ID token's `tid` must be this; null for other providers. */
  tenant_id: string | null;
  client_id: string;
  /** Encrypted like second-factor secrets; never shown again once saved. */
  client_secret: string;
  /** The claim holding groups or app roles ("groups", "roles"); null: roles are given here. */
  roles_claim: string | null;
  /** JSON [{ value, role }]: a claim value and the role it gives. */
  role_map: ColumnType<string, string | undefined, string>;
  /** 0: the council's people sign in only through the provider (break-glass accounts excepted). */
  password_sign_in: ColumnType<number, number | undefined, number>;
  updated_at: Instant;
}

/** E-mail domains whose people sign in through a council's provider; a domain belongs to one council. */
export interface SsoDomainsTable {
  domain: string;
  authority_id: number;
}

/** A sign-in sent to a provider and not back yet; deleted when it comes back (single use). */
export interface SsoSignInsTable {
  /** SHA-256 of the `state` sent to the provider. */
  state_hash: string;
  authority_id: number;
  nonce: string;
  code_verifier: string;
  redirect_to: string;
  created_at: Instant;
}

/** One-time links to choose a password: an invitation to a new (or pending) user, or a reset. */
export interface InvitationsTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 (hex) of the token in the link; the token itself is never stored. */
  token_hash: string;
  created_by: number | null;
  created_at: Instant;
  expires_at: Instant;
  used_at: Instant | null;
}

/** Sign-in attempts in the last day, for throttling; older rows are pruned. */
export interface SignInAttemptsTable {
  id: Generated<number>;
  /** Normalised e-mail as typed, whether or not an account has it. */
  email: string;
  /** The client address as the HTTP server saw it (see TRUST_PROXY); null when unknown. */
  ip: string | null;
  /** SHA-256 of the id in the browser's "known browser" cookie for this e-mail; null from other browsers. */
  browser: ColumnType<string | null, string | null | undefined, string | null>;
  /** refused: turned away by the throttle before the password was checked. */
  outcome: "succeeded" | "failed" | "refused";
  at: Instant;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: Instant;
  user_id: number | null;
  authority_id: number | null;
  /** e.g. action, inspection, user */
  entity_type: string;
  entity_id: number;
  /** e.g. action.status_changed, action.target_date_changed, inspection.imported */
  event: string;
  /** JSON snapshots of the changed fields; null when there is nothing before/after. */
  before: string | null;
  after: string | null;
}

export interface SettingsTable {
  /** Single row, id 1. */
  id: number;
  immediate_grace_days: number;
  amber_window_days: number;
}

export type OutboxKind = "owner_digest" | "lead_digest";
/** not_sent_no_smtp: no SMTP server is configured, so the digest is kept here and shown in the app only. */
export type OutboxStatus = "queued" | "sent" | "failed" | "not_sent_no_smtp";

/** Every reminder e-mail, sent or not; one per person, kind and day. */
export interface OutboxTable {
  id: Generated<number>;
  user_id: number;
  to_address: string;
  kind: OutboxKind;
  subject: string;
  body_text: string;
  /** Built with every value escaped; the app shows body_text, never this. */
  body_html: string;
  status: OutboxStatus;
  /** Why the SMTP server refused or could not be reached, for status failed. */
  error: string | null;
  created_at: Instant;
  sent_at: Instant | null;
  /** The London day the digest is for (the job's `--date`). */
  digest_date: CalendarDate;
}

/** A set-password link waiting to be shown once to the administrator who issued it. */
export interface OneTimeLinksTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the reference in the redirect; the reference itself is never stored. */
  reference_hash: string;
  /** The only person who may see it. */
  viewer_id: number;
  /** The link, AES-256-GCM sealed with a key derived from the reference (base64: iv, tag, text). */
  sealed: string;
  created_at: Instant;
  expires_at: Instant;
}

/** Secret links to a person's target dates as an .ics feed. */
export interface CalendarFeedsTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 (hex) of the token in the link; the token is shown once and never stored. */
  token_hash: string;
  created_at: Instant;
  revoked_at: Instant | null;
}

/**
 * Personal data an administrator removed (a text or file entered by mistake): what kind of thing,
 * which row, why, and the notice that now stands in its place. Never what was removed.
 */
export interface RedactionsTable {
  id: Generated<number>;
  /** See REDACTION_KINDS in app/domain/redaction.ts: progress_update, evidence, event_reason, ... */
  kind: string;
  /** The row's id in its own table (an audit event's id for event_reason). */
  target_id: number;
  /** The page it was shown on: "action" or "measure", and its id. */
  subject_type: "action" | "measure";
  subject_id: number;
  authority_id: number | null;
  reason: string;
  notice: string;
  redacted_by: number | null;
  redacted_at: Instant;
}

/** Audit events whose snapshots a redaction rewrote: the only audit events that may ever change. */
export interface AuditScrubsTable {
  audit_event_id: number;
  redaction_id: number;
}

export type ImpactLevel = "none" | "emerging" | "strong";

/** A performance indicator an authority watches as evidence of impact. */
export interface MeasuresTable {
  id: Generated<number>;
  authority_id: number;
  name: string;
  /** "%", "per 10,000 children", "days", "number", ... */
  unit: string;
  /** 1 when a rise is an improvement (e.g. placement stability), 0 when a fall is (e.g. re-referrals). */
  higher_is_better: number;
  baseline_value: number | null;
  /** A period label, e.g. "2018-19". */
  baseline_period: string | null;
  target_value: number | null;
  target_period: string | null;
  notes: ColumnType<string, string | undefined, string>;
  created_at: Instant;
}

export interface MeasureValuesTable {
  id: Generated<number>;
  measure_id: number;
  /** The period as the source prints it, e.g. "2018-19" or "Q2 2019-20". */
  period: string;
  /** The last day of the period; orders the values and is unique per measure. */
  period_end: CalendarDate;
  value: number;
  /** Comparator averages for the same period, when published. */
  statistical_neighbours: number | null;
  england: number | null;
  /** Where the figure comes from, e.g. a report's name. */
  source: ColumnType<string, string | undefined, string>;
  recorded_by: number | null;
  recorded_at: Instant;
}

export interface MeasureRecommendationsTable {
  measure_id: number;
  recommendation_id: number;
}

/** The lead's judgement of a recommendation's impact; append-only, the latest is current. */
export interface ImpactJudgementsTable {
  id: Generated<number>;
  recommendation_id: number;
  level: ImpactLevel;
  /** The evidence the judgement rests on. */
  rationale: string;
  judged_by: number | null;
  judged_at: Instant;
}

export type BoardMeetingStatus = "planned" | "held";
export type BoardPackFormat = "docx" | "xlsx" | "csv" | "json";

/** A meeting of an improvement or oversight board; its pack is frozen when it is marked held. */
export interface BoardMeetingsTable {
  id: Generated<number>;
  authority_id: number;
  /** The board's own name, e.g. "Improvement Board"; "changes since the last board" compare meetings of one board. */
  board_name: string;
  meeting_date: CalendarDate;
  status: ColumnType<BoardMeetingStatus, BoardMeetingStatus | undefined, BoardMeetingStatus>;
  held_at: Instant | null;
  created_by: number | null;
  created_at: Instant;
  /** JSON array of the inspection ids the pack covers; null: the plans open as at the pack's date. */
  pack_inspection_ids: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON array of the pack's sections (see app/domain/board-pack-options.ts); null: all of them. */
  pack_sections: ColumnType<string | null, string | null | undefined, string | null>;
  pack_detail: ColumnType<BoardPackDetail, BoardPackDetail | undefined, BoardPackDetail>;
  pack_order: ColumnType<BoardPackOrder, BoardPackOrder | undefined, BoardPackOrder>;
  /** The lead's executive summary, printed at the front of the pack; "" when none. */
  executive_summary: ColumnType<string, string | undefined, string>;
}

export type BoardPackDetail = "summary" | "exceptions" | "full";
export type BoardPackOrder = "plan" | "rag" | "target";

/** The lead's commentary on one exception (a Red action) in one meeting's pack. */
export interface BoardMeetingCommentaryTable {
  meeting_id: number;
  action_id: number;
  commentary: string;
  updated_by: number | null;
  updated_at: Instant;
}

/** The frozen pack of a held meeting: each format's bytes exactly as first served. */
export interface BoardPackFilesTable {
  meeting_id: number;
  format: BoardPackFormat;
  bytes: Uint8Array;
  /** SHA-256 (lowercase hex) of bytes. */
  sha256: string;
  created_at: Instant;
}

/**
 * A stored evidence file or visit letter, on PostgreSQL (app/utils/evidence-store.server.ts): named
 * by the SHA-256 (lowercase hex) of its content, written once. Empty on SQLite (files live in the
 * data directory).
 */
export interface StoredFilesTable {
  sha256: string;
  size: number;
  content: Uint8Array;
}

export type ImportDraftStatus = "reading" | "ready" | "failed" | "imported";

/** A report being imported: the lead's working copy, on the server, until it is confirmed or expires. */
export interface ImportDraftsTable {
  id: Generated<number>;
  /** The only person who may see or change the draft. */
  user_id: number;
  /** The user's authority when the draft was made (null for an administrator); it must still be theirs. */
  authority_id: number | null;
  /** reading: a worker has yet to read the upload; failed: it could not (see failure); imported: confirmed. */
  status: ImportDraftStatus;
  /** Moves on with every change; a form posted with an older revision is refused as stale. */
  revision: ColumnType<number, number | undefined, number>;
  source_kind: "file" | "text";
  file_name: string | null;
  /** The uploaded bytes or pasted text (UTF-8), kept only until the draft has been read. */
  upload: Uint8Array | null;
  read_attempts: ColumnType<number, number | undefined, number>;
  /** Why the upload could not be read, as a sentence for the lead. */
  failure: string | null;
  /** pdf, docx or text */
  format: string | null;
  text: string | null;
  /** As inspections.content_hash but without the authority: the SHA-256 of the normalised text. */
  content_hash: string | null;
  /** JSON: what the parser found apart from recommendations (kind, dates, judgements, warnings). */
  details: string | null;
  /** JSON: the recommendations as the lead has corrected them (DraftItem[]), each with a stable key. */
  items: string | null;
  /** JSON: the lead's choices (due-date basis; an administrator's authority). */
  choices: string | null;
  /** The number in the next item key handed out ("k12"). */
  next_key: ColumnType<number, number | undefined, number>;
  /** The inspection the draft became. */
  inspection_id: number | null;
  created_at: Instant;
  updated_at: Instant;
  expires_at: Instant;
}

export interface PlanImportDraftsTable {
  id: Generated<number>;
  /** The only person who may see or change the draft. */
  user_id: number;
  /** The user's authority when the draft was made (null for an administrator); it must still be theirs. */
  authority_id: number | null;
  /** The inspection whose plan the spreadsheet is imported into. */
  inspection_id: number;
  /** mapping: choosing the worksheet and columns; preview: checking the rows; imported: confirmed. */
  stage: "mapping" | "preview" | "imported";
  /** Moves on with every change; a form posted with an older revision is refused as stale. */
  revision: ColumnType<number, number | undefined, number>;
  file_name: string;
  format: "xlsx" | "csv";
  /** JSON: the workbook as read (Workbook in app/import/spreadsheet/types.ts); null once imported. */
  workbook: string | null;
  /** JSON: the lead's choices (PlanDraftChoices in app/domain/plan-import-draft.ts). */
  choices: string;
  created_at: Instant;
  updated_at: Instant;
  expires_at: Instant;
}

/** A discussion on an action: appended, never edited (an administrator may redact one). */
export interface ActionCommentsTable {
  id: Generated<number>;
  action_id: number;
  author_id: number | null;
  body: string;
  created_at: Instant;
}

export type NotificationKind = "assigned" | "sent_back" | "submitted" | "due_soon" | "overdue" | "mentioned";

/** Something for one person to see in the app (never e-mailed from here: the digests stay). */
export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  authority_id: number;
  kind: NotificationKind;
  action_id: number;
  /** Who did what the notification is about; null for due soon and overdue. */
  actor_id: number | null;
  comment_id: number | null;
  /** Unique per person: "<kind>:<action id>:<target date>" for due soon and overdue, so each is written once. */
  key: string;
  created_at: Instant;
  read_at: Instant | null;
}

export type InspectionEventKind = "monitoring_visit" | "annual_engagement";

/**
 * Ofsted's dated contacts with an authority between inspections: a monitoring visit (after an
 * Inadequate judgement) or an annual engagement meeting, with its letter when the lead uploaded it.
 */
export interface InspectionEventsTable {
  id: Generated<number>;
  authority_id: number;
  kind: InspectionEventKind;
  /** The first (or only) day. */
  event_date: CalendarDate;
  /** The last day of a visit over several days; null for one day. */
  end_date: CalendarDate | null;
  title: string;
  summary: ColumnType<string, string | undefined, string>;
  /** The letter, stored like an evidence file: by the SHA-256 of its content (see evidence_store). */
  letter_sha256: string | null;
  /** The uploaded name, sanitised; shown and offered on download only. */
  letter_name: string | null;
  letter_size: number | null;
  /** Detected from the content (pdf, docx or doc). */
  letter_type: string | null;
  created_by: number | null;
  created_at: Instant;
  updated_by: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
  /** Optimistic-concurrency counter for the edit form. */
  version: ColumnType<number, number | undefined, number>;
  /** Set when a lead removed it as recorded in error: out of every list, the row kept. */
  removed_at: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
  removed_by: ColumnType<number | null, number | null | undefined, number | null>;
  removed_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DB {
  authorities: AuthoritiesTable;
  inspections: InspectionsTable;
  judgements: JudgementsTable;
  recommendations: RecommendationsTable;
  actions: ActionsTable;
  progress_updates: ProgressUpdatesTable;
  evidence: EvidenceTable;
  target_date_changes: TargetDateChangesTable;
  users: UsersTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  sign_in_attempts: SignInAttemptsTable;
  audit_events: AuditEventsTable;
  settings: SettingsTable;
  outbox: OutboxTable;
  calendar_feeds: CalendarFeedsTable;
  one_time_links: OneTimeLinksTable;
  redactions: RedactionsTable;
  audit_scrubs: AuditScrubsTable;
  measures: MeasuresTable;
  measure_values: MeasureValuesTable;
  measure_recommendations: MeasureRecommendationsTable;
  impact_judgements: ImpactJudgementsTable;
  board_meetings: BoardMeetingsTable;
  board_pack_files: BoardPackFilesTable;
  board_meeting_commentary: BoardMeetingCommentaryTable;
  import_drafts: ImportDraftsTable;
  plan_import_drafts: PlanImportDraftsTable;
  action_comments: ActionCommentsTable;
  notifications: NotificationsTable;
  second_factors: SecondFactorsTable;
  recovery_codes: RecoveryCodesTable;
  sign_in_settings: SignInSettingsTable;
  sso_providers: SsoProvidersTable;
  sso_domains: SsoDomainsTable;
  sso_sign_ins: SsoSignInsTable;
  inspection_events: InspectionEventsTable;
  stored_files: StoredFilesTable;
}

export type Authority = Selectable<AuthoritiesTable>;
export type Inspection = Selectable<InspectionsTable>;
export type NewInspection = Insertable<InspectionsTable>;
export type Recommendation = Selectable<RecommendationsTable>;
export type NewRecommendation = Insertable<RecommendationsTable>;
export type Action = Selectable<ActionsTable>;
export type NewAction = Insertable<ActionsTable>;
export type ActionUpdate = Updateable<ActionsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
