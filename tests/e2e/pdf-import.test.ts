import path from "node:path";
import { describe, expect, inject, test } from "vitest";
import { checkAccessibility } from "./browser";
import { expectFlash, signIn, textOf, openBrowserSession } from "./helpers";

// The lead uploads a published Ofsted PDF, corrects what the reader found on the preview, saves the
// corrections, and imports. The report is not the one the journey imports, so the two never clash.

const baseUrl = inject("baseUrl");
const users = inject("users");
const REPORT = path.resolve(
  import.meta.dirname,
  "../../db/fixtures/reports/pdf/13_isles_of_scilly_2023_ilacs_short.pdf",
);
const RECOMMENDATIONS_IN_REPORT = 8;
const EXCLUDED_TEXT = "The quality of social work practice to assess, support and protect children.";
/** The inspection ended on 13 July 2023. */
const THREE_MONTHS_AFTER_INSPECTION = "13 October 2023";
const EDITED_TEXT =
  "Record, assess and respond to every piece of information shared about children in need or in need of protection within one working day.";

const session = openBrowserSession();

describe("importing a PDF with corrections", () => {
  test("the lead uploads the PDF and sees every recommendation it found", async () => {
    const { page } = session;
    await signIn(page, users.lead);
    await page.getByRole("link", { name: "Import a report" }).click();
    await page.waitForURL(`${baseUrl}/import`);
    await page.locator("#report").setInputFiles(REPORT);
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "Recommendations", exact: true }).waitFor();

    const found = page.locator(".govuk-summary-list__row", { hasText: "Recommendations" }).locator("dd");
    expect(await textOf(found)).toBe(`${RECOMMENDATIONS_IN_REPORT} to import`);
    await expect.poll(() => page.getByRole("group", { name: /^Item \d+:/ }).count()).toBe(RECOMMENDATIONS_IN_REPORT);
    const item2 = page.getByRole("group", { name: /^Item 2:/ });
    expect(await item2.getByLabel("Text").inputValue()).toBe(EXCLUDED_TEXT);
    await checkAccessibility(page, "PDF import preview");
  });

  test("edits item 1, excludes item 2, gives item 3 a timescale, and the corrections survive a save", async () => {
    const { page } = session;
    const item1 = page.getByRole("group", { name: /^Item 1:/ });
    const item2 = page.getByRole("group", { name: /^Item 2:/ });
    const item3 = page.getByRole("group", { name: /^Item 3:/ });
    expect(await textOf(item3)).toContain("Due: set by the lead");

    await item1.getByLabel("Text").fill(EDITED_TEXT);
    await item2.getByLabel("Exclude this item").check();
    await item3.getByLabel("Timescale").selectOption({ label: "Within three months" });
    // The reader finds no publication date in this PDF, so due dates count from the end of the inspection.
    await page.getByRole("group", { name: "Count due dates from" }).getByLabel("End of inspection").check();
    await page.getByRole("button", { name: "Save corrections and recalculate due dates" }).click();

    // The summary and the due date come from the server, so they show the corrections were received.
    const found = page.locator(".govuk-summary-list__row", { hasText: "Recommendations" }).locator("dd");
    await expect.poll(() => textOf(found)).toBe(`${RECOMMENDATIONS_IN_REPORT - 1} to import, 1 excluded`);
    await expect
      .poll(() => textOf(page.getByRole("group", { name: /^Item 3:/ })))
      .toContain(`Due: ${THREE_MONTHS_AFTER_INSPECTION}`);

    expect(await page.getByRole("group", { name: /^Item \d+:/ }).count()).toBe(RECOMMENDATIONS_IN_REPORT);
    expect(
      await page
        .getByRole("group", { name: /^Item 1:/ })
        .getByLabel("Text")
        .inputValue(),
    ).toBe(EDITED_TEXT);
    expect(
      await page
        .getByRole("group", { name: /^Item 2:/ })
        .getByLabel("Exclude this item")
        .isChecked(),
    ).toBe(true);
    expect(
      await page
        .getByRole("group", { name: /^Item 3:/ })
        .getByLabel("Timescale")
        .locator("option:checked")
        .innerText(),
    ).toBe("Within three months");
    expect(
      await page.getByRole("group", { name: "Count due dates from" }).getByLabel("End of inspection").isChecked(),
    ).toBe(true);
    await checkAccessibility(page, "PDF import preview after saving corrections");
  });

  test("is stopped until the lead confirms that a report about another council belongs in their plan", async () => {
    const { page } = session;
    await page.getByText("This report is about Isles of Scilly, not London Borough of Havering.").waitFor();
    await page.getByRole("button", { name: "Confirm and import" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await summary.waitFor();
    expect(await textOf(summary)).toContain(
      "Confirm that this report about Isles of Scilly belongs in London Borough of Havering's plan",
    );
    expect(page.url()).toMatch(/\/import\/drafts\/\d+$/);
    // The corrections made before are still there.
    expect(
      await page
        .getByRole("group", { name: /^Item 1:/ })
        .getByLabel("Text")
        .inputValue(),
    ).toBe(EDITED_TEXT);
    await checkAccessibility(page, "PDF import preview refusing a report about another council");
    // Chromium logs the refusal's 400 as a failed load; that one is expected.
    const refused = session.errors.filter((e) => e.includes("status of 400"));
    expect(refused).toHaveLength(1);
    session.errors.splice(0, session.errors.length, ...session.errors.filter((e) => !refused.includes(e)));
  });

  test("confirms, and the inspection holds the corrected recommendations only", async () => {
    const { page } = session;
    await page.getByRole("checkbox", { name: /^This report is about Isles of Scilly; add it to London Borough of Havering.s plan$/ }).check();
    await page.getByRole("button", { name: "Confirm and import" }).click();
    await page.waitForURL(/\/inspections\/\d+$/);
    await expectFlash(page, "Report imported");
    await page.getByRole("heading", { name: "Recommendations and actions" }).waitFor();

    const main = await textOf(page.locator("main"));
    expect(main).toContain(EDITED_TEXT);
    expect(main).not.toContain(EXCLUDED_TEXT);
    expect(await page.locator("main .app-recommendation").count()).toBe(RECOMMENDATIONS_IN_REPORT - 1);
    expect(await page.locator('main a[href^="/actions/"]').count()).toBe(RECOMMENDATIONS_IN_REPORT - 1);
    const threeMonths = page.getByRole("region", { name: /Within three months$/ });
    expect(await threeMonths.locator(".app-recommendation").count()).toBe(1);
    expect(await textOf(threeMonths)).toContain(`Due: ${THREE_MONTHS_AFTER_INSPECTION}`);
    await checkAccessibility(page, "inspection page after the PDF import");
  });
});
