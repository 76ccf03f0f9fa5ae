// `npm start` runs this: it starts several server processes (build/server.js) sharing one port
// through Node's cluster module, and replaces any that stops unexpectedly, so a crash costs only
// the requests that process was answering. Each process is a complete server: everything they
// share lives in the database (sessions, sign-in throttling, the change tokens the caches are kept
// under), and every transaction takes the write lock first (db/client.ts), so they agree.
//
// WEB_CONCURRENCY sets how many processes (default: one per CPU core, at least two, so one can be
// replaced while another answers). PORT, HOST and everything else as for build/server.js.

import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import path from "node:path";
import url from "node:url";
import { logger, shutdownGraceMs } from "./utils/logger.server";
import { trustProxySetting } from "./utils/trust-proxy";

/**
 * A process that stops before it could answer anything is restarted after a growing pause (a
 * broken configuration or build would otherwise be restarted in a tight loop); one that had been
 * answering is replaced at once.
 */
const MAX_PAUSE_MS = 30_000;

const log = (message: string) => logger().info(message);

export function processCount(env: Record<string, string | undefined> = process.env): number {
  const text = (env.WEB_CONCURRENCY ?? "").trim();
  if (text === "") return Math.max(2, os.availableParallelism());
  if (!/^[1-9][0-9]?$/.test(text))
    throw new Error(`WEB_CONCURRENCY must be a number of processes (1-99); it is "${text}"`);
  return Number(text);
}

function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `was killed (${signal})`;
  return code === 0 ? "exited" : `crashed (exit code ${code})`;
}

function supervise() {
  const count = processCount();
  // Refuse a setting the servers would refuse, before starting any of them.
  trustProxySetting(process.env.TRUST_PROXY);
  shutdownGraceMs();
  const here = path.dirname(url.fileURLToPath(import.meta.url));
  cluster.setupPrimary({
    exec: path.join(here, "server.js"),
    args: [path.resolve(process.argv[2] ?? path.join(here, "index.js"))],
  });

  let stopping = false;
  let failedStarts = 0;
  const startedAt = new Map<Worker, number>();
  const answering = new Set<Worker>();

  const start = () => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
  };

  cluster.on("listening", (worker) => {
    answering.add(worker);
    failedStarts = 0;
  });

  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    const wasAnswering = answering.delete(worker);
    startedAt.delete(worker);
    if (stopping) return;
    failedStarts = wasAnswering ? 0 : failedStarts + 1;
    const pause = failedStarts === 0 ? 0 : Math.min(MAX_PAUSE_MS, 1000 * 2 ** (failedStarts - 1));
    log(
      `server process ${worker.process.pid} ${describeExit(code, signal)} after ${Math.round(lived / 1000)} s; ` +
        `starting another${pause ? ` in ${pause / 1000} s (it stopped before it could answer)` : ""}`,
    );
    setTimeout(start, pause);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} server processes`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    // Each process has its own grace period (SHUTDOWN_GRACE_MS) to finish its requests, and a little more to exit.
    const force = setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(1);
    }, shutdownGraceMs() + 2000);
    force.unref();
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check);
        process.exit(0);
      }
    }, 100);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  log(`supervisor ${process.pid}: starting ${count} server processes`);
  for (let i = 0; i < count; i++) start();
}

if (process.argv[1] && path.resolve(process.argv[1]) === url.fileURLToPath(import.meta.url)) {
  try {
    supervise();
  } catch (error) {
    logger().fatal(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
