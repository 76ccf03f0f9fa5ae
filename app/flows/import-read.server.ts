/**
 * Reading a draft's upload: a worker reads and parses it (read-in-worker.server.ts) after the
 * upload request has been answered, and the result is written to the draft. The draft's page
 * starts the reading when it first finds the draft unread (so a server restarted mid-read picks
 * it up again) and shows "Reading the report…" until it is done.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { draftFromReport } from "../domain/import-draft";
import { isRecognisedReport } from "../domain/import-plan";
import type { ReadOutcome } from "../import/read-and-parse.server";
import { readPool } from "../import/read-in-worker.server";
import {
  claimDraftUpload,
  type DraftReadResult,
  type DraftSource,
  saveDraftRead,
} from "../models/import-drafts.server";
import { contentHash } from "../models/inspection.server";

/** A draft whose reading was cut short this often (the server stopped each time) is given up. */
export const MAX_READ_ATTEMPTS = 3;

export const NO_RECOMMENDATIONS =
  "No recommendations, judgements or kind of Ofsted report were found in this text. Check it is an Ofsted report with an “Areas for improvement” or “What needs to improve” section.";

const reading = new Map<number, Promise<void>>();

/** "The file “report.pdf” is …." or "The pasted text has …." */
export function failureSentence(source: Pick<DraftSource, "kind"> & { fileName?: string | null }, reason: string) {
  const subject = source.kind === "file" ? `The file “${source.fileName || "without a name"}”` : "The pasted text";
  return `${subject} ${reason.replace(/\.$/, "")}.`;
}

/** What a draft keeps from reading its upload: the report to correct, or why there is none. */
export function draftReadResult(
  source: Pick<DraftSource, "kind"> & { fileName?: string },
  outcome: ReadOutcome,
): DraftReadResult {
  if (!outcome.ok) return { ok: false, failure: failureSentence(source, outcome.reason) };
  if (!isRecognisedReport(outcome.report)) return { ok: false, failure: NO_RECOMMENDATIONS };
  const { recommendations, ...details } = outcome.report;
  void recommendations;
  const { items, nextKey } = draftFromReport(outcome.report);
  return {
    ok: true,
    text: outcome.text,
    format: outcome.format,
    contentHash: contentHash(outcome.text),
    details,
    items,
    nextKey,
    choices: { basisKind: "publication", basisDate: "", authority: "", newAuthorityName: "" },
  };
}

async function readDraft(draftId: number, clock: () => Date): Promise<void> {
  const claimed = await claimDraftUpload(draftId, clock());
  if (!claimed) return;
  const { source, attempt } = claimed;
  // Reading a large upload back from the database takes a moment: let other requests run first.
  await nextTurn();
  if (attempt > MAX_READ_ATTEMPTS) {
    const reason = `could not be read: reading it was interrupted ${MAX_READ_ATTEMPTS} times. Upload it again, or paste its text`;
    await saveDraftRead(draftId, { ok: false, failure: failureSentence(source, reason) }, clock());
    return;
  }
  const outcome = await readPool().read(source);
  const result = draftReadResult(source, outcome);
  await saveDraftRead(draftId, result, clock());
}

/**
 * Starts reading the draft's upload unless it is already being read in this process; the promise
 * settles when the result is saved. `clock` gives the time of each write.
 */
export function startDraftRead(draftId: number, clock: () => Date): Promise<void> {
  let job = reading.get(draftId);
  if (!job) {
    job = readDraft(draftId, clock)
      .catch((error: unknown) => {
        // Reading failures are outcomes; this is the database or a bug, and the draft stays unread
        // for the next look at its page to try again.
        console.error(`import draft ${draftId}: reading failed`, error);
      })
      .finally(() => reading.delete(draftId));
    reading.set(draftId, job);
  }
  return job;
}

/** Starts reading the draft and waits for it, at most `ms`: a normal report is read within a second or two. */
export async function readDraftWithin(draftId: number, clock: () => Date, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    startDraftRead(draftId, clock),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/** How many documents the server is reading and has waiting. */
export function readingLoad() {
  return readPool().load();
}
