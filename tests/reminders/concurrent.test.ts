import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { runReminders } from "../../db/reminders";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createInspection,
  createTestUser,
  NOW,
  setAction,
  TODAY,
} from "../factories";
import { closedPort, startSmtpServer } from "./smtp-server";

// `npm run reminders` from cron on two hosts at the same moment, against one database (this test
// file's: PostgreSQL with TEST_DATABASE_URL, else its SQLite file): nobody is e-mailed twice. Two
// real processes send through one SMTP server, which holds each message until the two are sending
// at once, so the runs overlap for certain; every person must receive their digest exactly once.

const OWNERS = 12;
const SMTP_KEYS = ["SMTP_HOST", "SMTP_PORT", "SMTP_SECURE", "SMTP_USER", "SMTP_PASSWORD", "MAIL_FROM"] as const;
const savedEnv = Object.fromEntries(SMTP_KEYS.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const key of SMTP_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

function smtpEnv(port: number) {
  return {
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(port),
    SMTP_SECURE: "false",
    MAIL_FROM: "reminders@testshire.gov.uk",
  };
}

let emails: string[];
beforeEach(async () => {
  // Each owner has one overdue action, so each hears once today.
  const authority = await createAuthority("Testshire");
  const report = buildReport({ recommendations: Array.from({ length: OWNERS }, () => buildRecommendation()) });
  const { actionIds } = await createInspection(authority.id, report);
  emails = [];
  for (const id of actionIds) {
    const owner = await createTestUser({ role: "service_manager", authorityId: authority.id });
    await setAction(id, { owner_id: owner.id, status: "in_progress", target_date: "2024-08-01" });
    emails.push(owner.email);
  }
});

const run = promisify(execFile);

/** Two `npm run reminders` started together, as cron would on two hosts. */
async function twoHostsAtOnce(port: number) {
  const env = { ...process.env, ...smtpEnv(port) };
  const once = () =>
    run(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "db/reminders.ts", "--date", TODAY], {
      env,
      timeout: 90_000,
    });
  const results = await Promise.all([once(), once()]);
  return results.map((r) => {
    expect(r.stderr).toBe("");
    const match = /^(\d+) digests?: (\d+) sent, 0 failed, 0 not sent \(no SMTP\)$/.exec(r.stdout.trim());
    expect(match, r.stdout).not.toBeNull();
    return Number(match![2]);
  });
}

async function expectEveryoneOnce(smtp: Awaited<ReturnType<typeof startSmtpServer>>, sentByRun: number[]) {
  const perRecipient = new Map<string, number>();
  for (const message of smtp.messages) {
    for (const to of message.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
  }
  expect(Object.fromEntries(perRecipient)).toEqual(Object.fromEntries(emails.map((e) => [e, 1])));
  // The runs really overlapped, and shared the work between them.
  expect(smtp.overlapped()).toBe(true);
  expect(sentByRun.every((n) => n > 0)).toBe(true);
  expect(sentByRun[0] + sentByRun[1]).toBe(OWNERS);
  const rows = await getDb().selectFrom("outbox").select(["user_id", "status"]).execute();
  expect(rows).toHaveLength(OWNERS);
  expect(rows.every((r) => r.status === "sent")).toBe(true);
}

describe("the reminder job on two hosts at the same moment", () => {
  it("e-mails each person once", { timeout: 120_000 }, async () => {
    const smtp = await startSmtpServer({ holdUntilConcurrent: 20_000 });
    try {
      await expectEveryoneOnce(smtp, await twoHostsAtOnce(smtp.port));
    } finally {
      await smtp.close();
    }
  });

  it("retries a digest that failed earlier in the day from one host only", { timeout: 120_000 }, async () => {
    // An earlier run today found the relay down: every digest is recorded as failed.
    Object.assign(process.env, smtpEnv(await closedPort()));
    expect(await runReminders({ today: TODAY, now: NOW })).toMatchObject({ total: OWNERS, failed: OWNERS });
    const smtp = await startSmtpServer({ holdUntilConcurrent: 20_000 });
    try {
      await expectEveryoneOnce(smtp, await twoHostsAtOnce(smtp.port));
    } finally {
      await smtp.close();
    }
  });
});
