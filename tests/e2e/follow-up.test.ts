import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { checkAccessibility, checkAccessibilityWithoutScripts, waitForHydration } from "./browser";
import { expectFlash, formSection, importReport, openBrowserSession, signIn, textOf } from "./helpers";

// The evidence form with JavaScript (only the chosen kind's fields, a fresh form after each save,
// an item sent twice saved once) and without; notifications marked read with plain HTML forms.
// The plan comes from a report no other browser test imports.

const users = inject("users");
const REPORT = path.resolve(import.meta.dirname, "../../db/fixtures/reports/pdf/11_east_riding_2020_ilacs_short.pdf");
/** A later report in the same plan, which supersedes the first when it is closed. */
const NEWER_REPORT = path.resolve(import.meta.dirname, "../../db/fixtures/reports/pdf/22_leicestershire_2023_fv.pdf");

const session = openBrowserSession();
let scratch = "";
let evidenceFile = "";
let actionPath = "";
let inspectionPath = "";
let newerTitle = "";
let noJs: BrowserContext | null = null;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-e2e-followup-"));
  evidenceFile = path.join(scratch, "supervision-audit.txt");
  fs.writeFileSync(evidenceFile, "Supervision audit, March\nFiles audited: 30\n");
});

afterAll(async () => {
  await noJs?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function evidenceRows(page: Page, description: string) {
  return page
    .locator("table", { has: page.locator("caption", { hasText: "Evidence for this action" }) })
    .locator("tbody tr", { hasText: description });
}

describe("the evidence form with JavaScript", () => {
  test("shows only the fields of the chosen kind", async () => {
    const { page } = session;
    await signIn(page, users.lead);
    await importReport(page, NEWER_REPORT);
    newerTitle = await textOf(page.getByRole("heading", { level: 1 }));
    inspectionPath = await importReport(page, REPORT);
    await page.locator('main a[href^="/actions/"]').first().click();
    await page.waitForURL(/\/actions\/\d+$/);
    actionPath = new URL(page.url()).pathname;
    await waitForHydration(page);
    const form = formSection(page, "Add evidence");
    const link = form.getByLabel("Link (for a link)");
    const file = form.getByLabel("File (for a file upload)");
    await expect.poll(() => link.isVisible()).toBe(false);
    expect(await file.isVisible()).toBe(false);
    await form.getByRole("radio", { name: "Link to a document" }).check();
    await expect.poll(() => link.isVisible()).toBe(true);
    expect(await file.isVisible()).toBe(false);
    await form.getByRole("radio", { name: "File upload" }).check();
    await expect.poll(() => file.isVisible()).toBe(true);
    expect(await link.isVisible()).toBe(false);
    await checkAccessibility(page, "action page, evidence form showing a file's fields");
    await page.screenshot({ path: "/tmp/followup-evidence-file.png", fullPage: true });
  });

  test("starts again empty after a save, so the next item gets none of the last one's values", async () => {
    const { page } = session;
    const form = formSection(page, "Add evidence");
    await form.getByLabel("Description").fill("Supervision audit, March");
    await form.getByLabel("File (for a file upload)").setInputFiles(evidenceFile);
    await form.getByLabel("Date of the evidence (optional)").fill("01/03/2026");
    await form.getByRole("button", { name: "Add evidence" }).click();
    await expectFlash(page, "Evidence added");
    await evidenceRows(page, "Supervision audit, March").waitFor();
    // The form is empty again and back to a note.
    await expect.poll(() => form.getByLabel("Description").inputValue()).toBe("");
    expect(await form.getByLabel("Date of the evidence (optional)").inputValue()).toBe("");
    expect(await form.getByRole("radio", { name: "Note" }).isChecked()).toBe(true);
    expect(await form.getByLabel("File (for a file upload)").isVisible()).toBe(false);
    // The next item, a note, has no date unless one is typed for it.
    await form.getByLabel("Description").fill("Minutes of the practice board, April");
    await form.getByRole("button", { name: "Add evidence" }).click();
    await expectFlash(page, "Evidence added");
    await expect.poll(() => form.getByLabel("Description").inputValue()).toBe("");
    const note = evidenceRows(page, "Minutes of the practice board, April");
    await note.waitFor();
    expect(await textOf(note.getByRole("cell").nth(2))).not.toContain("2026");
  });

  test("saves an identical item sent twice within a minute once", async () => {
    const { page } = session;
    const form = formSection(page, "Add evidence");
    for (let i = 0; i < 2; i++) {
      await form.getByLabel("Description").fill("Audit of plans, May");
      await form.getByRole("button", { name: "Add evidence" }).click();
      await expectFlash(page, i === 0 ? "Evidence added" : "already added a moment ago");
      // The form starts again once the page has its new data.
      await expect.poll(() => form.getByLabel("Description").inputValue()).toBe("");
    }
    expect(await evidenceRows(page, "Audit of plans, May").count()).toBe(1);
  });

  test("the lead assigns the action to the manager", async () => {
    const { page } = session;
    const owner = formSection(page, "Assign an owner");
    await owner.getByLabel("Owner").selectOption({ label: users.manager.name });
    await owner.getByRole("button", { name: "Save owner" }).click();
    await expectFlash(page, "Owner updated");
  });

  test("the lead asks the manager a question in the discussion, mentioning them by name", async () => {
    const { page } = session;
    const discussion = page.getByRole("region", { name: "Discussion" });
    await discussion.getByLabel("Add a comment").fill(`@${users.manager.name} can you add the March audit?`);
    await discussion.getByRole("button", { name: "Add comment" }).click();
    await expectFlash(page, "Comment added");
    const comment = discussion.getByRole("article", { name: `Comment by ${users.lead.name}` });
    expect(await textOf(comment)).toContain("can you add the March audit?");
    // The box is empty again for the next comment.
    await expect.poll(() => discussion.getByLabel("Add a comment").inputValue()).toBe("");
    await checkAccessibility(page, "action page with a comment");
    await page.screenshot({ path: "/tmp/followup-comments.png", fullPage: true });
  });
});

describe("councils, with JavaScript", () => {
  test("an administrator adds a council and renames it", async () => {
    const { page } = session;
    await signIn(page, users.admin);
    await page.getByRole("link", { name: "Councils" }).click();
    await page.waitForURL(/\/admin\/councils$/);
    await page.getByLabel("Council name").fill("Royal Borough of Testford");
    await page.getByRole("button", { name: "Add council" }).click();
    await expectFlash(page, "Royal Borough of Testford has been created");
    await page.getByRole("link", { name: "Rename Royal Borough of Testford" }).click();
    await page.getByLabel("New name").fill("Testford Council");
    await page.getByRole("button", { name: "Rename council" }).click();
    await expectFlash(page, "Renamed to Testford Council");
    await page.locator("main td", { hasText: "Testford Council" }).first().waitFor();
    // Another wording of a council that exists is refused, keeping what was typed.
    await page.getByLabel("Council name").fill("Testford");
    await page.getByRole("button", { name: "Add council" }).click();
    await page.getByRole("alert").filter({ hasText: "There is already a council called Testford Council" }).waitFor();
    expect(await page.getByLabel("Council name").inputValue()).toBe("Testford");
    await checkAccessibility(page, "councils with an error");
    session.errors.splice(0, session.errors.length, ...session.errors.filter((e) => !e.includes("status of 400")));
  });
});

describe("without JavaScript", () => {
  let plain: Page;
  let helper: Page;
  beforeAll(async () => {
    noJs = await session.launched.browser.newContext({ baseURL: inject("baseUrl"), javaScriptEnabled: false });
    plain = await noJs.newPage();
    plain.setDefaultTimeout(15_000);
    helper = await session.context.newPage();
  });

  test("the manager marks a notification read with a plain form", async () => {
    await signIn(plain, users.manager);
    const link = plain.locator("a.app-notifications-link");
    expect(((await link.textContent()) ?? "").replace(/\s+/g, " ").trim()).toMatch(/^Notifications \d+ unread$/);
    await link.click();
    await plain.waitForURL(/\/notifications$/);
    const item = plain.locator("main li", { hasText: `${users.lead.name} assigned this action to you` });
    await item.first().waitFor();
    await checkAccessibilityWithoutScripts(plain, helper, "notifications without JavaScript");
    await item
      .first()
      .getByRole("button", { name: /^Mark as read/ })
      .click();
    await expectFlash(plain, "Notification marked as read");
    expect(
      await item
        .first()
        .getByRole("button", { name: /^Mark as read/ })
        .count(),
    ).toBe(0);
    if ((await plain.getByRole("button", { name: "Mark all as read" }).count()) > 0) {
      await plain.getByRole("button", { name: "Mark all as read" }).click();
      await expectFlash(plain, "marked as read");
    }
    expect(((await link.textContent()) ?? "").trim()).toBe("Notifications");
  });

  test("the manager answers in the discussion, choosing the lead to notify", async () => {
    await plain.goto(actionPath);
    const discussion = plain.getByRole("region", { name: "Discussion" });
    await discussion.getByLabel("Add a comment").fill("Added to the file this morning.");
    await discussion.getByLabel("Notify someone (optional)").selectOption({ label: users.lead.name });
    await discussion.getByRole("button", { name: "Add comment" }).click();
    await expectFlash(plain, "Comment added");
    await discussion.getByRole("article", { name: `Comment by ${users.manager.name}` }).waitFor();
    // An empty comment is refused with the error beside the box.
    await discussion.getByRole("button", { name: "Add comment" }).click();
    await plain.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
    expect(await textOf(discussion)).toContain("Enter your comment");
    await checkAccessibilityWithoutScripts(plain, helper, "action page with a refused comment, without JavaScript");
  });

  test("the lead adds a board member to the council and deactivates them", async () => {
    await signIn(plain, users.lead);
    await plain.getByRole("link", { name: "People" }).click();
    await plain.waitForURL(/\/people$/);
    await plain.getByLabel("Full name").fill("Bea Councillor");
    await plain.getByLabel("Work email address").fill("bea.councillor@havering.example.gov.uk");
    await plain.getByRole("radio", { name: "Board member" }).check();
    await plain.getByRole("button", { name: "Add person" }).click();
    await plain.getByRole("heading", { name: "Link created" }).waitFor();
    expect(await textOf(plain.getByRole("alert"))).toContain("/set-password/");
    await checkAccessibilityWithoutScripts(plain, helper, "people with a new invitation link, without JavaScript");
    await plain.screenshot({ path: "/tmp/followup-people.png", fullPage: true });
    const row = plain.locator("main tr", { hasText: "Bea Councillor" });
    expect(await textOf(row)).toContain("Board member");
    // The lead cannot change another lead (themselves included): no button on their row.
    expect(await plain.locator("main tr", { hasText: users.lead.name }).getByRole("button").count()).toBe(0);
    await row.getByRole("button", { name: "Deactivate Bea Councillor" }).click();
    await expectFlash(plain, "Bea Councillor has been deactivated and signed out");
    expect(await textOf(plain.locator("main tr", { hasText: "Bea Councillor" }))).toContain("Deactivated");
  });

  test("the evidence form shows every field and saves an item sent twice once", async () => {
    await plain.goto(actionPath);
    const form = plain.getByRole("region", { name: "Add evidence" });
    expect(await form.getByLabel("Link (for a link)").isVisible()).toBe(true);
    expect(await form.getByLabel("File (for a file upload)").isVisible()).toBe(true);
    for (let i = 0; i < 2; i++) {
      await plain.goto(actionPath);
      await form.getByLabel("Description").fill("Audit of supervision records, June");
      await form.getByRole("button", { name: "Add evidence" }).click();
      await expectFlash(plain, i === 0 ? "Evidence added" : "already added a moment ago");
    }
    expect(await evidenceRows(plain, "Audit of supervision records, June").count()).toBe(1);
  });

  test("the lead closes the plan, superseded by the newer one, carrying its open actions over", async () => {
    await plain.goto(inspectionPath);
    await plain.getByRole("link", { name: "Close this plan" }).click();
    await plain.getByRole("heading", { level: 1, name: "Close this plan" }).waitFor();
    // Open actions and no newer plan chosen: refused, saying why.
    await plain.getByLabel("Why is the plan being closed?").fill("The 2023 focused visit's plan replaces it.");
    await plain.getByRole("button", { name: "Close the plan" }).click();
    await plain.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
    expect(await plain.getByLabel("Why is the plan being closed?").inputValue()).toBe(
      "The 2023 focused visit's plan replaces it.",
    );
    await checkAccessibilityWithoutScripts(plain, helper, "closing a plan, refused, without JavaScript");
    await plain.getByLabel("Superseded by").selectOption({ label: newerTitle });
    await plain.getByRole("radio", { name: "Carry them over to the newer plan" }).check();
    await plain.getByRole("button", { name: "Close the plan" }).click();
    await expectFlash(plain, "Plan closed;");
    await plain.getByRole("heading", { level: 1, name: "This plan is closed" }).waitFor();
    await plain.screenshot({ path: "/tmp/followup-plan-closed.png", fullPage: true });
    await checkAccessibilityWithoutScripts(plain, helper, "a closed plan without JavaScript");
    // Its actions are out of today's action list; the carried-over one is in the newer plan.
    await plain.goto("/actions");
    expect(await plain.locator(`main a[href="${actionPath}"]`).count()).toBe(0);
  });
});

describe("reopening a plan, with JavaScript", () => {
  test("the lead reopens the closed plan", async () => {
    const { page } = session;
    await signIn(page, users.lead);
    await page.goto(inspectionPath);
    await page.getByRole("link", { name: /Why it was closed/ }).click();
    await page.getByRole("heading", { level: 1, name: "This plan is closed" }).waitFor();
    await checkAccessibility(page, "a closed plan");
    await page.getByRole("button", { name: "Reopen this plan" }).click();
    await expectFlash(page, "Plan reopened");
    await page.getByRole("heading", { level: 1, name: "Close this plan" }).waitFor();
  });
});
