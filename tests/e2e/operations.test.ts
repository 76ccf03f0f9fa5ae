import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerDatabase } from "./database";
import { bin, root, run, type RunningServer, startServer } from "./server";

// What a council's IT (or a provider) needs to run the production server: JSON log lines under a
// request id, a readiness check that touches the database, and a shutdown that lets requests in
// flight finish. Each test starts a server of its own (build/server.js, as npm start's processes).

let tmp: string;
let env: NodeJS.ProcessEnv;
let dropDatabase = async () => {};
const servers: RunningServer[] = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, "build/server.js"))) throw new Error("Run `npm run build` first.");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-operations-"));
  // On the engine the browser suite runs on (E2E_ENGINE): the readiness check touches that database.
  const { database, drop } = await createServerDatabase(tmp, "operations");
  dropDatabase = drop;
  env = {
    ...process.env,
    ...database,
    DEMO_DATA: "false",
    SESSION_SECRET: `operations-${process.pid}-${Date.now()}`,
  };
  await run(bin("tsx"), ["db/setup.ts"], { cwd: root, env });
}, 120_000);

afterAll(async () => {
  for (const server of servers) server.process.kill("SIGKILL");
  await dropDatabase();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function started(extra: Record<string, string> = {}) {
  const server = await startServer({ ...env, ...extra });
  servers.push(server);
  return server;
}

interface LogLine {
  level: string;
  msg: string;
  pid: number;
  time: string;
  reqId?: string;
  method?: string;
  url?: string;
  status?: number;
  ms?: number;
}
const logLines = (server: RunningServer): LogLine[] =>
  server
    .output()
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LogLine);

describe("the request log", () => {
  it("is one JSON line a request, under the id the answer carries, without tokens or client addresses", async () => {
    const server = await started();
    const response = await fetch(`${server.baseUrl}/calendar/secret-token-abc.ics`);
    const reqId = response.headers.get("X-Request-Id");
    expect(reqId).toMatch(/^[0-9a-f-]{36}$/);
    // A client cannot choose its id unless a trusted proxy gave it (TRUST_PROXY).
    const forged = await fetch(`${server.baseUrl}/healthz`, { headers: { "X-Request-Id": "chosen-by-client" } });
    expect(forged.headers.get("X-Request-Id")).not.toBe("chosen-by-client");

    await expect.poll(() => logLines(server).some((l) => l.reqId === reqId)).toBe(true);
    const lines = logLines(server);
    // Every line the server wrote is JSON (the start line included), with a level, time and process.
    expect(lines.find((l) => /^listening on http:\/\/127\.0\.0\.1:\d+ \(process \d+\)$/.test(l.msg))).toBeTruthy();
    for (const line of lines)
      expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String), pid: expect.any(Number) });
    expect(lines.find((l) => l.reqId === reqId)).toMatchObject({
      msg: "request",
      method: "GET",
      url: "/calendar/….ics",
      status: 404,
      ms: expect.any(Number),
    });
    expect(server.output()).not.toContain("secret-token-abc");
    expect(server.output()).not.toContain('127.0.0.1"');
  });

  it("takes the request id a trusted proxy gave", async () => {
    const server = await started({ TRUST_PROXY: "1" });
    const response = await fetch(`${server.baseUrl}/healthz`, { headers: { "X-Request-Id": "proxy-7f3a.42" } });
    expect(response.headers.get("X-Request-Id")).toBe("proxy-7f3a.42");
    const odd = await fetch(`${server.baseUrl}/healthz`, { headers: { "X-Request-Id": "two words" } });
    expect(odd.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("the readiness check", () => {
  it("answers 200 when the server can serve pages, beside the liveness check", async () => {
    const server = await started();
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe("ready");
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe("stopping the server", () => {
  it("finishes a request in flight, refuses new connections, and exits cleanly", async () => {
    const server = await started({ SHUTDOWN_GRACE_MS: "8000" });
    const { port } = new URL(server.baseUrl);
    // A sign-in form whose body is still arriving when the server is told to stop.
    const answer = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const request = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/login",
          method: "POST",
          headers: {
            Origin: server.baseUrl,
            "Content-Type": "application/x-www-form-urlencoded",
            "Transfer-Encoding": "chunked",
          },
        },
        (response) => {
          response.resume();
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }),
          );
        },
      );
      request.on("error", reject);
      request.write("email=nobody%40example.org&");
      setTimeout(() => {
        server.process.kill("SIGTERM");
        setTimeout(() => request.end("password=wrong-password"), 700);
      }, 300);
    });
    const { status } = await answer;
    // The form was read and answered (a wrong password is a 400 page), not cut off.
    expect(status).toBe(400);
    const code = await new Promise<number | null>((resolve) => {
      if (server.process.exitCode !== null) resolve(server.process.exitCode);
      else server.process.once("exit", (c) => resolve(c));
    });
    expect(code).toBe(0);
    await expect(fetch(`${server.baseUrl}/healthz`)).rejects.toThrow();
    const messages = logLines(server).map((l) => l.msg);
    expect(messages).toContain("SIGTERM: finishing the requests in flight, then stopping (at most 8 s)");
    expect(messages.at(-1)).toBe("stopped");
  });
});
