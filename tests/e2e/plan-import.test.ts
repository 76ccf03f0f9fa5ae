import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { checkAccessibility, checkAccessibilityWithoutScripts } from "./browser";
import { expectFlash, openBrowserSession, signIn } from "./helpers";
import { withDatabase } from "./database";

// The spreadsheet plan import in Chromium, with JavaScript on and off: from the inspection's page,
// upload a CSV, match its columns, correct a cell the reader could not read, decline one proposed
// person, keep the starter actions' replacement, and confirm. What was saved (read from the
// database) must be exactly what the preview showed, numbered 1.1, 1.2, 1.3 in place of the
// starter actions, with the people and dates the preview listed.

const baseUrl = inject("baseUrl");
const users = inject("users");
const serverDatabase = inject("serverDatabase");

const ITEMS = [
  "The quality and timeliness of assessments for children in need.",
  "Management oversight of plans for children in care.",
  "The consistency of return home interviews when children go missing.",
  "The sufficiency of homes for care leavers.",
];

function report(copy: string) {
  return [
    "Inspection of Havering local authority children's services",
    "",
    "Inspection dates: 3 to 14 March 2025",
    "",
    "What needs to improve?",
    "",
    ...ITEMS.map((item) => `- ${item}`),
    "",
    `Browser test copy: ${copy}`,
    "",
  ].join("\n");
}

/** A plan as councils keep them: actions under a recommendation written once, leads with roles, TBC, a post, a bad date. */
function plan(people: { kept: string; declined: string }) {
  return [
    "Improvement plan following the Ofsted inspection",
    "",
    "Recommendation,Action,Lead,Target date",
    `Rec 1,Audit assessments every month,${users.lead.name} (Head of Service),31/03/2026`,
    ",Train team managers on assessment timeliness,TBC,Q2 2025/26",
    ",Report assessment timeliness to the board,Head of Service (interim),Summer 2026",
    `Rec 2,Review every plan for children in care,${people.kept} (Service Manager),30/06/2026`,
    `Rec 3,Offer every return home interview within 72 hours,${people.declined},31/07/2026`,
  ].join("\r\n");
}

interface Saved {
  number: string;
  title: string;
  owner: string | null;
  targetDate: string | null;
}

async function savedActions(inspectionId: number): Promise<Saved[]> {
  const rows = await withDatabase(serverDatabase, (db) =>
    db
      .selectFrom("actions as a")
      .innerJoin("recommendations as r", "r.id", "a.recommendation_id")
      .leftJoin("users as u", "u.id", "a.owner_id")
      .select(["r.position", "a.sequence", "a.title", "u.name as owner", "a.target_date"])
      .where("r.inspection_id", "=", inspectionId)
      .where("a.withdrawn_at", "is", null)
      .orderBy("r.position")
      .orderBy("a.sequence")
      .execute(),
  );
  return rows.map((r) => ({
    number: `${r.position + 1}.${r.sequence}`,
    title: r.title,
    owner: r.owner,
    targetDate: r.target_date,
  }));
}

async function pendingPeople(): Promise<string[]> {
  const rows = await withDatabase(serverDatabase, (db) =>
    db.selectFrom("users").select("name").where("pending", "=", 1).orderBy("id").execute(),
  );
  return rows.map((r) => r.name);
}

const ISO_OF: Record<string, string> = {
  "31 March 2026": "2026-03-31",
  "30 September 2025": "2025-09-30",
  "30 September 2026": "2026-09-30",
  "30 June 2026": "2026-06-30",
  "31 July 2026": "2026-07-31",
};

/** The rows of the preview's "ready to import" table: action title, owner shown and date shown. */
async function shownRows(page: Page) {
  const table = page.getByRole("table", { name: /actions? ready to import/ });
  const rows: { title: string; owner: string; date: string }[] = [];
  for (const row of await table.locator("tbody tr").all()) {
    const cells = row.locator("td");
    rows.push({
      title: (await cells.nth(1).innerText()).split("\n")[0].trim(),
      owner: (await cells.nth(2).innerText()).split("\n")[0].trim(),
      date: (await cells.nth(3).innerText()).split("\n")[0].trim(),
    });
  }
  return rows;
}

const session = openBrowserSession();
let plain: BrowserContext;
let plainPage: Page;
let helper: Page;

beforeAll(async () => {
  plain = await session.launched.browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
  plainPage = await plain.newPage();
  plainPage.setDefaultTimeout(15_000);
  helper = await session.context.newPage();
});
afterAll(async () => {
  await plain?.close();
});

for (const javaScript of [true, false]) {
  const mode = javaScript ? "on" : "off";
  const people = javaScript
    ? { kept: "Ruth Evans", declined: "Omar Khan" }
    : { kept: "Ruth Owens", declined: "Omar Kahn" };

  describe(`importing a spreadsheet plan with JavaScript ${mode}`, () => {
    const pageFor = () => (javaScript ? session.page : plainPage);

    test("upload, match columns, correct a cell, confirm people, replace starter actions, confirm", async () => {
      const page = pageFor();
      await signIn(page, users.lead);

      // An inspection of the lead's own, from a pasted report: four recommendations, four starter actions.
      await page.goto("/import");
      await page.getByRole("link", { name: "import your spreadsheet plan" }).waitFor();
      await page.getByLabel("Or paste the report's text").fill(report(`plan import, JavaScript ${mode}`));
      await page.getByRole("button", { name: "Preview" }).click();
      await page.getByRole("heading", { name: "Recommendations", exact: true }).waitFor({ timeout: 60_000 });
      await page.getByRole("button", { name: "Confirm and import" }).click();
      await page.waitForURL(/\/inspections\/\d+$/);
      const inspectionId = Number(new URL(page.url()).pathname.split("/").pop());
      expect((await savedActions(inspectionId)).map((a) => a.number)).toEqual(["1.1", "2.1", "3.1", "4.1"]);

      // From the inspection's page to the upload, with the inspection already chosen.
      await page.getByRole("link", { name: "Import the actions from a spreadsheet plan" }).click();
      await page.getByRole("heading", { name: "Import an existing action plan" }).waitFor();
      expect(await page.getByLabel("Inspection the plan is for").inputValue()).toBe(String(inspectionId));
      await page.locator("#plan").setInputFiles({
        name: "improvement plan.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(plan(people)),
      });
      await page.getByRole("button", { name: "Continue" }).click();

      await page.getByRole("heading", { name: "Match the columns" }).waitFor({ timeout: 60_000 });
      expect(page.url()).toMatch(/\/import\/plan\/\d+$/);
      expect(await page.getByLabel("Row with the column headings").inputValue()).toBe("3");
      expect(await page.getByLabel("Action", { exact: true }).inputValue()).toBe("1");
      await page.getByRole("button", { name: "Preview the plan" }).click();

      await page.getByRole("heading", { name: "Check the plan before importing" }).waitFor();
      const errors = page.getByRole("table", { name: "1 row with errors" });
      await expect.poll(() => errors.innerText()).toContain("The target date “Summer 2026” is not a date");
      await page.getByRole("textbox", { name: /^Target date\s*,\s*row 6$/ }).fill("30/09/2026");
      expect(await page.getByRole("checkbox", { name: `Add ${people.kept}` }).isChecked()).toBe(true);
      await page.getByRole("checkbox", { name: `Add ${people.declined}` }).uncheck();
      const replace = page.getByRole("checkbox", { name: /^Replace the 3 starter actions with the imported actions/ });
      expect(await replace.isChecked()).toBe(true);
      await page.getByRole("button", { name: "Check my corrections and update the preview" }).click();

      await expect.poll(() => page.getByRole("table", { name: "5 actions ready to import" }).count()).toBe(1);
      expect(await page.getByRole("table", { name: /with errors/ }).count()).toBe(0);
      expect(await page.getByRole("checkbox", { name: `Add ${people.declined}` }).isChecked()).toBe(false);
      const main = await page.locator("main").innerText();
      expect(main).toContain("Target date corrected on this page: “Summer 2026” → “30/09/2026”");
      expect(main).toContain("Target date “Q2 2025/26” read as 30 September 2025");
      expect(main).toContain("“Head of Service (interim)” is a post, not a person");

      if (javaScript) await checkAccessibility(page, "plan import preview");
      else await checkAccessibilityWithoutScripts(page, helper, "plan import preview, without JavaScript");
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: `/tmp/plan-import-preview-js-${mode}-${width}.png`, fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 720 });

      const shown = await shownRows(page);
      expect(shown).toEqual([
        { title: "Audit assessments every month", owner: users.lead.name, date: "31 March 2026" },
        { title: "Train team managers on assessment timeliness", owner: "None (“TBC”)", date: "30 September 2025" },
        {
          title: "Report assessment timeliness to the board",
          owner: "None (“Head of Service (interim)”)",
          date: "30 September 2026",
        },
        { title: "Review every plan for children in care", owner: people.kept, date: "30 June 2026" },
        {
          title: "Offer every return home interview within 72 hours",
          owner: `None (“${people.declined}”)`,
          date: "31 July 2026",
        },
      ]);

      await page.getByRole("button", { name: "Import the plan" }).click();
      await page.waitForURL(`${baseUrl}/inspections/${inspectionId}`);
      await expectFlash(page, "Plan imported: 5 actions added, 3 starter actions replaced, 1 pending person");

      // What was saved is what the preview showed, numbered after the starter actions it replaced.
      const saved = await savedActions(inspectionId);
      expect(saved.map((a) => a.number)).toEqual(["1.1", "1.2", "1.3", "2.1", "3.1", "4.1"]);
      expect(saved.slice(0, 5)).toEqual(
        shown.map((row, i) => ({
          number: ["1.1", "1.2", "1.3", "2.1", "3.1"][i],
          title: row.title,
          owner: row.owner.startsWith("None") ? null : row.owner,
          targetDate: ISO_OF[row.date],
        })),
      );
      // The fourth recommendation got nothing from the plan, so its starter action stays.
      expect(saved[5].owner).toBeNull();
      const pending = await pendingPeople();
      expect(pending).toContain(people.kept);
      expect(pending).not.toContain(people.declined);
      // The inspection page lists the imported actions with their numbers.
      const inspectionText = await page.locator("main").innerText();
      for (const row of shown) expect(inspectionText).toContain(row.title);
    });
  });
}
