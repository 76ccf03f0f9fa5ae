import type { Page } from "playwright-core";
import { expect } from "vitest";
import { waitForHydration } from "./browser";

// The keyboard-only check of one page, used on the main pages of each role (keyboard.test.ts) and on
// every page the crawl reaches (pages.test.ts): the first Tab reaches the skip link, which shows
// itself and moves focus to the main content; Tab then visits every link, button and field in
// document order with no trap, and each shows a visible focus indicator (GOV.UK's yellow, #ffdd00).

/** GOV.UK's focus colour, #ffdd00, as computed styles give it. */
const FOCUS_YELLOW = "rgb(255, 221, 0)";

/**
 * Marks every element a keyboard user should reach, in document order, and returns their
 * descriptions. It also leaves `window.__focusLook(index)` on the page: what shows focus on a stop
 * (outline, shadow, background, text, or for a radio or checkbox its label's drawn box).
 */
async function markTabStops(page: Page): Promise<string[]> {
  return page.evaluate(() => {
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
    (window as unknown as { __focusLook: (i: number) => string }).__focusLook = (i: number) => {
      const el = document.querySelector(`[data-tab-stop="${i}"]`)!;
      if (el instanceof HTMLInputElement && (el.type === "radio" || el.type === "checkbox")) {
        const label = el.labels?.[0];
        return label ? `${look(label, "::before")} | ${look(label, "::after")}` : look(el);
      }
      return look(el);
    };
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
      // A closed <details> keeps its content laid out (Chromium hides it with content-visibility,
      // so it still has boxes) but only its summary can take focus.
      const closed = el.closest("details:not([open])");
      if (closed && el !== closed.querySelector(":scope > summary")) continue;
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

/** The focused element's tab stop (null when it is not one) and how it looks. */
function focused(page: Page): Promise<{ at: number | null; look: string; html: string }> {
  return page.evaluate(() => {
    const active = document.activeElement;
    const at = active?.getAttribute("data-tab-stop");
    const focusLook = (window as unknown as { __focusLook: (i: number) => string }).__focusLook;
    return at == null
      ? { at: null, look: "", html: active?.outerHTML.slice(0, 120) ?? "" }
      : { at: Number(at), look: focusLook(Number(at)), html: "" };
  });
}

async function openAtTop(page: Page, url: string) {
  await page.goto(url);
  // Checked as the user meets it: after the first render's effects, which change what can be focused.
  await waitForHydration(page);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
}

/**
 * From the top of the page: the skip link first, then every tab stop in document order, each with a
 * visible, GOV.UK-yellow focus indicator, and no trap.
 */
export async function checkKeyboard(page: Page, url: string, label: string) {
  await openAtTop(page, url);
  const stops = await markTabStops(page);
  expect(stops.length, `${label}: something to tab to`).toBeGreaterThan(3);
  const unfocused = await page.evaluate(
    (count) =>
      Array.from({ length: count }, (_, i) =>
        (window as unknown as { __focusLook: (i: number) => string }).__focusLook(i),
      ),
    stops.length,
  );

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
  const inMain = await page.evaluate(() => document.activeElement === document.getElementById("main-content"));
  if (!inMain) {
    // No tabindex on <main>: the browser moves its starting point there, so the next Tab lands inside it.
    await page.keyboard.press("Tab");
    // A page whose main content has nothing to tab to (an empty list) goes on to the footer.
    const next = await page.evaluate(() => {
      const active = document.activeElement;
      const main = document.getElementById("main-content")!;
      const after = [...document.querySelectorAll("[data-tab-stop]")].find(
        (el) => main.contains(el) || main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
      return {
        afterMain:
          !!active &&
          (main.contains(active) || !!(main.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING)),
        isFirst: active === after,
      };
    });
    expect(next, `${label}: after the skip link, focus is at the start of the main content`).toEqual({
      afterMain: true,
      isFirst: true,
    });
  }

  // From the top again: every stop in order, each with a visible focus indicator.
  await openAtTop(page, url);
  await markTabStops(page);
  const visited: string[] = [];
  const noIndicator: string[] = [];
  const notYellow: string[] = [];
  for (let step = 0; step < stops.length; step += 1) {
    await page.keyboard.press("Tab");
    const { at, look, html } = await focused(page);
    const description = at === null ? `(not a tab stop: ${html})` : stops[at];
    visited.push(description);
    if (at === null) break;
    if (look === unfocused[at]) noIndicator.push(description);
    else if (!look.includes(FOCUS_YELLOW)) notYellow.push(`${description}: ${look}`);
  }
  const differs = stops.findIndex((stop, i) => visited[i] !== stop);
  expect(
    visited,
    `${label}: Tab visits every control in document order` +
      (differs < 0 ? "" : ` (stop ${differs}: expected ${stops[differs]}, reached ${visited[differs] ?? "nothing"})`),
  ).toEqual(stops);
  expect(noIndicator, `${label}: focus shows`).toEqual([]);
  expect(notYellow, `${label}: focus is GOV.UK yellow`).toEqual([]);
  // One more Tab leaves the page's last control: focus is not trapped on it.
  await page.keyboard.press("Tab");
  expect((await focused(page)).at, `${label}: no focus trap at the end`).not.toBe(stops.length - 1);
  return stops.length;
}
