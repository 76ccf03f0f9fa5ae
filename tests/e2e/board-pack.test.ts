import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import mammoth from "mammoth";
import type { Page } from "playwright-core";
import { describe, expect, inject, test } from "vitest";
import { checkAccessibility, checkAccessibilityWithoutScripts, waitForHydration } from "./browser";
import {
  daysAgo,
  expectFlash,
  formSection,
  importReport,
  openBrowserSession,
  signIn,
  signOut,
  textOf,
} from "./helpers";

// A lead prepares a board meeting's pack in the browser, with JavaScript and without: flags an
// action off track with a recovery date, sets the protective marking, records the meeting,
// chooses what the pack covers, writes the executive summary and commentary on the exception, and
// downloads the pack as Word, Excel and CSV (and the statement of action), then holds the meeting.
// The second test uses the plan the first imports.

const users = inject("users");
// An ILACS report (so it has a statement of action) that no other browser test imports.
const REPORT = path.resolve(import.meta.dirname, "../../db/fixtures/reports/pdf/10_middlesbrough_2020_ilacs.pdf");
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? os.tmpdir();
const SUMMARY = "Most of the plan is on track; the board is asked to note one action off track.";
const COMMENTARY = "Two agency social workers start next month; the lead will report in four weeks.";

const session = openBrowserSession();

async function shoot(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({
      path: path.join(SCREENSHOTS, `board-pack-${name}-${width}.png`),
      fullPage: true,
      timeout: 60_000,
    });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function download(page: Page, link: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link }).click()]);
  const saved = path.join(os.tmpdir(), `board-pack-e2e-${process.pid}-${file.suggestedFilename()}`);
  await file.saveAs(saved);
  const bytes = fs.readFileSync(saved);
  fs.rmSync(saved);
  return { name: file.suggestedFilename(), bytes };
}

/** The plan's page: imported by the first test, used by both. */
let inspectionPath = "";

async function recordMeeting(page: Page, board: string): Promise<string> {
  await page.goto("/board/meetings");
  const form = page.locator("form").filter({ has: page.getByRole("heading", { name: "Record a meeting" }) });
  await form.getByLabel("Board").fill(board);
  // Today: the plan was imported today, and a pack shows the plan as it stood on the meeting date.
  await form.getByLabel("Meeting date").fill(daysAgo(0));
  await form.getByRole("button", { name: "Record meeting" }).click();
  await page.waitForURL(/\/board\/meetings\/\d+$/);
  await expectFlash(page, "Board meeting recorded");
  return new URL(page.url()).pathname;
}

/** Fills the meeting's forms: the open plan, three sections, exceptions only, Red first; summary; commentary. */
/** `exceptionLabel`: the commentary box's whole label, where another exception's title may contain this one's. */
async function preparePack(page: Page, flaggedTitle: string, exceptionLabel?: string) {
  const choices = formSection(page, "What the pack covers");
  await choices.getByLabel("Only the inspections ticked below").check();
  await choices.getByLabel("Changes since the last board").uncheck();
  await choices.getByLabel("Performance measures, each with its trend chart").uncheck();
  await choices.getByLabel("Exceptions only").check();
  await choices.getByLabel("RAG: Red first, then Amber, not scheduled, Green and Blue").check();
  await choices.getByRole("button", { name: "Save what the pack covers" }).click();
  await expectFlash(page, "What the pack covers is saved");
  expect(await formSection(page, "What the pack covers").getByLabel("Exceptions only").isChecked()).toBe(true);

  const summary = formSection(page, "Executive summary");
  await summary.getByLabel("Executive summary").fill(SUMMARY);
  await summary.getByRole("button", { name: "Save executive summary" }).click();
  await expectFlash(page, "Executive summary saved");

  // The form names each exception by its full title (one the import cut short is printed whole).
  const label = exceptionLabel ?? flaggedTitle.replace(/…$/, "");
  const exact = exceptionLabel !== undefined;
  const commentary = formSection(page, "Commentary on exceptions");
  await commentary.getByLabel(label, { exact }).fill(COMMENTARY);
  await commentary.getByRole("button", { name: "Save commentary" }).click();
  await expectFlash(page, "Commentary saved");
  expect(await formSection(page, "Commentary on exceptions").getByLabel(label, { exact }).inputValue()).toBe(
    COMMENTARY,
  );
}

async function checkFiles(page: Page, flaggedTitle: string, recoveryDate: string | null) {
  const word = await download(page, "Word (.docx) board pack");
  expect(word.name).toMatch(/^e2e-.*-pack-\d{4}-\d{2}-\d{2}\.docx$/);
  const { value: text } = await mammoth.extractRawText({ buffer: word.bytes });
  expect(text).toContain(SUMMARY);
  expect(text).toContain(COMMENTARY);
  if (recoveryDate) expect(text).toContain(recoveryDate); // the owner's recovery date
  // Titles the import cut short ("…") are printed in full.
  expect(text).toContain(flaggedTitle.replace(/…$/, ""));
  expect(text).not.toContain("…");
  expect(text).not.toContain("Changes since the last board");
  expect(text).not.toContain("Performance measures");
  const zip = await JSZip.loadAsync(word.bytes);
  expect(await zip.file("word/header1.xml")!.async("string")).toContain(">OFFICIAL-SENSITIVE<");

  const excel = await download(page, "Excel (.xlsx) board pack");
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(excel.bytes as unknown as ArrayBuffer);
  const exceptions = book.getWorksheet("Exceptions")!.getSheetValues().slice(2).filter(Boolean) as unknown[][];
  expect(exceptions.some((r) => String(r[2]).startsWith(flaggedTitle.replace(/…$/, "")) && r[7] === COMMENTARY)).toBe(
    true,
  );
  const actions = book.getWorksheet("Actions")!;
  expect(actions.getCell("K2").value === "Not set" || actions.getCell("K2").value instanceof Date).toBe(true);

  const csv = await download(page, "CSV board pack");
  expect(csv.bytes.toString("utf8")).toContain(flaggedTitle.replace(/…$/, ""));
  return word.bytes;
}

describe("preparing a board pack", () => {
  // Long: it downloads every file twice and photographs a long page at two widths.
  test(
    "with JavaScript: flag, marking, meeting, choices, summary, commentary, downloads, held",
    { timeout: 240_000 },
    async () => {
      const { page } = session;
      await signIn(page, users.lead);
      inspectionPath = await importReport(page, REPORT);
      await checkAccessibility(page, "inspection page with the statement of action link");
      const statement = await download(page, "Download the statement of action (Word)");
      expect(statement.name).toMatch(/statement-of-action-\d{4}-\d{2}-\d{2}\.docx$/);
      expect((await mammoth.extractRawText({ buffer: statement.bytes })).value).toContain("Statement of action");

      // The owner's view, as the lead records it: off track, with a recovery date.
      await page.goto(inspectionPath);
      await page.locator('main a[href^="/actions/"]').first().click();
      await page.waitForURL(/\/actions\/\d+$/);
      // The import's starter actions are all "Action not yet written": the lead writes this one first.
      const details = formSection(page, "Edit the action");
      await details.getByLabel("Title", { exact: true }).fill("Recruit two permanent social workers to the team");
      await details.getByRole("button", { name: "Save details" }).click();
      await expectFlash(page, "Action details saved");
      const risk = formSection(page, "Is this action on track?");
      await risk.waitFor();
      const flaggedTitle = await textOf(page.getByRole("heading", { level: 1 }));
      await risk.getByLabel("Off track").check();
      await risk.getByLabel("Reason").fill("Two vacancies in the team");
      await risk.getByLabel("Recovery date (optional)").fill("30/6/2031");
      await risk.getByRole("button", { name: "Save flag" }).click();
      await expectFlash(page, "Risk flag updated");
      expect(await textOf(page.locator("main"))).toContain("30 June 2031 (the owner's forecast)");
      await checkAccessibility(page, "action page with a recovery date");
      await shoot(page, "action-flag");

      await page.goto("/board/settings");
      await waitForHydration(page);
      await page.getByLabel("Protective marking").fill("OFFICIAL-SENSITIVE");
      await page.getByRole("button", { name: "Save protective marking" }).click();
      await expectFlash(page, "Protective marking saved");
      await checkAccessibility(page, "document settings");
      await shoot(page, "settings");

      await recordMeeting(page, "E2E Improvement Board");
      await waitForHydration(page);
      await checkAccessibility(page, "board meeting page with the pack's forms");
      await preparePack(page, flaggedTitle);
      await shoot(page, "meeting");
      const planned = await checkFiles(page, flaggedTitle, "30 June 2031");

      await page.getByRole("button", { name: "Mark as held" }).click();
      await expectFlash(page, "Meeting marked held; its pack is frozen");
      expect(await page.getByRole("region", { name: "What the pack covers" }).count()).toBe(0);
      const frozen = await download(page, "Word (.docx) board pack");
      expect(frozen.bytes.equals(planned)).toBe(true);
      await signOut(page);
    },
  );

  test(
    "without JavaScript: the same forms, an error summary for a bad choice, and the downloads",
    { timeout: 180_000 },
    async () => {
      const noJs = await session.launched.browser.newContext({ baseURL: inject("baseUrl"), javaScriptEnabled: false });
      const helper = await session.context.newPage();
      try {
        const plain = await noJs.newPage();
        plain.setDefaultTimeout(15_000);
        await signIn(plain, users.lead);
        expect(inspectionPath).not.toBe("");
        await recordMeeting(plain, "E2E Scrutiny Panel");
        await checkAccessibilityWithoutScripts(plain, helper, "board meeting page without JavaScript");
        const commentary = formSection(plain, "Commentary on exceptions");
        // The label is the action's reference ("ILACS20 1.1") and title.
        // Other browser tests leave exceptions whose titles begin the same way: this one is named by its whole label.
        const exceptionLabel = (await commentary.locator("label").first().innerText()).trim();
        const flaggedTitle = exceptionLabel.replace(/^\S+ \d+\.\d+ /, "");

        // No section chosen: a GOV.UK error summary, linked to the field, and nothing saved.
        const choices = formSection(plain, "What the pack covers");
        for (const box of await choices.getByRole("checkbox").all()) {
          if ((await box.getAttribute("name")) === "sections") await box.uncheck();
        }
        await choices.getByRole("button", { name: "Save what the pack covers" }).click();
        const summary = plain.getByRole("alert").filter({ hasText: "There is a problem" });
        await summary.getByRole("link", { name: "Choose at least one section" }).waitFor();
        expect(await plain.title()).toMatch(/Board meeting/);
        await checkAccessibilityWithoutScripts(plain, helper, "board meeting page with an error, without JavaScript");

        await plain.goto(new URL(plain.url()).pathname);
        await preparePack(plain, flaggedTitle, exceptionLabel);
        await checkFiles(plain, flaggedTitle, null);
      } finally {
        await helper.close();
        await noJs.close();
      }
    },
  );
});
