import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createServerDatabase, e2eEngine, type ServerDatabase } from "./database";
import { bin, root, run, startServer } from "./server";

// Starts the production build (supervised, as `npm start` does) against a fresh temporary database
// with four known users, and hands the tests its address. Nothing here touches the developer's own database.
// The engine is SQLite unless E2E_ENGINE=postgres: then a fresh database in the cluster at
// TEST_DATABASE_URL (dropped at the end), with the data directory still a temporary folder.

export interface JourneyUser {
  name: string;
  email: string;
  password: string;
}

export interface JourneyUsers {
  lead: JourneyUser;
  manager: JourneyUser;
  board: JourneyUser;
  admin: JourneyUser;
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    users: JourneyUsers;
    /**
     * The server's database, for tests that set up rows the browser cannot (tests/e2e/create-plan.ts) and compare what
     * a page showed with what was saved: spread into a child script's environment, or opened with tests/e2e/database.ts.
     */
    serverDatabase: ServerDatabase;
  }
}

export default async function setup(project: TestProject) {
  const buildFile = path.join(root, "build/index.js");
  if (!fs.existsSync(buildFile)) {
    throw new Error(`No production build at ${buildFile}. Run \`npm run build\` before \`npm run test:e2e\`.`);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-e2e-"));
  const { database, drop } = await createServerDatabase(tmp, "server", e2eEngine());
  const env = {
    ...process.env,
    ...database,
    DEMO_DATA: "false",
    SESSION_SECRET: `e2e-${process.pid}-${Date.now()}`,
  };

  await run(bin("tsx"), ["db/setup.ts"], { cwd: root, env });
  const created = await run(bin("tsx"), ["tests/e2e/create-users.ts"], { cwd: root, env });
  const lastLine = created.stdout.trim().split("\n").at(-1) ?? "";
  const { users } = JSON.parse(lastLine) as { users: JourneyUsers };

  // As `npm start` runs it: two server processes under the supervisor, so every browser test also
  // proves the processes agree (sessions, throttling, caches and writes through one database).
  const {
    process: server,
    baseUrl,
    output,
  } = await startServer({ ...env, WEB_CONCURRENCY: "2" }, { supervised: true });

  project.provide("baseUrl", baseUrl);
  project.provide("users", users);
  project.provide("serverDatabase", database);

  return async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    if (process.env.E2E_SERVER_LOG) console.log(output());
    await drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
