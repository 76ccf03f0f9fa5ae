/**
 * The reading worker: a worker thread that reads one document and parses it, answers its parent
 * with a ReadOutcome, and is then stopped; a new worker reads the next document. It runs with its
 * own heap limit, and the parent stops it when it takes too long (read-in-worker.server.ts). While
 * it waits for its document it loads and warms the PDF and Word readers, so a waiting worker
 * starts on a document at once. The production build bundles this file to build/read-worker.js.
 */
import fs from "node:fs";
import os from "node:os";
import { parentPort } from "node:worker_threads";
import { readAndParse, type ReadOutcome } from "./read-and-parse.server";
import { readReport } from "./read-file.server";
import type { WorkerJob } from "./read-in-worker.server";
import { readWorkbook, type ReadWorkbookResult } from "./spreadsheet/read.server";
import { onePagePdf } from "../utils/one-page-pdf";

async function warmUp(): Promise<void> {
  // Reading a one-page PDF loads and compiles the PDF reader.
  await readReport(onePagePdf("What needs to improve? The reader is warming up."));
  await import("mammoth");
}

/**
 * Gives this thread the lowest CPU priority, so that on a busy server the request thread always
 * runs first and a hostile document only slows its own reading. Linux lets a thread lower its own
 * priority (by its thread id, from /proc/thread-self); elsewhere the worker keeps normal priority.
 */
function yieldCpuToRequests(): void {
  try {
    const threadId = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(threadId) && threadId > 0) os.setPriority(threadId, 19);
  } catch {
    // Not Linux, or /proc is not mounted: normal priority.
  }
}

const port = parentPort;
if (port) {
  yieldCpuToRequests();
  const warm = warmUp().catch(() => undefined);
  port.once("message", (job: WorkerJob) => {
    if (job.kind === "plan") {
      // A spreadsheet plan: the readers warmed for reports are not needed.
      readWorkbook(job.bytes, job.limits).then(
        (outcome) => port.postMessage(outcome satisfies ReadWorkbookResult),
        () =>
          port.postMessage({
            ok: false,
            reason: "could not be read as an Excel workbook: it may be damaged",
          } satisfies ReadWorkbookResult),
      );
      return;
    }
    warm
      .then(() => readAndParse(job.source, job.limits))
      .then(
        (outcome) => port.postMessage(outcome satisfies ReadOutcome),
        // The readers turn every problem they know into a reason; anything else is a damaged file.
        () =>
          port.postMessage({
            ok: false,
            reason: "could not be read: it is damaged or not a report",
          } satisfies ReadOutcome),
      );
  });
}
