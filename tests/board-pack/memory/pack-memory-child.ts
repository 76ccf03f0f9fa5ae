/**
 * Run by tests/board-pack/pack-memory.test.ts in a child process of its own, so its heap limit and
 * peak memory are measured alone:
 *
 *   tsx pack-memory-child.ts seed DB ACTIONS      a plan of ACTIONS actions with history, by SQL
 *   node --max-old-space-size=256 --import tsx pack-memory-child.ts build DB FORMATS
 *                                                 the board pack in each format, bytes counted
 *   node --max-old-space-size=256 --import tsx pack-memory-child.ts hold DB
 *                                                 the planned meeting marked held: its pack frozen
 *
 * `build` and `hold` print one JSON line: each format's size, the process's peak RSS, and the longest the
 * event loop went without running a 20 ms timer (how long another request would have waited).
 * A fourth mode, `build-docx-library`, builds the Word pack the way it was built before (the whole
 * pack in memory, then the `docx` library's document tree): the negative control, which is
 * expected to run out of heap at this size.
 */
import fs from "node:fs";

const [mode, databasePath, argument] = process.argv.slice(2);
process.env.DATABASE_PATH = databasePath;
process.env.SESSION_SECRET ??= "pack-memory-child";

const { getDb, closeDb } = await import("../../../db/client");
const { sql } = await import("kysely");

const AS_AT = "2025-03-31";

/** A seeded generator (mulberry32), so every run writes the same plan. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One authority whose two imported plans hold `total` actions between them (20 per
 * recommendation), each with the history a year of work leaves: an owner, a service area, a moved
 * target date for some, status moves and flags in the audit log, three progress updates and two
 * evidence notes; plus four measures with six values each and a held board meeting. Written with
 * prepared statements in one transaction (through the real schema and its triggers).
 */
async function seed(total: number) {
  const { migrateToLatest } = await import("../../../db/migrate");
  await migrateToLatest(getDb());
  await closeDb();
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(databasePath);
  const rand = random(17);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  const statements = new Map<string, ReturnType<typeof db.prepare>>();
  const insert = (table: string, row: Record<string, unknown>): number => {
    const columns = Object.keys(row);
    const text = `insert into ${table} (${columns.join(", ")}) values (${columns.map((c) => `@${c}`).join(", ")})`;
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = db.prepare(text)));
    return Number(statement.run(row).lastInsertRowid);
  };
  db.transaction(() => {
    const authorityId = insert("authorities", { name: "Largeshire", created_at: "2024-01-01T09:00:00.000Z" });
    const owners = Array.from({ length: 40 }, (_, i) =>
      insert("users", {
        name: `Service Manager ${i + 1}`,
        email: `manager${i + 1}@largeshire.gov.uk`,
        role: "service_manager",
        authority_id: authorityId,
        password_hash: "x",
        created_at: "2024-01-01T09:00:00.000Z",
      }),
    );
    const perRecommendation = 20;
    const recommendationsPerInspection = Math.ceil(total / perRecommendation / 2);
    const recommendationIds: number[] = [];
    let written = 0;
    for (let i = 0; i < 2 && written < total; i++) {
      const inspectionId = insert("inspections", {
        authority_id: authorityId,
        kind: "ilacs",
        title: `Inspection of Largeshire children's services ${i + 1}`,
        inspection_start: `2024-0${i + 1}-01`,
        inspection_end: `2024-0${i + 1}-12`,
        published: `2024-0${i + 2}-01`,
        basis_kind: "publication",
        basis_date: `2024-0${i + 2}-01`,
        source_file_name: "plan.xlsx",
        content_hash: `largeshire-${i}`,
        extracted_text: "",
        imported_by: null,
        imported_at: `2024-0${i + 2}-02T09:00:00.000Z`,
      });
      for (let r = 0; r < recommendationsPerInspection && written < total; r++) {
        const recommendationId = insert("recommendations", {
          inspection_id: inspectionId,
          reference: `WNI-${r + 1}`,
          section: null,
          timescale: null,
          heading: null,
          text: `Leaders should ensure that practice area ${r + 1} is consistently good: plans are specific, reviewed within timescales and show the difference made for children (paragraph ${10 + r}).`,
          agencies: "[]",
          paragraph_number: null,
          position: r,
          source_line: null,
          due_date: null,
          due_date_rule: "none",
        });
        recommendationIds.push(recommendationId);
        for (let n = 1; n <= perRecommendation && written < total; n++, written++) {
          const target = `2024-${String(3 + Math.floor(rand() * 10)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`;
          const owner = pick(owners);
          const createdAt = `2024-0${i + 2}-03T09:00:00.000Z`;
          const actionId = insert("actions", {
            recommendation_id: recommendationId,
            title: `Action ${n}: ${pick(["audit", "train", "recruit", "review", "embed"])} ${pick(["supervision", "plans", "case records", "partnership working", "return interviews"])} across the service, with the findings reported to the practice board`,
            description:
              "Agreed at the improvement board; progress reported monthly to the lead member and the chief executive.",
            owner_id: owner,
            target_date: target,
            baseline_target_date: target,
            status: pick(["not_started", "in_progress", "in_progress", "awaiting_sign_off", "signed_off"]),
            risk_flag: rand() < 0.05 ? "off_track" : rand() < 0.1 ? "at_risk" : null,
            risk_reason: "Staffing",
            sequence: n,
            partner_agency: null,
            service_area: pick(["Front door", "Children in care", "Care leavers", "Early help"]),
            success_measure: "90% of audited cases are good or better and children say they are listened to",
            withdrawn_at: null,
            withdrawn_reason: null,
            created_at: createdAt,
            updated_at: createdAt,
          });
          const events: [string, string, object | null, object][] = [
            ["2024-04-01T09:00:00.000Z", "action.owner_changed", { ownerId: null }, { ownerId: owner }],
            ["2024-05-01T09:00:00.000Z", "action.status_changed", { status: "not_started" }, { status: "in_progress" }],
            [
              "2024-08-01T09:00:00.000Z",
              "action.service_area_changed",
              { service_area: null },
              { service_area: "Front door" },
            ],
            [
              "2024-10-01T09:00:00.000Z",
              "action.risk_flag_changed",
              { riskFlag: null },
              { riskFlag: "at_risk", reason: "Staffing" },
            ],
          ];
          for (const [at, event, before, after] of events) {
            insert("audit_events", {
              at,
              user_id: owner,
              authority_id: authorityId,
              entity_type: "action",
              entity_id: actionId,
              event,
              before: before ? JSON.stringify(before) : null,
              after: JSON.stringify(after),
            });
          }
          for (let u = 0; u < 3; u++) {
            insert("progress_updates", {
              action_id: actionId,
              author_id: owner,
              body: `Update ${u + 1}: audit of ${10 + Math.floor(rand() * 40)} cases completed; findings reported to the service leadership team, with the actions agreed and the next audit booked for the following month.`,
              created_at: `2024-${String(5 + u * 2).padStart(2, "0")}-15T09:00:00.000Z`,
            });
          }
          for (let e = 0; e < 2; e++) {
            insert("evidence", {
              action_id: actionId,
              kind: "note",
              purpose: e === 0 ? "completion" : "impact",
              description: `Evidence ${e + 1}: audit report and minutes of the practice board (see the shared drive)`,
              url: null,
              evidence_date: "2024-06-30",
              added_by: owner,
              created_at: `2024-0${6 + e}-20T09:00:00.000Z`,
            });
          }
          if (rand() < 0.3) {
            insert("target_date_changes", {
              action_id: actionId,
              from_date: "2024-06-30",
              to_date: target,
              reason: "Replanned with the service",
              changed_by: owner,
              changed_at: "2024-06-01T09:00:00.000Z",
            });
          }
        }
      }
    }
    for (let m = 0; m < 4; m++) {
      const measureId = insert("measures", {
        authority_id: authorityId,
        name: `Indicator ${m + 1}`,
        unit: "%",
        higher_is_better: 1,
        baseline_value: 50,
        baseline_period: "2018-19",
        target_value: 70,
        target_period: "2024-25",
        created_at: "2024-02-01T09:00:00.000Z",
      });
      for (let p = 0; p < 6; p++) {
        insert("measure_values", {
          measure_id: measureId,
          period: `${2018 + p}-${19 + p}`,
          period_end: `${2019 + p}-03-31`,
          value: 50 + p * 3,
          statistical_neighbours: 52,
          england: 53,
          recorded_by: null,
          recorded_at: "2024-03-01T09:00:00.000Z",
        });
      }
      insert("measure_recommendations", { measure_id: measureId, recommendation_id: recommendationIds[m * 7] });
    }
    insert("board_meetings", {
      authority_id: authorityId,
      board_name: "Improvement Board",
      meeting_date: "2024-12-16",
      status: "held",
      held_at: "2024-12-16T18:00:00.000Z",
      created_by: null,
      created_at: "2024-12-01T09:00:00.000Z",
    });
    // The next meeting, still to be marked held (which freezes its pack in every format).
    insert("board_meetings", {
      authority_id: authorityId,
      board_name: "Improvement Board",
      meeting_date: AS_AT,
      status: "planned",
      held_at: null,
      created_by: null,
      created_at: "2025-03-01T09:00:00.000Z",
    });
    insert("users", {
      name: "Ada Admin",
      email: "admin@largeshire.gov.uk",
      role: "admin",
      authority_id: null,
      password_hash: "x",
      created_at: "2024-01-01T09:00:00.000Z",
    });
  })();
  db.close();
  console.log(JSON.stringify({ seeded: total }));
}

/** The longest gap between runs of a 20 ms timer while `work` runs: what another request would wait. */
async function withLoopWatch<T>(work: () => Promise<T>): Promise<{ result: T; longestGapMs: number }> {
  let last = performance.now();
  let longestGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  }, 20);
  try {
    const result = await work();
    return { result, longestGapMs };
  } finally {
    clearInterval(timer);
  }
}

async function build(formats: string[]) {
  const { buildBoardPackFrame } = await import("../../../app/models/board-pack.server");
  const { databasePackSource } = await import("../../../app/exports/board-pack-source.server");
  const { renderBoardPack } = await import("../../../app/exports/board-pack-files.server");
  const admin = { id: 0, role: "admin" as const, authorityId: null };
  const sizes: Record<string, number> = {};
  const { longestGapMs } = await withLoopWatch(async () => {
    const frame = await buildBoardPackFrame(admin, 1, { asAt: AS_AT, amberWindowDays: 14 });
    if (!frame) throw new Error("no pack");
    sizes.actions = frame.summary.total;
    for (const format of formats) {
      let bytes = 0;
      for await (const chunk of renderBoardPack(databasePackSource(frame), format as "docx")) bytes += chunk.byteLength;
      sizes[format] = bytes;
    }
  });
  const status = fs.readFileSync("/proc/self/status", "utf8");
  const peakRssMb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  console.log(JSON.stringify({ sizes, peakRssMb: Math.round(peakRssMb), longestGapMs: Math.round(longestGapMs) }));
}

/** Marks the planned meeting held: its pack built and stored in every format, as the server does. */
async function hold() {
  const { markBoardMeetingHeld } = await import("../../../app/models/board-meetings.server");
  const db = getDb();
  const admin = await db.selectFrom("users").select("id").where("role", "=", "admin").executeTakeFirstOrThrow();
  const meeting = await db
    .selectFrom("board_meetings")
    .select("id")
    .where("status", "=", "planned")
    .executeTakeFirstOrThrow();
  const { result, longestGapMs } = await withLoopWatch(() =>
    markBoardMeetingHeld(
      { id: admin.id, role: "admin", authorityId: null },
      meeting.id,
      { today: "2025-04-01", amberWindowDays: 14 },
      new Date("2025-04-01T09:00:00Z"),
    ),
  );
  if (!result.ok) throw new Error(JSON.stringify(result));
  const status = fs.readFileSync("/proc/self/status", "utf8");
  const peakRssMb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  const { rows } = await sql<{ format: string; size: number }>`
    select format, length(bytes) as size from board_pack_files where meeting_id = ${meeting.id}`.execute(db);
  const sizes = Object.fromEntries(rows.map((r) => [r.format, r.size]));
  console.log(JSON.stringify({ sizes, peakRssMb: Math.round(peakRssMb), longestGapMs: Math.round(longestGapMs) }));
}

/** The Word pack as it was built before: every action in memory, then the docx library's tree. */
async function buildWithDocxLibrary() {
  const { buildBoardPack } = await import("../../../app/models/board-pack.server");
  const docx = await import("docx");
  const admin = { id: 0, role: "admin" as const, authorityId: null };
  const pack = (await buildBoardPack(admin, 1, { asAt: AS_AT, amberWindowDays: 14 }))!;
  const cell = (text: string) => new docx.TableCell({ children: [new docx.Paragraph({ text })] });
  const children = pack.inspections.flatMap((i) =>
    i.recommendations.flatMap((r) => [
      new docx.Paragraph({ text: `Recommendation ${r.number} (${r.reference})`, heading: docx.HeadingLevel.HEADING_2 }),
      new docx.Paragraph({ text: r.text }),
      new docx.Table({
        rows: r.actions.map(
          (a) =>
            new docx.TableRow({
              children: [
                cell(a.number),
                cell(a.title),
                cell(a.owner),
                cell(a.targetDate ?? ""),
                cell(a.statusLabel),
                cell(a.ragLabel),
                cell(a.latestUpdate?.body ?? ""),
                cell(a.evidence.map((e) => e.description).join("\n")),
              ],
            }),
        ),
      }),
    ]),
  );
  const bytes = await docx.Packer.toBuffer(new docx.Document({ sections: [{ children }] }));
  console.log(JSON.stringify({ sizes: { docx: bytes.length } }));
}

if (mode === "seed") {
  await seed(Number(argument));
} else {
  try {
    if (mode === "build") await build(argument.split(","));
    else if (mode === "hold") await hold();
    else if (mode === "build-docx-library") await buildWithDocxLibrary();
    else throw new Error(`unknown mode ${mode}`);
  } finally {
    await closeDb();
  }
}
