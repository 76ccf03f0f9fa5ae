import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { pdfBytes } from "../helpers/evidence-files";
import { checkAccessibility, checkAccessibilityWithoutScripts, waitForHydration } from "./browser";
import { daysAgo, expectFlash, openBrowserSession, signIn } from "./helpers";

// A lead records Ofsted's monitoring visit and annual engagement meeting with their letters, with
// JavaScript and without, and finds them where the brief asks: the list, the judgement history,
// the readiness page's inspection card and the readiness report (page and Word); the letter
// downloads as it was uploaded.

const users = inject("users");
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? os.tmpdir();
const session = openBrowserSession();

let scratch = "";
const letters = { withJs: "", withoutJs: "" };
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "events-e2e-"));
  letters.withJs = path.join(scratch, "Monitoring visit letter.pdf");
  fs.writeFileSync(letters.withJs, pdfBytes("monitoring visit e2e"));
  letters.withoutJs = path.join(scratch, "AEM note.pdf");
  fs.writeFileSync(letters.withoutJs, pdfBytes("annual engagement e2e"));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function shoot(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({
      path: path.join(SCREENSHOTS, `events-${name}-${width}.png`),
      fullPage: true,
      timeout: 60_000,
    });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  const saved = path.join(scratch, `download-${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(saved);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(saved) };
}

async function fillEvent(
  page: Page,
  fields: { kind: string; date: string; endDate?: string; title: string; summary: string; letter?: string },
) {
  await page.getByRole("radio", { name: fields.kind }).check();
  await page.getByLabel("Date (the first day of a visit)").fill(fields.date);
  await page.getByLabel("Last day (optional)").fill(fields.endDate ?? "");
  await page.getByLabel("Title").fill(fields.title);
  await page.getByLabel("Short summary (optional)").fill(fields.summary);
  if (fields.letter) await page.getByLabel("Letter (optional)").setInputFiles(fields.letter);
}

const VISIT_TITLE = "E2E monitoring visit: children in need of help and protection";
const VISIT_SUMMARY = "Inspectors found that management oversight of strategy discussions is improving.";
const MEETING_TITLE = "E2E annual engagement meeting";

describe("Ofsted visits and meetings", () => {
  test(
    "with JavaScript: a refused form keeps what was typed, then a visit with its letter everywhere it belongs",
    { timeout: 180_000 },
    async () => {
      const { page } = session;
      await signIn(page, users.lead);
      await page.goto("/readiness/events");
      await waitForHydration(page);
      await page.getByRole("link", { name: "Record a visit or meeting" }).click();
      await page.getByRole("heading", { name: "Record a visit or meeting" }).waitFor();
      await waitForHydration(page);

      // A date in the future and no title: an error summary, and the summary as typed.
      await fillEvent(page, {
        kind: "Monitoring visit",
        date: "1/1/2099",
        title: "",
        summary: VISIT_SUMMARY,
        letter: letters.withJs,
      });
      await page.getByRole("button", { name: "Record it" }).click();
      const problems = page.locator(".govuk-error-summary");
      await problems.waitFor();
      expect(await problems.innerText()).toContain("The date must be today or in the past");
      expect(await problems.innerText()).toContain("Enter a title");
      // With JavaScript the form stays on the page with the letter still chosen: nothing to choose again.
      expect(await problems.innerText()).not.toContain("Choose the letter again");
      expect(await page.getByText("Choose the letter again").count()).toBe(0);
      expect(
        await page.getByLabel("Letter (optional)").evaluate((input: HTMLInputElement) => input.files?.[0]?.name),
      ).toBe("Monitoring visit letter.pdf");
      expect(await page.getByLabel("Short summary (optional)").inputValue()).toBe(VISIT_SUMMARY);
      // Chromium logs the refusal's 400 as a console error; that one was expected.
      session.errors.splice(0, session.errors.length, ...session.errors.filter((e) => !e.includes("status of 400")));
      await checkAccessibility(page, "record a visit, refused");
      await shoot(page, "refused");

      await fillEvent(page, {
        kind: "Monitoring visit",
        date: daysAgo(40),
        endDate: daysAgo(39),
        title: VISIT_TITLE,
        summary: VISIT_SUMMARY,
        letter: letters.withJs,
      });
      await page.getByRole("button", { name: "Record it" }).click();
      await page.waitForURL(/\/readiness\/events\/\d+$/);
      await expectFlash(page, "Visit or meeting recorded");
      await page.getByRole("heading", { name: VISIT_TITLE }).waitFor();
      await checkAccessibility(page, "a monitoring visit");
      await shoot(page, "visit");
      const fromPage = await download(page, () =>
        page.getByRole("link", { name: /Monitoring visit letter\.pdf/ }).click(),
      );
      expect(fromPage.name).toBe("Monitoring visit letter.pdf");
      expect(fromPage.bytes.equals(fs.readFileSync(letters.withJs))).toBe(true);

      // The judgement history lists it with its letter.
      await page.goto("/readiness/judgements");
      const history = page.getByRole("region", { name: "Monitoring visits and annual engagement meetings" });
      await history.getByRole("row", { name: new RegExp(VISIT_TITLE) }).waitFor();
      await checkAccessibility(page, "judgement history with visits");
      await shoot(page, "judgement-history");

      // The readiness page's card: the visits so far, the last one, and the annual engagement meeting.
      await page.goto("/readiness");
      const card = page.getByRole("region", { name: "Inspection window and deadlines" });
      await card.getByText("Monitoring visits so far").waitFor();
      const visits = await card.innerText();
      expect(visits).toContain(VISIT_TITLE);
      expect(visits).toContain(VISIT_SUMMARY);
      expect(visits).toMatch(/Last monitoring visit: \d{1,2} \w+ \d{4}/);
      expect(visits).toContain("Last annual engagement meeting");
      await checkAccessibility(page, "readiness page with visits");
      await shoot(page, "readiness");
      const fromCard = await download(page, () =>
        card.getByRole("link", { name: /Monitoring visit letter\.pdf/ }).click(),
      );
      expect(fromCard.bytes.equals(fs.readFileSync(letters.withJs))).toBe(true);

      // The readiness report, and its Word version.
      await page.goto("/readiness/report");
      const section = page.getByRole("region", { name: "Monitoring visits and annual engagement meetings" });
      expect(await section.innerText()).toContain(VISIT_TITLE);
      await checkAccessibility(page, "readiness report with visits");
      const word = await download(page, () =>
        page.getByRole("link", { name: /download it as a Word document/ }).click(),
      );
      const xml = await (await JSZip.loadAsync(word.bytes)).file("word/document.xml")!.async("string");
      expect(xml).toContain("Monitoring visits and annual engagement meetings");
      expect(xml).toContain(VISIT_TITLE);
      expect(xml).toContain("Monitoring visit letter.pdf");
    },
  );

  test(
    "without JavaScript: records an annual engagement meeting with its note, changes it, and finds it in the history",
    { timeout: 180_000 },
    async () => {
      const noJs = await session.launched.browser.newContext({ baseURL: inject("baseUrl"), javaScriptEnabled: false });
      const helper = await session.context.newPage();
      try {
        const plain = await noJs.newPage();
        plain.setDefaultTimeout(15_000);
        await signIn(plain, users.lead);
        await plain.goto("/readiness/events/new");
        // Refused (no title): the page comes back without the chosen letter, and says to choose it again.
        await fillEvent(plain, {
          kind: "Annual engagement meeting",
          date: daysAgo(20),
          title: "",
          summary: "Self-evaluation discussed.",
          letter: letters.withoutJs,
        });
        await plain.getByRole("button", { name: "Record it" }).click();
        await plain.locator(".govuk-error-summary").waitFor();
        await plain.getByText("Choose the letter again").waitFor();
        await checkAccessibilityWithoutScripts(plain, helper, "refused meeting without JavaScript");
        await fillEvent(plain, {
          kind: "Annual engagement meeting",
          date: daysAgo(20),
          title: MEETING_TITLE,
          summary: "Self-evaluation discussed; next activity likely a focused visit.",
          letter: letters.withoutJs,
        });
        await plain.getByRole("button", { name: "Record it" }).click();
        await plain.waitForURL(/\/readiness\/events\/\d+$/);
        await expectFlash(plain, "Visit or meeting recorded");
        await checkAccessibilityWithoutScripts(plain, helper, "annual engagement meeting without JavaScript");

        // Changed without JavaScript: the letter stays.
        await plain.getByLabel("Title").fill(`${MEETING_TITLE} 2026`);
        await plain.getByRole("button", { name: "Save changes" }).click();
        await expectFlash(plain, "Changes saved");
        await plain.getByRole("heading", { name: `${MEETING_TITLE} 2026` }).waitFor();
        const letter = await download(plain, () => plain.getByRole("link", { name: /AEM note\.pdf/ }).click());
        expect(letter.bytes.equals(fs.readFileSync(letters.withoutJs))).toBe(true);

        await plain.goto("/readiness/judgements");
        const history = plain.getByRole("region", { name: "Monitoring visits and annual engagement meetings" });
        await history.getByRole("row", { name: new RegExp(`${MEETING_TITLE} 2026`) }).waitFor();
        await plain.goto("/readiness");
        const card = plain.getByRole("region", { name: "Inspection window and deadlines" });
        expect(await card.innerText()).toMatch(/Last annual engagement meeting\s+\d{1,2} \w+ \d{4}\./);
        await checkAccessibilityWithoutScripts(plain, helper, "readiness page without JavaScript");
      } finally {
        await helper.close();
        await noJs.close();
      }
    },
  );

  test("a board member reads them but is offered no form", async () => {
    const { page } = session;
    await signIn(page, users.board);
    await page.goto("/readiness/events");
    await page.getByRole("row", { name: new RegExp(VISIT_TITLE) }).waitFor();
    expect(await page.getByRole("link", { name: "Record a visit or meeting" }).count()).toBe(0);
    await page.getByRole("link", { name: VISIT_TITLE, exact: true }).click();
    await page.getByRole("heading", { name: VISIT_TITLE }).waitFor();
    expect(await page.getByRole("button", { name: "Save changes" }).count()).toBe(0);
    await checkAccessibility(page, "a visit as a board member");
  });
});
