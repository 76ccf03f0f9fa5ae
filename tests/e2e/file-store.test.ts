import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { FILE_NOT_STORED } from "../../app/utils/evidence-request.server";
import { checkAccessibility, checkAccessibilityWithoutScripts, waitForHydration } from "./browser";
import { expectFlash, formSection, openBrowserSession, signIn } from "./helpers";
import { withDatabase } from "./database";
import { bin, root, run } from "./server";

// In Chromium, with JavaScript on and off: when the file store cannot be reached (on SQLite the server's
// evidence folder replaced by a plain file; on PostgreSQL, whose files are kept in the database, the
// stored_files table renamed away: a store that fails), adding an evidence file gives
// the form back saying so, with what was typed; once the store is back, the same upload succeeds.

const baseUrl = inject("baseUrl");
const users = inject("users");
const session = openBrowserSession();
const SHOTS = process.env.E2E_SCREENSHOTS ?? os.tmpdir();
const serverDatabase = inject("serverDatabase");
const evidenceFolder = path.join(path.dirname(serverDatabase.DATABASE_PATH), "evidence");
const aside = `${evidenceFolder}.away`;

let actionPaths: string[] = [];
let scratch = "";
let file = "";

beforeAll(async () => {
  const env = { ...process.env, ...inject("serverDatabase") };
  const created = await run(bin("tsx"), ["tests/e2e/create-plan.ts"], { cwd: root, env });
  const { actionIds } = JSON.parse(created.stdout.trim().split("\n").at(-1) ?? "") as { actionIds: number[] };
  actionPaths = actionIds.map((id) => `/actions/${id}`);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-e2e-file-store-"));
  file = path.join(scratch, "Audit summary.txt");
  fs.writeFileSync(file, `Audit of 20 case files, ${Date.now()}\n`);
});

afterAll(async () => {
  await restoreStore();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

async function breakStore() {
  if (serverDatabase.DATABASE_URL) {
    await withDatabase(serverDatabase, (db) =>
      db.schema.alterTable("stored_files").renameTo("stored_files_away").execute(),
    );
    return;
  }
  if (fs.existsSync(evidenceFolder)) fs.renameSync(evidenceFolder, aside);
  fs.writeFileSync(evidenceFolder, "not a folder");
}

async function restoreStore() {
  if (serverDatabase.DATABASE_URL) {
    await withDatabase(serverDatabase, (db) =>
      sql`alter table if exists stored_files_away rename to stored_files`.execute(db),
    );
    return;
  }
  if (fs.existsSync(evidenceFolder) && fs.statSync(evidenceFolder).isFile()) fs.rmSync(evidenceFolder);
  if (fs.existsSync(aside)) fs.renameSync(aside, evidenceFolder);
}

async function addFile(page: Page, description: string) {
  const evidence = formSection(page, "Add evidence");
  await evidence.getByRole("radio", { name: "File upload" }).check();
  await evidence.getByLabel("Description").fill(description);
  await evidence.getByLabel("File (for a file upload)").setInputFiles(file);
  await evidence.getByRole("button", { name: "Add evidence" }).click();
}

async function expectRefusedKeepingWhatWasTyped(page: Page, description: string) {
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await summary.waitFor();
  expect(await summary.innerText()).toContain(FILE_NOT_STORED);
  expect(await page.getByLabel("Description").inputValue()).toBe(description);
}

async function screenshots(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe("adding an evidence file while the file store is out of reach", () => {
  test("with JavaScript: the form says so and keeps what was typed; it works once the store is back", async () => {
    const { page } = session;
    await signIn(page, users.manager);
    await page.goto(actionPaths[0]);
    await waitForHydration(page);
    await breakStore();
    try {
      await addFile(page, "Case file audit, March");
      await expectRefusedKeepingWhatWasTyped(page, "Case file audit, March");
      await checkAccessibility(page, "evidence refused: file store out of reach");
      // The inline choices keep their short labels on one line (GOV.UK Frontend 5.11 squeezed "Note").
      const note = await page.locator("label", { hasText: /^Note$/ }).boundingBox();
      const link = await page.locator("label", { hasText: /^Link to a document$/ }).boundingBox();
      expect(note!.height).toBeLessThanOrEqual(link!.height);
      expect(note!.width).toBeGreaterThan(note!.height);
      await screenshots(page, "file-store-down-js");
    } finally {
      await restoreStore();
    }
    // The refusal was a 503, which Chromium reports as a failed load: that one is expected.
    const refused = session.errors.filter((e) => e.includes("status of 503"));
    expect(refused.length).toBeLessThanOrEqual(1);
    session.errors.splice(0, session.errors.length, ...session.errors.filter((e) => !refused.includes(e)));

    await page.goto(actionPaths[0]);
    await waitForHydration(page);
    await addFile(page, "Case file audit, March");
    await expectFlash(page, "Evidence added");
    await page.getByRole("link", { name: "Audit summary.txt" }).first().waitFor();
  });

  test("without JavaScript: the server's page says so and keeps what was typed", async () => {
    const noJs = await session.launched.browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    try {
      const plain = await noJs.newPage();
      const helper = await session.context.newPage();
      plain.setDefaultTimeout(30_000);
      await signIn(plain, users.manager);
      await plain.goto(actionPaths[1]);
      await breakStore();
      try {
        await addFile(plain, "Supervision audit");
        await expectRefusedKeepingWhatWasTyped(plain, "Supervision audit");
        await checkAccessibilityWithoutScripts(
          plain,
          helper,
          "evidence refused without JavaScript: file store out of reach",
        );
        await screenshots(plain, "file-store-down-nojs");
      } finally {
        await restoreStore();
      }
      // Choose the file again (a browser never keeps it) and send the same form.
      await plain.getByRole("radio", { name: "File upload" }).check();
      await plain.getByLabel("File (for a file upload)").setInputFiles(file);
      await plain.getByRole("button", { name: "Add evidence" }).click();
      await expectFlash(plain, "Evidence added");
      await helper.close();
    } finally {
      await noJs.close();
    }
  });
});
