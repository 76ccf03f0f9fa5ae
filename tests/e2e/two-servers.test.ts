import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { databaseUrlFor, dropDatabase, recreateDatabase, withAdmin } from "../setup/postgres";
import type { JourneyUsers } from "./global-setup";
import { bin, root, run, type RunningServer, startServer } from "./server";

// Several app servers on one PostgreSQL database, as a provider runs the service behind a load
// balancer: two separate server processes, each with its own data directory (nothing on one
// server's disk or in its memory reaches the other), sharing only the database and the session
// secret an operator gives both. Sessions, the sign-in throttle, conflicting edits and cached pages
// must agree across them, and one server stopping must not stop the other.
//
// Needs a PostgreSQL server: TEST_DATABASE_URL (tests/setup/postgres.sh; `.ci/run` starts one).

const adminUrl = process.env.TEST_DATABASE_URL;
const CONCURRENT = 50;

describe.skipIf(!adminUrl)("two app servers on one PostgreSQL database", () => {
  const database = `followthrough_two_servers_${process.pid}`;
  let tmp: string;
  let users: JourneyUsers;
  let actionPath: string;
  let servers: RunningServer[] = [];
  let cookie = "";

  beforeAll(async () => {
    if (!fs.existsSync(path.join(root, "build/server.js"))) throw new Error("Run `npm run build` first.");
    await withAdmin(adminUrl!, (client) => recreateDatabase(client, database));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-two-servers-"));
    const shared = {
      ...process.env,
      DATABASE_URL: databaseUrlFor(adminUrl!, database),
      DEMO_DATA: "false",
      SESSION_SECRET: crypto.randomBytes(32).toString("base64url"),
      TRUST_PROXY: "",
    };
    // Each server's data directory is its own (DATABASE_PATH names it even on PostgreSQL).
    const envFor = (name: string) => ({ ...shared, DATABASE_PATH: path.join(tmp, name, "unused.db") });
    await run(bin("tsx"), ["db/setup.ts"], { cwd: root, env: envFor("setup") });
    const created = await run(bin("tsx"), ["tests/e2e/create-users.ts"], { cwd: root, env: envFor("setup") });
    users = (JSON.parse(created.stdout.trim().split("\n").at(-1) ?? "") as { users: JourneyUsers }).users;
    const plan = await run(bin("tsx"), ["tests/e2e/create-plan.ts"], { cwd: root, env: envFor("setup") });
    const { actionIds } = JSON.parse(plan.stdout.trim().split("\n").at(-1) ?? "") as { actionIds: number[] };
    actionPath = `/actions/${actionIds[0]}`;
    servers = await Promise.all([startServer(envFor("a")), startServer(envFor("b"))]);
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) {
      if (server.process.exitCode !== null || server.process.signalCode !== null) continue;
      const exited = new Promise((resolve) => server.process.once("exit", resolve));
      server.process.kill("SIGTERM");
      const timer = setTimeout(() => server.process.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (adminUrl) await withAdmin(adminUrl, (client) => dropDatabase(client, database));
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  afterEach((context) => {
    if (context.task.result?.state !== "fail") return;
    for (const [i, server] of servers.entries()) console.log(`server ${"AB"[i]}:\n${server.output().slice(-6000)}`);
  });

  const [A, B] = [0, 1];
  const url = (server: number, pathAndQuery: string) => servers[server].baseUrl + pathAndQuery;

  function signInAttempt(server: number, email: string, password: string): Promise<Response> {
    return fetch(url(server, "/login"), {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ email, password }),
    });
  }

  async function signIn(server: number, who: keyof JourneyUsers): Promise<string> {
    const response = await signInAttempt(server, users[who].email, users[who].password);
    expect(response.status, "sign-in").toBe(302);
    return response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  }

  async function page(server: number, pathAndQuery: string): Promise<string> {
    const response = await fetch(url(server, pathAndQuery), { headers: { Cookie: cookie }, redirect: "manual" });
    expect(response.status, `${pathAndQuery} on server ${server === A ? "A" : "B"}`).toBe(200);
    return response.text();
  }

  async function currentVersion(server: number): Promise<number> {
    const versions = new Set(
      [...(await page(server, actionPath)).matchAll(/name="version" value="(\d+)"/g)].map((m) => Number(m[1])),
    );
    expect(versions.size).toBe(1);
    return [...versions][0];
  }

  function postEdit(server: number, title: string, version: number): Promise<Response> {
    return fetch(url(server, actionPath), {
      method: "POST",
      headers: {
        Cookie: cookie,
        Origin: servers[server].baseUrl,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        intent: "details",
        version: String(version),
        title,
        description: `Edited on two servers: ${title}`,
        partnerAgency: "",
        successMeasure: "",
      }).toString(),
      redirect: "manual",
    });
  }

  const heading = (title: string) => `<h1 class="govuk-heading-l">${title}</h1>`;

  test("a session made on one server works on the other, and a change through one is seen at once through the other", async () => {
    cookie = await signIn(A, "lead");
    const version = await currentVersion(B);
    // Each server has read (and may have cached) the page before the change.
    await page(A, actionPath);
    const saved = await postEdit(A, "Saved through server A", version);
    expect(saved.status).toBe(302);
    const onB = await page(B, actionPath);
    expect(onB).toContain(heading("Saved through server A"));
    expect(await currentVersion(B)).toBe(version + 1);
    // And back the other way.
    expect((await postEdit(B, "Saved through server B", version + 1)).status).toBe(302);
    expect(await page(A, actionPath)).toContain(heading("Saved through server B"));
  });

  test(
    `${CONCURRENT} conflicting edits spread over both servers: exactly one saved at each round, none lost`,
    { timeout: 300_000 },
    async () => {
      const startVersion = await currentVersion(A);
      let pending = Array.from({ length: CONCURRENT }, (_, i) => `Edit ${String(i + 1).padStart(2, "0")}`);
      const winners: string[] = [];
      let round = 0;
      while (pending.length > 0) {
        round += 1;
        const version = await currentVersion(round % 2);
        expect(version, `round ${round} starts one version on`).toBe(startVersion + round - 1);
        // Alternate servers, so every round has edits racing on both.
        const responses = await Promise.all(pending.map((title, i) => postEdit(i % 2, title, version)));
        await Promise.all(responses.map((r) => r.text()));
        const statuses = responses.map((r) => r.status);
        expect(
          statuses.filter((s) => s !== 302 && s !== 409),
          `round ${round}: a save or the conflict page, nothing else`,
        ).toEqual([]);
        const won = pending.filter((_, i) => statuses[i] === 302);
        expect(won, `round ${round}: exactly one edit wins version ${version}`).toHaveLength(1);
        winners.push(won[0]);
        pending = pending.filter((_, i) => statuses[i] === 409);
        expect(await page(round % 2 === 0 ? A : B, actionPath)).toContain(heading(won[0]));
      }
      expect([...winners].sort()).toEqual(
        Array.from({ length: CONCURRENT }, (_, i) => `Edit ${String(i + 1).padStart(2, "0")}`),
      );
      expect(await currentVersion(A)).toBe(startVersion + CONCURRENT);
      expect(await currentVersion(B)).toBe(startVersion + CONCURRENT);
    },
  );

  test("the sign-in throttle counts failures made on either server", async () => {
    const { email, password } = users.manager;
    // Five wrong passwords from one address lock that address out for the e-mail: spread over both.
    for (let i = 0; i < 5; i++) {
      const response = await signInAttempt(i % 2, email, `wrong password ${i}`);
      expect(response.status, `wrong password ${i + 1}`).toBe(400);
    }
    for (const server of [A, B]) {
      const locked = await signInAttempt(server, email, password);
      expect(locked.status, "the right password, while locked").toBe(429);
      expect(await locked.text()).toContain("too many attempts to sign in");
    }
  });

  test("one server stopped without warning, the other carries on with the same sessions", async () => {
    servers[A].process.kill("SIGKILL");
    await new Promise((resolve) => servers[A].process.once("exit", resolve));
    await expect(fetch(url(A, "/login"))).rejects.toThrow();
    const version = await currentVersion(B);
    expect((await postEdit(B, "Saved after server A stopped", version)).status).toBe(302);
    expect(await page(B, actionPath)).toContain(heading("Saved after server A stopped"));
    // A new sign-in works too.
    cookie = await signIn(B, "board");
    expect(await page(B, "/dashboard")).toContain(users.board.name);
  });
});
