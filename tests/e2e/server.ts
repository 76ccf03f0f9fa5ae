import { type ChildProcess, execFile, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";

// Starting the production build (build/server.js, the app's HTTP server) for tests that need a real server process: the
// browser tests' global setup, and tests that start and kill servers of their own.

export const root = path.resolve(import.meta.dirname, "../..");
export const bin = (name: string) => path.join(root, "node_modules/.bin", name);
export const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitForServer(
  url: string,
  server: ChildProcess,
  output: () => string,
  timeoutMs = 30_000,
  intervalMs = 200,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited with code ${server.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`The server did not answer at ${url} within ${timeoutMs / 1000}s:\n${output()}`);
}

export interface RunningServer {
  process: ChildProcess;
  baseUrl: string;
  /** Everything the server printed so far. */
  output: () => string;
}

/**
 * Starts the production server (build/server.js serving build/index.js) with `env` (which names the database) on a free port, and
 * waits until it answers. `pollIntervalMs` shortens the wait for tests that start many servers. `supervised` starts it
 * as `npm start` does: build/supervisor.js, which runs WEB_CONCURRENCY server processes and replaces any that stops.
 * `nodeArgs` go to Node before the script (options NODE_OPTIONS refuses, such as `--cpu-prof`).
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  options: { pollIntervalMs?: number; supervised?: boolean; nodeArgs?: string[] } = {},
) {
  const port = await freePort();
  let output = "";
  const entry = options.supervised ? "build/supervisor.js" : "build/server.js";
  const server = spawn(process.execPath, [...(options.nodeArgs ?? []), entry, "build/index.js"], {
    cwd: root,
    env: { ...env, PORT: String(port), NODE_ENV: "production", HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (chunk) => (output += chunk));
  server.stderr?.on("data", (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForServer(`${baseUrl}/login`, server, () => output, 30_000, options.pollIntervalMs ?? 200);
  } catch (error) {
    server.kill("SIGTERM");
    throw error;
  }
  return { process: server, baseUrl, output: () => output } satisfies RunningServer;
}
