import path from "node:path";
import { describe, expect, inject, test } from "vitest";
import type { JourneyUser } from "./global-setup";
import { expectFlash, formSection, importAndOpenFirstAction, openBrowserSession, signIn, signOut } from "./helpers";
import { checkKeyboard } from "./keyboard-check";

// Keyboard alone, on the main pages for each role (the check is keyboard-check.ts; the crawl in
// pages.test.ts runs it on every other page too); a progress update can be written and sent without
// a mouse, and the check fails when focus styles are taken away. The plan comes from a report no
// other browser test imports.

const baseUrl = inject("baseUrl");
const users = inject("users");
const REPORT = path.resolve(import.meta.dirname, "../../db/fixtures/reports/pdf/17_warrington_2018_fv.pdf");
const session = openBrowserSession();
let actionPath = "";

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
    actionPath = await importAndOpenFirstAction(page, REPORT);
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
