import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JourneyUsers } from "./global-setup";
import { createServerDatabase, withDatabase } from "./database";
import { bin, root, run, type RunningServer, startServer } from "./server";

// A production server whose database has lost a table: every request that needs it fails
// unexpectedly. The visitor sees the service's own error page; no stack trace, file path, SQL or
// library name reaches the browser (it stays in the server's log). On the engine the browser suite
// runs on (E2E_ENGINE): SQLite's and PostgreSQL's error messages differ.

const LEAKS = [
  /\bat .*\(.*:\d+:\d+\)/,
  /SqliteError/,
  /no such table/,
  /DatabaseError/,
  /relation "/,
  /does not exist/,
  /node_modules/,
  /build\/index\.js/,
  /\.tsx?:\d+/,
];

let tmp: string;
let server: RunningServer | undefined;
let users: JourneyUsers;
let dropDatabase = async () => {};
/** How the engine names the lost table in the server's log. */
let missingTable = /no such table: sign_in_attempts/;

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, "build/server.js"))) throw new Error("Run `npm run build` first.");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-errors-"));
  const { database, drop } = await createServerDatabase(tmp, "errors");
  dropDatabase = drop;
  if (database.DATABASE_URL) missingTable = /relation "sign_in_attempts" does not exist/;
  const env = {
    ...process.env,
    ...database,
    DEMO_DATA: "false",
    SESSION_SECRET: `errors-${process.pid}-${Date.now()}`,
  };
  await run(bin("tsx"), ["db/setup.ts"], { cwd: root, env });
  const created = await run(bin("tsx"), ["tests/e2e/create-users.ts"], { cwd: root, env });
  users = (JSON.parse(created.stdout.trim().split("\n").at(-1) ?? "") as { users: JourneyUsers }).users;
  await withDatabase(database, (db) => db.schema.dropTable("sign_in_attempts").execute());
  server = await startServer(env);
}, 120_000);

afterAll(async () => {
  server?.process.kill("SIGKILL");
  await dropDatabase();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function expectNoLeak(body: string) {
  for (const pattern of LEAKS) expect(body, `the page shows ${pattern}`).not.toMatch(pattern);
}

describe("an unexpected server error in production", () => {
  it("shows the service's error page on a form post, without a stack trace or internals", async () => {
    const baseUrl = server!.baseUrl;
    const response = await fetch(`${baseUrl}/login`, {
      method: "POST",
      headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: users.lead.email, password: users.lead.password }).toString(),
      redirect: "manual",
    });
    expect(response.status).toBe(500);
    const page = await response.text();
    expect(page).toContain("Sorry, there is a problem with the service");
    expectNoLeak(page);
    // The detail is in the server's log for whoever runs it: a JSON line under the request's id.
    const reqId = response.headers.get("X-Request-Id");
    expect(reqId).toMatch(/^[0-9a-f-]{36}$/);
    const logLines = () =>
      server!
        .output()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { msg: string; reqId?: string; level: string; err?: { message: string } });
    // The request's own line is written once the answer has been sent, so it may follow the client's read.
    await expect.poll(() => logLines().some((l) => l.msg === "request" && l.reqId === reqId)).toBe(true);
    const lines = logLines();
    expect(lines.find((l) => l.msg === "page failed" && l.reqId === reqId)).toMatchObject({
      level: "error",
      err: { message: expect.stringMatching(missingTable) },
    });
    expect(lines.find((l) => l.msg === "request" && l.reqId === reqId)).toMatchObject({
      level: "info",
      method: "POST",
      url: "/login",
      status: 500,
    });
  });

  it("answers a client-side data request with a generic message only", async () => {
    const baseUrl = server!.baseUrl;
    const response = await fetch(`${baseUrl}/login?_data=routes%2Flogin`, {
      method: "POST",
      headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: users.lead.email, password: users.lead.password }).toString(),
      redirect: "manual",
    });
    expect(response.status).toBe(500);
    expectNoLeak(await response.text());
  });
});
