import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { JourneyUsers } from "./global-setup";
import { bin, root, run, type RunningServer, startServer } from "./server";

// What anyone on the network can send the production server, signed in or not: bodies of hundreds
// of megabytes, made-up X-Forwarded-For headers, addresses too long to read, and a server process
// killed outright. Each test starts a server of its own on one database made here.

const MB = 1024 * 1024;

let tmp: string;
let env: NodeJS.ProcessEnv;
let users: JourneyUsers;
let actionIds: number[];
let server: RunningServer | undefined;

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, "build/supervisor.js"))) throw new Error("Run `npm run build` first.");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-hostile-"));
  // The data directory does not exist yet: the app creates it. No SESSION_SECRET: the servers make one.
  const databasePath = path.join(tmp, "data", "followthrough.db");
  // SQLite on purpose, whatever E2E_ENGINE says: part of what it checks is the SQLite file's and the
  // data directory's modes (0600/0700); the hostile requests themselves are the same on either engine.
  env = {
    ...process.env,
    DATABASE_URL: "",
    DATABASE_PATH: databasePath,
    DEMO_DATA: "false",
    SESSION_SECRET: "",
    TRUST_PROXY: "",
  };
  await run(bin("tsx"), ["db/setup.ts"], { cwd: root, env });
  const created = await run(bin("tsx"), ["tests/e2e/create-users.ts"], { cwd: root, env });
  users = (JSON.parse(created.stdout.trim().split("\n").at(-1) ?? "") as { users: JourneyUsers }).users;
  const plan = await run(bin("tsx"), ["tests/e2e/create-plan.ts"], { cwd: root, env });
  actionIds = (JSON.parse(plan.stdout.trim().split("\n").at(-1) ?? "") as { actionIds: number[] }).actionIds;
});

afterEach(async () => {
  await stop(server);
  server = undefined;
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function stop(running: RunningServer | undefined) {
  if (!running || running.process.exitCode !== null || running.process.signalCode !== null) return;
  const exited = new Promise((resolve) => running.process.once("exit", resolve));
  running.process.kill("SIGTERM");
  const timer = setTimeout(() => running.process.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function signIn(baseUrl: string, who: keyof JourneyUsers): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email: users[who].email, password: users[who].password }),
  });
  expect(response.status, "sign-in").toBe(302);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

interface Sent {
  status: number | null;
  body: string;
  /** Megabytes the client got to send before the server answered or hung up. */
  sentMb: number;
}

/**
 * Sends `megabytes` of body to `pathname` as fast as the server takes it, declaring its length or
 * not (chunked), after an optional `prefix` (a multipart head). Resolves with what came back.
 */
function flood(
  baseUrl: string,
  pathname: string,
  options: { megabytes: number; declareLength: boolean; headers?: Record<string, string>; prefix?: string },
): Promise<Sent> {
  const prefix = Buffer.from(options.prefix ?? "");
  const total = options.megabytes * MB;
  const chunk = Buffer.alloc(MB, 0x61);
  const url = new URL(pathname, baseUrl);
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    ...options.headers,
    ...(options.declareLength ? { "Content-Length": String(total + prefix.length) } : {}),
  };
  return new Promise((resolve) => {
    let sent = 0;
    let status: number | null = null;
    let body = "";
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ status, body, sentMb: Math.round(sent / MB) });
    };
    const request = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      method: "POST",
      headers,
    });
    request.on("response", (response) => {
      status = response.statusCode ?? null;
      response.setEncoding("utf8");
      response.on("data", (text: string) => (body += text));
      response.on("end", finish);
      response.on("error", finish);
    });
    request.on("error", () => setTimeout(finish, 200));
    request.on("close", () => setTimeout(finish, 200));
    request.write(prefix);
    const pump = () => {
      while (sent < total && !request.destroyed) {
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once("drain", pump);
          return;
        }
      }
      request.end();
    };
    pump();
  });
}

/** Polls /healthz every 100 ms until `work` settles; the slowest answer, in ms (Infinity if any failed). */
async function slowestHealthCheck(baseUrl: string, work: Promise<unknown>): Promise<number> {
  let settled = false;
  void work.finally(() => (settled = true));
  let slowest = 0;
  while (!settled) {
    const started = Date.now();
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      slowest = Math.max(slowest, response.ok ? Date.now() - started : Infinity);
    } catch {
      slowest = Infinity;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return slowest;
}

/** Resident memory of a process, in MB. */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** The largest resident memory seen while `work` runs, sampled every 50 ms. */
async function peakRssMb(pid: number, work: Promise<unknown>): Promise<number> {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
  await work.finally(() => clearInterval(timer));
  return Math.max(peak, rssMb(pid));
}

const multipartHead = (boundary: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nfile\r\n` +
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="minutes.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`;

describe("request bodies are limited before the app reads them", () => {
  it("answers 400 MB bodies without signing in with 413 and a page saying the limit, while /healthz answers and memory stays put", async () => {
    server = await startServer(env);
    const { baseUrl } = server;
    for (let i = 0; i < 5; i++) await (await fetch(`${baseUrl}/login`)).text();
    const before = rssMb(server.process.pid!);

    const floods = Promise.all([
      flood(baseUrl, "/login", { megabytes: 400, declareLength: false }),
      flood(baseUrl, "/login", { megabytes: 400, declareLength: true }),
      flood(baseUrl, "/login", { megabytes: 400, declareLength: false }),
      flood(baseUrl, "/set-password/not-a-real-token", { megabytes: 400, declareLength: false }),
      flood(baseUrl, `/actions/${actionIds[0]}/evidence`, {
        megabytes: 400,
        declareLength: false,
        headers: { "Content-Type": "multipart/form-data; boundary=b0undary" },
        prefix: multipartHead("b0undary"),
      }),
    ]);
    const [peak, slowest, results] = await Promise.all([
      peakRssMb(server.process.pid!, floods),
      slowestHealthCheck(baseUrl, floods),
      floods,
    ]);

    for (const result of results.slice(0, 3)) {
      expect(result.status).toBe(413);
      expect(result.body).toContain('<h1 class="govuk-heading-l">The form is too large</h1>');
      expect(result.body).toContain("A sign-in form can be up to 64 KB");
      // The server stopped reading long before the client had sent it all.
      expect(result.sentMb).toBeLessThan(100);
    }
    // An unknown set-password link is refused (410) before its form is read; not signed in, the
    // evidence page sends them to sign in. Neither reads the 400 MB.
    expect(results[3].status).toBe(410);
    expect(results[4].status).toBe(302);
    for (const result of results.slice(3)) expect(result.sentMb).toBeLessThan(100);

    expect(slowest).toBeLessThan(2000);
    expect(peak - before).toBeLessThan(150);
    // The server is still there, and still works.
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect(server.output()).not.toMatch(/Error|heap/i);
  });

  it("answers signed-in 400 MB bodies with 413 at each page's own limit", async () => {
    server = await startServer(env);
    const { baseUrl } = server;
    const cookie = await signIn(baseUrl, "lead");
    const before = rssMb(server.process.pid!);
    const floods = Promise.all([
      flood(baseUrl, `/actions/${actionIds[0]}/evidence`, {
        megabytes: 400,
        declareLength: false,
        headers: { Cookie: cookie, "Content-Type": "multipart/form-data; boundary=b0undary" },
        prefix: multipartHead("b0undary"),
      }),
      flood(baseUrl, `/actions/${actionIds[0]}`, {
        megabytes: 400,
        declareLength: false,
        headers: { Cookie: cookie },
        prefix: "intent=progress&body=",
      }),
      flood(baseUrl, "/import", {
        megabytes: 400,
        declareLength: true,
        headers: { Cookie: cookie, "Content-Type": "multipart/form-data; boundary=b0undary" },
        prefix: multipartHead("b0undary"),
      }),
      flood(baseUrl, `/actions/${actionIds[0]}/evidence?_data=routes%2Factions.%24actionId_.evidence`, {
        megabytes: 400,
        declareLength: false,
        headers: { Cookie: cookie, "Content-Type": "multipart/form-data; boundary=b0undary" },
        prefix: multipartHead("b0undary"),
      }),
    ]);
    const [peak, slowest, [evidence, form, report, fromScript]] = await Promise.all([
      peakRssMb(server.process.pid!, floods),
      slowestHealthCheck(baseUrl, floods),
      floods,
    ]);

    expect([evidence.status, form.status, report.status, fromScript.status]).toEqual([413, 413, 413, 413]);
    expect(evidence.body).toContain("The file is too large");
    expect(evidence.body).toContain("An evidence file can be up to 25 MB");
    expect(evidence.body).toContain(`href="/actions/${actionIds[0]}"`);
    expect(form.body).toContain("A form can be up to 1 MB");
    expect(report.body).toContain("An inspection report can be up to 20 MB");
    // A form sent by the page's script gets the message alone, for the app's own error page.
    expect(fromScript.body).toMatch(/^An evidence file can be up to 25 MB\./);
    for (const sent of [evidence, form, fromScript]) expect(sent.sentMb).toBeLessThan(120);
    expect(report.sentMb).toBeLessThan(100);
    expect(slowest).toBeLessThan(2000);
    expect(peak - before).toBeLessThan(200);

    // Nothing was saved, and ordinary forms still work.
    const db = new Database(env.DATABASE_PATH!, { readonly: true });
    try {
      expect(db.prepare("select count(*) from progress_updates").pluck().get()).toBe(0);
      expect(db.prepare("select count(*) from evidence").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    const update = await fetch(`${baseUrl}/actions/${actionIds[0]}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie },
      body: new URLSearchParams({ intent: "progress", body: "Audit of 40 case files completed." }),
    });
    expect(update.status).toBe(302);
  });

  it("refuses a body declared too large before reading any of it, also for Expect: 100-continue", async () => {
    server = await startServer(env);
    const url = new URL("/login", server.baseUrl);
    const answer = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const request = http.request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { "Content-Length": String(400 * MB), Expect: "100-continue" },
      });
      request.on("continue", () => reject(new Error("the server asked for the body")));
      request.on("response", (response) => {
        let body = "";
        response.on("data", (text) => (body += text));
        response.on("end", () => resolve({ status: response.statusCode, body }));
      });
      request.on("error", reject);
      request.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("64 KB");
  });

  it("answers an address too long to read with a 400 page, not a bare refusal", async () => {
    server = await startServer(env);
    const ids = Array.from({ length: 40_000 }, (_, i) => `authority=${i + 1}`).join("&");
    const response = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const url = new URL(`/actions?${ids}`, server!.baseUrl);
      http
        .get({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}` }, (res) => {
          let body = "";
          res.on("data", (text) => (body += text));
          res.on("end", () => resolve({ status: res.statusCode, body }));
        })
        .on("error", reject);
    });
    expect(response.status).toBe(400);
    expect(response.body).toContain("The web address is too long");
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe("the client's address", () => {
  async function wrongPasswords(baseUrl: string, count: number, forwardedFor: (i: number) => string) {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${baseUrl}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "X-Forwarded-For": forwardedFor(i) },
        body: new URLSearchParams({ email: users.board.email, password: `guess ${i}` }),
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    return statuses;
  }

  const recordedAddresses = () => {
    const db = new Database(env.DATABASE_PATH!);
    try {
      const rows = db.prepare("select ip from sign_in_attempts").pluck().all() as string[];
      db.prepare("delete from sign_in_attempts").run();
      return new Set(rows);
    } finally {
      db.close();
    }
  };

  it("is the socket's without TRUST_PROXY: a made-up X-Forwarded-For on each guess changes nothing", async () => {
    recordedAddresses();
    server = await startServer(env);
    const statuses = await wrongPasswords(server.baseUrl, 8, (i) => `203.0.113.${i}`);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429]);
    expect(recordedAddresses()).toEqual(new Set(["127.0.0.1"]));
  });

  it("is taken from X-Forwarded-For, as many hops back as TRUST_PROXY says", async () => {
    recordedAddresses();
    server = await startServer({ ...env, TRUST_PROXY: "1" });
    // The proxy appends the address it saw; anything before it is the client's own claim.
    const statuses = await wrongPasswords(server.baseUrl, 6, (i) => `192.0.2.250, 203.0.113.${i}`);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400]);
    expect(recordedAddresses()).toEqual(new Set([0, 1, 2, 3, 4, 5].map((i) => `203.0.113.${i}`)));
  });

  it("refuses to start with a TRUST_PROXY it cannot read", async () => {
    await expect(startServer({ ...env, TRUST_PROXY: "yes please" }, { pollIntervalMs: 100 })).rejects.toThrow(
      /TRUST_PROXY must be the number of proxies/,
    );
  });
});

describe("files on disk", () => {
  it("creates the data directory 0700 and the database, its journal files, the secret and evidence 0600", async () => {
    server = await startServer(env);
    const cookie = await signIn(server.baseUrl, "lead");
    const form = new FormData();
    for (const [k, v] of Object.entries({ kind: "file", purpose: "completion", description: "Minutes" }))
      form.append(k, v);
    form.append("file", new File([`%PDF-1.7\nBoard minutes ${Date.now()}\n%%EOF\n`], "Minutes; March = final.pdf"));
    const uploaded = await fetch(`${server.baseUrl}/actions/${actionIds[1]}/evidence`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie },
      body: form,
    });
    expect(uploaded.status).toBe(302);

    const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);
    const data = path.dirname(env.DATABASE_PATH!);
    expect(mode(data)).toBe("700");
    for (const suffix of ["", "-wal", "-shm"]) expect(mode(env.DATABASE_PATH! + suffix)).toBe("600");
    expect(mode(path.join(data, "session-secret"))).toBe("600");
    const evidence = path.join(data, "evidence");
    expect(mode(evidence)).toBe("700");
    const [folder] = fs.readdirSync(evidence);
    expect(mode(path.join(evidence, folder))).toBe("700");
    for (const file of fs.readdirSync(path.join(evidence, folder)))
      expect(mode(path.join(evidence, folder, file))).toBe("600");
  });
});

describe("set-password links", () => {
  it("never travel in a cookie: the administrator sees the link once, on a page the server fills in", async () => {
    server = await startServer(env);
    const cookie = await signIn(server.baseUrl, "admin");
    const setCookies: string[] = [];
    const added = await fetch(`${server.baseUrl}/admin/users/new`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie },
      body: new URLSearchParams({
        name: "Nina New",
        email: `nina.${Date.now()}@havering.example.gov.uk`,
        role: "admin",
        setup: "invite",
      }),
    });
    expect(added.status).toBe(302);
    setCookies.push(...added.headers.getSetCookie());
    const page = await fetch(new URL(added.headers.get("Location")!, server.baseUrl), { headers: { Cookie: cookie } });
    setCookies.push(...page.headers.getSetCookie());
    const html = await page.text();
    expect(html).toMatch(/\/set-password\/[\w-]{43}/);
    const decoded = setCookies
      .map((c) => decodeURIComponent(c))
      .map((c) => `${c} ${Buffer.from(c.split("=")[1] ?? "", "base64").toString()}`);
    expect(decoded.join("\n")).not.toMatch(/set-password/);
    // Shown once: the same address again shows no link.
    const again = await (
      await fetch(new URL(added.headers.get("Location")!, server.baseUrl), { headers: { Cookie: cookie } })
    ).text();
    expect(again).not.toMatch(/\/set-password\/[\w-]{43}/);
  });
});

describe("a crashed server process", () => {
  const pidsIn = (output: string) => [...output.matchAll(/\(process (\d+)\)/g)].map((m) => Number(m[1]));

  it("is replaced within seconds, the crash is logged, and only requests in flight on it fail", async () => {
    server = await startServer({ ...env, WEB_CONCURRENCY: "2" }, { supervised: true });
    const { baseUrl } = server;
    await expect.poll(() => pidsIn(server!.output()).length, { timeout: 20_000 }).toBe(2);
    const [victim, survivor] = pidsIn(server.output());

    // A steady stream of requests while one process is killed outright.
    let failures = 0;
    let answered = 0;
    let running = true;
    const stream = (async () => {
      while (running) {
        try {
          const response = await fetch(`${baseUrl}/login`, { signal: AbortSignal.timeout(5000) });
          await response.arrayBuffer();
          if (response.ok) answered++;
          else failures++;
        } catch {
          failures++;
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    process.kill(victim, "SIGKILL");
    await expect
      .poll(() => server!.output(), { timeout: 5000 })
      .toMatch(new RegExp(`server process ${victim} was killed \\(SIGKILL\\)[^\\n]*starting another`));
    await expect.poll(() => pidsIn(server!.output()).length, { timeout: 15_000 }).toBe(3);
    await new Promise((r) => setTimeout(r, 500));
    running = false;
    await stream;
    expect(answered).toBeGreaterThan(20);
    expect(failures).toBeLessThanOrEqual(2);
    expect(() => process.kill(survivor, 0)).not.toThrow();

    // Every process killed at once: the service answers again within seconds.
    const current = pidsIn(server.output()).filter((pid) => pid !== victim);
    for (const pid of current) process.kill(pid, "SIGKILL");
    const killedAt = Date.now();
    await expect
      .poll(
        async () => {
          try {
            return (await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) })).status;
          } catch {
            return 0;
          }
        },
        { timeout: 25_000, interval: 200 },
      )
      .toBe(200);
    // Starting a process reads the whole app: a few seconds, more on a busy machine.
    expect(Date.now() - killedAt).toBeLessThan(20_000);
  });
});
