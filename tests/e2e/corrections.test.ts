import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, inject, test } from "vitest";
import { checkAccessibility, checkAccessibilityWithoutScripts } from "./browser";
import { expectFlash, importReport, openBrowserSession, signIn, signOut, textOf } from "./helpers";

// Correcting an inspection and its recommendations after import, and removing an inspection
// imported in error and restoring it, as a lead and an administrator do it in Chromium: first with
// JavaScript, then with plain HTML forms. The plan comes from a report no other browser test imports
// (Hammersmith and Fulham's 2011 SLAC, published 22 July 2011: "within three months" is due
// 22 October 2011, "within six months" 22 January 2012).

const baseUrl = inject("baseUrl");
const users = inject("users");
const REPORT = path.resolve(import.meta.dirname, "../../db/fixtures/reports/hammersmith-fulham-2011-slac.txt");
const CORRECTED_TEXT =
  "Extend the terms of reference of the LSCB's child protection and serious case review subgroup to cover private fostering.";
const REMOVAL_REASON = "Another council's report, imported into our plan by mistake";

const session = openBrowserSession();
let inspectionPath = "";
let inspectionTitle = "";

/** Screenshots at desktop and phone widths, to look at by hand (not compared). */
async function screenshots(page: Page, name: string) {
  const size = page.viewportSize() ?? { width: 1280, height: 720 };
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: size.height });
    await page.screenshot({ path: `/tmp/corrections-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(size);
}

function summaryRow(page: Page, key: string) {
  return page.locator(".govuk-summary-list__row", { has: page.locator("dt", { hasText: new RegExp(`^${key}$`) }) });
}

/** The target dates in the inspection page's table of actions for one recommendation. */
async function targetDateOf(page: Page, reference: string) {
  const table = page.locator("table", { has: page.locator("caption", { hasText: `Actions for ${reference}` }) });
  return textOf(table.locator("tbody tr").first().locator("td").nth(2));
}

/**
 * Chromium logs each 4xx answer as a console error ("Failed to load resource"); the ones a step
 * expects (a form refused with 400, a removed inspection's page answered 410) are taken out.
 */
function dropExpectedStatus(errors: string[], status: number) {
  errors.splice(0, errors.length, ...errors.filter((e) => !e.includes(`status of ${status}`)));
}

/** A page is answered 410 with who removed it. */
async function expectRemovedPage(page: Page, url: string, errors: string[]) {
  const response = await page.goto(url);
  expect(response?.status()).toBe(410);
  await page.getByRole("heading", { level: 1, name: "This is no longer in the plan" }).waitFor();
  expect(await textOf(page.locator("main"))).toContain(`by Lena Lead: “${REMOVAL_REASON}”`);
  await page.getByRole("link", { name: "See the removed inspection" }).waitFor();
  dropExpectedStatus(errors, 410);
}

describe("with JavaScript", () => {
  test("the lead imports a report and corrects a recommendation's text, then its timescale, choosing not to move its target date", async () => {
    const { page } = session;
    await signIn(page, users.lead);
    inspectionPath = await importReport(page, REPORT);
    inspectionTitle = await textOf(page.getByRole("heading", { level: 1 }));
    expect(await targetDateOf(page, "SG-3M-1")).toBe("22 October 2011");
    await checkAccessibility(page, "inspection page with Change links");
    await screenshots(page, "inspection-page");

    await page.getByRole("link", { name: "SG-3M-1", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Recommendation SG-3M-1" }).waitFor();
    await page.getByRole("link", { name: "Change text" }).click();
    await page.getByRole("heading", { level: 1, name: "Correct recommendation SG-3M-1" }).waitFor();
    await checkAccessibility(page, "recommendation correction form");
    await screenshots(page, "recommendation-form");
    await page.getByLabel("Text", { exact: true }).fill(CORRECTED_TEXT);
    await page.getByLabel("Partner agencies").fill("Hammersmith and Fulham LSCB\nNHS Hammersmith and Fulham");
    await page.getByRole("button", { name: "Save the correction" }).click();
    await expectFlash(page, "Recommendation corrected");
    await page.getByText(CORRECTED_TEXT).waitFor();
    await page.getByText("Text as extracted").click();
    const extracted = page.locator(".govuk-details", { hasText: "Text as extracted" }).locator(".govuk-details__text");
    expect(await textOf(extracted)).toMatch(/^The text as the report reader first extracted/);
    expect(await textOf(summaryRow(page, "Partner agencies").locator("dd").first())).toBe(
      "Hammersmith and Fulham LSCB, NHS Hammersmith and Fulham",
    );
    await checkAccessibility(page, "recommendation page with the text as extracted");
    await screenshots(page, "recommendation-corrected");

    await page.getByRole("link", { name: "Change timescale" }).click();
    await page.getByRole("radio", { name: "Within six months" }).check();
    await page.getByRole("button", { name: "Save the correction" }).click();
    await page.getByRole("heading", { level: 1, name: "Check which target dates move" }).waitFor();
    // The heading takes focus, so a screen reader hears where the form went.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    const move = page.getByRole("checkbox", { name: /^Action 1\.1:/ });
    expect(await move.isChecked()).toBe(true);
    await page.getByText("From 22 October 2011 to 22 January 2012", { exact: true }).waitFor();
    await checkAccessibility(page, "which target dates move (recommendation)");
    await screenshots(page, "recommendation-confirm");
    // The action keeps its target date: the lead may move none of them.
    await move.uncheck();
    await page.getByRole("button", { name: "Save the correction" }).click();
    await expectFlash(page, "Recommendation corrected");
    expect(await textOf(summaryRow(page, "Due date").locator("dd").first())).toMatch(/^22 January 2012/);
    await page.goto(inspectionPath);
    expect(await targetDateOf(page, "SG-3M-1")).toBe("22 October 2011");
  });

  test("the lead corrects the publication date, sees which target dates would move, and keeps the one set apart", async () => {
    const { page } = session;
    await page.goto(inspectionPath);
    await page.getByRole("link", { name: "Change published" }).click();
    await page.getByRole("heading", { level: 1, name: "Correct the inspection" }).waitFor();
    await checkAccessibility(page, "inspection correction form");
    await screenshots(page, "inspection-form");
    await page.getByRole("textbox", { name: "Publication date" }).fill("29/07/2011");
    await page.getByRole("button", { name: "Save the correction" }).click();
    await page.getByRole("heading", { level: 1, name: "Check which target dates move" }).waitFor();
    await page.getByRole("table", { name: "Due dates that change" }).waitFor();
    // SG-3M-1's action no longer follows its recommendation's due date: offered, not ticked.
    const setApart = page.getByRole("checkbox", { name: /^Action 1\.1:/ });
    expect(await setApart.isChecked()).toBe(false);
    await page.getByText("From 22 October 2011 to 29 January 2012. Not on the recommendation's due date now").waitFor();
    const followers = page.getByRole("checkbox", { name: /^Action [2-9]\.1:/ });
    expect(await followers.count()).toBe(8);
    for (const box of await followers.all()) expect(await box.isChecked()).toBe(true);
    await checkAccessibility(page, "which target dates move (inspection)");
    await screenshots(page, "inspection-confirm");

    // Untick one more, and forget the reason: asked again, with the ticks kept.
    await page.getByRole("checkbox", { name: /^Action 2\.1:/ }).uncheck();
    await page.getByLabel("Why the target dates are moving").fill("");
    await page.getByRole("button", { name: "Save the correction" }).click();
    await page.getByRole("link", { name: "Give the reason the target dates are moving" }).waitFor();
    dropExpectedStatus(session.errors, 400);
    expect(await page.getByRole("checkbox", { name: /^Action 2\.1:/ }).isChecked()).toBe(false);
    expect(await page.getByRole("checkbox", { name: /^Action 3\.1:/ }).isChecked()).toBe(true);
    await page.getByLabel("Why the target dates are moving").fill("The report was published on 29 July 2011");
    await page.getByRole("button", { name: "Save the correction" }).click();
    await expectFlash(page, "Inspection corrected; 9 due dates recomputed; 7 target dates moved");
    expect(await textOf(summaryRow(page, "Published").locator("dd").first())).toBe("29 July 2011");
    expect(await targetDateOf(page, "SG-3M-1")).toBe("22 October 2011");
    expect(await targetDateOf(page, "SG-3M-2")).toBe("22 October 2011");
    expect(await targetDateOf(page, "SG-3M-3")).toBe("29 October 2011");

    await page.goto("/audit?entity=inspection");
    await page.getByText("Inspection corrected: Publication date: 22 July 2011 → 29 July 2011").first().waitFor();
    await page.goto("/audit?entity=recommendation");
    await page
      .getByText(/Recommendation corrected: Text: .* → Extend the terms of reference/)
      .first()
      .waitFor();
    await checkAccessibility(page, "audit log with corrections");
  });

  test("a correction opened before someone else's is refused with who made theirs, keeping what was typed", async () => {
    const { page, errors } = session;
    await page.goto(inspectionPath);
    await page.getByRole("link", { name: "Correct the recommendation SG-3M-3" }).click();
    await page.getByRole("heading", { level: 1, name: "Correct recommendation SG-3M-3" }).waitFor();
    await page.getByLabel("Report paragraph").fill("31");

    const other = await session.launched.browser.newContext({ baseURL: baseUrl });
    try {
      const adminPage = await other.newPage();
      await signIn(adminPage, users.admin);
      await adminPage.goto(page.url());
      await adminPage.getByLabel("Report paragraph").fill("30");
      await adminPage.getByRole("button", { name: "Save the correction" }).click();
      await expectFlash(adminPage, "Recommendation corrected");
    } finally {
      await other.close();
    }

    await page.getByRole("button", { name: "Save the correction" }).click();
    await page.getByText("This recommendation was changed by Ada Admin").waitFor();
    dropExpectedStatus(errors, 409);
    expect(await page.getByLabel("Report paragraph").inputValue()).toBe("31");
    // The page is read again after the refusal: the record as it is now, and its new version for the form.
    const now = page.locator(".govuk-details", { hasText: "As it is now" }).locator(".govuk-summary-list");
    await expect.poll(() => textOf(now)).toMatch(/Report paragraph\s+30/);
    await checkAccessibility(page, "a stale correction form");
    await page.getByRole("button", { name: "Save the correction" }).click();
    await page.waitForURL(/\/recommendations\/\d+$/);
    await expectFlash(page, "Recommendation corrected");
    expect(await textOf(summaryRow(page, "Report paragraph").locator("dd").first())).toBe("31");
  });

  test("the lead removes the inspection, which leaves the plan; the administrator restores it", async () => {
    const { page } = session;
    await page.goto(inspectionPath);
    await page.getByRole("link", { name: "Remove this inspection" }).click();
    await page.getByRole("heading", { level: 1, name: `Remove “${inspectionTitle}” from the plan?` }).waitFor();
    expect(await textOf(page.locator("main ul.govuk-list--bullet"))).toMatch(/9 recommendations\s+9 actions: 9 open/);
    await checkAccessibility(page, "remove an inspection");
    await screenshots(page, "remove-confirm");
    await page.getByRole("button", { name: "Remove the inspection" }).click();
    await page.getByRole("link", { name: "Say why the inspection is being removed" }).waitFor();
    dropExpectedStatus(session.errors, 400);
    await page.getByLabel("Why is it being removed?").fill(REMOVAL_REASON);
    await page.getByRole("button", { name: "Remove the inspection" }).click();
    await expectFlash(page, `“${inspectionTitle}” removed from the plan`);
    expect(new URL(page.url()).pathname).toBe("/inspections");
    const removedTable = page.getByRole("table", { name: "Removed from the plan (imported in error)" });
    await removedTable.getByRole("link", { name: inspectionTitle }).waitFor();
    expect(
      await page.locator(`main table:not(:has(caption:text("Removed"))) a[href="${inspectionPath}"]`).count(),
    ).toBe(0);
    await checkAccessibility(page, "inspections with a removed one");
    await screenshots(page, "inspections-removed");

    await page.goto("/board");
    expect(await textOf(page.locator("main"))).not.toContain(inspectionTitle);
    await page.goto(inspectionPath);
    await page
      .getByRole("region", { name: "Removed from the plan" })
      .getByText(`by Lena Lead: “${REMOVAL_REASON}”`)
      .waitFor();
    expect(await page.getByRole("link", { name: "Remove this inspection" }).count()).toBe(0);
    await checkAccessibility(page, "removed inspection page");
    await screenshots(page, "removed-inspection");
    await signOut(page);

    await signIn(page, users.admin);
    await page.goto(inspectionPath);
    await page.getByRole("button", { name: "Restore to the plan" }).click();
    await expectFlash(page, "Inspection restored to the plan, as it was");
    expect(await page.getByRole("region", { name: "Removed from the plan" }).count()).toBe(0);
    await page.goto("/board");
    expect(await textOf(page.locator("main"))).toContain(inspectionTitle);
    await signOut(page);
  });

  test("a removed inspection's action pages say who removed it", async () => {
    const { page, errors } = session;
    await signIn(page, users.lead);
    await page.goto(inspectionPath);
    const actionPath = await page.locator('main a[href^="/actions/"]').first().getAttribute("href");
    await page.getByRole("link", { name: "Remove this inspection" }).click();
    await page.getByLabel("Why is it being removed?").fill(REMOVAL_REASON);
    await page.getByRole("button", { name: "Remove the inspection" }).click();
    await expectFlash(page, "removed from the plan");
    await expectRemovedPage(page, actionPath!, errors);
    await checkAccessibility(page, "an action of a removed inspection");
    await page.getByRole("link", { name: "See the removed inspection" }).click();
    await page.getByRole("region", { name: "Removed from the plan" }).waitFor();
    await signOut(page);
    await signIn(page, users.admin);
    await page.goto(inspectionPath);
    await page.getByRole("button", { name: "Restore to the plan" }).click();
    await expectFlash(page, "Inspection restored to the plan, as it was");
    await signOut(page);
  });
});

describe("without JavaScript", () => {
  async function plainPage(): Promise<{ context: BrowserContext; plain: Page; helper: Page }> {
    const context = await session.launched.browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    const plain = await context.newPage();
    plain.setDefaultTimeout(15_000);
    return { context, plain, helper: await session.context.newPage() };
  }

  test("the lead corrects a recommendation and its due date, choosing the target dates that move", async () => {
    const { context, plain, helper } = await plainPage();
    try {
      await signIn(plain, users.lead);
      await plain.goto(inspectionPath);
      await plain.getByRole("link", { name: "Correct the recommendation SG-3M-2" }).click();
      await plain.getByRole("heading", { level: 1, name: "Correct recommendation SG-3M-2" }).waitFor();
      await checkAccessibilityWithoutScripts(plain, helper, "recommendation correction form without JavaScript");
      await plain.getByLabel("Report paragraph").fill("27");
      await plain.getByLabel("Due date (optional)").fill("31 December 2011");
      await plain.getByRole("button", { name: "Save the correction" }).click();
      await plain.getByRole("heading", { level: 1, name: "Check which target dates move" }).waitFor();
      await checkAccessibilityWithoutScripts(plain, helper, "which target dates move without JavaScript");
      // Its action was left on 22 October 2011 when the due date moved to the 29th: offered, not ticked.
      const move = plain.getByRole("checkbox", { name: /^Action 2\.1:/ });
      expect(await move.isChecked()).toBe(false);
      await move.check();
      await plain.getByRole("button", { name: "Save the correction" }).click();
      await expectFlash(plain, "Recommendation corrected; 1 target date moved");
      expect(await textOf(summaryRow(plain, "Report paragraph").locator("dd").first())).toBe("27");
      expect(await textOf(summaryRow(plain, "Due date").locator("dd").first())).toBe(
        "31 December 2011 (Set by the improvement lead)",
      );
    } finally {
      await context.close();
      await helper.close();
    }
  });

  test("the lead records the date the report was received and counts due dates from it", async () => {
    const { context, plain, helper } = await plainPage();
    try {
      await signIn(plain, users.lead);
      await plain.goto(`${inspectionPath}/edit`);
      await plain.getByLabel("Date the council received the report").fill("25/07/2011");
      await plain.getByRole("radio", { name: "Date report received" }).check();
      await plain.getByRole("button", { name: "Save the correction" }).click();
      await plain.getByRole("heading", { level: 1, name: "Check which target dates move" }).waitFor();
      // The lead's own due date (SG-3M-2) does not change, so its action is not offered.
      expect(await plain.getByRole("checkbox", { name: /^Action 2\.1:/ }).count()).toBe(0);
      await plain.getByRole("button", { name: "Save the correction" }).click();
      await expectFlash(plain, "Inspection corrected; 8 due dates recomputed; 7 target dates moved");
      expect(await textOf(summaryRow(plain, "Due dates counted from").locator("dd").first())).toBe(
        "Date report received: 25 July 2011",
      );
      await checkAccessibilityWithoutScripts(plain, helper, "corrected inspection without JavaScript");
    } finally {
      await context.close();
      await helper.close();
    }
  });

  test("the lead removes the inspection and the administrator restores it", async () => {
    const { context, plain, helper } = await plainPage();
    try {
      await signIn(plain, users.lead);
      await plain.goto(inspectionPath);
      await plain.getByRole("link", { name: "Remove this inspection" }).click();
      await checkAccessibilityWithoutScripts(plain, helper, "remove an inspection without JavaScript");
      await plain.getByLabel("Why is it being removed?").fill(REMOVAL_REASON);
      await plain.getByRole("button", { name: "Remove the inspection" }).click();
      await expectFlash(plain, "removed from the plan");
      await plain.getByRole("table", { name: "Removed from the plan (imported in error)" }).waitFor();
      await plain.goto(inspectionPath);
      await plain.getByRole("region", { name: "Removed from the plan" }).waitFor();
      await checkAccessibilityWithoutScripts(plain, helper, "removed inspection without JavaScript");
      await signOut(plain);

      await signIn(plain, users.admin);
      await plain.goto(inspectionPath);
      await plain.getByRole("button", { name: "Restore to the plan" }).click();
      await expectFlash(plain, "Inspection restored to the plan, as it was");
      await plain.goto("/inspections");
      await plain.locator(`main a[href="${inspectionPath}"]`).first().waitFor();
      expect(await plain.getByRole("table", { name: "Removed from the plan (imported in error)" }).count()).toBe(0);
    } finally {
      await context.close();
      await helper.close();
    }
  });
});
