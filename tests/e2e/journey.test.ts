import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, onTestFailed, test } from "vitest";
import {
  axeFindings,
  checkAccessibility,
  checkAccessibilityWithoutScripts,
  formatViolations,
  launchChromium,
  type LaunchedBrowser,
} from "./browser";
import { daysAgo, expectFlash, formSection as sharedFormSection, signIn, signOut, textOf } from "./helpers";

// One improvement plan from import to board, as the lead, a service manager and a board
// member would use it, in the production build. The steps share one plan, so they run in order.

const baseUrl = inject("baseUrl");
const users = inject("users");
const REPORT = path.resolve(import.meta.dirname, "../../db/fixtures/reports/havering-2011-slac.txt");
const RECOMMENDATIONS_IN_REPORT = 30;
const PROGRESS_TEXT = "Audit of 40 assessments completed; findings reported to the practice board.";
const NO_JS_PROGRESS_TEXT = "Recorded without JavaScript: team meeting minutes attached to the audit.";
const NO_JS_SEND_BACK_REASON = "Sent back without JavaScript: please add the June audit results first.";
const NO_JS_EVIDENCE_TEXT = "Noted without JavaScript: June audit of 40 case files, summary report.";
const EVIDENCE_TEXT = "Practice audit report, March, on the shared drive (Audits/2025/assessments.pdf).";

let launched: LaunchedBrowser;
let context: BrowserContext;
let page: Page;
let inspectionPath = "";
let inspectionTitle = "";
let actionPath = "";
let actionTitle = "";
/** Errors the browser reported during the current step (uncaught exceptions, console.error). */
let browserErrors: string[] = [];

function formSection(name: string): Locator {
  return sharedFormSection(page, name);
}

beforeAll(async () => {
  launched = await launchChromium();
  context = await launched.browser.newContext({ baseURL: baseUrl });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (error) => browserErrors.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") browserErrors.push(`console.error: ${message.text()}`);
  });
});

// A failed step says where the browser was and what it showed, to debug without a rerun.
beforeEach(() => {
  browserErrors = [];
  onTestFailed(async () => {
    if (!page || page.isClosed()) return;
    const main = await page
      .locator("main")
      .innerText({ timeout: 2000 })
      .catch(() => "(no <main>)");
    console.log(`Browser was at ${page.url()} showing:\n${main.slice(0, 3000)}`);
  });
});

afterEach(() => {
  expect(browserErrors, `the browser reported errors:\n${browserErrors.join("\n")}`).toEqual([]);
});

afterAll(async () => {
  await launched?.close();
  if (axeFindings.length > 0) {
    console.log(["axe summary:", ...axeFindings.map((f) => formatViolations(f.page, f.violations))].join("\n\n"));
  }
});

describe("improvement lead", () => {
  test("signs in and sees the dashboard", async () => {
    await page.goto("/login");
    await expect.poll(() => page.title()).toContain("Sign in");
    await checkAccessibility(page, "sign-in page");
    await signIn(page, users.lead);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Dashboard");
    await checkAccessibility(page, "lead dashboard");
  });

  test("imports a report from a text file, previewing it first", async () => {
    await page.getByRole("link", { name: "Import a report" }).click();
    await page.waitForURL(`${baseUrl}/import`);
    await page.getByRole("heading", { name: "Import an inspection report" }).waitFor();
    await checkAccessibility(page, "import page");

    await page.locator("#report").setInputFiles(REPORT);
    await page.getByRole("button", { name: "Preview" }).click();
    // The upload becomes a draft of the lead's own, read by a worker; its page shows the preview.
    await page.waitForURL(/\/import\/drafts\/\d+$/);
    await page.getByRole("heading", { name: "Recommendations", exact: true }).waitFor({ timeout: 60_000 });
    const found = page.locator(".govuk-summary-list__row", { hasText: "Recommendations" }).locator("dd");
    expect(await textOf(found)).toBe(`${RECOMMENDATIONS_IN_REPORT} to import`);
    await expect.poll(() => page.getByRole("group", { name: /^Item \d+:/ }).count()).toBe(RECOMMENDATIONS_IN_REPORT);
    const texts = await page
      .locator("main textarea:not([hidden])")
      .evaluateAll((all) => all.map((t) => (t as HTMLTextAreaElement).value));
    expect(texts.join("\n")).toContain("ensure that all assessments take full account of parents");
    await checkAccessibility(page, "import preview");

    await page.getByRole("button", { name: "Confirm and import" }).click();
    await page.waitForURL(/\/inspections\/\d+$/);
    inspectionPath = new URL(page.url()).pathname;
    await expectFlash(page, "Report imported");
    await page.getByRole("heading", { name: "Recommendations and actions" }).waitFor();
    inspectionTitle = await textOf(page.getByRole("heading", { level: 1 }));
    expect(await textOf(page.locator("main"))).toContain("ensure that all assessments take full account of parents");
    await expect.poll(() => page.locator('main a[href^="/actions/"]').count()).toBe(RECOMMENDATIONS_IN_REPORT);
    await checkAccessibility(page, "inspection page after import");
  });

  test("assigns an action to a service manager and records progress", async () => {
    await page.locator('main a[href^="/actions/"]').first().click();
    await page.waitForURL(/\/actions\/\d+$/);
    actionPath = new URL(page.url()).pathname;
    // The action's own heading, once its page (with its forms) has replaced the inspection's.
    await formSection("Assign an owner").waitFor();
    actionTitle = (await page.getByRole("heading", { level: 1 }).innerText()).trim();
    expect(actionTitle).not.toBe("");
    await checkAccessibility(page, "action page (lead)");

    const owner = formSection("Assign an owner");
    await owner.getByLabel("Owner").selectOption({ label: users.manager.name });
    await owner.getByRole("button", { name: "Save owner" }).click();
    await expectFlash(page, "Owner updated");
    expect(await owner.getByLabel("Owner").inputValue()).not.toBe("none");
    await checkAccessibility(page, "action page after assigning an owner");

    const progress = formSection("Add a progress update");
    await progress.getByLabel("What has happened since the last update?").fill(PROGRESS_TEXT);
    await progress.getByRole("button", { name: "Add update" }).click();
    await expectFlash(page, "Progress update added");
    await page.getByText(PROGRESS_TEXT).waitFor();
    await checkAccessibility(page, "action page after a progress update");
  });

  test("moves the target date into the past, with a reason, so the action is overdue", async () => {
    const target = formSection("Change the target date");
    await target.getByLabel("New target date").fill(daysAgo(10));
    await target.getByLabel("Why is it changing?").fill("Agreed at the improvement board to report this as late.");
    await target.getByRole("button", { name: "Change target date" }).click();
    await expectFlash(page, "Target date changed");
    await checkAccessibility(page, "action page after changing the target date");

    await page.getByRole("link", { name: "Overdue", exact: true }).click();
    await page.waitForURL(`${baseUrl}/overdue`);
    const overdue = page.locator("table", { has: page.locator("caption", { hasText: "Overdue actions" }) });
    await expect.poll(() => overdue.locator(`a[href="${actionPath}"]`).count()).toBe(1);
    await checkAccessibility(page, "overdue page");
  });

  test("sees the inspection with counts on the board progress page", async () => {
    await page.getByRole("link", { name: "Board progress" }).click();
    await page.waitForURL(`${baseUrl}/board`);
    // Other browser test files import their own reports (some with the same title) into the same
    // authority: this one's table is the one whose rows link to its actions.
    const inspectionId = inspectionPath.split("/").pop()!;
    const table = page
      .locator("#by-section-heading")
      .locator("..")
      .locator("table", { has: page.locator(`a[href^="/actions?inspection=${inspectionId}&"]`) });
    await expect.poll(() => table.count()).toBe(1);
    const headers = (await table.locator("thead th").allInnerTexts()).map((h) => h.trim());
    const column = (name: string) => headers.indexOf(name);
    const sum = async (name: string) => {
      const index = column(name);
      expect(index, `board table has a "${name}" column: ${headers.join(" | ")}`).toBeGreaterThanOrEqual(0);
      let total = 0;
      for (const row of await table.locator("tbody tr").all()) {
        total += Number((await row.locator("th, td").nth(index).innerText()).trim());
      }
      return total;
    };
    const statuses = ["Not started", "In progress", "Awaiting sign-off", "Signed off"];
    let all = 0;
    for (const status of statuses) all += await sum(status);
    expect(all).toBe(RECOMMENDATIONS_IN_REPORT);
    expect(await sum("Overdue")).toBeGreaterThanOrEqual(1);
    await checkAccessibility(page, "board progress page");
  });

  test("finds the inspection in the list of inspections", async () => {
    await page.getByRole("link", { name: "Inspections", exact: true }).click();
    await page.waitForURL(`${baseUrl}/inspections`);
    await expect.poll(() => page.locator(`main a[href="${inspectionPath}"]`).count()).toBe(1);
    await checkAccessibility(page, "inspections list");
  });

  test("filters the action list by inspection and owner", async () => {
    await page.getByRole("link", { name: "Actions", exact: true }).click();
    await page.waitForURL(`${baseUrl}/actions`);
    await page.getByRole("heading", { level: 1, name: "Actions" }).waitFor();
    await checkAccessibility(page, "actions list");

    // Reports of one kind share a title: the choice names each by its dates as well.
    const inspection = page.getByLabel("Inspection");
    const label = await inspection.locator(`option[value="${inspectionPath.split("/").pop()}"]`).innerText();
    expect(label).toMatch(
      new RegExp(
        `^London Borough of Havering: ${inspectionTitle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\((published|inspected) `,
      ),
    );
    await inspection.selectOption(inspectionPath.split("/").pop()!);
    await page.getByLabel("Owner").selectOption({ label: users.manager.name });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/\/actions\?.*owner=\d+/);
    await page.getByText("1 action found").waitFor();
    await expect.poll(() => page.locator(`main a[href="${actionPath}"]`).count()).toBe(1);
    await checkAccessibility(page, "actions list filtered by owner");
  });

  test("signs out", async () => {
    await page.goto("/dashboard");
    await signOut(page);
  });
});

describe("service manager", () => {
  test("adds evidence and submits the action for sign-off", async () => {
    await signIn(page, users.manager);
    await checkAccessibility(page, "service manager dashboard");
    await page.goto(actionPath);
    await page.getByRole("heading", { level: 1, name: actionTitle }).waitFor();
    await checkAccessibility(page, "action page (service manager)");

    const evidence = formSection("Add evidence");
    await evidence.getByLabel("Description").fill(EVIDENCE_TEXT);
    await evidence.getByRole("button", { name: "Add evidence" }).click();
    await expectFlash(page, "Evidence added");
    await page.getByRole("cell", { name: EVIDENCE_TEXT, exact: true }).waitFor();
    await checkAccessibility(page, "action page after adding evidence");

    const status = formSection("Change status");
    await status.getByLabel("Submit for sign-off").check();
    await status.getByRole("button", { name: "Save status" }).click();
    await expectFlash(page, "Status updated");
    expect(await textOf(page.locator("main"))).toContain("Awaiting sign-off");
    await checkAccessibility(page, "action page awaiting sign-off");

    await signOut(page);
  });
});

describe("board member", () => {
  test("reads the action but has no forms, and a direct change is refused with 403", async () => {
    await signIn(page, users.board);
    await checkAccessibility(page, "board member dashboard");
    await page.goto(actionPath);
    await page.getByRole("heading", { level: 1, name: actionTitle }).waitFor();
    await page.getByText("You can read this action").waitFor();
    expect(await page.locator('main form input[name="intent"]').count()).toBe(0);
    expect(await page.locator("main textarea, main select").count()).toBe(0);
    await checkAccessibility(page, "action page (board member)");

    const headers = { Origin: baseUrl, Referer: `${baseUrl}${actionPath}` };
    const progress = await page.request.post(actionPath, {
      form: { intent: "progress", body: "A board member should not be able to write this." },
      headers,
      maxRedirects: 0,
    });
    expect(progress.status()).toBe(403);
    const status = await page.request.post(actionPath, {
      form: { intent: "status", version: "1000", move: "sign_off", reason: "" },
      headers,
      maxRedirects: 0,
    });
    expect(status.status()).toBe(403);

    await page.reload();
    expect(await page.getByText("A board member should not be able to write this.").count()).toBe(0);
    expect(await textOf(page.locator("main"))).toContain("Awaiting sign-off");
    await signOut(page);
  });

  test("reads the board dashboard and downloads the pack as Word and Excel", async () => {
    await signIn(page, users.board);
    await page.goto("/board");
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await textOf(page.locator("main"))).toContain("signed off");
    await checkAccessibility(page, "board dashboard (board member)");

    const fetchPack = async (label: string) => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: `${label} board pack` }).click(),
      ]);
      const file = path.join(os.tmpdir(), `journey-${process.pid}-${download.suggestedFilename()}`);
      await download.saveAs(file);
      return { name: download.suggestedFilename(), file };
    };

    const word = await fetchPack("Word (.docx)");
    expect(word.name).toMatch(/board-pack-\d{4}-\d{2}-\d{2}\.docx$/);
    const { value: wordText } = await mammoth.extractRawText({ path: word.file });
    // The pack prints in full a title the import cut short with "…".
    const titleStem = actionTitle.replace(/…$/, "");
    expect(wordText).toContain(titleStem);
    fs.rmSync(word.file);

    const excel = await fetchPack("Excel (.xlsx)");
    expect(excel.name).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(excel.file);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
    expect(cells.some((cell) => cell.startsWith(titleStem))).toBe(true);
    fs.rmSync(excel.file);
    await signOut(page);
  });
});

describe("without JavaScript", () => {
  test("the lead signs in, adds a progress update, sends the action back and adds an evidence note with plain HTML forms", async () => {
    const noJs = await launched.browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    try {
      const plain = await noJs.newPage();
      const helper = await context.newPage();
      plain.setDefaultTimeout(15_000);
      await plain.goto("/login");
      await checkAccessibilityWithoutScripts(plain, helper, "sign-in page without JavaScript");
      await signIn(plain, users.lead);
      await checkAccessibilityWithoutScripts(plain, helper, "lead dashboard without JavaScript");
      await plain.goto(actionPath);
      await plain.getByRole("heading", { level: 1, name: actionTitle }).waitFor();
      await checkAccessibilityWithoutScripts(plain, helper, "action page without JavaScript");
      const progress = plain.getByRole("region", { name: "Add a progress update" });
      await progress.getByLabel("What has happened since the last update?").fill(NO_JS_PROGRESS_TEXT);
      await progress.getByRole("button", { name: "Add update" }).click();
      await plain.waitForURL(`${baseUrl}${actionPath}`);
      await expectFlash(plain, "Progress update added");
      await plain.getByText(NO_JS_PROGRESS_TEXT).waitFor();
      expect(await plain.getByText(PROGRESS_TEXT).count()).toBe(1);
      await checkAccessibilityWithoutScripts(plain, helper, "action page after a progress update without JavaScript");

      // The manager submitted it for sign-off: the lead sends it back, with a reason.
      const status = sharedFormSection(plain, "Change status");
      await status.getByLabel("Send back", { exact: true }).check();
      await status.getByLabel("Reason or note (needed to send back or reopen)").fill(NO_JS_SEND_BACK_REASON);
      await status.getByRole("button", { name: "Save status" }).click();
      await plain.waitForURL(`${baseUrl}${actionPath}`);
      await expectFlash(plain, "Status updated");
      expect(await textOf(plain.locator("main"))).toContain("In progress");
      await plain.getByText(NO_JS_SEND_BACK_REASON).first().waitFor();

      const evidence = sharedFormSection(plain, "Add evidence");
      await evidence.getByLabel("Description").fill(NO_JS_EVIDENCE_TEXT);
      await evidence.getByRole("button", { name: "Add evidence" }).click();
      await plain.waitForURL(`${baseUrl}${actionPath}`);
      await expectFlash(plain, "Evidence added");
      await plain.getByRole("cell", { name: NO_JS_EVIDENCE_TEXT, exact: true }).waitFor();
      await checkAccessibilityWithoutScripts(plain, helper, "action page after an evidence note without JavaScript");
    } finally {
      await noJs.close();
    }
  });
});
