import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Issue 15: the Word pack used to stop the server (run with --max-old-space-size=256) at about
// 5,000 actions, which one plan import can create. The pack of a 10,000-action plan with a year of
// history is built here in a child process with the server's heap limit, in every format: it must
// succeed, its peak memory must stay under the server's budget, and a 20 ms timer must keep
// running throughout (other requests are answered while a pack is built).
//
// The negative control, building the Word pack the way it was built before (every action in
// memory, then the docx library's document tree), runs out of heap at this size; it takes a
// minute, so it runs only with PACK_MEMORY_NEGATIVE_CONTROL=1.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const child = path.join(import.meta.dirname, "memory/pack-memory-child.ts");
const ACTIONS = 10_000;
/** The server's heap limit (package.json "start"). */
const HEAP_LIMIT_MB = 256;
/** The README's memory budget for the server. */
const RSS_BUDGET_MB = 300;
/**
 * Before, the build held the event loop for 5 s at this size; now 0.2-0.7 s, up to 1.7 s when it
 * runs cold on a machine shared by several busy processes. The limit leaves room for that.
 */
const LONGEST_GAP_MS = 3_000;

let dir: string;
let database: string;

function node(args: string[], heapLimit: boolean) {
  return run(
    process.execPath,
    [...(heapLimit ? [`--max-old-space-size=${HEAP_LIMIT_MB}`] : []), "--import", "tsx", child, ...args],
    {
      cwd: root,
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024, // An SQLite file of its own, whatever engine the rest of the suite runs on.
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: "" },
    },
  );
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-pack-memory-"));
  database = path.join(dir, "large.db");
  const { stdout } = await node(["seed", database, String(ACTIONS)], false);
  expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({ seeded: ACTIONS });
}, 240_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a 10,000-action board pack", () => {
  it("is built in Word, Excel, CSV and JSON under the server's heap limit, within its memory budget, without holding up other work", async () => {
    const { stdout } = await node(["build", database, "docx,xlsx,csv,json"], true);
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      sizes: Record<string, number>;
      peakRssMb: number;
      longestGapMs: number;
    };
    console.log(`pack-memory ${JSON.stringify(result)}`);
    expect(result.sizes.actions).toBe(ACTIONS);
    for (const format of ["docx", "xlsx", "csv", "json"]) expect(result.sizes[format]).toBeGreaterThan(100_000);
    expect(result.peakRssMb).toBeLessThan(RSS_BUDGET_MB);
    expect(result.longestGapMs).toBeLessThan(LONGEST_GAP_MS);
  }, 240_000);

  it("is frozen in every format when its meeting is marked held, under the same limit", async () => {
    const { stdout } = await node(["hold", database], true);
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      sizes: Record<string, number>;
      peakRssMb: number;
      longestGapMs: number;
    };
    console.log(`pack-memory hold ${JSON.stringify(result)}`);
    expect(Object.keys(result.sizes).sort()).toEqual(["csv", "docx", "json", "xlsx"]);
    for (const size of Object.values(result.sizes)) expect(size).toBeGreaterThan(100_000);
    expect(result.peakRssMb).toBeLessThan(RSS_BUDGET_MB);
    expect(result.longestGapMs).toBeLessThan(LONGEST_GAP_MS);
  }, 240_000);

  it.runIf(process.env.PACK_MEMORY_NEGATIVE_CONTROL === "1")(
    "(negative control) runs out of heap when built the old way, whole in memory",
    async () => {
      const failed = await node(["build-docx-library", database], true).then(
        () => null,
        (error: { code?: number; signal?: string; stderr?: string }) => error,
      );
      expect(failed).not.toBeNull();
      expect(failed!.stderr).toMatch(/heap out of memory/i);
    },
    240_000,
  );
});
