import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { runReminders, summarise } from "../../db/reminders";
import { smtpSettingsFromEnv } from "../../app/utils/mailer.server";
import { NOW, TODAY } from "../factories";
import { closedPort, readable, startSmtpServer } from "./smtp-server";
import { reminderWorld, sendBack } from "./world";

const BASE = "https://followthrough.example.gov.uk";
const SMTP_KEYS = ["SMTP_HOST", "SMTP_PORT", "SMTP_SECURE", "SMTP_USER", "SMTP_PASSWORD", "MAIL_FROM"] as const;
const savedEnv = Object.fromEntries(SMTP_KEYS.map((k) => [k, process.env[k]]));

function useSmtp(port: number) {
  process.env.SMTP_HOST = "127.0.0.1";
  process.env.SMTP_PORT = String(port);
  process.env.SMTP_SECURE = "false";
  process.env.MAIL_FROM = "Followthrough <reminders@testshire.gov.uk>";
}

afterEach(() => {
  for (const key of SMTP_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

const outbox = () =>
  getDb().selectFrom("outbox").selectAll().orderBy("id").execute();

let w: Awaited<ReturnType<typeof reminderWorld>>;
beforeEach(async () => {
  w = await reminderWorld();
});

describe("runReminders through a real SMTP server", () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  afterEach(async () => {
    await smtp?.close();
  });

  it("sends one digest to each person with something to hear about, and records them as sent", async () => {
    smtp = await startSmtpServer();
    useSmtp(smtp.port);
    const result = await runReminders({ today: TODAY, now: NOW, baseUrl: BASE });

    expect(result).toEqual({ total: 3, sent: 3, failed: 0, notSent: 0 });
    expect(summarise(result)).toBe("3 digests: 3 sent, 0 failed, 0 not sent (no SMTP)");
    const byRecipient = new Map(smtp.messages.map((m) => [m.to.join(), readable(m.raw)]));
    expect([...byRecipient.keys()].sort()).toEqual([w.lead.email, w.otherLead.email, w.owner.email].sort());
    expect(smtp.messages.every((m) => m.from === "reminders@testshire.gov.uk")).toBe(true);

    const ownerMail = byRecipient.get(w.owner.email)!;
    expect(ownerMail).toContain("Subject: Followthrough: 1 overdue, 1 due soon, 1 sent back to you");
    expect(ownerMail).toContain("1.1 Action 1");
    expect(ownerMail).toContain("Target date: 1 August 2024 (32 days overdue)");
    expect(ownerMail).toContain("2.1 Action 2");
    expect(ownerMail).toContain("Target date: 12 September 2024 (10 days left)");
    expect(ownerMail).toContain("Reason: Add the audit report as evidence");
    expect(ownerMail).toContain(`${BASE}/actions/${w.actionIds[0]}`);
    expect(ownerMail).toContain("Content-Type: text/html");
    // Far off, signed off, withdrawn and awaiting sign-off actions are not the owner's to chase.
    for (const n of [3, 4, 5, 7]) expect(ownerMail).not.toContain(`Action ${n}`);

    const leadMail = byRecipient.get(w.lead.email)!;
    expect(leadMail).toContain("Subject: Followthrough: 1 action awaiting your sign-off");
    expect(leadMail).toContain("7.1 Action 7");
    expect(leadMail).not.toContain("Action 8");
    expect(byRecipient.get(w.otherLead.email)).toContain("1.1 Action 1");

    const rows = await outbox();
    expect(rows.map((r) => [r.user_id, r.kind, r.status, r.digest_date, r.sent_at])).toEqual(
      expect.arrayContaining([
        [w.owner.id, "owner_digest", "sent", TODAY, NOW.toISOString()],
        [w.lead.id, "lead_digest", "sent", TODAY, NOW.toISOString()],
        [w.otherLead.id, "lead_digest", "sent", TODAY, NOW.toISOString()],
      ]),
    );
    expect(rows).toHaveLength(3);
    // The inactive owner of an overdue action hears nothing; nor does the board member.
    expect(rows.some((r) => r.user_id === w.leaver.id || r.user_id === w.board.id)).toBe(false);
  });

  it("sends each digest once a day however often it runs, and again the next day", async () => {
    smtp = await startSmtpServer();
    useSmtp(smtp.port);
    await runReminders({ today: TODAY, now: NOW, baseUrl: BASE });
    const again = await runReminders({ today: TODAY, now: new Date(NOW.getTime() + 3_600_000), baseUrl: BASE });
    expect(again).toEqual({ total: 0, sent: 0, failed: 0, notSent: 0 });
    expect(smtp.messages).toHaveLength(3);

    const tomorrow = await runReminders({ today: "2024-09-03", now: new Date(NOW.getTime() + 86_400_000), baseUrl: BASE });
    expect(tomorrow.sent).toBe(3);
    expect(await outbox()).toHaveLength(6);
  });

  it("records a refused message as failed with the error and still sends the rest", async () => {
    smtp = await startSmtpServer({ refuse: [w.owner.email] });
    useSmtp(smtp.port);
    const result = await runReminders({ today: TODAY, now: NOW, baseUrl: BASE });
    expect(result).toEqual({ total: 3, sent: 2, failed: 1, notSent: 0 });
    const failed = (await outbox()).find((r) => r.user_id === w.owner.id)!;
    expect(failed.status).toBe("failed");
    expect(failed.sent_at).toBeNull();
    expect(failed.error).toMatch(/550|unavailable/i);

    // A later run the same day tries the failed one again, and only that one.
    const retry = await startSmtpServer();
    try {
      useSmtp(retry.port);
      expect(await runReminders({ today: TODAY, now: NOW, baseUrl: BASE })).toEqual({ total: 1, sent: 1, failed: 0, notSent: 0 });
      expect(retry.messages.map((m) => m.to)).toEqual([[w.owner.email]]);
    } finally {
      await retry.close();
    }
  });

  it("records every message as failed when the relay cannot be reached", async () => {
    useSmtp(await closedPort());
    const result = await runReminders({ today: TODAY, now: NOW, baseUrl: BASE });
    expect(result).toEqual({ total: 3, sent: 0, failed: 3, notSent: 0 });
    const rows = await outbox();
    expect(rows.every((r) => r.status === "failed" && /ECONNREFUSED|connect/i.test(r.error ?? ""))).toBe(true);
  });

  it("stops reminding about a send-back once the action is resubmitted", async () => {
    smtp = await startSmtpServer();
    useSmtp(smtp.port);
    await getDb().updateTable("actions").set({ status: "awaiting_sign_off" }).where("id", "=", w.actionIds[5]).execute();
    await runReminders({ today: TODAY, now: NOW, baseUrl: BASE });
    const ownerMail = readable(smtp.messages.find((m) => m.to.includes(w.owner.email))!.raw);
    expect(ownerMail).not.toContain("Sent back");
    // ...and the lead is now asked to sign it off.
    expect(readable(smtp.messages.find((m) => m.to.includes(w.lead.email))!.raw)).toContain("6.1 Action 6");
  });
});

describe("runReminders without SMTP", () => {
  it("keeps the digests in the outbox as not sent", async () => {
    for (const key of SMTP_KEYS) delete process.env[key];
    expect(smtpSettingsFromEnv()).toBeNull();
    const result = await runReminders({ today: TODAY, now: NOW, baseUrl: BASE });
    expect(result).toEqual({ total: 3, sent: 0, failed: 0, notSent: 3 });
    const rows = await outbox();
    expect(rows.every((r) => r.status === "not_sent_no_smtp" && r.sent_at === null)).toBe(true);
    const ownerRow = rows.find((r) => r.user_id === w.owner.id)!;
    expect(ownerRow.to_address).toBe(w.owner.email);
    expect(ownerRow.body_text).toContain("Overdue (1)");
    expect(ownerRow.body_html).toContain("<h2");
  });

  it("says nothing to an owner whose only send-back is older than a later status change", async () => {
    await sendBack(w.actionIds[1], w.authority.id, "Old reason", new Date(NOW.getTime() - 86_400_000));
    await getDb()
      .insertInto("audit_events")
      .values({
        at: NOW.toISOString(),
        user_id: w.owner.id,
        authority_id: w.authority.id,
        entity_type: "action",
        entity_id: w.actionIds[1],
        event: "action.submit",
        before: JSON.stringify({ status: "in_progress" }),
        after: JSON.stringify({ status: "in_progress" }),
      })
      .execute();
    await runReminders({ today: TODAY, now: NOW, smtp: null, baseUrl: BASE });
    const ownerRow = (await outbox()).find((r) => r.user_id === w.owner.id)!;
    expect(ownerRow.body_text).not.toContain("Old reason");
    expect(ownerRow.body_text).toContain("Add the audit report as evidence");
  });
});

describe("npm run reminders", () => {
  it("runs from the command line without SMTP, writing to the outbox and printing a summary", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, APP_URL: BASE };
    for (const key of SMTP_KEYS) delete env[key];
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "db/reminders.ts", ...args], {
        env,
        encoding: "utf8",
        timeout: 60_000,
      });
    const first = run("--date", TODAY);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout.trim()).toBe("3 digests: 0 sent, 0 failed, 3 not sent (no SMTP)");
    expect(run("--date", TODAY).stdout.trim()).toBe("0 digests: 0 sent, 0 failed, 0 not sent (no SMTP)");

    const bad = run("--date", "2024-02-30");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--date must be a real date");
  }, 120_000);
});
