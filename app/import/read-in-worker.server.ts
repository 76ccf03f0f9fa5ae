/**
 * Reads untrusted documents off the request thread: each document is read and parsed in a
 * worker thread of its own with a heap limit, and stopped when it takes too long. Workers run
 * one at a time (the server has two cores: one hostile upload must never take both), and the
 * documents waiting for one are queued. A document that breaks a limit comes back as a refusal
 * naming the limit; the server itself never runs out of memory or stops answering.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

import { DEFAULT_PARSE_LIMITS, type ParseLimits, type ReadOutcome, type ReadSource } from "./read-and-parse.server";
import { formatCount, READ_LIMITS } from "./read-limits";
import { PLAN_READ_LIMITS, type PlanReadLimits } from "./spreadsheet/limits";
import type { ReadWorkbookResult } from "./spreadsheet/read.server";

export interface ReadPoolOptions {
  /** Documents read at once. */
  workers: number;
  /** Documents that may wait for a worker; more are refused. */
  maxQueued: number;
  timeoutMs: number;
  heapMb: number;
  limits: ParseLimits;
  planLimits: PlanReadLimits;
}

export const DEFAULT_POOL_OPTIONS: ReadPoolOptions = {
  workers: 1,
  maxQueued: 20,
  timeoutMs: READ_LIMITS.readSeconds * 1000,
  heapMb: READ_LIMITS.workerHeapMb,
  limits: DEFAULT_PARSE_LIMITS,
  planLimits: PLAN_READ_LIMITS,
};

/** Refusals from the pool itself; each reads after "The file “name” " or "The pasted text ". */
export const POOL_REASONS = {
  tooSlow: (seconds: number) =>
    `took longer than ${formatCount(seconds)} second${seconds === 1 ? "" : "s"} to read, so reading was stopped; a report takes a few seconds. Check it is the report itself, or paste its text`,
  outOfMemory: (heapMb: number) =>
    `needed more than ${formatCount(heapMb)} MB of memory to read, so reading was stopped; a report needs far less. Check it is the report itself, or paste its text`,
  crashed:
    "could not be read: the reader stopped unexpectedly. Try again; if it happens again, paste the report's text",
  busy: (waiting: number) =>
    `could not be read now: ${formatCount(waiting)} other reports are waiting to be read. Try again in a few minutes`,
} as const;

interface PoolReasons {
  tooSlow: (seconds: number) => string;
  outOfMemory: (heapMb: number) => string;
  crashed: string;
  busy: (waiting: number) => string;
}

/** The same refusals for a spreadsheet plan; each reads after "The selected file ". */
export const PLAN_POOL_REASONS: PoolReasons = {
  tooSlow: (seconds: number) =>
    `took longer than ${formatCount(seconds)} second${seconds === 1 ? "" : "s"} to read, so reading was stopped; a plan takes a second or two. Check it is the plan itself`,
  outOfMemory: (heapMb: number) =>
    `needed more than ${formatCount(heapMb)} MB of memory to read, so reading was stopped; a plan needs far less. Remove the worksheets that are not the plan`,
  crashed: "could not be read: the reader stopped unexpectedly. Try again",
  busy: (waiting: number) =>
    `could not be read now: ${formatCount(waiting)} other documents are waiting to be read. Try again in a few minutes`,
};

/** What a worker is asked to read: a report (file or pasted text), or a spreadsheet plan. */
export type WorkerJob =
  | { kind: "report"; source: ReadSource; limits: ParseLimits }
  | { kind: "plan"; bytes: Uint8Array; limits: PlanReadLimits };

let devScript: Promise<URL> | undefined;

/**
 * The worker's script: the bundle beside the production build (build/read-worker.js). When this
 * module runs from its TypeScript source (tests, `tsx` scripts) there is no build: the worker is
 * bundled the same way, once per process, into .cache/ (where its packages still resolve); each
 * process writes its own copy and renames it into place, so processes never read a half-written file.
 */
function workerScript(): Promise<URL> {
  const here = new URL(import.meta.url);
  if (!/\.tsx?$/.test(here.pathname)) return Promise.resolve(new URL("./read-worker.js", here));
  devScript ??= (async () => {
    const [{ build }, path, fs] = await Promise.all([import("esbuild"), import("node:path"), import("node:fs")]);
    const source = fileURLToPath(new URL("./read-worker.ts", here));
    const script = path.resolve(path.dirname(source), "../../.cache/read-worker/read-worker.js");
    const outfile = script.replace(/\.js$/, `.${process.pid}.tmp.js`);
    await build({
      entryPoints: [source],
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      target: "node20",
      outfile,
      logLevel: "silent",
    });
    fs.renameSync(outfile, script);
    return pathToFileURL(script);
  })();
  return devScript;
}

export interface ReadPool {
  read(source: ReadSource): Promise<ReadOutcome>;
  /** Reads a spreadsheet plan (.xlsx or CSV) within the plan limits. */
  readPlan(bytes: Uint8Array): Promise<ReadWorkbookResult>;
  /** Documents being read and waiting. */
  load(): { reading: number; waiting: number };
}

/**
 * A pool of one (or `workers`) reading workers, with one spare worker started ahead, so the next
 * document does not wait for a worker to load its readers. Every document gets a fresh worker.
 */
export function createReadPool(options: ReadPoolOptions = DEFAULT_POOL_OPTIONS): ReadPool {
  type Outcome = ReadOutcome | ReadWorkbookResult;
  type Refusal = { ok: false; reason: string };
  const queue: { job: WorkerJob; reasons: PoolReasons; resolve: (outcome: Outcome) => void }[] = [];
  let reading = 0;
  let spare: Worker | null = null;

  let script: URL | undefined;
  const start = () => {
    if (!script) throw new Error("the reading worker's script is not ready");
    const worker = new Worker(script, {
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    // A waiting worker never keeps a process (a test run, a script) alive.
    worker.unref();
    const forget = () => {
      if (spare === worker) spare = null;
    };
    worker.on("error", forget);
    worker.on("exit", forget);
    return worker;
  };

  const readInWorker = async (job: WorkerJob, reasons: PoolReasons): Promise<Outcome> => {
    try {
      script ??= await workerScript();
    } catch {
      return { ok: false, reason: reasons.crashed };
    }
    return new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = spare ?? start();
      } catch {
        resolve({ ok: false, reason: reasons.crashed });
        return;
      }
      spare = null;
      worker.ref();
      let settled = false;
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate().catch(() => undefined);
        resolve(outcome);
      };
      const timer = setTimeout(
        () => finish({ ok: false, reason: reasons.tooSlow(Math.max(1, Math.round(options.timeoutMs / 1000))) }),
        options.timeoutMs,
      );
      worker.once("message", (outcome: Outcome) => finish(outcome));
      worker.once("error", (error: Error & { code?: string }) =>
        finish({
          ok: false,
          reason: error.code === "ERR_WORKER_OUT_OF_MEMORY" ? reasons.outOfMemory(options.heapMb) : reasons.crashed,
        }),
      );
      worker.once("exit", () => finish({ ok: false, reason: reasons.crashed }));
      worker.postMessage(job);
    });
  };

  const pump = () => {
    while (reading < options.workers && queue.length > 0) {
      const next = queue.shift()!;
      reading += 1;
      void readInWorker(next.job, next.reasons)
        .then(next.resolve)
        .finally(() => {
          reading -= 1;
          pump();
        });
    }
    if (spare === null && script) {
      try {
        spare = start();
      } catch {
        spare = null;
      }
    }
  };

  const enqueue = (job: WorkerJob, reasons: PoolReasons): Promise<Outcome> => {
    if (queue.length >= options.maxQueued) {
      return Promise.resolve<Refusal>({ ok: false, reason: reasons.busy(queue.length + reading) });
    }
    return new Promise((resolve) => {
      queue.push({ job, reasons, resolve });
      pump();
    });
  };

  return {
    read: (source) => enqueue({ kind: "report", source, limits: options.limits }, POOL_REASONS) as Promise<ReadOutcome>,
    readPlan: (bytes) =>
      enqueue({ kind: "plan", bytes, limits: options.planLimits }, PLAN_POOL_REASONS) as Promise<ReadWorkbookResult>,
    load: () => ({ reading, waiting: queue.length }),
  };
}

let shared: ReadPool | undefined;

/** The server's one pool. */
export function readPool(): ReadPool {
  shared ??= createReadPool();
  return shared;
}
