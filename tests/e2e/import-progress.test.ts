import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { tinyPdf } from "../import/helpers/tiny-pdf";
import { checkAccessibility, checkAccessibilityWithoutScripts } from "./browser";
import { openBrowserSession, signIn, textOf } from "./helpers";
import { startServer } from "./server";

// While a long report is read (in a worker, after the upload has been answered) the page says so:
// with JavaScript the button is disabled at once, the status is announced in a live region and
// the page asks the server until the report is read; without it, the page refreshes itself.
// A machine fast enough reads the long report before the draft's page would show "Reading…", so
// these tests run a server of their own (on the same database) that always shows it first.

const serverDatabase = inject("serverDatabase");
let baseUrl = "";
let server: Awaited<ReturnType<typeof startServer>> | undefined;
let jsContext: BrowserContext;
let jsPage: Page;
const users = inject("users");

/** A real report's first page followed by 299 pages of findings: several seconds of reading. */
function longReport(): string {
  const pages = Array.from({ length: 299 }, (_, p) =>
    Array.from(
      { length: 45 },
      (_, l) => `Page ${p + 2}, line ${l + 1}: the findings of the inspection, set out at length.`,
    ),
  );
  pages.unshift([
    "Inspection of Havering local authority children's services",
    "Inspection dates: 3 to 14 March 2025",
    "What needs to improve?",
    "- The quality of plans for children in need.",
    "- Supervision of social workers.",
    "Findings",
  ]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-progress-")), "long-report.pdf");
  fs.writeFileSync(file, tinyPdf({ pages }));
  return file;
}

const session = openBrowserSession();
let file: string;
let plain: BrowserContext;
let plainPage: Page;
let helper: Page;

beforeAll(async () => {
  file = longReport();
  server = await startServer({
    ...process.env,
    ...serverDatabase,
    DEMO_DATA: "false",
    SESSION_SECRET: `e2e-progress-${process.pid}`,
    IMPORT_READ_WAIT_MS: "0",
  });
  baseUrl = server.baseUrl;
  jsContext = await session.launched.browser.newContext({ baseURL: baseUrl });
  jsPage = await jsContext.newPage();
  jsPage.setDefaultTimeout(15_000);
  plain = await session.launched.browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
  plainPage = await plain.newPage();
  plainPage.setDefaultTimeout(15_000);
  helper = await session.context.newPage();
});
afterAll(async () => {
  await plain?.close();
  await jsContext?.close();
  server?.process.kill("SIGTERM");
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

async function screenshots(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `/tmp/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

describe("reading a long report", () => {
  test("with JavaScript: the button is disabled at once, the status is announced, and the preview follows without a reload", async () => {
    const page = jsPage;
    await signIn(page, users.lead, baseUrl);
    await page.goto("/import");
    await page.locator("#report").setInputFiles(file);
    const button = page.getByRole("button", { name: "Preview" });
    await button.click();
    // Pressing again is not possible while the upload is on its way.
    await expect.poll(() => button.isDisabled(), { interval: 20 }).toBe(true);
    expect(await textOf(page.getByRole("status").filter({ hasText: "Uploading and reading the report" }))).toMatch(
      /^Uploading and reading the report… this usually takes a few seconds\.$/,
    );

    await page.getByRole("heading", { name: "Reading the report" }).waitFor({ timeout: 30_000 });
    const status = page.getByRole("status").filter({ hasText: "Reading the report…" });
    expect(await textOf(status)).toBe("Reading the report…");
    const region = await status.elementHandle();
    // The page is not reloaded: a marker set now survives until the preview.
    await page.evaluate(() => ((window as unknown as { readingMarker: number }).readingMarker = 1));
    await checkAccessibility(page, "import: reading the report");
    await screenshots(page, "import-reading-js");

    await page.getByRole("heading", { name: "Recommendations", exact: true }).waitFor({ timeout: 60_000 });
    // The same live region now says the report has been read, which a screen reader announces.
    expect(await region!.textContent()).toBe("The report has been read: 2 recommendations found.");
    expect(await page.evaluate(() => (window as unknown as { readingMarker?: number }).readingMarker)).toBe(1);
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
  });

  test("without JavaScript: the page refreshes itself until the report is read", async () => {
    const page = plainPage;
    await signIn(page, users.lead, baseUrl);
    await page.goto("/import");
    await page.locator("#report").setInputFiles(file);
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "Reading the report" }).waitFor({ timeout: 30_000 });
    expect(await page.locator('meta[http-equiv="refresh"]').getAttribute("content")).toBe("2");
    expect(await textOf(page.locator("main"))).toContain("is being read");
    expect(await page.getByRole("link", { name: "Check again" }).getAttribute("href")).toBe(
      new URL(page.url()).pathname,
    );
    await checkAccessibilityWithoutScripts(page, helper, "import: reading the report, without JavaScript");
    await screenshots(page, "import-reading-nojs");

    // Nobody touches the page and no script runs: only its own refresh can bring the preview.
    await page.getByRole("heading", { name: "Recommendations", exact: true }).waitFor({ timeout: 60_000 });
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    expect(await page.getByRole("group", { name: /^Item \d+:/ }).count()).toBe(2);
  });
});
