import fs from "node:fs";
import { Document, Packer, Paragraph, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { readAndParse } from "~/import/read-and-parse.server";
import { createReadPool, DEFAULT_POOL_OPTIONS, POOL_REASONS } from "~/import/read-in-worker.server";
import { tinyPdf } from "./helpers/tiny-pdf";

// Reading untrusted documents in worker threads: the same result as reading in this process, and
// a clear refusal, naming the limit, when a document takes too long or too much memory.

const havering = fs.readFileSync("db/fixtures/reports/havering-2011-slac.txt", "utf8");
const pdfReport = new Uint8Array(fs.readFileSync("db/fixtures/reports/pdf/13_isles_of_scilly_2023_ilacs_short.pdf"));

/** A PDF of `pages` pages full of text: a second or two of reading. */
const longPdf = (pages: number) =>
  tinyPdf({
    pages: Array.from({ length: pages }, (_, p) =>
      Array.from({ length: 45 }, (_, l) => `Page ${p + 1} line ${l + 1} of a long report that goes on and on`),
    ),
  });

/** A Word document of many one-letter paragraphs, inside the size limits but costly to build in memory. */
async function denseDocx(paragraphs: number) {
  const doc = new Document({
    sections: [{ children: Array.from({ length: paragraphs }, () => new Paragraph({ children: [new TextRun("a")] })) }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe("reading in a worker", () => {
  it(
    "gives what reading in this process gives, for text, PDF and the parser's findings",
    { timeout: 60_000 },
    async () => {
      const pool = createReadPool();
      for (const source of [
        { kind: "text" as const, text: havering },
        { kind: "file" as const, bytes: pdfReport, fileName: "scilly.pdf" },
      ]) {
        expect(await pool.read(source)).toEqual(await readAndParse(source));
      }
    },
  );

  it.skipIf(!fs.existsSync("/proc/thread-self"))(
    "reads at the lowest CPU priority, so the server's requests run first on a busy machine",
    { timeout: 60_000 },
    async () => {
      const niceThreads = () =>
        fs
          .readdirSync("/proc/self/task")
          .filter(
            (task) => fs.readFileSync(`/proc/self/task/${task}/stat`, "utf8").split(") ")[1].split(" ")[16] === "19",
          );
      // Threads of other tests' pools in this process may be reading already.
      const before = new Set(niceThreads());
      const fresh = () => niceThreads().filter((task) => !before.has(task));
      const pool = createReadPool();
      const reading = pool.read({ kind: "file", bytes: longPdf(100), fileName: "long.pdf" });
      const deadline = Date.now() + 10_000;
      while (fresh().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(fresh().length).toBeGreaterThan(0);
      expect((await reading).ok).toBe(true);
    },
  );

  it("reads documents one after another, each in a fresh worker", { timeout: 60_000 }, async () => {
    const pool = createReadPool();
    const reads = [1, 2, 3].map((n) => pool.read({ kind: "text", text: `${havering}\nCopy ${n}` }));
    expect(pool.load()).toEqual({ reading: 1, waiting: 2 });
    const outcomes = await Promise.all(reads);
    expect(outcomes.map((o) => o.ok && o.text.endsWith(`Copy ${outcomes.indexOf(o) + 1}`))).toEqual([true, true, true]);
    expect(pool.load()).toEqual({ reading: 0, waiting: 0 });
  });

  it("stops a document that takes too long, saying how long it was given", { timeout: 60_000 }, async () => {
    const pool = createReadPool({ ...DEFAULT_POOL_OPTIONS, timeoutMs: 300 });
    const started = Date.now();
    expect(await pool.read({ kind: "file", bytes: longPdf(200), fileName: "long.pdf" })).toEqual({
      ok: false,
      reason: POOL_REASONS.tooSlow(1),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(POOL_REASONS.tooSlow(60)).toMatch(/^took longer than 60 seconds to read, so reading was stopped/);
  });

  it(
    "stops a document that needs more memory than the worker may have; the next document is read as usual",
    { timeout: 60_000 },
    async () => {
      const pool = createReadPool({ ...DEFAULT_POOL_OPTIONS, heapMb: 64 });
      expect(await pool.read({ kind: "file", bytes: await denseDocx(45_000), fileName: "dense.docx" })).toEqual({
        ok: false,
        reason: POOL_REASONS.outOfMemory(64),
      });
      expect((await pool.read({ kind: "text", text: havering })).ok).toBe(true);
    },
  );

  it("refuses a document when too many are already waiting", async () => {
    const pool = createReadPool({ ...DEFAULT_POOL_OPTIONS, maxQueued: 0 });
    expect(await pool.read({ kind: "text", text: havering })).toEqual({ ok: false, reason: POOL_REASONS.busy(0) });
  });
});
