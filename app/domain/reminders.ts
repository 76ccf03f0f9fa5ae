import { addDaysIso, formatDate } from "../utils/dates";
import { daysOverdue, daysUntilDue } from "./rag";

// Reminder digests: what one person hears about on one day, as a subject, plain text and simple
// HTML. Only action numbers, titles, dates, a send-back reason and links go in: e-mail leaves
// the council's systems, so nothing else about the plan does.

/** An action as a reminder lists it. */
export interface ReminderAction {
  id: number;
  /** "1.2": recommendation 1, action 2. */
  number: string;
  title: string;
  targetDate: string | null;
}

export interface SentBackAction extends ReminderAction {
  /** The lead's reason for sending it back; null if none was recorded. */
  reason: string | null;
}

export interface Digest {
  subject: string;
  text: string;
  html: string;
}

export interface OwnerDigestInput {
  recipientName: string;
  today: string;
  amberWindowDays: number;
  /** Absolute, e.g. https://followthrough.example.gov.uk */
  baseUrl: string;
  /** The person's open actions; those neither overdue nor due within the window are left out. */
  open: readonly ReminderAction[];
  sentBack: readonly SentBackAction[];
}

export interface LeadDigestInput {
  recipientName: string;
  today: string;
  baseUrl: string;
  awaitingSignOff: readonly ReminderAction[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 days overdue", "Due today", "1 day left"; "No target date" when there is none. */
export function describeDue(targetDate: string | null, today: string): string {
  if (!targetDate) return "No target date";
  const overdue = daysOverdue(targetDate, today);
  if (overdue > 0) return `${plural(overdue, "day")} overdue`;
  const left = daysUntilDue(targetDate, today);
  return left === 0 ? "Due today" : `${plural(left, "day")} left`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** `path` on the app's base URL, whether or not the base ends with a slash. */
export function linkTo(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${path}`;
}

const byTargetDate = (a: ReminderAction, b: ReminderAction) =>
  (a.targetDate ?? "9999-12-31").localeCompare(b.targetDate ?? "9999-12-31") || a.id - b.id;

interface Section {
  heading: string;
  items: readonly ReminderAction[];
  /** Extra lines under an item, e.g. a send-back reason. */
  details?: (item: ReminderAction) => string[];
}

function render(input: {
  subject: string;
  recipientName: string;
  intro: string;
  sections: Section[];
  today: string;
  baseUrl: string;
  outro: { text: string; path: string };
}): Digest {
  const { baseUrl, today } = input;
  const sections = input.sections.filter((s) => s.items.length > 0);
  const itemLines = (section: Section, item: ReminderAction) => [
    `Target date: ${item.targetDate ? `${formatDate(item.targetDate)} (${describeDue(item.targetDate, today)})` : "not set"}`,
    ...(section.details?.(item) ?? []),
  ];

  const text = [
    `Hello ${input.recipientName},`,
    "",
    input.intro,
    ...sections.flatMap((section) => [
      "",
      `${section.heading} (${section.items.length})`,
      ...section.items.flatMap((item) => [
        "",
        `- ${item.number} ${item.title}`,
        ...itemLines(section, item).map((line) => `  ${line}`),
        `  ${linkTo(baseUrl, `/actions/${item.id}`)}`,
      ]),
    ]),
    "",
    `${input.outro.text}: ${linkTo(baseUrl, input.outro.path)}`,
    `Your reminders are listed at ${linkTo(baseUrl, "/reminders")}`,
    "",
  ].join("\n");

  const link = (path: string, label: string) => `<a href="${escapeHtml(linkTo(baseUrl, path))}">${escapeHtml(label)}</a>`;
  const html = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><title>' + escapeHtml(input.subject) + "</title></head>",
    '<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4;">',
    `<p>Hello ${escapeHtml(input.recipientName)},</p>`,
    `<p>${escapeHtml(input.intro)}</p>`,
    ...sections.flatMap((section) => [
      `<h2 style="font-size: 20px;">${escapeHtml(section.heading)} (${section.items.length})</h2>`,
      "<ul>",
      ...section.items.map(
        (item) =>
          `<li>${link(`/actions/${item.id}`, `${item.number} ${item.title}`)}<br>` +
          itemLines(section, item).map(escapeHtml).join("<br>") +
          "</li>",
      ),
      "</ul>",
    ]),
    `<p>${link(input.outro.path, input.outro.text)}</p>`,
    `<p>${link("/reminders", "Your reminders")}</p>`,
    "</body></html>",
    "",
  ].join("\n");

  return { subject: input.subject, text, html };
}

/**
 * The owner's digest: overdue actions, those due within the amber window (today included) and
 * those sent back to them. Null when there is nothing to tell them.
 */
export function buildOwnerDigest(input: OwnerDigestInput): Digest | null {
  const { today, amberWindowDays } = input;
  const dueSoonUntil = addDaysIso(today, amberWindowDays);
  const withDate = input.open.filter((a): a is ReminderAction & { targetDate: string } => a.targetDate !== null);
  const overdue = withDate.filter((a) => a.targetDate < today).sort(byTargetDate);
  const dueSoon = withDate.filter((a) => a.targetDate >= today && a.targetDate <= dueSoonUntil).sort(byTargetDate);
  const sentBack = [...input.sentBack].sort(byTargetDate);
  if (overdue.length + dueSoon.length + sentBack.length === 0) return null;

  const reasons = new Map(sentBack.map((a) => [a.id, a.reason]));
  const windowHeading = `Due in the next ${plural(amberWindowDays, "day")}`;
  const counts = [
    overdue.length > 0 ? `${overdue.length} overdue` : null,
    dueSoon.length > 0 ? `${dueSoon.length} due soon` : null,
    sentBack.length > 0 ? `${sentBack.length} sent back to you` : null,
  ].filter((c): c is string => c !== null);

  return render({
    subject: `Followthrough: ${counts.join(", ")}`,
    recipientName: input.recipientName,
    intro: `These improvement plan actions of yours need attention (as at ${formatDate(today)}).`,
    sections: [
      { heading: "Overdue", items: overdue },
      { heading: windowHeading, items: dueSoon },
      {
        heading: "Sent back to you",
        items: sentBack,
        details: (item) => {
          const reason = reasons.get(item.id);
          return [reason ? `Reason: ${reason}` : "No reason was recorded."];
        },
      },
    ],
    today,
    baseUrl: input.baseUrl,
    outro: { text: "See all your actions", path: "/my-actions" },
  });
}

/** The lead's digest: actions waiting for their sign-off. Null when there are none. */
export function buildLeadDigest(input: LeadDigestInput): Digest | null {
  const awaiting = [...input.awaitingSignOff].sort(byTargetDate);
  if (awaiting.length === 0) return null;
  return render({
    subject: `Followthrough: ${plural(awaiting.length, "action")} awaiting your sign-off`,
    recipientName: input.recipientName,
    intro: `These actions have been submitted for sign-off (as at ${formatDate(input.today)}).`,
    sections: [{ heading: "Awaiting your sign-off", items: awaiting }],
    today: input.today,
    baseUrl: input.baseUrl,
    outro: { text: "See actions awaiting sign-off", path: "/actions?status=awaiting_sign_off" },
  });
}

export const OUTBOX_STATUSES = ["queued", "sent", "failed", "not_sent_no_smtp"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  queued: "Sending",
  sent: "Sent",
  failed: "Failed",
  not_sent_no_smtp: "Not sent (no e-mail server)",
};

export const DIGEST_KIND_LABELS = { owner_digest: "Your actions", lead_digest: "Awaiting sign-off" } as const;
