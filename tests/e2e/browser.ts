import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

// Debian's Chromium driven by playwright-core; no browser is ever downloaded.

const root = path.resolve(import.meta.dirname, "../..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const AXE_SCRIPT = path.join(root, "node_modules/axe-core/axe.min.js");
let axeCode: string | undefined;
const axeSource = () => (axeCode ??= fs.readFileSync(AXE_SCRIPT, "utf8"));
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export interface LaunchedBrowser {
  browser: Browser;
  close: () => Promise<void>;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it with \`apt-get install -y chromium\`.`);
  }
  // Playwright refuses --user-data-dir for launch(); it already gives each launch a fresh
  // temporary profile. The temp dir below keeps crash dumps and caches out of $HOME too.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-chromium-"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, HOME: scratch, XDG_CONFIG_HOME: scratch, XDG_CACHE_HOME: scratch },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--crash-dumps-dir=${scratch}`,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** Every violation found in this run, by page, for a summary at the end. */
export const axeFindings: { page: string; violations: AxeViolation[] }[] = [];

export function formatViolations(label: string, violations: AxeViolation[]): string {
  const lines = [`axe: ${violations.length} violation(s) on ${label}`];
  for (const v of violations) {
    lines.push(`  - ${v.id} [${v.impact ?? "?"}]: ${v.help}`, `    ${v.helpUrl}`);
    for (const node of v.nodes) {
      lines.push(`      at ${node.target.map(String).join(" ")}`, `         ${node.html.slice(0, 200)}`);
      if (node.failureSummary) lines.push(...node.failureSummary.split("\n").map((l) => `         ${l}`));
    }
  }
  return lines.join("\n");
}

/**
 * Runs axe (WCAG 2.0-2.2 A and AA rules) on the page as it is now. A violation fails the test
 * but lets the journey carry on, so one run reports every page's problems.
 */
export async function checkAccessibility(page: Page, label: string): Promise<void> {
  // Evaluated through the DevTools protocol rather than added as a <script>: the app's
  // Content-Security-Policy (rightly) refuses inline scripts without its nonce.
  await page.evaluate(axeSource());
  const { violations, passes } = (await page.evaluate(async (tags) => {
    type Run = (c: Document, o: object) => Promise<{ violations: unknown[]; passes: unknown[] }>;
    const axe = (window as unknown as { axe: { run: Run } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return { violations: result.violations, passes: result.passes.length };
  }, WCAG_TAGS)) as { violations: AxeViolation[]; passes: number };
  // No passing rules at all would mean axe checked nothing (an empty or blocked page).
  expect(passes, `axe checked nothing on ${label}`).toBeGreaterThan(0);
  const where = `${label} (${new URL(page.url()).pathname})`;
  if (violations.length > 0) {
    axeFindings.push({ page: where, violations });
    console.log(formatViolations(where, violations));
  }
  expect
    .soft(
      violations.map((v) => v.id),
      formatViolations(where, violations),
    )
    .toEqual([]);
}

/**
 * axe for a page open with JavaScript switched off, where axe itself cannot run: the page's HTML,
 * without its scripts, is loaded into `helper` (a page with JavaScript) at the same address and checked there.
 */
export async function checkAccessibilityWithoutScripts(page: Page, helper: Page, label: string): Promise<void> {
  const html = (await page.content())
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, "")
    .replace(/<head>/i, `<head><base href="${page.url()}">`);
  await helper.setContent(html, { waitUntil: "load" });
  await checkAccessibility(helper, `${label} [${new URL(page.url()).pathname}]`);
}

/**
 * Resolves once React has hydrated the page (it tags the DOM nodes it claims) and run the effects
 * of that first render (which, e.g., fold the header's menu or drop a table region that need not
 * scroll): hydration errors, too, are reported just after the commit that finds them.
 */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const main = document.querySelector("main");
    return main !== null && Object.keys(main).some((key) => key.startsWith("__reactFiber"));
  });
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))),
  );
}
