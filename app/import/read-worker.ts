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

/** A one-page PDF with a line of text: reading it loads and compiles the PDF reader. */
function warmUpPdf(): Uint8Array {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
  ];
  const drawn = "BT /F1 11 Tf 72 760 Td (What needs to improve? The reader is warming up.) Tj ET";
  objects.push(`<< /Length ${drawn.length} >>\nstream\n${drawn}\nendstream`);
  let out = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}

async function warmUp(): Promise<void> {
  await readReport(warmUpPdf());
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
