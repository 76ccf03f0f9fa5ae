/**
 * Reading the form that records or changes an Ofsted visit or meeting: the text fields (zod), the
 * dates against today, and the letter (PDF or Word, checked from its bytes), through the one
 * body reader (app/utils/form-body.server.ts). The letter is stored, by hash like an evidence
 * file, only once everything else is valid; every problem comes back at once with what was typed.
 */
import { checkEventDates, type InspectionEventKind } from "../domain/inspection-events";
import type { EventInput, EventLetter } from "../models/inspection-events.server";
import { FileStoreError, storeEvidenceFile } from "../utils/evidence-store.server";
import { FILE_NOT_STORED } from "../utils/evidence-request.server";
import { logger } from "../utils/logger.server";
import { detectFileType, sanitiseFileName } from "../utils/file-type.server";
import { readFormWithin } from "../utils/form-body.server";
import { type FieldErrors, parseForm } from "../utils/forms";
import {
  InspectionEventSchema,
  LETTER_ACCEPTED_TEXT,
  LETTER_FILE_TYPES,
  LETTER_MAX_BYTES,
  LETTER_MAX_LABEL,
} from "../utils/inspection-event-form";

/** The letter, the text fields and the multipart framing around them. */
const MAX_FORM_BYTES = LETTER_MAX_BYTES + 1024 * 1024;

export type EventFormRead =
  | { ok: true; form: FormData; submitted: Record<string, string> }
  | { ok: false; status: 400 | 413; errors: FieldErrors; submitted: Record<string, string> };

/** The posted form (multipart with a letter, or URL-encoded without), within the size limits. */
export async function readEventForm(request: Request): Promise<EventFormRead> {
  const read = await readFormWithin(request, MAX_FORM_BYTES, LETTER_MAX_BYTES);
  if (!read.ok) {
    const message =
      read.reason === "too_large"
        ? `The letter must be smaller than ${LETTER_MAX_LABEL}. Choose a smaller file.`
        : "The form could not be read. Try again.";
    return { ok: false, status: read.status, errors: { letter: message }, submitted: {} };
  }
  const submitted: Record<string, string> = {};
  for (const [key, value] of read.form) if (typeof value === "string" && !(key in submitted)) submitted[key] = value;
  return { ok: true, form: read.form, submitted };
}

type CheckedLetter = { ok: true; bytes: Uint8Array; name: string; type: string } | { ok: false; error: string };

async function checkLetter(upload: File): Promise<CheckedLetter> {
  const bytes = new Uint8Array(await upload.arrayBuffer());
  if (bytes.length > LETTER_MAX_BYTES)
    return { ok: false, error: `The letter must be smaller than ${LETTER_MAX_LABEL}` };
  const detected = detectFileType(bytes);
  if (!detected.ok || !(LETTER_FILE_TYPES as readonly string[]).includes(detected.type)) {
    const why = detected.ok ? "is not" : detected.reason === "is empty" ? "is empty, so it is not" : "is not";
    return {
      ok: false,
      error: `The selected letter ${why} ${LETTER_ACCEPTED_TEXT}. Upload the letter as Ofsted sent it.`,
    };
  }
  return { ok: true, bytes, name: sanitiseFileName(upload.name, detected.type), type: detected.type };
}

export type EventSubmission =
  | { ok: true; event: EventInput; letter: EventLetter | null }
  /** `letterChosen`: a valid letter came with a form refused for another reason (not stored). */
  | { ok: false; status: 400; errors: FieldErrors; letterChosen: boolean };

/** Checks the fields and the letter; stores the letter when everything is valid. */
export async function checkEventSubmission(form: FormData, today: string): Promise<EventSubmission> {
  const parsed = parseForm(InspectionEventSchema, form);
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  // The dates are checked against today even when another field is wrong: every problem at once.
  const dates = parseForm(InspectionEventSchema.pick({ date: true, endDate: true }), form);
  if (dates.ok) {
    const problem = checkEventDates({ date: dates.data.date, endDate: dates.data.endDate, today });
    if (problem) errors[problem.field] = problem.message;
  }
  // Only the "letter" field may hold a file; a file sent under any other name is ignored.
  const upload = form.get("letter");
  // A form sent without choosing a file still has the field, with no name and no bytes.
  const chosen = upload instanceof File && (upload.name !== "" || upload.size > 0) ? upload : null;
  const checked = chosen ? await checkLetter(chosen) : null;
  if (checked && !checked.ok) errors.letter = checked.error;
  if (!parsed.ok || Object.keys(errors).length > 0) {
    return { ok: false, status: 400, errors, letterChosen: checked?.ok === true };
  }
  let letter: EventLetter | null = null;
  if (checked?.ok === true) {
    let sha256: string;
    try {
      sha256 = await storeEvidenceFile(checked.bytes);
    } catch (error) {
      if (!(error instanceof FileStoreError)) throw error;
      // The store is out of reach: nothing was saved; the form comes back with what was typed.
      logger().warn({ err: error }, "file store failed");
      return { ok: false, status: 400, errors: { letter: FILE_NOT_STORED }, letterChosen: false };
    }
    letter = { sha256, name: checked.name, size: checked.bytes.length, type: checked.type };
  }
  const { kind, date, endDate, title, summary } = parsed.data;
  return {
    ok: true,
    event: { kind: kind as InspectionEventKind, date, endDate: endDate === date ? null : endDate, title, summary },
    letter,
  };
}
