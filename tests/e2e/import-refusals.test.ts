import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { tinyPdf } from "../import/helpers/tiny-pdf";
import { checkAccessibility, checkAccessibilityWithoutScripts } from "./browser";
import { expectFlash, openBrowserSession, signIn, textOf } from "./helpers";
import { withDatabase } from "./database";

// What the import refuses or asks about, in the browser: an empty file, a file that cannot be
// read, the same text pasted more than once, a report about another council, and a page left
// open in another tab while the import changed.

const baseUrl = inject("baseUrl");
const users = inject("users");
const serverDatabase = inject("serverDatabase");
const HACKNEY = path.resolve(import.meta.dirname, "../../db/fixtures/reports/hackney-2024-ilacs.txt");

const ITEMS = [
  "The quality of plans for children in need.",
  "Supervision of social workers.",
  "Return home interviews.",
];
function report(copy: string, times = 1) {
  const body = [
    "Inspection of Havering local authority children's services",
    "",
    "Inspection dates: 3 to 14 March 2025",
    "",
    "What needs to improve?",
    "",
    ...ITEMS.map((item) => `- ${item}`),
    "",
  ].join("\n");
  return `${Array(times).fill(body).join("\n")}\nBrowser test copy: ${copy}\n`;
}

const session = openBrowserSession();
let plain: BrowserContext;
let plainPage: Page;
let helper: Page;
let scratch: string;

beforeAll(async () => {
  plain = await session.launched.browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
  plainPage = await plain.newPage();
  plainPage.setDefaultTimeout(15_000);
  helper = await session.context.newPage();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-refusals-"));
});
afterAll(async () => {
  await plain?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function file(name: string, bytes: Uint8Array) {
  const at = path.join(scratch, name);
  fs.writeFileSync(at, bytes);
  return at;
}

async function screenshots(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `/tmp/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** Chromium logs a refusal's 4xx answer to a form sent with JavaScript as a failed load; those are expected. */
function forgetRefusals(status: number) {
  const expected = session.errors.filter((e) => e.includes(`status of ${status}`));
  expect(expected.length).toBeGreaterThanOrEqual(1);
  session.errors.splice(0, session.errors.length, ...session.errors.filter((e) => !expected.includes(e)));
}

async function paste(page: Page, text: string) {
  await page.goto("/import");
  await page.getByLabel("Or paste the report's text").fill(text);
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByRole("heading", { name: "Recommendations", exact: true }).waitFor({ timeout: 60_000 });
}

describe("refusals", () => {
  test("an empty file is refused at once with its own message, with JavaScript", async () => {
    const { page } = session;
    await signIn(page, users.lead);
    await page.goto("/import");
    await page.locator("#report").setInputFiles(file("empty.pdf", new Uint8Array()));
    await page.getByRole("button", { name: "Preview" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await summary.waitFor();
    expect(await textOf(summary)).toContain("The file “empty.pdf” is empty (0 bytes), so there is nothing to read.");
    expect(new URL(page.url()).pathname).toBe("/import");
    await checkAccessibility(page, "import page refusing an empty file");
    await screenshots(page, "import-empty-file");
    forgetRefusals(400);
  });

  test("a scanned PDF is read, then refused on its page with the reason, without JavaScript", async () => {
    const page = plainPage;
    await signIn(page, users.lead);
    await page.goto("/import");
    await page.locator("#report").setInputFiles(file("scanned.pdf", tinyPdf({ pages: [[], [], []] })));
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "The report could not be read" }).waitFor({ timeout: 60_000 });
    expect(await textOf(page.locator("main"))).toContain(
      "The file “scanned.pdf” is a scanned PDF with no text layer, so it cannot be read; ask Ofsted for the accessible version or paste the text.",
    );
    await checkAccessibilityWithoutScripts(page, helper, "import: the report could not be read, without JavaScript");
    await screenshots(page, "import-read-failed");
    // The import page lists it among the imports started.
    await page.goto("/import");
    expect(await textOf(page.locator(".app-card", { hasText: "Imports you have started" }))).toMatch(
      /scanned\.pdf – Could not be read/,
    );
  });
});

describe("the same text pasted more than once", () => {
  for (const javaScript of [true, false]) {
    test(`is flagged, and the copies are excluded in one go (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const page = javaScript ? session.page : plainPage;
      await paste(page, report(`pasted three times, JavaScript ${javaScript ? "on" : "off"}`, 3));
      expect(await page.getByRole("group", { name: /^Item \d+:/ }).count()).toBe(9);
      expect(await textOf(page.locator("main"))).toContain("6 items repeat an earlier item word for word");
      expect(await textOf(page.getByRole("group", { name: /^Item 4:/ }))).toContain("The same text as item 1.");
      await page.getByRole("button", { name: "Exclude the 6 repeated items" }).click();
      await expectFlash(page, "6 repeated items excluded; the first of each is kept");
      const excluded = [];
      for (const item of await page.getByRole("group", { name: /^Item \d+:/ }).all()) {
        excluded.push(await item.getByLabel("Exclude this item").isChecked());
      }
      expect(excluded).toEqual([false, false, false, true, true, true, true, true, true]);
      await page.getByRole("button", { name: "Confirm and import" }).click();
      await page.waitForURL(/\/inspections\/\d+$/);
      const id = Number(new URL(page.url()).pathname.split("/").pop());
      const saved = await withDatabase(serverDatabase, (db) =>
        db.selectFrom("recommendations").select("text").where("inspection_id", "=", id).orderBy("position").execute(),
      );
      expect(saved.map((r) => r.text)).toEqual(ITEMS);
    });
  }
});

describe("a report about another council", () => {
  test("needs the box naming both councils ticked before it joins the lead's plan, without JavaScript", async () => {
    const page = plainPage;
    await paste(page, `${fs.readFileSync(HACKNEY, "utf8")}\nBrowser test copy: another council\n`);
    expect(await textOf(page.locator("main"))).toContain(
      "This report is about London Borough of Hackney, not London Borough of Havering.",
    );
    await page.getByRole("button", { name: "Confirm and import" }).click();
    await page.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
    expect(await textOf(page.getByRole("alert").filter({ hasText: "There is a problem" }))).toContain(
      "Confirm that this report about London Borough of Hackney belongs in London Borough of Havering's plan",
    );
    await checkAccessibilityWithoutScripts(
      page,
      helper,
      "import preview refusing a report about another council, without JavaScript",
    );
    await page
      .getByRole("checkbox", {
        name: /^This report is about London Borough of Hackney; add it to London Borough of Havering.s plan$/,
      })
      .check();
    await page.getByRole("button", { name: "Confirm and import" }).click();
    await page.waitForURL(/\/inspections\/\d+$/);
    await expectFlash(page, "Report imported");
  });
});

describe("a report with no recommendations", () => {
  test("is imported for its dates and judgements, with a note, and no actions", async () => {
    const { page } = session;
    await paste(
      page,
      [
        "Inspection of Havering local authority children's services",
        "",
        "Inspection dates: 3 to 7 March 2025",
        "",
        "Judgement\tGrade",
        "The impact of leaders on social work practice with children and families\tOutstanding",
        "Overall effectiveness\tOutstanding",
        "",
        "Children in Havering continue to receive highly effective help and protection.",
        "Browser test copy: no recommendations",
      ].join("\n"),
    );
    const main = await textOf(page.locator("main"));
    expect(main).toContain("The reader found no recommendations in this report.");
    expect(main).toContain(
      "No recommendations will be imported: confirming saves the inspection's dates and judgements",
    );
    await checkAccessibility(page, "import preview of a report with no recommendations");
    await page.getByRole("button", { name: "Confirm and import" }).click();
    await page.waitForURL(/\/inspections\/\d+$/);
    await expectFlash(
      page,
      "Report imported: its dates and judgements were saved; it has no recommendations, so no actions were created",
    );
    expect(await textOf(page.locator("main"))).toContain("This report has no recommendations, so there are no actions");
    expect(await page.locator('main a[href^="/actions/"]').count()).toBe(0);
    await checkAccessibility(page, "inspection page of a report with no recommendations");
  });
});

describe("two tabs", () => {
  test("a change from a stale tab is refused, lists what was not saved, and shows the import as it is now", async () => {
    const { page } = session;
    await paste(page, report("two tabs"));
    const other = await session.context.newPage();
    try {
      await other.goto(page.url());
      await other.getByRole("heading", { name: "Recommendations", exact: true }).waitFor();
      await other
        .getByRole("group", { name: /^Item 2:/ })
        .getByRole("button", { name: "Merge with item 1" })
        .click();
      await expectFlash(other, "Item 2 merged into item 1");
    } finally {
      await other.close();
    }
    await page
      .getByRole("group", { name: /^Item 3:/ })
      .getByLabel("Text")
      .fill("Typed in the stale tab.");
    await page.getByRole("button", { name: "Save corrections and recalculate due dates" }).click();
    const notice = page.getByRole("alert").filter({ hasText: "Not saved" });
    await notice.waitFor();
    expect(await textOf(notice)).toContain(
      "This import was changed in another tab or window after this page was opened.",
    );
    expect(await textOf(notice)).toContain("Item 2 text: “Typed in the stale tab.”");
    // The form now shows the import as it is: two items, the first merged (the notice may render a moment first).
    await expect.poll(() => page.getByRole("group", { name: /^Item \d+:/ }).count()).toBe(2);
    expect(
      await page
        .getByRole("group", { name: /^Item 1:/ })
        .getByLabel("Text")
        .inputValue(),
    ).toBe(`${ITEMS[0]} ${ITEMS[1]}`);
    await checkAccessibility(page, "import preview after a conflict");
    await screenshots(page, "import-conflict");
    forgetRefusals(409);
  });
});
