import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MAX_OPEN_DRAFTS } from "../../app/domain/import-draft";
import { parseReportText } from "../../app/import/parse-report";
import type { JourneyUsers } from "./global-setup";
import { bin, root, run, type RunningServer, startServer } from "./server";

// Kills the production server (SIGKILL, no chance to clean up) at seeded random moments while it
// imports reports and stores evidence uploads, 20 times over, on a database and evidence store of
// its own. After each kill the database must pass its integrity check, no inspection may be half
// imported, every evidence row must have its whole file, no file may sit half written under its
// final name, and every request the server answered as done must still be there.

const ROUNDS = 20;
const MAX_DELAY_MS = 400;
const SEED = 20261122;
const REPORTS = [
  "havering-2011-slac.txt",
  "hackney-2012-slac.txt",
  "hammersmith-fulham-2011-slac.txt",
  "hackney-2024-ilacs.txt",
];
const SHA256 = /^[0-9a-f]{64}$/;

/** mulberry32: a small seeded generator, so a failing run can be repeated exactly. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whether a request ran to the end; false when the kill cut it off (handled at once, never unhandled). */
const settle = (request: Promise<void>) =>
  request.then(
    () => true,
    () => false,
  );

/** A text file of about `size` bytes whose content is unique to its description. */
function evidenceFile(description: string, size: number): Uint8Array<ArrayBuffer> {
  const line = `${description}: supervision audit notes, case file sample ${size}\n`;
  return new TextEncoder().encode(line.repeat(Math.ceil(size / line.length)));
}

const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let tmp: string;
let env: NodeJS.ProcessEnv;
let users: JourneyUsers;
let server: RunningServer | undefined;

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, "build/index.js"))) throw new Error("Run `npm run build` first.");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-crash-"));
  env = {
    ...process.env,
    // SQLite on purpose, whatever E2E_ENGINE says: the checks after each kill are SQLite's own (its
    // integrity check, the write-ahead log, the evidence folder beside the file).
    DATABASE_URL: "",
    DATABASE_PATH: path.join(tmp, "followthrough.db"),
    DEMO_DATA: "false",
    SESSION_SECRET: `crash-${process.pid}-${Date.now()}`,
  };
  await run(bin("tsx"), ["db/setup.ts"], { cwd: root, env });
  const created = await run(bin("tsx"), ["tests/e2e/create-users.ts"], { cwd: root, env });
  users = (JSON.parse(created.stdout.trim().split("\n").at(-1) ?? "") as { users: JourneyUsers }).users;
});

afterAll(async () => {
  await kill(server);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function kill(running: RunningServer | undefined) {
  if (!running || running.process.exitCode !== null || running.process.signalCode !== null) return;
  const exited = new Promise((resolve) => running.process.once("exit", resolve));
  running.process.kill("SIGKILL");
  await exited;
}

async function signIn(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl },
    body: new URLSearchParams({ email: users.lead.email, password: users.lead.password }),
  });
  expect(response.status, "sign-in").toBe(302);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** What the client saw: answers it got (status and where it was sent) and requests cut off. */
interface Outcome {
  what: string;
  status: number | null;
  location: string | null;
}

async function post(baseUrl: string, cookie: string, pathname: string, body: FormData | URLSearchParams) {
  const response = await fetch(`${baseUrl}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl, Cookie: cookie },
    body,
  });
  await response.arrayBuffer();
  return response;
}

/**
 * The import flow: upload the report (a draft), follow the draft's page until a worker has read it,
 * then confirm it with the parser's items unchanged (posting only the revision, as a page with
 * JavaScript does when nothing was corrected), confirming that a report about another authority
 * belongs in the lead's plan.
 */
async function importReport(baseUrl: string, cookie: string, name: string, text: string, outcomes: Outcome[]) {
  const upload = new FormData();
  upload.set("report", new Blob([text], { type: "text/plain" }), name);
  upload.set("text", "");
  const uploaded = await post(baseUrl, cookie, "/import", upload);
  const draft = uploaded.headers.get("Location");
  outcomes.push({ what: `upload ${name}`, status: uploaded.status, location: draft });
  if (uploaded.status !== 302 || !draft) return;
  let page: { stage: string; revision?: number; otherAuthority?: { planAuthority: string } | null };
  do {
    const response = await fetch(`${baseUrl}${draft}?_data=routes%2Fimport_.drafts.%24draftId`, {
      headers: { Cookie: cookie },
    });
    page = (await response.json()) as typeof page;
    outcomes.push({ what: `read ${name}`, status: response.status, location: page.stage });
  } while (page.stage === "reading");
  if (page.stage !== "preview") return;
  const confirmed = await post(
    baseUrl,
    cookie,
    draft,
    new URLSearchParams({
      revision: String(page.revision),
      op: "confirm",
      confirmAuthority: page.otherAuthority?.planAuthority ?? "",
    }),
  );
  outcomes.push({ what: `import ${name}`, status: confirmed.status, location: confirmed.headers.get("Location") });
}

async function uploadEvidence(
  baseUrl: string,
  cookie: string,
  actionId: number,
  description: string,
  bytes: Uint8Array<ArrayBuffer>,
  outcomes: Outcome[],
) {
  const form = new FormData();
  form.set("kind", "file");
  form.set("purpose", "completion");
  form.set("description", description);
  form.set("evidenceDate", "");
  form.set("file", new Blob([bytes], { type: "text/plain" }), `${description}.txt`);
  const response = await post(baseUrl, cookie, `/actions/${actionId}/evidence`, form);
  outcomes.push({ what: description, status: response.status, location: response.headers.get("Location") });
}

const expectedCounts = new Map<string, { recommendations: number; judgements: number }>();
function expectedFor(text: string) {
  let counts = expectedCounts.get(text);
  if (!counts) {
    const parsed = parseReportText(text);
    counts = { recommendations: parsed.recommendations.length, judgements: parsed.judgements.length };
    expectedCounts.set(text, counts);
  }
  return counts;
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .flatMap((entry) => (entry.isFile() ? [path.join(entry.parentPath, entry.name)] : []));
}

interface Acknowledged {
  inspections: number[];
  evidence: string[];
  drafts: number[];
}

/** Everything that must hold after a kill, checked on the database file itself. */
function checkAfterCrash(round: number, acknowledged: Acknowledged) {
  const where = `after round ${round}`;
  const db = new SQLite(env.DATABASE_PATH!, { fileMustExist: true });
  try {
    expect(db.pragma("integrity_check", { simple: true }), where).toBe("ok");
    expect(db.pragma("foreign_key_check"), where).toEqual([]);

    const inspections = db.prepare("SELECT id, extracted_text AS text FROM inspections").all() as {
      id: number;
      text: string;
    }[];
    const count = (sql: string, ...params: unknown[]) =>
      db
        .prepare(sql)
        .pluck()
        .get(...params) as number;
    for (const inspection of inspections) {
      const expected = expectedFor(inspection.text);
      const label = `${where}, inspection ${inspection.id}`;
      expect(expected.recommendations, label).toBeGreaterThan(0);
      expect(count("SELECT count(*) FROM recommendations WHERE inspection_id = ?", inspection.id), label).toBe(
        expected.recommendations,
      );
      expect(count("SELECT count(*) FROM judgements WHERE inspection_id = ?", inspection.id), label).toBe(
        expected.judgements,
      );
      // The import makes one action per recommendation; nothing else in this test adds actions.
      expect(
        count(
          "SELECT count(*) FROM recommendations r WHERE r.inspection_id = ? AND (SELECT count(*) FROM actions a WHERE a.recommendation_id = r.id) <> 1",
          inspection.id,
        ),
        label,
      ).toBe(0);
      const audits = db
        .prepare(
          "SELECT after FROM audit_events WHERE entity_type = 'inspection' AND event = 'inspection.imported' AND entity_id = ?",
        )
        .pluck()
        .all(inspection.id) as string[];
      expect(audits.length, label).toBe(1);
      expect(JSON.parse(audits[0]).recommendations, label).toBe(expected.recommendations);
    }
    expect(
      count("SELECT count(*) FROM recommendations WHERE inspection_id NOT IN (SELECT id FROM inspections)"),
      where,
    ).toBe(0);
    expect(
      count(
        "SELECT count(*) FROM audit_events WHERE event = 'inspection.imported' AND entity_id NOT IN (SELECT id FROM inspections)",
      ),
      where,
    ).toBe(0);

    const evidence = db
      .prepare("SELECT id, description, file_sha256 AS sha256, file_size AS size FROM evidence WHERE kind = 'file'")
      .all() as { id: number; description: string; sha256: string; size: number }[];
    const evidenceDir = path.join(tmp, "evidence");
    for (const row of evidence) {
      const label = `${where}, evidence ${row.id}`;
      const file = path.join(evidenceDir, row.sha256.slice(0, 2), row.sha256);
      expect(fs.existsSync(file), `${label}: file missing`).toBe(true);
      const bytes = fs.readFileSync(file);
      expect(bytes.length, label).toBe(row.size);
      expect(sha256Of(bytes), label).toBe(row.sha256);
      expect(
        count(
          "SELECT count(*) FROM audit_events WHERE event = 'action.evidence_added' AND json_extract(after, '$.evidenceId') = ?",
          row.id,
        ),
        label,
      ).toBe(1);
    }

    // An import draft is imported exactly when its inspection is there; one being read when the
    // server died is read again when its page is next opened.
    const drafts = db.prepare("SELECT id, status, inspection_id AS inspectionId FROM import_drafts").all() as {
      id: number;
      status: string;
      inspectionId: number | null;
    }[];
    for (const draft of drafts) {
      const label = `${where}, import draft ${draft.id}`;
      if (draft.status === "imported") {
        expect(count("SELECT count(*) FROM inspections WHERE id = ?", draft.inspectionId), label).toBe(1);
      } else {
        expect(draft.inspectionId, label).toBeNull();
        expect(["reading", "ready"], label).toContain(draft.status);
      }
    }

    // What the server said was done before it died is still there.
    // (A person keeps their ten latest imports in progress: an older one may have been let go.)
    for (const id of acknowledged.drafts) {
      if (count("SELECT count(*) FROM import_drafts WHERE id = ?", id) === 1) continue;
      expect(
        count("SELECT count(*) FROM import_drafts WHERE id > ? AND status <> 'imported'", id),
        `${where}: import draft ${id} is gone though fewer than ${MAX_OPEN_DRAFTS} newer imports are in progress`,
      ).toBeGreaterThanOrEqual(MAX_OPEN_DRAFTS);
    }
    for (const id of acknowledged.inspections) {
      expect(count("SELECT count(*) FROM inspections WHERE id = ?", id), `${where}: imported inspection ${id}`).toBe(1);
    }
    for (const description of acknowledged.evidence) {
      expect(
        count("SELECT count(*) FROM evidence WHERE description = ?", description),
        `${where}: ${description}`,
      ).toBe(1);
    }

    // No half-written file under a final name: every file named by a hash has that content.
    let strays = 0;
    for (const file of listFiles(evidenceDir)) {
      const name = path.basename(file);
      if (SHA256.test(name)) {
        expect(path.basename(path.dirname(file)), file).toBe(name.slice(0, 2));
        expect(sha256Of(fs.readFileSync(file)), `${where}: partial file under its final name ${name}`).toBe(name);
      } else {
        expect(name, `${where}: unexpected file in the evidence store`).toMatch(/^\.[0-9a-f]{64}\.[0-9a-f]+\.tmp$/);
        strays += 1;
      }
    }
    return { inspections: inspections.length, evidence: evidence.length, strays };
  } finally {
    db.close();
  }
}

// Twenty-two server starts (each taking seconds on a busy machine) and the rounds' work: a generous budget.
it(`survives SIGKILL during imports and evidence uploads, ${ROUNDS} times`, { timeout: 600_000 }, async () => {
  const random = seeded(SEED);
  const acknowledged: Acknowledged = { inspections: [], evidence: [], drafts: [] };
  const reportTexts = REPORTS.map((name) => ({
    name,
    text: fs.readFileSync(path.join(root, "db/fixtures/reports", name), "utf8"),
  }));

  // One report imported without interruption, so there are actions to add evidence to.
  server = await startServer(env, { pollIntervalMs: 50 });
  const cookie = await signIn(server.baseUrl);
  const setup: Outcome[] = [];
  await importReport(server.baseUrl, cookie, reportTexts[0].name, reportTexts[0].text, setup);
  const imported = setup.find((o) => o.what.startsWith("import"));
  expect(imported?.status, JSON.stringify(setup)).toBe(302);
  acknowledged.inspections.push(Number(imported?.location?.match(/\/inspections\/(\d+)$/)?.[1]));
  await kill(server);
  const actionIds = (() => {
    const db = new SQLite(env.DATABASE_PATH!, { readonly: true });
    try {
      return db.prepare("SELECT id FROM actions ORDER BY id").pluck().all() as number[];
    } finally {
      db.close();
    }
  })();
  expect(actionIds.length).toBeGreaterThan(0);

  // How long a round's work takes on a freshly started server when nothing stops it: the kills are
  // spread from the first moment to a little past its end, so some land before, in and after it.
  server = await startServer(env, { pollIntervalMs: 50 });
  const calibration: Outcome[] = [];
  const started = Date.now();
  await Promise.all([
    importReport(server.baseUrl, cookie, reportTexts[1].name, reportTexts[1].text, calibration),
    uploadEvidence(
      server.baseUrl,
      cookie,
      actionIds[0],
      "Calibration evidence",
      evidenceFile("Calibration", 2 * 1024 * 1024),
      calibration,
    ),
  ]);
  const workMs = Date.now() - started;
  await kill(server);
  expect(
    calibration.filter((o) => !o.what.startsWith("read")).map((o) => o.status),
    JSON.stringify(calibration),
  ).toEqual(expect.arrayContaining([302, 302, 302]));
  expect(calibration.filter((o) => o.what.startsWith("read")).at(-1)?.location).toBe("preview");
  acknowledged.evidence.push("Calibration evidence");
  const maxDelayMs = Math.max(MAX_DELAY_MS, Math.round(workMs * 1.25));
  checkAfterCrash(0, acknowledged);

  const tally = { cutOff: 0, answered: 0, imports: 0, uploads: 0 };
  let last = { inspections: 0, evidence: 0, strays: 0 };
  let startupMs = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const starting = Date.now();
    server = await startServer(env, { pollIntervalMs: 50 });
    const startup = Date.now() - starting;
    startupMs += startup;
    const { baseUrl } = server;
    const outcomes: Outcome[] = [];
    const requests: Promise<boolean>[] = [];
    // Rounds take turns: an import, evidence uploads, or both at once.
    const mode = round % 3;
    if (mode !== 2) {
      const report = reportTexts[Math.floor(random() * reportTexts.length)];
      // A distinct copy each round, so it is never refused as a duplicate.
      const text = `${report.text}\n\nCrash test copy ${round}\n`;
      requests.push(settle(importReport(baseUrl, cookie, report.name, text, outcomes)));
      tally.imports += 1;
    }
    if (mode !== 1) {
      for (let i = 1; i <= 2; i++) {
        const description = `Crash evidence ${round}.${i}`;
        const bytes = evidenceFile(description, 256 * 1024 + Math.floor(random() * 3 * 1024 * 1024));
        const actionId = actionIds[Math.floor(random() * actionIds.length)];
        requests.push(settle(uploadEvidence(baseUrl, cookie, actionId, description, bytes, outcomes)));
        tally.uploads += 1;
      }
    }
    const delay = Math.floor(random() * maxDelayMs);
    await new Promise((resolve) => setTimeout(resolve, delay));
    // The server must still be up: dying on its own would be a bug of its own, not our kill.
    expect(server.process.exitCode, `round ${round}: the server stopped by itself:\n${server.output()}`).toBeNull();
    await kill(server);
    const finished = await Promise.all(requests);
    tally.cutOff += finished.filter((done) => !done).length;
    tally.answered += outcomes.length;

    // Every answer the server gave before it died was the expected one.
    for (const outcome of outcomes) {
      if (outcome.what.startsWith("upload")) {
        expect(outcome.status, `round ${round}: ${outcome.what}`).toBe(302);
        acknowledged.drafts.push(Number(outcome.location?.match(/\/import\/drafts\/(\d+)$/)?.[1]));
      } else if (outcome.what.startsWith("read")) {
        expect(outcome.status, `round ${round}: ${outcome.what}`).toBe(200);
        expect(["reading", "preview"], `round ${round}: ${outcome.what}`).toContain(outcome.location);
      } else if (outcome.what.startsWith("import")) {
        expect(outcome.status, `round ${round}: ${outcome.what}`).toBe(302);
        const id = Number(outcome.location?.match(/\/inspections\/(\d+)$/)?.[1]);
        expect(id, `round ${round}: ${outcome.what} went to ${outcome.location}`).toBeGreaterThan(0);
        acknowledged.inspections.push(id);
      } else {
        expect(outcome.status, `round ${round}: ${outcome.what}`).toBe(302);
        acknowledged.evidence.push(outcome.what);
      }
    }
    const checking = Date.now();
    last = checkAfterCrash(round, acknowledged);
    if (process.env.CRASH_LOG) {
      console.log(
        `round ${round}: server up in ${startup} ms, killed after ${delay} ms, ${outcomes.length} answers, checked in ${Date.now() - checking} ms`,
      );
    }
  }

  console.log(
    `crash: ${ROUNDS} kills within 0-${maxDelayMs} ms (a round's work took ${workMs} ms; servers started in ${Math.round(startupMs / ROUNDS)} ms on average); ` +
      `${tally.imports} imports and ${tally.uploads} uploads started, ${tally.cutOff} requests cut off; ` +
      `${acknowledged.inspections.length} inspections and ${acknowledged.evidence.length} uploads acknowledged; ` +
      `${last.inspections} inspections, ${last.evidence} evidence files, ${last.strays} stray temporary files at the end`,
  );
  // The kills must have landed in the middle of work, or the test proves nothing.
  expect(tally.cutOff).toBeGreaterThan(0);
});

it(
  "never leaves a partial evidence file under its final name when killed mid-write",
  { timeout: 120_000 },
  async () => {
    // The rounds above rarely kill the server inside a file write, which is short beside a request.
    // Here a process does nothing but store 4 MB files with the app's own function, and is killed
    // just after it starts one of its first files.
    const random = seeded(SEED + 1);
    const dir = path.join(tmp, "store");
    const evidenceDir = path.join(dir, "evidence");
    let interrupted = 0;
    for (let kill = 1; kill <= 8; kill++) {
      // Node itself with tsx's loader, so the process killed is the one writing.
      const child = spawn(process.execPath, ["--import", "tsx", "tests/e2e/store-evidence-child.ts"], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: "", DATABASE_PATH: path.join(dir, "followthrough.db") },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const exited = new Promise((resolve) => child.once("exit", resolve));
      const target = `writing ${1 + Math.floor(random() * 3)}\n`;
      const deadline = Date.now() + 60_000;
      while (!output.includes(target) && child.exitCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(output, "the storing process did not get going").toContain(target);
      await new Promise((resolve) => setTimeout(resolve, random() * 30));
      child.kill("SIGKILL");
      await exited;
      if (output.trim().split("\n").at(-1)?.startsWith("writing")) interrupted += 1;
    }
    let whole = 0;
    let strays = 0;
    for (const file of listFiles(evidenceDir)) {
      const name = path.basename(file);
      if (SHA256.test(name)) {
        expect(sha256Of(fs.readFileSync(file)), `partial file under its final name ${name}`).toBe(name);
        whole += 1;
      } else {
        expect(name).toMatch(/^\.[0-9a-f]{64}\.[0-9a-f]+\.tmp$/);
        strays += 1;
      }
    }
    console.log(
      `crash: 8 kills of a process storing evidence files, ${interrupted} inside a store; ${whole} whole files, ${strays} temporary files left behind`,
    );
    expect(whole + strays).toBeGreaterThan(0);
  },
);
