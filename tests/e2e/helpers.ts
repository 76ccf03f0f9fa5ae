import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject, onTestFailed } from "vitest";
import { axeFindings, formatViolations, launchChromium, type LaunchedBrowser } from "./browser";
import type { JourneyUser } from "./global-setup";

// What the browser test files share: signing in and out, the flash banner, and one browser per
// file that fails a test when the page logs an error or throws.

/** A UK date `days` before today, as a person would type it. */
export function daysAgo(days: number): string {
  const d = new Date(Date.now() - days * 24 * 60 * 60 * 1000);
  return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
}

/** Signs in on the tests' server, or on `baseUrl` (a test that runs a server of its own). */
export async function signIn(target: Page, user: JourneyUser, baseUrl = inject("baseUrl")) {
  // Start signed out even when an earlier step failed before signing out.
  await target.context().clearCookies();
  await target.goto(`${baseUrl}/login`);
  await target.getByLabel("Email address").fill(user.email);
  // E-mail first (single sign-on is chosen by the address's domain), then the password.
  await target.getByRole("button", { name: "Continue" }).click();
  await target.getByLabel("Password").fill(user.password);
  await target.getByRole("button", { name: "Sign in" }).click();
  await target.waitForURL(`${baseUrl}/dashboard`);
  await expect.poll(() => target.getByText(`Signed in as ${user.name}`).count()).toBe(1);
}

export async function signOut(target: Page) {
  await target.getByRole("button", { name: "Sign out" }).click();
  await target.waitForURL(`${inject("baseUrl")}/login`);
}

/** Waits for the success banner a post/redirect/get leaves behind. */
export async function expectFlash(target: Page, message: string) {
  await target.getByRole("alert").filter({ hasText: message }).waitFor();
}

export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).trim();
}

/** The form region (a <section> labelled by its heading) with this name. */
export function formSection(target: Page, name: string): Locator {
  return target.getByRole("region", { name });
}

/**
 * Collects what the page reports as errors (uncaught exceptions, console.error, which is where
 * React puts hydration errors such as #418) into `errors`, which the caller empties between steps.
 */
export function recordBrowserErrors(page: Page, errors: string[]) {
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") {
      const where = message.location().url ? ` (${message.location().url})` : "";
      errors.push(`console.error on ${page.url()}: ${message.text()}${where}`);
    }
  });
}

export interface BrowserSession {
  launched: LaunchedBrowser;
  context: BrowserContext;
  page: Page;
  /** Errors the browser reported during the current test. */
  errors: string[];
}

/**
 * One Chromium for the test file, with one page whose errors fail the test they happen in. A failed
 * test prints where the browser was and what it showed, to debug without a rerun. The fields are
 * filled in by `beforeAll`.
 */
export function openBrowserSession(): BrowserSession {
  const session = { errors: [] as string[] } as BrowserSession;
  beforeAll(async () => {
    session.launched = await launchChromium();
    session.context = await session.launched.browser.newContext({ baseURL: inject("baseUrl") });
    session.page = await session.context.newPage();
    session.page.setDefaultTimeout(15_000);
    recordBrowserErrors(session.page, session.errors);
  });
  beforeEach(() => {
    session.errors.length = 0;
    onTestFailed(async () => {
      const { page } = session;
      if (!page || page.isClosed()) return;
      const main = await page
        .locator("main")
        .innerText({ timeout: 2000 })
        .catch(() => "(no <main>)");
      console.log(`Browser was at ${page.url()} showing:\n${main.slice(0, 3000)}`);
    });
  });
  afterEach(() => {
    expect(session.errors, `the browser reported errors:\n${session.errors.join("\n")}`).toEqual([]);
  });
  afterAll(async () => {
    await session.launched?.close();
    if (axeFindings.length > 0) {
      console.log(["axe summary:", ...axeFindings.map((f) => formatViolations(f.page, f.violations))].join("\n\n"));
    }
  });
  return session;
}

/**
 * As the signed-in lead: uploads a report on /import and confirms it without corrections (for a
 * report about another authority than the lead's, ticking the box that says so). Returns the new
 * inspection's path.
 */
export async function importReport(page: Page, file: string): Promise<string> {
  await page.goto("/import");
  await page.getByRole("heading", { name: "Import an inspection report" }).waitFor();
  await page.locator("#report").setInputFiles(file);
  await page.getByRole("button", { name: "Preview" }).click();
  // The reading page comes first while a worker reads the file.
  await page.getByRole("heading", { name: "Recommendations", exact: true }).waitFor({ timeout: 60_000 });
  const otherAuthority = page.getByRole("checkbox", { name: /^This report is about .+; add it to .+ plan$/ });
  if ((await otherAuthority.count()) > 0) await otherAuthority.check();
  await page.getByRole("button", { name: "Confirm and import" }).click();
  await page.waitForURL(/\/inspections\/\d+$/);
  await expectFlash(page, "Report imported");
  return new URL(page.url()).pathname;
}

/** Imports the report and opens the action page of its first action; returns that page's path. */
export async function importAndOpenFirstAction(page: Page, file: string): Promise<string> {
  await importReport(page, file);
  await page.locator('main a[href^="/actions/"]').first().click();
  await page.waitForURL(/\/actions\/\d+$/);
  return new URL(page.url()).pathname;
}
