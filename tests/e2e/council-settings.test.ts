import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDaysIso, todayInLondon } from "../../app/utils/dates";
import {
  checkAccessibility,
  checkAccessibilityWithoutScripts,
  launchChromium,
  type LaunchedBrowser,
  waitForHydration,
} from "./browser";
import type { JourneyUsers } from "./global-setup";
import { signIn, textOf } from "./helpers";
import { createServerDatabase, withDatabase } from "./database";
import { bin, root, run, type RunningServer, startServer } from "./server";

// A lead sets their council's amber window (JavaScript on) and an administrator the defaults every
// council follows (JavaScript off), in a server of their own (on the engine the browser suite runs
// on, E2E_ENGINE): the settings change every page's RAG.

let tmp: string;
let server: RunningServer | undefined;
let users: JourneyUsers;
let actionId: number;
let launched: LaunchedBrowser;
let dropDatabase = async () => {};

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, "build/server.js"))) throw new Error("Run `npm run build` first.");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-settings-"));
  const { database, drop } = await createServerDatabase(tmp, "settings");
  dropDatabase = drop;
  const env = {
    ...process.env,
    ...database,
    DEMO_DATA: "false",
    SESSION_SECRET: `settings-${process.pid}-${Date.now()}`,
  };
  await run(bin("tsx"), ["db/setup.ts"], { cwd: root, env });
  const created = await run(bin("tsx"), ["tests/e2e/create-users.ts"], { cwd: root, env });
  users = (JSON.parse(created.stdout.trim().split("\n").at(-1) ?? "") as { users: JourneyUsers }).users;
  const plan = await run(bin("tsx"), ["tests/e2e/create-plan.ts"], { cwd: root, env });
  actionId = (JSON.parse(plan.stdout.trim().split("\n").at(-1) ?? "") as { actionIds: number[] }).actionIds[0];
  // Due in 20 days: Green with the usual 14-day window, Amber with a longer one.
  await withDatabase(database, (db) =>
    db
      .updateTable("actions")
      .set({ target_date: addDaysIso(todayInLondon(), 20), status: "in_progress" })
      .where("id", "=", actionId)
      .execute(),
  );
  server = await startServer(env);
  launched = await launchChromium();
}, 120_000);

afterAll(async () => {
  await launched?.close();
  server?.process.kill("SIGKILL");
  await dropDatabase();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function newPage(javaScriptEnabled: boolean, width: number): Promise<Page> {
  const context = await launched.browser.newContext({
    baseURL: server!.baseUrl,
    javaScriptEnabled,
    viewport: { width, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

const ragOf = async (page: Page) => {
  await page.goto(`/actions/${actionId}`);
  return textOf(page.locator('main .govuk-tag[class*="app-tag--"]').first());
};

describe("council settings in the browser", () => {
  it("a lead lengthens the council's amber window with JavaScript, and the action turns Amber", async () => {
    const page = await newPage(true, 1280);
    await signIn(page, users.lead, server!.baseUrl);
    expect(await ragOf(page)).toBe("Green");
    await page.getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/board\/settings/);
    await waitForHydration(page);
    await checkAccessibility(page, "council settings, as a lead");
    // A lead sees no defaults form: that is for administrators.
    expect(await page.getByRole("heading", { name: "Defaults for every council" }).count()).toBe(0);
    await page.getByLabel("Amber window, in days").fill("100");
    await page.getByRole("button", { name: "Save council settings" }).click();
    await page.getByRole("link", { name: "The amber window can be at most 90 days" }).waitFor();
    await page.getByLabel("Amber window, in days").fill("28");
    await page.getByRole("button", { name: "Save council settings" }).click();
    await page.getByRole("alert").filter({ hasText: "Council settings saved" }).waitFor();
    expect(await page.getByLabel("Amber window, in days").inputValue()).toBe("28");
    await page.screenshot({ path: path.join(tmp, "..", "council-settings-1280.png"), fullPage: true });
    expect(await ragOf(page)).toBe("Amber");
    await page.context().close();
  });

  it("an administrator sets the defaults without JavaScript; a council's own window still wins", async () => {
    const page = await newPage(false, 375);
    await signIn(page, users.admin, server!.baseUrl);
    await page.goto("/board/settings");
    await page.getByLabel("Default amber window, in days").fill("");
    await page.getByRole("button", { name: "Save defaults" }).click();
    expect(await textOf(page.locator(".govuk-error-summary"))).toContain(
      "Enter the amber window as a whole number of days, for example 14",
    );
    await page.getByLabel("Default amber window, in days").fill("10");
    await page.getByLabel("Default days an “immediately” recommendation’s actions get").fill("21");
    await page.getByRole("button", { name: "Save defaults" }).click();
    await page.getByText("Default settings saved").waitFor();
    const helper = await newPage(true, 375);
    await checkAccessibilityWithoutScripts(page, helper, "council settings, as an administrator");
    await helper.context().close();
    await page.screenshot({ path: path.join(tmp, "..", "council-settings-375.png"), fullPage: true });
    // The council set 28 days of its own: its action stays Amber.
    expect(await ragOf(page)).toBe("Amber");
    // Emptying the council's own box: it follows the 10-day default, and the action is Green again.
    await page.goto("/board/settings");
    await page.getByLabel("Amber window, in days", { exact: true }).fill("");
    await page.getByRole("button", { name: "Save council settings" }).click();
    await page.getByText("Council settings saved").waitFor();
    expect(await ragOf(page)).toBe("Green");
    await page.context().close();
  });
});
