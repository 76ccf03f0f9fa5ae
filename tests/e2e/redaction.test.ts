import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { checkAccessibility, checkAccessibilityWithoutScripts, waitForHydration } from "./browser";
import { expectFlash, formSection, openBrowserSession, signIn } from "./helpers";
import { bin, root, run } from "./server";

// In Chromium, with JavaScript on and off:
// - an administrator removes personal data entered by mistake (a progress update, an evidence file)
//   from an action page through the confirmation page, and the page then shows the notice;
// - a file over the evidence limit is refused at once with a page that says the limit.

const baseUrl = inject("baseUrl");
const users = inject("users");
const session = openBrowserSession();
const MARKER = `Jayden Example ${Date.now()}`;
const SHOTS = process.env.E2E_SCREENSHOTS ?? os.tmpdir();

let actionPaths: string[] = [];
let scratch = "";

beforeAll(async () => {
  const env = { ...process.env, ...inject("serverDatabase") };
  const created = await run(bin("tsx"), ["tests/e2e/create-plan.ts"], { cwd: root, env });
  const { actionIds } = JSON.parse(created.stdout.trim().split("\n").at(-1) ?? "") as { actionIds: number[] };
  actionPaths = actionIds.map((id) => `/actions/${id}`);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-e2e-redaction-"));
});

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** Chromium logs a refusal the test provokes as a failed load: that one, and only it, is expected. */
function expectOnlyRefusal(status: number) {
  const refused = session.errors.filter((e) => e.includes(`status of ${status}`));
  expect(refused).toHaveLength(1);
  session.errors.splice(0, session.errors.length, ...session.errors.filter((e) => !refused.includes(e)));
}

async function screenshots(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** As the action's owner: a progress update and an evidence file that both name a child by mistake. */
async function enterPersonalData(page: Page, actionPath: string, fileName: string, scripts = true) {
  await signIn(page, users.manager);
  await page.goto(actionPath);
  if (scripts) await waitForHydration(page);
  const progress = formSection(page, "Add a progress update");
  await progress.getByLabel("What has happened since the last update?").fill(`Visited ${MARKER} at home.`);
  await progress.getByRole("button", { name: "Add update" }).click();
  await expectFlash(page, "Progress update added");

  const file = path.join(scratch, fileName);
  fs.writeFileSync(file, `Case notes about ${MARKER}\nSeen on 3 March.\n`);
  const evidence = formSection(page, "Add evidence");
  await evidence.getByRole("radio", { name: "File upload" }).check();
  await evidence.getByLabel("Description").fill("Case notes");
  await evidence.getByLabel("File (for a file upload)").setInputFiles(file);
  await evidence.getByRole("button", { name: "Add evidence" }).click();
  await expectFlash(page, "Evidence added");
  await page.getByRole("link", { name: fileName }).waitFor();
}

/** As the administrator, from the action page: removes the item whose text starts with `excerpt`. */
async function removeFromActionPage(page: Page, actionPath: string, excerpt: string) {
  await page.goto(actionPath);
  await page.getByText("Remove personal data entered by mistake").click();
  const item = page.locator("details li").filter({ hasText: excerpt });
  await item.getByRole("link", { name: /^Remove/ }).click();
  await page.waitForURL(/\/redact\//);
}

describe("removing personal data entered by mistake", () => {
  test("with JavaScript: the administrator removes a progress update and an evidence file; the action shows who removed them and why", async () => {
    const { page } = session;
    const [actionPath] = actionPaths;
    const fileName = `Case notes; ${MARKER} = final.txt`;
    await enterPersonalData(page, actionPath, fileName);

    // Nobody but an administrator is offered the removal.
    expect(await page.getByText("Remove personal data entered by mistake").count()).toBe(0);

    await signIn(page, users.admin);
    await removeFromActionPage(page, actionPath, `Visited ${MARKER}`);
    await page.getByRole("heading", { level: 1, name: "Remove a progress update's text" }).waitFor();
    await waitForHydration(page);
    expect(await page.locator("main").innerText()).toContain(`Visited ${MARKER} at home.`);
    await checkAccessibility(page, "remove a progress update");
    await screenshots(page, "redact-progress-update");

    // No reason: an error, with the summary, and nothing removed.
    await page.getByRole("button", { name: "Remove permanently" }).click();
    await page.getByRole("alert").filter({ hasText: "Enter why it is being removed" }).waitFor();
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    await checkAccessibility(page, "remove a progress update, no reason");
    expectOnlyRefusal(400);

    await page.getByLabel("Why is it being removed?").fill("It named a child");
    await page.getByRole("button", { name: "Remove permanently" }).click();
    await page.waitForURL(`${baseUrl}${actionPath}`);
    await expectFlash(page, "The progress update has been removed");
    await page
      .getByText(/Removed by Ada Admin on \d{1,2} \w+ \d{4}: It named a child/)
      .first()
      .waitFor();

    await removeFromActionPage(page, actionPath, "Case notes");
    await page.getByRole("heading", { level: 1, name: /Remove an evidence item/ }).waitFor();
    expect(await page.locator("main").innerText()).toContain("It will be deleted from the server");
    await screenshots(page, "redact-evidence");
    await page.getByLabel("Why is it being removed?").fill("A child's case notes");
    await page.getByRole("button", { name: "Remove permanently" }).click();
    await page.waitForURL(`${baseUrl}${actionPath}`);
    await expectFlash(page, "The evidence item has been removed, and its file deleted");
    expect(await page.getByRole("link", { name: fileName }).count()).toBe(0);
    const main = await page.locator("main").innerText();
    expect(main).not.toContain(MARKER);
    await checkAccessibility(page, "action page after removals");
    await screenshots(page, "action-after-redaction");
  });

  test("without JavaScript: the same forms work as plain HTML", async () => {
    const [, actionPath] = actionPaths;
    const noJs = await session.launched.browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    try {
      const plain = await noJs.newPage();
      const helper = await session.context.newPage();
      plain.setDefaultTimeout(15_000);
      await enterPersonalData(plain, actionPath, "notes.txt", false);
      await signIn(plain, users.admin);
      await removeFromActionPage(plain, actionPath, `Visited ${MARKER}`);
      await plain.getByRole("button", { name: "Remove permanently" }).click();
      await plain.getByText("Enter why it is being removed").first().waitFor();
      await checkAccessibilityWithoutScripts(plain, helper, "remove, no reason, without JavaScript");
      await plain.getByLabel("Why is it being removed?").fill("It named a child");
      await plain.getByRole("button", { name: "Remove permanently" }).click();
      await plain.waitForURL(`${baseUrl}${actionPath}`);
      await expectFlash(plain, "The progress update has been removed");
      expect(await plain.locator("main").innerText()).not.toContain(`Visited ${MARKER}`);
      await checkAccessibilityWithoutScripts(plain, helper, "action page after a removal, without JavaScript");
      await helper.close();
    } finally {
      await noJs.close();
    }
  });
});

describe("a file over the limit", () => {
  const bigFile = () => {
    const file = path.join(scratch, "scanned-minutes.pdf");
    fs.writeFileSync(file, Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(30 * 1024 * 1024, 0x20)]));
    return file;
  };

  async function uploadBigFile(page: Page, actionPath: string) {
    await signIn(page, users.manager);
    await page.goto(actionPath);
    const evidence = formSection(page, "Add evidence");
    await evidence.getByRole("radio", { name: "File upload" }).check();
    await evidence.getByLabel("Description").fill("Minutes, scanned");
    await evidence.getByLabel("File (for a file upload)").setInputFiles(bigFile());
    await evidence.getByRole("button", { name: "Add evidence" }).click();
  }

  test("with JavaScript: the page says the limit, and the service carries on", async () => {
    const { page } = session;
    await uploadBigFile(page, actionPaths[0]);
    await page.getByRole("heading", { level: 1, name: "What you sent is too large" }).waitFor();
    expect(await page.locator("main").innerText()).toContain("An evidence file can be up to 25 MB");
    expectOnlyRefusal(413);
    await checkAccessibility(page, "413 with JavaScript");
    await screenshots(page, "too-large-js");
    await page.goto(actionPaths[0]);
    await page.getByRole("heading", { level: 1 }).waitFor();
  });

  test("without JavaScript: the server's own page says the limit and leads back", async () => {
    const noJs = await session.launched.browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    try {
      const plain = await noJs.newPage();
      const helper = await session.context.newPage();
      plain.setDefaultTimeout(30_000);
      await uploadBigFile(plain, actionPaths[1]);
      await plain.getByRole("heading", { level: 1, name: "The file is too large" }).waitFor();
      expect(await plain.locator("main").innerText()).toContain("An evidence file can be up to 25 MB");
      await checkAccessibilityWithoutScripts(plain, helper, "413 page without JavaScript");
      for (const width of [1280, 375]) {
        await plain.setViewportSize({ width, height: 900 });
        await plain.screenshot({ path: path.join(SHOTS, `too-large-nojs-${width}.png`), fullPage: true });
      }
      await plain.getByRole("link", { name: "Go back and try again" }).click();
      await plain.waitForURL(`${baseUrl}${actionPaths[1]}`);
      await helper.close();
    } finally {
      await noJs.close();
    }
  });
});
