import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { checkAccessibility } from "./browser";
import {
  expectFlash,
  formSection,
  importAndOpenFirstAction,
  openBrowserSession,
  signIn,
  signOut,
  textOf,
} from "./helpers";

// Sign-off with a send-back: a service manager submits an action with an evidence file, the lead
// sends it back with a reason, the manager resubmits, the lead signs it off, and the audit log
// shows every step. The plan comes from a report no other browser test imports.

const baseUrl = inject("baseUrl");
const users = inject("users");
const REPORT = path.resolve(import.meta.dirname, "../../db/fixtures/reports/pdf/21_sefton_2021_fv.pdf");
const EVIDENCE_FILE_NAME = "pre-proceedings-audit.txt";
const EVIDENCE_DESCRIPTION = "Audit of pre-proceedings decisions, September, with the practice board's minutes.";
const SEND_BACK_REASON = "The audit covers one team only; add the results for the other two teams.";
const RESUBMIT_NOTE = "All three teams' audit results are now in the file.";

const session = openBrowserSession();
let scratch = "";
let evidenceFile = "";
let actionPath = "";
let actionId = "";
let actionTitle = "";

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-e2e-evidence-"));
  evidenceFile = path.join(scratch, EVIDENCE_FILE_NAME);
  fs.writeFileSync(
    evidenceFile,
    "Pre-proceedings audit, September\nTeams audited: 3\nDecisions within timescale: 41 of 44\n",
  );
});

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

async function openAction(heading = actionTitle) {
  const { page } = session;
  await page.goto(actionPath);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

async function changeStatus(move: string, reason?: string) {
  const status = formSection(session.page, "Change status");
  await status.getByRole("radio", { name: move, exact: true }).check();
  if (reason !== undefined) await status.getByLabel("Reason or note").fill(reason);
  await status.getByRole("button", { name: "Save status" }).click();
  await expectFlash(session.page, "Status updated");
}

function notificationsLink() {
  return session.page.locator("a.app-notifications-link");
}

/** The header's notifications link as a screen reader reads it ("Notifications 2 unread"). */
async function notificationsText() {
  return ((await notificationsLink().textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** The notification about this test's action (other browser tests notify the same people). */
function notificationItem(text: string) {
  return session.page
    .locator("main li", { hasText: text })
    .filter({ has: session.page.locator(`a[href^="${actionPath}"]`) });
}

function summaryValue(key: string) {
  return session.page
    .locator(".govuk-summary-list__row", { has: session.page.locator("dt", { hasText: key }) })
    .locator("dd");
}

describe("sign-off with a send-back", () => {
  test("the lead imports a report and assigns an action to the service manager", async () => {
    const { page } = session;
    await signIn(page, users.lead);
    actionPath = await importAndOpenFirstAction(page, REPORT);
    actionId = actionPath.split("/").at(-1) ?? "";
    const owner = formSection(page, "Assign an owner");
    await owner.waitFor();
    actionTitle = await textOf(page.getByRole("heading", { level: 1 }));

    await owner.getByLabel("Owner").selectOption({ label: users.manager.name });
    await owner.getByRole("button", { name: "Save owner" }).click();
    await expectFlash(page, "Owner updated");
    expect(await textOf(summaryValue("Owner"))).toBe(users.manager.name);
    await checkAccessibility(page, "action page after assigning the manager");
    await signOut(page);
  });

  test("the manager finds it in their actions, adds an evidence file of completion and submits it", async () => {
    const { page } = session;
    await signIn(page, users.manager);
    // The assignment is waiting in their notifications at once; they mark them all read.
    expect(await notificationsText()).toMatch(/^Notifications \d+ unread$/);
    await notificationsLink().click();
    await page.waitForURL(`${baseUrl}/notifications`);
    await notificationItem(`${users.lead.name} assigned this action to you`).waitFor();
    // The link followed keeps its (yellow) focus style, which axe reads as a link without contrast.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await checkAccessibility(page, "notifications (manager)");
    await page.screenshot({ path: "/tmp/followup-notifications.png", fullPage: true });
    await page.getByRole("button", { name: "Mark all as read" }).click();
    await expectFlash(page, "marked as read");
    expect(await notificationsText()).toBe("Notifications");
    await page.getByRole("link", { name: "My actions" }).click();
    await page.waitForURL(`${baseUrl}/my-actions`);
    await checkAccessibility(page, "my actions (manager)");
    await page.locator(`main a[href="${actionPath}"]`).click();
    await page.getByRole("heading", { level: 1, name: actionTitle }).waitFor();
    await checkAccessibility(page, "action page (manager)");

    const evidence = formSection(page, "Add evidence");
    await evidence.getByRole("radio", { name: "File upload" }).check();
    await evidence.getByRole("radio", { name: "Completion" }).check();
    await evidence.getByLabel("Description").fill(EVIDENCE_DESCRIPTION);
    await evidence.getByLabel("File (for a file upload)").setInputFiles(evidenceFile);
    await evidence.getByRole("button", { name: "Add evidence" }).click();
    await expectFlash(page, "Evidence added");
    const row = page
      .locator("table", { has: page.locator("caption", { hasText: "Evidence for this action" }) })
      .getByRole("row", { name: new RegExp(EVIDENCE_DESCRIPTION.slice(0, 30)) });
    await row.getByRole("link", { name: EVIDENCE_FILE_NAME }).waitFor();
    expect(await textOf(row)).toMatch(/Text file, \d+ bytes/);
    expect(await textOf(row.getByRole("cell").nth(1))).toBe("Completion");
    await checkAccessibility(page, "action page after adding an evidence file");

    await changeStatus("Submit for sign-off");
    expect(await textOf(summaryValue("Status"))).toBe("Awaiting sign-off");
    await checkAccessibility(page, "action page awaiting sign-off (manager)");
    await signOut(page);
  });

  test("the lead sends it back with a reason", async () => {
    const { page } = session;
    await signIn(page, users.lead);
    await openAction();
    expect(await textOf(summaryValue("Status"))).toBe("Awaiting sign-off");
    await checkAccessibility(page, "action page awaiting sign-off (lead)");

    // Sending back without a reason is refused, with the error beside the field.
    const status = formSection(page, "Change status");
    await status.getByRole("radio", { name: "Send back", exact: true }).check();
    await status.getByRole("button", { name: "Save status" }).click();
    await page.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
    expect(await textOf(status)).toContain("Error:");
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    await checkAccessibility(page, "action page after sending back without a reason");
    // Chromium logs the refusal's 400 as a failed load; that one is expected.
    const refused = session.errors.filter((e) => e.includes("status of 400"));
    expect(refused).toHaveLength(1);
    session.errors.splice(0, session.errors.length, ...session.errors.filter((e) => !refused.includes(e)));

    await changeStatus("Send back", SEND_BACK_REASON);
    expect(await textOf(summaryValue("Status"))).toBe("In progress");
    await checkAccessibility(page, "action page after sending back");
    await signOut(page);
  });

  test("the manager sees the send-back at once: in the header's count, their notifications, first in My actions and on the action", async () => {
    const { page } = session;
    await signIn(page, users.manager);
    // No job has run: the count is there on the first page after signing in (other browser test
    // files may have left the manager more).
    expect(await notificationsText()).toMatch(/^Notifications [1-9]\d* unread$/);
    await notificationsLink().click();
    await page.waitForURL(`${baseUrl}/notifications`);
    const item = notificationItem(`${users.lead.name} sent this action back to you`);
    await item.getByRole("link", { name: new RegExp(actionTitle.slice(0, 20)) }).waitFor();

    await page.getByRole("link", { name: "My actions" }).click();
    await page.waitForURL(`${baseUrl}/my-actions`);
    const first = page.locator("main table").first();
    expect(await textOf(first.locator("caption"))).toMatch(/^Sent back to you \(\d+\)$/);
    await first.locator(`a[href="${actionPath}"]`).waitFor();
    await checkAccessibility(page, "my actions with an action sent back");
    await page.screenshot({ path: "/tmp/followup-my-actions-sent-back.png", fullPage: true });

    await first.locator(`a[href="${actionPath}"]`).click();
    await page.getByRole("heading", { level: 1, name: actionTitle }).waitFor();
    const banner = page.getByRole("region", { name: "Sent back to you" });
    expect(await textOf(banner)).toContain(SEND_BACK_REASON);
    expect(await textOf(banner)).toContain(`${users.lead.name} sent back this action on`);
    await checkAccessibility(page, "action page with the send-back banner (manager)");
    await page.screenshot({ path: "/tmp/followup-send-back-banner.png", fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: "/tmp/followup-send-back-banner-375.png", fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await signOut(page);
  });

  test("the manager sees the reason and resubmits", async () => {
    const { page } = session;
    await signIn(page, users.manager);
    await openAction();
    expect(await textOf(summaryValue("Status"))).toBe("In progress");
    const history = page.locator("table", { has: page.locator("caption", { hasText: "Every change to this action" }) });
    await history.getByRole("row", { name: new RegExp(SEND_BACK_REASON.slice(0, 30)) }).waitFor();
    expect(await textOf(history)).toContain(
      `Status changed from Awaiting sign-off to In progress: “${SEND_BACK_REASON}”`,
    );
    await checkAccessibility(page, "action page after being sent back (manager)");

    await changeStatus("Submit for sign-off", RESUBMIT_NOTE);
    expect(await textOf(summaryValue("Status"))).toBe("Awaiting sign-off");
    // Resubmitting is acting on it: the banner has gone.
    expect(await page.getByRole("region", { name: "Sent back to you" }).count()).toBe(0);
    await signOut(page);
  });

  test("the lead signs it off and it shows Blue", async () => {
    const { page } = session;
    await signIn(page, users.lead);
    // The dashboard lists what awaits the lead's sign-off.
    const awaiting = page.locator("main table", {
      has: page.locator("caption", { hasText: "Awaiting your sign-off" }),
    });
    await awaiting.locator(`a[href="${actionPath}"]`).waitFor();
    await openAction();
    await changeStatus("Sign off");
    expect(await textOf(summaryValue("Status"))).toBe("Signed off");
    expect(await textOf(summaryValue("RAG"))).toMatch(/^Blue\b/);
    await checkAccessibility(page, "action page signed off");

    await page.goto(`/inspections/${await inspectionIdOfAction()}`);
    const row = page.locator("main tr", { has: page.locator(`a[href="${actionPath}"]`) });
    expect(await textOf(row)).toMatch(/Signed off\s+Blue$/);
  });

  test("the audit log for the action shows each step in order", async () => {
    const { page } = session;
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(`${baseUrl}/audit`);
    await checkAccessibility(page, "audit log");
    await page.getByLabel("Action number").fill(actionId);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(new RegExp(`/audit\\?.*action=${actionId}`));
    await checkAccessibility(page, "audit log filtered to the action");

    const rows = await page
      .locator("main table tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim())));
    // Every row is about this action; newest first, so read them backwards.
    for (const row of rows) expect(row[2]).toBe(`Action ${actionId}`);
    const steps = rows.reverse().map(([, who, , what]) => `${who}: ${what}`);
    const expected = [
      `${users.lead.name}: Owner changed to ${users.manager.name}`,
      `${users.manager.name}: Evidence added (completion): ${EVIDENCE_DESCRIPTION} (file ${EVIDENCE_FILE_NAME})`,
      new RegExp(`^${users.manager.name}: Status changed from (Not started|In progress) to Awaiting sign-off$`),
      `${users.lead.name}: Status changed from Awaiting sign-off to In progress: “${SEND_BACK_REASON}”`,
      `${users.manager.name}: Status changed from In progress to Awaiting sign-off: “${RESUBMIT_NOTE}”`,
      `${users.lead.name}: Status changed from Awaiting sign-off to Signed off`,
    ];
    const matches = (step: string, want: string | RegExp) =>
      typeof want === "string" ? step === want : want.test(step);
    let from = 0;
    for (const want of expected) {
      const at = steps.findIndex((step, i) => i >= from && matches(step, want));
      expect(at, `audit log has "${String(want)}" after step ${from}:\n${steps.join("\n")}`).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
  });
});

async function inspectionIdOfAction(): Promise<string> {
  const href = await session.page.locator('main .govuk-summary-list a[href^="/inspections/"]').getAttribute("href");
  return href?.split("/").at(-1) ?? "";
}
