import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, inject, test } from "vitest";
import { checkAccessibility, waitForHydration } from "./browser";
import { expectFlash, formSection, importAndOpenFirstAction, openBrowserSession, signIn, signOut } from "./helpers";
import { checkKeyboard } from "./keyboard-check";
import type { JourneyUser, JourneyUsers } from "./global-setup";

// A crawl as each role: every page in the navigation, then the pages those link to (and, within
// the cap, one level more), each checked for its status, for errors in the browser (a hydration
// mismatch included), with axe, for sideways scrolling (at its width and at 320 px), and (once per
// kind of page) by keyboard alone. The plan it crawls
// comes from a report no other browser test imports.

const baseUrl = inject("baseUrl");
const users = inject("users");
const REPORT = path.resolve(import.meta.dirname, "../../db/fixtures/reports/pdf/20_west_sussex_2020_fv.pdf");
const MAX_PAGES_PER_ROLE = 40;
/** Links followed from the navigation's pages: 1 is "one level", 2 also reaches an action's own forms. */
const MAX_DEPTH = 2;
/** Filtered views of one list page (e.g. /actions?owner=2) are the same page with other rows. */
const MAX_QUERY_VARIANTS = 3;
const CRAWL_TIMEOUT_MS = 420_000;

const session = openBrowserSession();

/** Links a crawl must not follow: they sign out, download a file, or leave the app. */
function shouldSkip(url: URL, download: boolean): boolean {
  if (url.origin !== baseUrl || download) return true;
  return /^\/logout\b|\.csv$|\.ics$|\.docx$|\.xlsx$|\/download$/.test(url.pathname);
}

/** Numbers in a path are ids: /actions/31 and /actions/2 are the same page. */
function pathKind(url: URL): string {
  return url.pathname.replace(/\/\d+(?=\/|$)/g, "/:id");
}

/**
 * One visit per kind of page: only the names of query parameters count (and not the page number),
 * so the cap is spent on different pages rather than every row's link, filter value or page.
 */
function pageKind(url: URL): string {
  const params = [...new Set(url.searchParams.keys())].filter((key) => key !== "page").sort();
  return `${pathKind(url)}?${params.join("&")}`;
}

async function linksOn(page: Page, selector: string): Promise<URL[]> {
  const found = await page
    .locator(selector)
    .evaluateAll((anchors) =>
      anchors.map((a) => ({ href: (a as HTMLAnchorElement).href, download: a.hasAttribute("download") })),
    );
  return found
    .map(({ href, download }) => ({ url: new URL(href), download }))
    .filter(({ url, download }) => !shouldSkip(url, download))
    .map(({ url }) => {
      url.hash = "";
      return url;
    });
}

/**
 * WCAG 1.4.10 (reflow): the page itself never scrolls sideways, at the browser's width or at 320
 * CSS pixels; a wide table scrolls inside its own region instead.
 */
async function expectNoSidewaysScroll(page: Page, where: string) {
  const size = page.viewportSize() ?? { width: 1280, height: 720 };
  for (const width of [size.width, 320]) {
    await page.setViewportSize({ width, height: size.height });
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect.soft(scrollWidth, `${where} scrolls sideways at ${width} px wide`).toBeLessThanOrEqual(clientWidth);
  }
  await page.setViewportSize(size);
}

async function visit(page: Page, url: URL, label: string, from: string) {
  session.errors.length = 0;
  const response = await page.goto(url.href);
  const status = response?.status() ?? 0;
  const where = `${label} ${url.pathname}${url.search} (linked from ${from})`;
  expect.soft(status, `${where} answered ${status}`).toBeLessThan(400);
  expect.soft(new URL(page.url()).pathname, `${where} sent the user to sign in`).not.toBe("/login");
  if (status < 400) {
    await waitForHydration(page).catch((error: Error) => {
      expect.soft(error.message, `${where} did not hydrate`).toBe("");
    });
  }
  await checkAccessibility(page, `${label} ${url.pathname}${url.search}`);
  if (status < 400) await expectNoSidewaysScroll(page, where);
  expect.soft(session.errors, `the browser reported errors on ${where}:\n${session.errors.join("\n")}`).toEqual([]);
  session.errors.length = 0;
  return status;
}

async function crawl(user: JourneyUser, label: string) {
  const { page } = session;
  await signIn(page, user);
  const navigation = await linksOn(
    page,
    'header a, nav[aria-label="Menu"] a, a[href="/account"], a[href="/notifications"]',
  );
  // Breadth first: the navigation's pages, then what they link to, then (while under the cap) the
  // pages those link to, which is where the forms that hang off an action or inspection live.
  let level: { url: URL; from: string }[] = navigation.map((url) => ({ url, from: "the navigation" }));
  const seen = new Set<string>();
  const variantsOf = new Map<string, number>();
  const visited: string[] = [];
  const keyboardChecked = new Set<string>();
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: typeof level = [];
    for (const { url, from } of level) {
      if (visited.length >= MAX_PAGES_PER_ROLE) break;
      const kind = pageKind(url);
      const variants = variantsOf.get(pathKind(url)) ?? 0;
      if (seen.has(kind) || variants >= MAX_QUERY_VARIANTS) continue;
      seen.add(kind);
      variantsOf.set(pathKind(url), variants + 1);
      const here = `${url.pathname}${url.search}`;
      visited.push(here);
      const status = await visit(page, url, label, from);
      if (status < 400 && !keyboardChecked.has(pathKind(url))) {
        keyboardChecked.add(pathKind(url));
        await checkKeyboard(page, url.href, `${label} ${here}`).catch((error: Error) => {
          expect.soft(error.message, `${label} ${here} by keyboard alone`).toBe("");
        });
      }
      if (depth < MAX_DEPTH) {
        for (const link of await linksOn(page, "main a[href]")) next.push({ url: link, from: here });
      }
    }
    level = next;
  }
  console.log(
    `${label} crawl: ${visited.length} pages, ${keyboardChecked.size} kinds checked by keyboard\n  ${visited.join("\n  ")}`,
  );
  // The navigation alone is several pages; far fewer means the crawl never got going.
  expect(visited.length).toBeGreaterThan(5);
  await page.goto("/dashboard");
  await signOut(page);
}

describe("every page, as each role", () => {
  test("the lead imports a report, assigns its action and adds evidence, so there are pages to find", async () => {
    const { page } = session;
    await signIn(page, users.lead);
    await importAndOpenFirstAction(page, REPORT);
    const owner = formSection(page, "Assign an owner");
    await owner.getByLabel("Owner").selectOption({ label: users.manager.name });
    await owner.getByRole("button", { name: "Save owner" }).click();
    await expectFlash(page, "Owner updated");
    const evidence = formSection(page, "Add evidence");
    await evidence.getByLabel("Description").fill("Minutes of the disabled children's service review, June.");
    await evidence.getByRole("button", { name: "Add evidence" }).click();
    await expectFlash(page, "Evidence added");
    await signOut(page);
  });

  const roles: [keyof JourneyUsers, string][] = [
    ["lead", "lead:"],
    ["manager", "service manager:"],
    ["board", "board member:"],
    ["admin", "administrator:"],
  ];
  for (const [key, label] of roles) {
    test(
      `${label.slice(0, -1)}: every page reachable from the navigation works, passes axe and can be used by keyboard alone`,
      { timeout: CRAWL_TIMEOUT_MS },
      async () => {
        await crawl(users[key], label);
      },
    );
  }
});
