import { randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger } from "pino";

// The server's log: one JSON object a line on standard output (pino), which log collectors read
// without parsing rules: `level`, `time`, `pid`, `msg`, and for requests `reqId`, `method`, `url`,
// `status`, `bytes`, `ms`. No client addresses and no bearer tokens (see withoutSecrets in the HTTP
// server). LOG_LEVEL sets the least level written (default "info"; "silent" writes nothing).

const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export function logLevel(env: Record<string, string | undefined> = process.env): string {
  const level = (env.LOG_LEVEL ?? "").trim().toLowerCase();
  if (level === "") return "info";
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(", ")}; it is "${env.LOG_LEVEL}"`);
  }
  return level;
}

export function createLogger(destination?: DestinationStream, env = process.env): Logger {
  return pino(
    {
      level: logLevel(env),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ sync: true }),
  );
}

let shared: Logger | undefined;
/** The process's logger, made on first use. */
export function logger(): Logger {
  shared ??= createLogger();
  return shared;
}

const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/**
 * The id a request is logged under and answered with (X-Request-Id). A proxy in front (one this
 * server trusts: TRUST_PROXY) may have given it one already, so the proxy's log and ours agree;
 * anything else gets a fresh id, as does a header that is not a plain token.
 */
export function requestId(header: string | string[] | undefined, trustProxy: boolean): string {
  const given = Array.isArray(header) ? header[0] : header;
  return trustProxy && given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
}

/** How long requests in flight get to finish once the server is told to stop. */
export function shutdownGraceMs(env: Record<string, string | undefined> = process.env): number {
  const text = (env.SHUTDOWN_GRACE_MS ?? "").trim();
  if (text === "") return 10_000;
  if (!/^\d{1,7}$/.test(text)) throw new Error(`SHUTDOWN_GRACE_MS must be a number of milliseconds; it is "${text}"`);
  return Number(text);
}
