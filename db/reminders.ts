import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildLeadDigest, buildOwnerDigest, type Digest, type ReminderAction } from "../app/domain/reminders";
import { actionReference } from "../app/domain/references";
import {
  claimOutboxMessage,
  listActionsAwaitingSignOff,
  listOwnedActionsDueBy,
  listReminderRecipients,
  listSentBackActions,
  markOutboxFailed,
  markOutboxSent,
  type ReminderRecipient,
} from "../app/models/reminders.server";
import { amberWindowsByAuthority } from "../app/models/settings.server";
import { addDaysIso, isValidIsoDate, todayInLondon } from "../app/utils/dates";
import { appBaseUrl, createMailer, type SmtpSettings, smtpSettingsFromEnv } from "../app/utils/mailer.server";
import { closeDb, getDb } from "./client";
import { migrateToLatest } from "./migrate";

// npm run reminders [-- --date YYYY-MM-DD]
//
// Once a day from cron: a digest to each owner (overdue, due within the amber window, sent back)
// and to each improvement lead (awaiting their sign-off). Every digest is recorded in the outbox
// first; running again the same day sends nothing twice. With no SMTP_HOST the digests stay in
// the outbox and are shown in the app. Exits 1 if any message could not be sent.

export interface ReminderRunResult {
  /** Digests handled in this run (those already sent today are not counted). */
  total: number;
  sent: number;
  failed: number;
  notSent: number;
}

interface PlannedDigest {
  recipient: ReminderRecipient;
  kind: "owner_digest" | "lead_digest";
  digest: Digest;
}

type ActionRow = {
  id: number;
  sequence: number;
  recommendation_position: number;
  inspection_short_name: string;
  title: string;
  target_date: string | null;
};

const toReminderAction = (row: ActionRow): ReminderAction => ({
  id: row.id,
  number: actionReference(row.inspection_short_name, row.recommendation_position, row.sequence),
  title: row.title,
  targetDate: row.target_date,
});

function sendBackReason(after: string | null): string | null {
  try {
    const reason = (JSON.parse(after ?? "{}") as { reason?: unknown }).reason;
    return typeof reason === "string" && reason.trim() ? reason.trim() : null;
  } catch {
    return null;
  }
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

/** Who hears about what today; people with nothing to hear about are left out. */
export async function planDigests(today: string, baseUrl: string): Promise<PlannedDigest[]> {
  // Each council's amber window says what is "due soon" to its people: read up to the longest.
  const { windows, fallback } = await amberWindowsByAuthority();
  const longest = Math.max(fallback, ...windows.values());
  const [recipients, due, sentBack, awaiting] = await Promise.all([
    listReminderRecipients(),
    listOwnedActionsDueBy(today, longest),
    listSentBackActions(),
    listActionsAwaitingSignOff(),
  ]);
  const dueByOwner = groupBy(due, (row) => row.owner_id);
  const sentBackByOwner = groupBy(sentBack, (row) => row.owner_id);
  const awaitingByAuthority = groupBy(awaiting, (row) => row.authority_id);

  const planned: PlannedDigest[] = [];
  for (const recipient of recipients) {
    const amberWindowDays =
      (recipient.authority_id === null ? undefined : windows.get(recipient.authority_id)) ?? fallback;
    const dueBy = addDaysIso(today, amberWindowDays);
    const owner = buildOwnerDigest({
      recipientName: recipient.name,
      today,
      amberWindowDays,
      baseUrl,
      open: (dueByOwner.get(recipient.id) ?? [])
        .filter((row) => row.target_date !== null && row.target_date <= dueBy)
        .map(toReminderAction),
      sentBack: (sentBackByOwner.get(recipient.id) ?? []).map((row) => ({
        ...toReminderAction(row),
        reason: sendBackReason(row.after),
      })),
    });
    if (owner) planned.push({ recipient, kind: "owner_digest", digest: owner });

    if (recipient.role !== "improvement_lead" || recipient.authority_id === null) continue;
    // Nobody signs off their own action, so a lead is not asked to.
    const toSignOff = (awaitingByAuthority.get(recipient.authority_id) ?? []).filter(
      (row) => row.owner_id !== recipient.id,
    );
    const lead = buildLeadDigest({
      recipientName: recipient.name,
      today,
      baseUrl,
      awaitingSignOff: toSignOff.map(toReminderAction),
    });
    if (lead) planned.push({ recipient, kind: "lead_digest", digest: lead });
  }
  return planned;
}

/**
 * Builds today's digests, records each in the outbox and sends it when SMTP is configured.
 * A failed send is recorded with its error and the rest are still sent.
 */
export async function runReminders(options: {
  today: string;
  now: Date;
  /** Defaults to the SMTP_* environment; null records the digests without sending them. */
  smtp?: SmtpSettings | null;
  /** Defaults to APP_URL. */
  baseUrl?: string;
}): Promise<ReminderRunResult> {
  const smtp = options.smtp === undefined ? smtpSettingsFromEnv() : options.smtp;
  const planned = await planDigests(options.today, options.baseUrl ?? appBaseUrl());
  const mailer = smtp ? createMailer(smtp) : null;
  const result: ReminderRunResult = { total: 0, sent: 0, failed: 0, notSent: 0 };
  try {
    for (const { recipient, kind, digest } of planned) {
      const id = await claimOutboxMessage(
        {
          userId: recipient.id,
          toAddress: recipient.email,
          kind,
          digestDate: options.today,
          subject: digest.subject,
          bodyText: digest.text,
          bodyHtml: digest.html,
        },
        mailer ? "queued" : "not_sent_no_smtp",
        options.now,
      );
      if (id === null) continue;
      result.total++;
      if (!mailer) {
        result.notSent++;
        continue;
      }
      try {
        await mailer.send({ to: recipient.email, subject: digest.subject, text: digest.text, html: digest.html });
        await markOutboxSent(id, options.now);
        result.sent++;
      } catch (error) {
        await markOutboxFailed(id, error instanceof Error ? error.message : String(error));
        result.failed++;
      }
    }
  } finally {
    mailer?.close();
  }
  return result;
}

export function summarise(result: ReminderRunResult): string {
  return `${result.total} ${result.total === 1 ? "digest" : "digests"}: ${result.sent} sent, ${result.failed} failed, ${result.notSent} not sent (no SMTP)`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { date: { type: "string" } }, strict: true });
  if (values.date !== undefined && !isValidIsoDate(values.date)) {
    console.error(`--date must be a real date written YYYY-MM-DD (got "${values.date}")`);
    return 2;
  }
  const now = new Date();
  await migrateToLatest(getDb());
  const result = await runReminders({ today: values.date ?? todayInLondon(now), now });
  console.log(summarise(result));
  return result.failed > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let code: number;
  try {
    code = await main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    code = 1;
  } finally {
    await closeDb();
  }
  process.exit(code);
}
