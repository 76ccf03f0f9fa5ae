import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { checkAccessibility, checkAccessibilityWithoutScripts } from "./browser";
import { expectFlash, openBrowserSession, signIn, textOf } from "./helpers";
import { withDatabase } from "./database";

// Each correction the preview offers (merge, split, edit, exclude, add), made in Chromium with
// JavaScript on and with it off, then confirmed: the recommendations saved must be exactly the
// ones the preview showed. (With JavaScript, a merge once left the merged text out of the field and
// a split left the unsplit text in it: the server-side tests passed while the browser lost text.)

const baseUrl = inject("baseUrl");
const users = inject("users");
const serverDatabase = inject("serverDatabase");

const ADDED_LINE = "Leaders know their services well. Managers should review supervision records every quarter.";
const ITEMS = [
  "The quality and timeliness of assessments for children in need.",
  "Management oversight of plans for children in care.",
  "The consistency of return home interviews when children go missing.",
  "The sufficiency of homes for care leavers.",
];
/** A short report about the lead's own authority; `copy` makes each upload a document of its own. */
function report(copy: string) {
  return [
    "Inspection of Havering local authority children's services",
    "",
    "Inspection dates: 3 to 14 March 2025",
    "",
    "Judgement\tGrade",
    "The impact of leaders on social work practice with children and families\tRequires improvement to be good",
    "Overall effectiveness\tRequires improvement to be good",
    "",
    ADDED_LINE,
    "",
    "What needs to improve?",
    "",
    ...ITEMS.map((item) => `- ${item}`),
    "",
    `Browser test copy: ${copy}`,
    "",
  ].join("\n");
}
const ADDED_LINE_NUMBER = 9;

interface Shown {
  text: string;
  section: string;
  timescale: string;
  agencies: string[];
  excluded: boolean;
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

/** What each item of the preview shows, in order, read from the page's own fields. */
async function shownItems(page: Page): Promise<Shown[]> {
  const items: Shown[] = [];
  for (const item of await page.getByRole("group", { name: /^Item \d+:/ }).all()) {
    items.push({
      text: await item.getByLabel("Text").inputValue(),
      section: await item.getByLabel("Section").inputValue(),
      timescale: await item.getByLabel("Timescale").inputValue(),
      agencies: (await item.getByLabel("Partner agencies").inputValue())
        .split(";")
        .map((a) => a.trim())
        .filter(Boolean),
      excluded: await item.getByLabel("Exclude this item").isChecked(),
    });
  }
  return items;
}

/** The recommendations saved for an inspection, as the preview names their fields. */
async function savedItems(inspectionId: number): Promise<Shown[]> {
  const rows = await withDatabase(serverDatabase, (db) =>
    db
      .selectFrom("recommendations")
      .select(["text", "section", "timescale", "agencies"])
      .where("inspection_id", "=", inspectionId)
      .orderBy("position")
      .execute(),
  );
  return rows.map((r) => ({
    text: r.text,
    section: r.section ?? "",
    timescale: r.timescale ?? "",
    agencies: JSON.parse(r.agencies) as string[],
    excluded: false,
  }));
}

const item = (page: Page, n: number) => page.getByRole("group", { name: new RegExp(`^Item ${n}:`) });

async function upload(page: Page, copy: string) {
  await page.goto("/import");
  await page.getByLabel("Or paste the report's text").fill(report(copy));
  await page.getByRole("button", { name: "Preview" }).click();
  await page.waitForURL(/\/import\/drafts\/\d+/);
  await page.getByRole("heading", { name: "Recommendations", exact: true }).waitFor({ timeout: 60_000 });
  expect(await shownItems(page)).toEqual(
    ITEMS.map((text) => ({ text, section: "", timescale: "", agencies: [], excluded: false })),
  );
}

/** Confirms the preview and returns what it showed (the included items) and what was saved. */
async function confirm(page: Page) {
  const shown = (await shownItems(page)).filter((i) => !i.excluded);
  await page.getByRole("button", { name: "Confirm and import" }).click();
  await page.waitForURL(/\/inspections\/\d+$/);
  await expectFlash(page, "Report imported");
  const inspectionId = Number(new URL(page.url()).pathname.split("/").pop());
  const main = await textOf(page.locator("main"));
  // What was saved is printed on the inspection page.
  for (const { text } of shown) expect(main).toContain(text);
  return { shown, saved: await savedItems(inspectionId), main };
}

type Operation = (page: Page) => Promise<void>;

const OPERATIONS: Record<string, { run: Operation; expectShown: (shown: Shown[]) => void }> = {
  merge: {
    run: async (page) => {
      await item(page, 2).getByRole("button", { name: "Merge with item 1" }).click();
      await expectFlash(page, "Item 2 merged into item 1");
    },
    expectShown: (shown) => {
      expect(shown.map((i) => i.text)).toEqual([`${ITEMS[0]} ${ITEMS[1]}`, ITEMS[2], ITEMS[3]]);
    },
  },
  split: {
    run: async (page) => {
      await item(page, 1).getByLabel("Text").fill("Assessments are timely.\n---\nAssessments are of good quality.");
      await item(page, 1).getByRole("button", { name: "Split item 1" }).click();
      await expectFlash(page, "Item 1 split into 2 items");
    },
    expectShown: (shown) => {
      expect(shown.map((i) => i.text)).toEqual([
        "Assessments are timely.",
        "Assessments are of good quality.",
        ...ITEMS.slice(1),
      ]);
    },
  },
  edit: {
    run: async (page) => {
      await item(page, 2).getByLabel("Text").fill("Edited: management oversight of every plan.");
      await item(page, 2).getByLabel("Timescale").selectOption({ label: "Within six months" });
      await item(page, 2).getByLabel("Section").selectOption({ label: "Looked after children" });
      await item(page, 2).getByLabel("Partner agencies").fill("Metropolitan Police; NHS North East London");
      await page.getByRole("button", { name: "Save corrections and recalculate due dates" }).click();
      await expectFlash(page, "Corrections saved");
    },
    expectShown: (shown) => {
      expect(shown[1]).toEqual({
        text: "Edited: management oversight of every plan.",
        section: "looked_after_children",
        timescale: "six_months",
        agencies: ["Metropolitan Police", "NHS North East London"],
        excluded: false,
      });
      expect(shown.map((i) => i.text)).toEqual([ITEMS[0], shown[1].text, ITEMS[2], ITEMS[3]]);
    },
  },
  exclude: {
    run: async (page) => {
      await item(page, 3).getByLabel("Exclude this item").check();
      await page.getByRole("button", { name: "Save corrections and recalculate due dates" }).click();
      await expectFlash(page, "Corrections saved");
      expect(await item(page, 3).getByLabel("Exclude this item").isChecked()).toBe(true);
    },
    expectShown: (shown) => {
      expect(shown.map((i) => i.text)).toEqual([ITEMS[0], ITEMS[1], ITEMS[3]]);
    },
  },
  add: {
    run: async (page) => {
      const card = page.locator(".app-card", {
        has: page.getByRole("heading", { name: "Add an item the reader missed" }),
      });
      await card.getByLabel("From line").fill(String(ADDED_LINE_NUMBER));
      await card.getByLabel("To line").fill(String(ADDED_LINE_NUMBER));
      await card.getByLabel("Put it after").selectOption({ label: "Item 1" });
      await card.getByRole("button", { name: "Add item" }).click();
      await expectFlash(page, `Item 2 added from line ${ADDED_LINE_NUMBER}`);
    },
    expectShown: (shown) => {
      expect(shown.map((i) => i.text)).toEqual([ITEMS[0], ADDED_LINE, ...ITEMS.slice(1)]);
    },
  },
};

for (const javaScript of [true, false]) {
  describe(`correcting the preview with JavaScript ${javaScript ? "on" : "off"}`, () => {
    const pageFor = () => (javaScript ? session.page : plainPage);

    test("the lead signs in", async () => {
      await signIn(pageFor(), users.lead);
    });

    for (const [name, operation] of Object.entries(OPERATIONS)) {
      test(`${name}: the plan saved is exactly what the preview showed`, async () => {
        const page = pageFor();
        await upload(page, `${name}, JavaScript ${javaScript ? "on" : "off"}`);
        await operation.run(page);
        const { shown, saved, main } = await confirm(page);
        operation.expectShown(shown);
        expect(saved).toEqual(shown);
        expect(main).not.toContain("---");
      });
    }

    test("the preview passes axe after a correction", async () => {
      const page = pageFor();
      await upload(page, `axe, JavaScript ${javaScript ? "on" : "off"}`);
      await OPERATIONS.merge.run(page);
      if (javaScript) await checkAccessibility(page, "import preview after a merge");
      else await checkAccessibilityWithoutScripts(page, helper, "import preview after a merge, without JavaScript");
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({
          path: `/tmp/import-preview-${javaScript ? "js" : "nojs"}-${width}.png`,
          fullPage: false,
        });
      }
      await page.setViewportSize({ width: 1280, height: 720 });
    });
  });
}
