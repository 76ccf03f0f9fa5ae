import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, inject, test } from "vitest";
import type { JourneyUser } from "./global-setup";
import { expectFlash, formSection, importReport, openBrowserSession, signIn, signOut } from "./helpers";

// Keyboard alone, on the main pages for each role: the first Tab reaches the skip link, which shows
// itself and moves focus to the main content; Tab then visits every link, button and field in
// document order with no trap, and each shows a visible focus indicator (GOV.UK's yellow, #ffdd00);
// a progress update can be written and sent without a mouse. The plan comes from a report no other
// browser test imports.

const baseUrl = inject("baseUrl");
const users = inject("users");
const REPORT = path.resolve(import.meta.dirname, "../../db/fixtures/reports/pdf/17_warrington_2018_fv.pdf");
/** GOV.UK's focus colour, #ffdd00, as computed styles give it. */
const FOCUS_YELLOW = "rgb(255, 221, 0)";

const session = openBrowserSession();
let actionPath = "";

/** Marks every element a keyboard user should reach, in document order, and returns their descriptions. */
async function markTabStops(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = [
      "a[href]",
      "button:not([disabled])",
      'input:not([disabled]):not([type="hidden"])',
      "select:not([disabled])",
      "textarea:not([disabled])",
      "details > summary:first-of-type",
      "[tabindex]",
    ].join(",");
    const rendered = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    const stops: Element[] = [];
    const radioGroups = new Set<string>();
    for (const el of document.querySelectorAll(selector)) {
      if (el.getAttribute("tabindex") !== null && Number(el.getAttribute("tabindex")) < 0) continue;
      if (el.closest("fieldset[disabled], [inert]")) continue;
      const input = el instanceof HTMLInputElement ? el : null;
      // Radios and checkboxes are drawn by their label; the input itself is transparent but rendered.
      if (
        !rendered(el) &&
        !(input && (input.type === "radio" || input.type === "checkbox") && rendered(input.parentElement!))
      )
        continue;
      if (input?.type === "radio") {
        // A radio group is one tab stop: the checked radio, or the first when none is checked.
        const key = `${input.form?.id ?? ""}|${input.name}`;
        const group = [
          ...document.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(input.name)}"]`),
        ].filter((r) => r.form === input.form);
        const stop = group.find((r) => r.checked) ?? group[0];
        if (radioGroups.has(key) || stop !== input) continue;
        radioGroups.add(key);
      }
      stops.push(el);
    }
    return stops.map((el, index) => {
      el.setAttribute("data-tab-stop", String(index));
      const name = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : ""} "${name}"`;
    });
  });
}

/** What shows focus on an element: its outline, shadow, background and text, or for a radio or checkbox its label's drawn box. */
async function focusLook(page: Page, index: number): Promise<string> {
  return page.evaluate((i) => {
    const el = document.querySelector(`[data-tab-stop="${i}"]`)!;
    const look = (target: Element, pseudo?: string) => {
      const s = getComputedStyle(target, pseudo);
      return [
        s.outlineStyle,
        s.outlineWidth,
        s.outlineColor,
        s.boxShadow,
        s.backgroundColor,
        s.color,
        s.textDecorationThickness,
        s.borderColor,
      ].join(" ");
    };
    if (el instanceof HTMLInputElement && (el.type === "radio" || el.type === "checkbox")) {
      const label = el.labels?.[0];
      return label ? `${look(label, "::before")} | ${look(label, "::after")}` : look(el);
    }
    return look(el);
  }, index);
}

const activeStop = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("data-tab-stop") ?? null);

/**
 * From the top of the page: the skip link first, then every tab stop in document order, each with a
 * visible, GOV.UK-yellow focus indicator, and no trap.
 */
async function checkKeyboard(page: Page, url: string, label: string) {
  await page.goto(url);
  await page.locator("main").waitFor();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops = await markTabStops(page);
  expect(stops.length, `${label}: something to tab to`).toBeGreaterThan(3);
  const unfocused = await Promise.all(stops.map((_, i) => focusLook(page, i)));

  // The skip link: first, visible when focused, and it moves focus to the main content.
  await page.keyboard.press("Tab");
  const skip = page.locator(":focus");
  expect(await skip.getAttribute("class"), `${label}: the first Tab reaches the skip link`).toContain(
    "govuk-skip-link",
  );
  const box = await skip.boundingBox();
  expect(box && box.width > 10 && box.height > 10, `${label}: the skip link shows when focused`).toBe(true);
  expect(await skip.evaluate((el) => getComputedStyle(el).clipPath + getComputedStyle(el).clip)).not.toMatch(
    /inset\(50%\)|rect\(0px/,
  );
  await page.keyboard.press("Enter");
  await expect.poll(() => page.evaluate(() => location.hash)).toBe("#main-content");
  const inMain = await page.evaluate(() => {
    const main = document.getElementById("main-content")!;
    return document.activeElement === main;
  });
  if (!inMain) {
    // No tabindex on <main>: the browser moves its starting point there, so the next Tab lands inside it.
    await page.keyboard.press("Tab");
    const next = await page.evaluate(() => {
      const active = document.activeElement;
      const main = document.getElementById("main-content")!;
      const first = main.querySelector("[data-tab-stop]");
      return { inside: !!active && main.contains(active), isFirst: active === first };
    });
    expect(next, `${label}: after the skip link, focus is at the start of the main content`).toEqual({
      inside: true,
      isFirst: true,
    });
  }

  // From the top again: every stop in order, each with a visible focus indicator.
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.goto(url);
  await page.locator("main").waitFor();
  await markTabStops(page);
  const visited: string[] = [];
  const noIndicator: string[] = [];
  const notYellow: string[] = [];
  for (let step = 0; step < stops.length; step += 1) {
    await page.keyboard.press("Tab");
    const at = await activeStop(page);
    const description =
      at === null
        ? `(not a tab stop: ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))})`
        : stops[Number(at)];
    visited.push(description);
    if (at === null) break;
    const look = await focusLook(page, Number(at));
    if (look === unfocused[Number(at)]) noIndicator.push(description);
    else if (!look.includes(FOCUS_YELLOW)) notYellow.push(`${description}: ${look}`);
  }
  expect(visited, `${label}: Tab visits every control in document order`).toEqual(stops);
  if (process.env.KEYBOARD_DEBUG) console.log(`${label}: ${stops.length} tab stops`);
  expect(noIndicator, `${label}: focus shows`).toEqual([]);
  expect(notYellow, `${label}: focus is GOV.UK yellow`).toEqual([]);
  // One more Tab leaves the page's last control: focus is not trapped on it.
  await page.keyboard.press("Tab");
  expect(await activeStop(page), `${label}: no focus trap at the end`).not.toBe(String(stops.length - 1));
}

async function as(user: JourneyUser, pages: [string, () => string][]) {
  const { page } = session;
  await signIn(page, user);
  for (const [label, url] of pages) await checkKeyboard(page, url(), `${label} as ${user.name}`);
  await signOut(page);
}

describe("keyboard only", () => {
  test("the lead imports a report and gives an action to the service manager", async () => {
    const { page } = session;
    await signIn(page, users.lead);
    await importReport(page, REPORT);
    await page.locator('main a[href^="/actions/"]').first().click();
    await page.waitForURL(/\/actions\/\d+$/);
    actionPath = new URL(page.url()).pathname;
    const owner = formSection(page, "Assign an owner");
    await owner.getByLabel("Owner").selectOption({ label: users.manager.name });
    await owner.getByRole("button", { name: "Save owner" }).click();
    await expectFlash(page, "Owner updated");
    await signOut(page);
  });

  test("the lead's pages: dashboard, action, board, import", async () => {
    await as(users.lead, [
      ["dashboard", () => "/dashboard"],
      ["action page", () => actionPath],
      ["board", () => "/board"],
      ["import", () => "/import"],
    ]);
  });

  test("the service manager's pages: my actions, action", async () => {
    await as(users.manager, [
      ["my actions", () => "/my-actions"],
      ["action page", () => actionPath],
    ]);
  });

  test("the board member's pages: dashboard, board", async () => {
    await as(users.board, [
      ["dashboard", () => "/dashboard"],
      ["board", () => "/board"],
    ]);
  });

  test("the check fails on a page whose focus styles are taken away", async () => {
    // The same page with a style sheet that hides every focus indicator (CSP bypassed to add it).
    const context = await session.launched.browser.newContext({ baseURL: baseUrl, bypassCSP: true });
    try {
      await context.addInitScript(() => {
        document.addEventListener("DOMContentLoaded", () => {
          const style = document.createElement("style");
          style.textContent = [
            "*:focus, *:focus-visible, *:focus + label::before, *:focus + label::after {",
            "outline: none !important; box-shadow: none !important; background-color: transparent !important;",
            "color: inherit !important; text-decoration: none !important; border-color: inherit !important; }",
          ].join(" ");
          document.head.append(style);
        });
      });
      const page = await context.newPage();
      await signIn(page, users.board);
      await expect(checkKeyboard(page, "/dashboard", "dashboard without focus styles")).rejects.toThrow(/focus shows/);
    } finally {
      await context.close();
    }
  });

  test("the service manager writes and sends a progress update with the keyboard alone", async () => {
    const { page } = session;
    await signIn(page, users.manager);
    await page.goto(actionPath);
    await page.locator("main").waitFor();
    const note = "Keyboard-only update: the audit of plans is under way in all three teams.";
    const focusedIs = (check: string) =>
      page.evaluate((c) => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return false;
        if (c === "textarea") return el.tagName === "TEXTAREA" && el.getAttribute("name") === "body";
        return el.tagName === "BUTTON" && el.textContent?.trim() === "Add update";
      }, check);
    let presses = 0;
    while (!(await focusedIs("textarea"))) {
      await page.keyboard.press("Tab");
      presses += 1;
      expect(presses, "Tab reaches the progress update box").toBeLessThan(300);
    }
    await page.keyboard.type(note);
    while (!(await focusedIs("button"))) {
      await page.keyboard.press("Tab");
      presses += 1;
      expect(presses, "Tab reaches the Add update button").toBeLessThan(300);
    }
    await page.keyboard.press("Enter");
    await expectFlash(page, "Progress update added");
    await expect.poll(() => page.locator("main").innerText()).toContain(note);
    await signOut(page);
  });
});
