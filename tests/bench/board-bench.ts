/**
 * npm run bench:board — milliseconds to build the board pack for a realistic 200-action plan:
 * the pack model (reconstruction from history), then the Word, Excel and CSV files. Run by hand,
 * not in CI.
 *
 * It creates a temporary database (deleted afterwards) holding the plan of ./board-plan.ts: one
 * authority with a SLAC report of 40 recommendations, five actions each, and about a year of
 * history. Each timing is the median of BENCH_ROUNDS runs (default 7) after one warm-up run.
 *
 *   bench board-pack-model ms=<x>   buildBoardPackFrame as at the last day of the history
 *   bench board-pack-docx ms=<x>    the Word file written from the frame (reading updates and
 *                                   evidence a page at a time; with the measures' trend charts)
 *   bench board-pack-xlsx ms=<x>    the same for Excel
 *   bench board-pack-csv ms=<x>     the same for CSV
 *   bench board-pack-total ms=<x>   all four in turn, as a meeting download builds them
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 7));
const AS_AT = "2025-03-31";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-board-bench-"));
process.env.DATABASE_PATH = path.join(dir, "bench.db");
process.env.SESSION_SECRET ??= "board-bench-session-secret";

const { closeDb, getDb } = await import("../../db/client");
const { migrateToLatest } = await import("../../db/migrate");
const { buildBoardPlan } = await import("./board-plan");
const { buildBoardPackFrame } = await import("../../app/models/board-pack.server");
const { databasePackSource } = await import("../../app/exports/board-pack-source.server");
const { collectBytes } = await import("../../app/exports/zip-stream.server");
const { boardPackDocx } = await import("../../app/exports/board-pack-docx.server");
const { boardPackXlsx } = await import("../../app/exports/board-pack-xlsx.server");
const { boardPackCsv } = await import("../../app/exports/board-pack-csv.server");

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function time<T>(run: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}

async function main() {
  try {
    await migrateToLatest(getDb());
    const seeded = await time(() => buildBoardPlan());
    const { authority, member, actions } = seeded.result;
    const counts = await Promise.all(
      (["audit_events", "progress_updates", "evidence", "target_date_changes", "measure_values"] as const).map(
        async (table) => {
          const { n } = await getDb()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow();
          return `${table}=${n}`;
        },
      ),
    );
    console.log(`plan actions=${actions} ${counts.join(" ")} seeded in ms=${seeded.ms.toFixed(0)}`);

    // The pack as a board member downloads it.
    // The frame, then each file written from it (reading the actions' updates and evidence as it goes).
    const build = async () =>
      (await buildBoardPackFrame(member.actor, authority.id, { asAt: AS_AT, amberWindowDays: 14 }))!;
    type Frame = Awaited<ReturnType<typeof build>>;
    const steps = {
      "board-pack-model": build,
      "board-pack-docx": (pack: Frame) => collectBytes(boardPackDocx(databasePackSource(pack))),
      "board-pack-xlsx": (pack: Frame) => collectBytes(boardPackXlsx(databasePackSource(pack))),
      "board-pack-csv": (pack: Frame) => collectBytes(boardPackCsv(databasePackSource(pack))),
    };
    const times: Record<string, number[]> = { "board-pack-total": [] };
    const sizes: Record<string, number> = {};
    for (let round = 0; round <= ROUNDS; round++) {
      const model = await time(build);
      const pack = model.result;
      if (pack.summary.total !== actions)
        throw new Error(`pack has ${pack.summary.total} actions, expected ${actions}`);
      const docx = await time(() => steps["board-pack-docx"](pack));
      const xlsx = await time(() => steps["board-pack-xlsx"](pack));
      const csv = await time(() => steps["board-pack-csv"](pack));
      sizes.docx = docx.result.byteLength;
      sizes.xlsx = xlsx.result.byteLength;
      sizes.csv = csv.result.byteLength;
      if (round === 0) continue; // warm-up: module loading and JIT
      for (const [name, ms] of [
        ["board-pack-model", model.ms],
        ["board-pack-docx", docx.ms],
        ["board-pack-xlsx", xlsx.ms],
        ["board-pack-csv", csv.ms],
      ] as const) {
        (times[name] ??= []).push(ms);
      }
      times["board-pack-total"].push(model.ms + docx.ms + xlsx.ms + csv.ms);
    }
    for (const name of [
      "board-pack-model",
      "board-pack-docx",
      "board-pack-xlsx",
      "board-pack-csv",
      "board-pack-total",
    ]) {
      console.log(`bench ${name} ms=${median(times[name]).toFixed(1)}`);
    }
    console.log(`sizes docx=${sizes.docx} xlsx=${sizes.xlsx} csv=${sizes.csv} bytes; median of ${ROUNDS} rounds`);
    return 0;
  } finally {
    await closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
