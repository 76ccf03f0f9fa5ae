import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_LABEL } from "./evidence-form";
import { READ_LIMITS } from "../import/read-limits";
import { LETTER_MAX_BYTES, LETTER_MAX_LABEL } from "./inspection-event-form";
import { MAX_PLAN_BYTES, MAX_PLAN_LABEL, MAX_REPORT_BYTES, MAX_REPORT_LABEL } from "./upload-limits";

// How much a request may send, by the kind of page it goes to. The HTTP server (app/http-server.ts)
// applies these before the app reads anything: a larger body is answered 413 with a page that says
// the limit, and the server stops reading it. Only a few pages take files; everything else is a
// short form, and signing in (open to anyone) is the shortest of all.

const KB = 1024;
const MB = 1024 * KB;

export interface BodyLimit {
  /** Bytes of request body allowed, counted as they arrive. */
  bytes: number;
  /** The same, for people: "64 KB", "25 MB". */
  label: string;
  /** What the 413 page says the limit is for. */
  what: string;
  /** Where the 413 page sends them back to. */
  back: string;
  /** Whether the body carries a file (the 413 page then talks about the file). */
  file: boolean;
}

/** Sign-in, choosing a password, signing out: open to anyone, and a few hundred bytes in use. */
export const SIGN_IN_BODY_LIMIT: BodyLimit = {
  bytes: 64 * KB,
  label: "64 KB",
  what: "A sign-in form",
  back: "/login",
  file: false,
};

/** Every other form: the longest is an action's details (a few thousand characters). */
export const FORM_BODY_LIMIT: BodyLimit = {
  bytes: 1 * MB,
  label: "1 MB",
  what: "A form",
  back: "/dashboard",
  file: false,
};

/** Form fields and multipart framing sent beside a file. */
const BESIDE_A_FILE = 1 * MB;

const EVIDENCE_BODY_LIMIT: BodyLimit = {
  bytes: EVIDENCE_MAX_BYTES + BESIDE_A_FILE,
  label: EVIDENCE_MAX_LABEL,
  what: "An evidence file",
  back: "/my-actions",
  file: true,
};

// The report upload: the file, or a pasted text (up to 4 bytes a character), and a little more.
const REPORT_BODY_LIMIT: BodyLimit = {
  bytes: MAX_REPORT_BYTES + 4 * READ_LIMITS.textCharacters + BESIDE_A_FILE,
  label: MAX_REPORT_LABEL,
  what: "An inspection report",
  back: "/import",
  file: true,
};

// The import preview's form: every item's fields (at most 200 items of 5,000 characters,
// percent-encoded); the report itself stays on the server.
const IMPORT_DRAFT_BODY_LIMIT: BodyLimit = {
  bytes: 4 * MB,
  label: "4 MB",
  what: "The import preview",
  back: "/import",
  file: false,
};

// The plan editor's form: every action of an inspection with its fields (at most MAX_ROWS rows).
const PLAN_EDITOR_BODY_LIMIT: BodyLimit = {
  bytes: 4 * MB,
  label: "4 MB",
  what: "The plan editor",
  back: "/inspections",
  file: false,
};

// The plan upload: the file and two short fields. Its later steps (/import/plan/<draft>) post only
// the lead's choices, the sheet staying on the server, so they get an ordinary form's limit.
const PLAN_BODY_LIMIT: BodyLimit = {
  bytes: MAX_PLAN_BYTES + BESIDE_A_FILE,
  label: MAX_PLAN_LABEL,
  what: "A spreadsheet plan",
  back: "/import/plan",
  file: true,
};

// An Ofsted letter (monitoring visit or annual engagement meeting) beside the event's short form.
const EVENT_LETTER_BODY_LIMIT: BodyLimit = {
  bytes: LETTER_MAX_BYTES + BESIDE_A_FILE,
  label: LETTER_MAX_LABEL,
  what: "An Ofsted letter",
  back: "/readiness/events",
  file: true,
};

/**
 * The limit for a request to `pathname` (the path only, no query string). Only the exact paths of
 * the upload pages get a file's allowance; any other spelling of them gets an ordinary form's.
 */
export function bodyLimitFor(pathname: string): BodyLimit {
  const path = pathname.toLowerCase().replace(/(.)\/$/, "$1");
  if (path === "/login" || path === "/logout" || path.startsWith("/set-password/")) return SIGN_IN_BODY_LIMIT;
  const evidence = /^\/actions\/([1-9][0-9]{0,15})\/evidence$/.exec(path);
  if (evidence) return { ...EVIDENCE_BODY_LIMIT, back: `/actions/${evidence[1]}` };
  if (path === "/import") return REPORT_BODY_LIMIT;
  const draft = /^\/import\/drafts\/([1-9][0-9]{0,15})$/.exec(path);
  if (draft) return { ...IMPORT_DRAFT_BODY_LIMIT, back: `/import/drafts/${draft[1]}` };
  if (path === "/import/plan") return PLAN_BODY_LIMIT;
  if (path === "/readiness/events/new") return { ...EVENT_LETTER_BODY_LIMIT, back: "/readiness/events/new" };
  const event = /^\/readiness\/events\/([1-9][0-9]{0,15})$/.exec(path);
  if (event) return { ...EVENT_LETTER_BODY_LIMIT, back: `/readiness/events/${event[1]}` };
  const editor = /^\/inspections\/([1-9][0-9]{0,15})\/plan$/.exec(path);
  if (editor) return { ...PLAN_EDITOR_BODY_LIMIT, back: `/inspections/${editor[1]}/plan` };
  return FORM_BODY_LIMIT;
}
