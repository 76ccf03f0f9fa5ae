import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { addDays } from "date-fns";
import { computeDueDate, type Timescale } from "../app/domain/due-dates";
import { hashPassword } from "../app/models/user.server";
import { parseIsoDate, toIsoDate, todayInLondon } from "../app/utils/dates";
import { onePagePdf } from "../app/utils/one-page-pdf";
import { evidenceFilePath, sha256Of } from "../app/utils/evidence-store.server";
import { openDatabase, openPostgresDatabase } from "./client";
import { migrateToLatest } from "./migrate";
import { parseOptions } from "./cli-options";
import { moveToPostgres } from "./move-to-postgres-lib";

// A synthetic dataset for the scale benchmark (`npm run seed:scale -- --authorities 150`):
// authorities with 1-4 inspections of the kinds of their era, recommendations with sections and
// timescales, ~4-5 actions each owned by several service managers per authority, statuses and
// RAG spread around today, progress updates, status and target-date history as audit events,
// and evidence rows. Every file among the evidence is the same one-page PDF (stored once, in the
// evidence folder beside the database): the pages measured never read files, and one real file
// keeps the installation whole (downloads work; it can be moved to PostgreSQL). Rows go in with
// prepared statements in one transaction. `--postgres URL` then moves the result into that
// (empty) PostgreSQL database with `db:move-to-postgres`'s own code, so both engines hold the same rows.
//
// Real plans have 5-20 recommendations per inspection; to reach ~100k actions with 150
// authorities each inspection here has 40-80, so every authority's plan is far larger than life.

export interface ScaleOptions {
  authorities: number;
  /** `YYYY-MM-DD`: the day the plans are built around (defaults to today in London). */
  today: string;
  /** PRNG seed: the same seed and options give the same data. */
  seed: number;
  now?: Date;
}

export interface ScaleCredentials {
  password: string;
  admin: string;
  /** The improvement lead of the first authority. */
  lead: string;
  leadAuthority: string;
}

export interface ScaleSummary {
  authorities: number;
  users: number;
  inspections: number;
  recommendations: number;
  actions: number;
  progressUpdates: number;
  auditEvents: number;
  evidence: number;
  targetDateChanges: number;
}

/** mulberry32: a small, fast, seedable PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    chance: (p: number) => next() < p,
    weighted: <T>(options: readonly (readonly [T, number])[]): T => {
      const total = options.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [value, weight] of options) {
        r -= weight;
        if (r < 0) return value;
      }
      return options[options.length - 1][0];
    },
  };
}
type Random = ReturnType<typeof prng>;

const PLACES = [
  "Northfield",
  "Eastbrook",
  "Westmere",
  "Southvale",
  "Ashford",
  "Brackley",
  "Castleton",
  "Dunmore",
  "Elmstead",
  "Fairhaven",
  "Greywell",
  "Hollinwood",
  "Ironbridge",
  "Kingsmead",
  "Larkhill",
  "Marlow",
  "Netherby",
  "Oakham",
  "Pendle",
  "Queensbury",
  "Redcliffe",
  "Stanmore",
  "Thornbury",
  "Upton",
  "Wexcombe",
  "Yarrow",
  "Aldermoor",
  "Birchwood",
  "Coldharbour",
  "Deepdale",
];
const SUFFIXES = ["County Council", "Borough Council", "City Council", "Metropolitan Borough Council", "Council"];
const FIRST = [
  "Sam",
  "Alex",
  "Priya",
  "Tom",
  "Aisha",
  "Mark",
  "Helen",
  "Kofi",
  "Ruth",
  "Daniel",
  "Mei",
  "Owen",
  "Fatima",
  "Gareth",
  "Zoe",
];
const LAST = [
  "Patel",
  "Jones",
  "Okafor",
  "Smith",
  "Khan",
  "Williams",
  "Brown",
  "Evans",
  "Murphy",
  "Clarke",
  "Hughes",
  "Ali",
  "Wright",
  "Price",
];
const SERVICE_AREAS = [
  "Front door (MASH)",
  "Assessment",
  "Children in need",
  "Child protection",
  "Children in care",
  "Care leavers",
  "Fostering",
  "Quality assurance",
  "Workforce",
];
const AGENCIES = ["Police", "NHS trust", "Integrated care board", "Schools", "Youth justice service"];
const TOPICS = [
  "the quality of assessments",
  "management oversight of casework",
  "return home interviews",
  "supervision of social workers",
  "the timeliness of strategy meetings",
  "care plans for children in care",
  "pathway plans for care leavers",
  "placement sufficiency",
  "the voice of the child in plans",
  "multi-agency referrals at the front door",
  "the response to children missing from education",
  "independent reviewing officer challenge",
  "the quality of child protection conferences",
  "health assessments for children in care",
  "permanence planning",
];
const VERBS = ["Improve", "Strengthen", "Ensure consistency in", "Review and improve", "Embed audit of"];
const UPDATES = [
  "Audit of a sample of cases completed; findings shared with team managers.",
  "New practice guidance drafted and consulted on with frontline staff.",
  "Training delivered to all team managers; attendance recorded.",
  "Performance data shows improvement this month; monitoring continues.",
  "Delayed by staffing pressures; recovery plan agreed with the head of service.",
  "Partner agencies signed up to the revised protocol at the safeguarding partnership.",
  "Dip sample shows the change is embedded in most teams.",
];

type Kind = "slac" | "lac_2013" | "sif" | "ilacs" | "focused_visit";
const KIND_TITLES: Record<Kind, string> = {
  slac: "Inspection of safeguarding and looked after children services",
  lac_2013: "Inspection of services for looked after children",
  sif: "Inspection of services for children in need of help and protection, children looked after and care leavers",
  ilacs: "Inspection of local authority children's services",
  focused_visit: "Focused visit to local authority children's services",
};

/** The kind of inspection in use in a given year. */
function kindFor(year: number, random: Random): Kind {
  if (year <= 2012) return "slac";
  if (year === 2013) return random.pick(["lac_2013", "sif"] as const);
  if (year <= 2017) return "sif";
  return random.chance(0.3) ? "focused_visit" : "ilacs";
}

function sectionAndTimescale(kind: Kind, random: Random): { section: string | null; timescale: Timescale } {
  switch (kind) {
    case "slac":
      return {
        section: random.pick(["safeguarding", "looked_after_children"]),
        timescale: random.pick(["immediately", "three_months", "six_months"] as const),
      };
    case "lac_2013":
      return {
        section: "looked_after_children",
        timescale: random.pick(["immediately", "three_months", "six_months"] as const),
      };
    case "sif":
      return { section: random.chance(0.2) ? "lscb" : null, timescale: null };
    default:
      return { section: null, timescale: null };
  }
}

const iso = (date: Date) => date.toISOString();
const dayAt = (day: string, random: Random) =>
  new Date(`${day}T${String(random.int(8, 17)).padStart(2, "0")}:${String(random.int(0, 59)).padStart(2, "0")}:00Z`);

/** `count` sorted instants spread between `from` and `to`. */
function instantsBetween(from: Date, to: Date, count: number, random: Random): Date[] {
  const span = Math.max(0, to.getTime() - from.getTime());
  return Array.from({ length: count }, () => new Date(from.getTime() + Math.floor(random.next() * span))).sort(
    (a, b) => a.getTime() - b.getTime(),
  );
}

/** Fills an empty, migrated database. Synchronous: one transaction of prepared statements. */
export function generateScaleData(
  sqlite: SQLite.Database,
  options: ScaleOptions & { passwordHash: string; evidenceFile: { sha256: string; size: number } },
): ScaleSummary {
  const random = prng(options.seed);
  const today = options.today;
  const todayDate = parseIsoDate(today);
  const now = options.now ?? new Date(`${today}T12:00:00Z`);
  const nowIso = iso(now);
  const summary: ScaleSummary = {
    authorities: 0,
    users: 0,
    inspections: 0,
    recommendations: 0,
    actions: 0,
    progressUpdates: 0,
    auditEvents: 0,
    evidence: 0,
    targetDateChanges: 0,
  };

  const insertAuthority = sqlite.prepare("insert into authorities (name, created_at) values (?, ?)");
  const insertUser = sqlite.prepare(
    "insert into users (name, email, role, authority_id, password_hash, active, created_at, pending, password_set_at) values (?, ?, ?, ?, ?, 1, ?, 0, ?)",
  );
  const insertInspection = sqlite.prepare(
    `insert into inspections (authority_id, kind, title, inspection_start, inspection_end, published, basis_kind, basis_date,
       source_file_name, content_hash, extracted_text, imported_by, imported_at)
     values (?, ?, ?, ?, ?, ?, 'publication', null, ?, ?, ?, ?, ?)`,
  );
  const insertJudgement = sqlite.prepare(
    "insert into judgements (inspection_id, section, area, grade, position) values (?, ?, ?, ?, ?)",
  );
  const insertRecommendation = sqlite.prepare(
    `insert into recommendations (inspection_id, reference, section, timescale, heading, priority, text, agencies,
       paragraph_number, position, source_line, due_date, due_date_rule, framework_references)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]')`,
  );
  const insertAction = sqlite.prepare(
    `insert into actions (recommendation_id, title, description, owner_id, target_date, baseline_target_date, status,
       risk_flag, risk_reason, version, created_at, updated_at, sequence, partner_agency, success_measure,
       withdrawn_at, withdrawn_reason, service_area)
     values (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertProgress = sqlite.prepare(
    "insert into progress_updates (action_id, author_id, body, created_at) values (?, ?, ?, ?)",
  );
  const insertTargetChange = sqlite.prepare(
    "insert into target_date_changes (action_id, from_date, to_date, reason, changed_by, changed_at) values (?, ?, ?, ?, ?, ?)",
  );
  const insertEvidence = sqlite.prepare(
    `insert into evidence (action_id, kind, purpose, description, url, evidence_date, added_by, created_at,
       file_sha256, file_name, file_size, file_type) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAudit = sqlite.prepare(
    `insert into audit_events (at, user_id, authority_id, entity_type, entity_id, event, before, after)
     values (?, ?, ?, 'action', ?, ?, ?, ?)`,
  );
  const insertMeasure = sqlite.prepare(
    `insert into measures (authority_id, name, unit, higher_is_better, baseline_value, baseline_period, target_value,
       target_period, notes, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, '', ?)`,
  );
  const insertMeasureValue = sqlite.prepare(
    `insert into measure_values (measure_id, period, period_end, value, statistical_neighbours, england, source, recorded_by, recorded_at)
     values (?, ?, ?, ?, ?, ?, 'Synthetic', ?, ?)`,
  );
  const id = (result: SQLite.RunResult) => Number(result.lastInsertRowid);
  const audit = (
    at: Date,
    userId: number | null,
    authorityId: number,
    actionId: number,
    event: string,
    before: object | null,
    after: object | null,
  ) => {
    insertAudit.run(
      iso(at),
      userId,
      authorityId,
      actionId,
      event,
      before && JSON.stringify(before),
      after && JSON.stringify(after),
    );
    summary.auditEvents++;
  };

  const hash = options.passwordHash;
  const run = sqlite.transaction(() => {
    insertUser.run("Scale Administrator", "admin@scale.example", "admin", null, hash, nowIso, nowIso);
    summary.users++;
    const usedNames = new Set<string>();

    for (let a = 0; a < options.authorities; a++) {
      let name = `${PLACES[a % PLACES.length]} ${SUFFIXES[Math.floor(a / PLACES.length) % SUFFIXES.length]}`;
      if (usedNames.has(name)) name = `${name} ${a + 1}`;
      usedNames.add(name);
      const authorityId = id(insertAuthority.run(name, nowIso));
      summary.authorities++;
      const tag = String(a + 1).padStart(3, "0");
      const person = () => `${random.pick(FIRST)} ${random.pick(LAST)}`;
      const leadId = id(
        insertUser.run(person(), `lead.${tag}@scale.example`, "improvement_lead", authorityId, hash, nowIso, nowIso),
      );
      insertUser.run(person(), `board.${tag}@scale.example`, "board_member", authorityId, hash, nowIso, nowIso);
      const managers: number[] = [];
      for (let m = 0, n = random.int(4, 8); m < n; m++) {
        managers.push(
          id(
            insertUser.run(
              person(),
              `manager${m + 1}.${tag}@scale.example`,
              "service_manager",
              authorityId,
              hash,
              nowIso,
              nowIso,
            ),
          ),
        );
      }
      summary.users += 2 + managers.length;

      // 1-4 inspections, oldest first, the latest within the last year so its plan is live.
      const count = random.weighted([
        [1, 2],
        [2, 3],
        [3, 3],
        [4, 2],
      ] as const);
      const published: string[] = [];
      let day = toIsoDate(addDays(todayDate, -random.int(60, 330)));
      for (let i = 0; i < count; i++) {
        published.unshift(day);
        day = toIsoDate(addDays(parseIsoDate(day), -random.int(700, 1400)));
      }

      for (const [i, pub] of published.entries()) {
        const live = i === published.length - 1;
        const kind = kindFor(Number(pub.slice(0, 4)), random);
        const end = toIsoDate(addDays(parseIsoDate(pub), -random.int(21, 45)));
        const start = toIsoDate(addDays(parseIsoDate(end), -(kind === "focused_visit" ? 1 : 13)));
        const importedAt = dayAt(toIsoDate(addDays(parseIsoDate(pub), random.int(1, 7))), random);
        const inspectionId = id(
          insertInspection.run(
            authorityId,
            kind,
            `${KIND_TITLES[kind]}: ${name}`,
            start,
            end,
            pub,
            `${kind}-${tag}-${i + 1}.pdf`,
            crypto.createHash("sha256").update(`${options.seed}:${authorityId}:${i}`).digest("hex"),
            `${KIND_TITLES[kind]}\n${name}\n(synthetic report text)`,
            leadId,
            iso(importedAt),
          ),
        );
        summary.inspections++;
        const grades =
          kind === "slac"
            ? ["Outstanding", "Good", "Adequate", "Inadequate"]
            : ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"];
        if (kind !== "focused_visit") {
          const areas = [
            "Overall effectiveness",
            "The experiences and progress of children who need help and protection",
            "The experiences and progress of children in care",
            "The impact of leaders on social work practice",
          ];
          areas.forEach((area, position) =>
            insertJudgement.run(inspectionId, null, area, random.pick(grades), position),
          );
        }

        for (let r = 0, recs = random.int(40, 80); r < recs; r++) {
          const { section, timescale } = sectionAndTimescale(kind, random);
          const topic = random.pick(TOPICS);
          const due = computeDueDate({ timescale, basisDate: pub, immediateGraceDays: 28 });
          const agencies = random.chance(0.15) ? [random.pick(AGENCIES)] : [];
          const recommendationId = id(
            insertRecommendation.run(
              inspectionId,
              `R${r + 1}`,
              section,
              timescale,
              timescale ? null : "What needs to improve?",
              kind === "focused_visit" && r < 3 ? 1 : 0,
              `${random.pick(VERBS)} ${topic}.`,
              JSON.stringify(agencies),
              kind === "sif" ? String(r + 10) : null,
              r,
              r * 3,
              due.dueDate,
              due.rule,
            ),
          );
          summary.recommendations++;

          for (
            let s = 1,
              n = random.weighted([
                [3, 2],
                [4, 3],
                [5, 3],
                [6, 2],
              ] as const);
            s <= n;
            s++
          ) {
            generateAction(
              recommendationId,
              s,
              topic,
              due.dueDate ?? toIsoDate(addDays(parseIsoDate(pub), 70 + 28 * s)),
              importedAt,
              live,
            );
          }
        }

        function generateAction(
          recommendationId: number,
          sequence: number,
          topic: string,
          suggested: string,
          created: Date,
          liveplan: boolean,
        ) {
          const ownerId = random.chance(0.05) ? null : random.pick(managers);
          const actor = ownerId ?? leadId;
          // Old plans: mostly signed off, some still open and long overdue. Live plans: spread.
          const status = liveplan
            ? random.weighted([
                ["not_started", 18],
                ["in_progress", 45],
                ["awaiting_sign_off", 10],
                ["signed_off", 27],
              ] as const)
            : random.weighted([
                ["signed_off", 88],
                ["in_progress", 9],
                ["awaiting_sign_off", 3],
              ] as const);
          let target: string | null = liveplan
            ? random.chance(0.03)
              ? null
              : toIsoDate(addDays(todayDate, random.int(-100, 240)))
            : toIsoDate(addDays(parseIsoDate(suggested), random.int(-20, 60)));
          const baseline = target;
          const withdrawn = random.chance(0.01) && status !== "signed_off";
          const createdAt = new Date(created.getTime() + random.int(0, 3) * 86_400_000);
          const endOfHistory = liveplan
            ? now
            : new Date(Math.min(now.getTime(), createdAt.getTime() + 500 * 86_400_000));

          // The story of the action: progress, evidence, status moves, target-date changes.
          const updates = status === "not_started" ? 0 : random.int(1, 4);
          const evidenceCount =
            status === "signed_off" || status === "awaiting_sign_off" ? random.int(1, 3) : random.int(0, 1);
          const moves: string[] =
            status === "not_started"
              ? []
              : status === "in_progress"
                ? ["start"]
                : status === "awaiting_sign_off"
                  ? ["start", "submit"]
                  : ["start", "submit", "sign_off"];
          const retarget = target !== null && random.chance(0.15);
          const times = instantsBetween(
            createdAt,
            endOfHistory,
            updates + evidenceCount + moves.length + (retarget ? 1 : 0) + (withdrawn ? 1 : 0),
            random,
          );

          let riskFlag: string | null = null;
          if (status === "in_progress" || status === "not_started") {
            riskFlag = random.weighted([
              [null, 85],
              ["at_risk", 10],
              ["off_track", 5],
            ] as const);
          }
          const sequenceTimes = [...times];
          const take = () => sequenceTimes.shift()!;
          // Order: start, progress and evidence, optional retarget, submit, sign off, withdrawal.
          const startAt = moves.includes("start") ? take() : null;
          const middle = sequenceTimes.splice(0, updates + evidenceCount + (retarget ? 1 : 0));
          const submitAt = moves.includes("submit") ? take() : null;
          const signOffAt = moves.includes("sign_off") ? take() : null;
          const withdrawnAt = withdrawn ? take() : null;
          const lastChange = [withdrawnAt, signOffAt, submitAt, ...middle, startAt].find((t) => t) ?? createdAt;

          let newTarget: string | null = null;
          if (retarget && target) {
            newTarget = toIsoDate(addDays(parseIsoDate(target), random.int(14, 120)));
          }
          const actionId = id(
            insertAction.run(
              recommendationId,
              `${random.pick(VERBS)} ${topic} (${sequence})`,
              ownerId,
              newTarget ?? target,
              baseline,
              status,
              riskFlag,
              riskFlag ? "Capacity in the team" : null,
              1 + moves.length + (retarget ? 1 : 0) + (withdrawn ? 1 : 0),
              iso(createdAt),
              iso(lastChange),
              sequence,
              random.chance(0.1) ? random.pick(AGENCIES) : null,
              "Audits show consistently good practice.",
              withdrawnAt && iso(withdrawnAt),
              withdrawn ? "Superseded by another action" : null,
              random.pick(SERVICE_AREAS),
            ),
          );
          summary.actions++;
          audit(createdAt, leadId, authorityId, actionId, "action.created", null, {
            recommendationId,
            sequence,
            ownerId,
            targetDate: baseline,
          });
          if (startAt)
            audit(
              startAt,
              actor,
              authorityId,
              actionId,
              "action.start",
              { status: "not_started" },
              { status: "in_progress" },
            );
          let u = updates;
          let e = evidenceCount;
          for (const at of middle) {
            if (u > 0) {
              u--;
              const progressId = id(insertProgress.run(actionId, actor, random.pick(UPDATES), iso(at)));
              summary.progressUpdates++;
              audit(at, actor, authorityId, actionId, "action.progress_added", null, { progressUpdateId: progressId });
            } else if (e > 0) {
              e--;
              const kindOf = random.weighted([
                ["note", 5],
                ["link", 3],
                ["file", 2],
              ] as const);
              const purpose = random.chance(0.7) ? "completion" : "impact";
              const file =
                kindOf === "file"
                  ? [options.evidenceFile.sha256, "audit-findings.pdf", options.evidenceFile.size, "application/pdf"]
                  : [null, null, null, null];
              const evidenceId = id(
                insertEvidence.run(
                  actionId,
                  kindOf,
                  purpose,
                  `Evidence of ${purpose}: ${topic}`,
                  kindOf === "link" ? "https://intranet.example/reports/audit" : null,
                  toIsoDate(at),
                  actor,
                  iso(at),
                  ...file,
                ),
              );
              summary.evidence++;
              audit(at, actor, authorityId, actionId, "action.evidence_added", null, {
                evidenceId,
                kind: kindOf,
                purpose,
              });
            } else if (newTarget !== null) {
              insertTargetChange.run(
                actionId,
                target,
                newTarget,
                "Revised after review with partners",
                leadId,
                iso(at),
              );
              summary.targetDateChanges++;
              audit(
                at,
                leadId,
                authorityId,
                actionId,
                "action.target_date_changed",
                { targetDate: target },
                { targetDate: newTarget, reason: "Revised after review with partners" },
              );
              target = newTarget;
            }
          }
          if (submitAt)
            audit(
              submitAt,
              actor,
              authorityId,
              actionId,
              "action.submit",
              { status: "in_progress" },
              { status: "awaiting_sign_off" },
            );
          if (signOffAt)
            audit(
              signOffAt,
              leadId,
              authorityId,
              actionId,
              "action.sign_off",
              { status: "awaiting_sign_off" },
              { status: "signed_off" },
            );
          if (withdrawnAt)
            audit(withdrawnAt, leadId, authorityId, actionId, "action.withdrawn", null, {
              reason: "Superseded by another action",
            });
        }
      }

      // A few performance measures per authority, with quarterly values.
      for (const [m, measure] of [
        ["Re-referrals within 12 months", "%", 0],
        ["Assessments completed within 45 working days", "%", 1],
        ["Children in care with an up-to-date health assessment", "%", 1],
      ].entries()) {
        const [label, unit, higher] = measure as [string, string, number];
        const measureId = id(
          insertMeasure.run(authorityId, label, unit, higher, 20 + m * 10, "2023-24", 30 + m * 10, "2025-26", nowIso),
        );
        for (let q = 5; q >= 0; q--) {
          const end = toIsoDate(addDays(todayDate, -q * 91 - 30));
          insertMeasureValue.run(
            measureId,
            `Quarter ending ${end}`,
            end,
            random.int(15, 90),
            random.int(20, 60),
            random.int(20, 60),
            leadId,
            nowIso,
          );
        }
      }
    }
  });
  run();
  return summary;
}

function parseArgs(argv: string[]) {
  const args = parseOptions(argv);
  const authorities = Number(args.get("authorities") ?? 150);
  if (!Number.isInteger(authorities) || authorities < 1 || authorities > 1000) {
    throw new Error("--authorities must be a whole number from 1 to 1000");
  }
  const seed = Number(args.get("seed") ?? 20261122);
  if (!Number.isInteger(seed)) throw new Error("--seed must be a whole number");
  return {
    authorities,
    seed,
    database: path.resolve(args.get("database") ?? "data/scale.db"),
    today: args.get("today"),
    postgres: args.get("postgres"),
  };
}

/** A one-page PDF ("Audit findings"), written into the evidence folder as the app stores files. */
function storeEvidencePdf(evidenceDir: string): { sha256: string; size: number } {
  const bytes = onePagePdf("Audit findings: fifty case files", 14);
  const sha256 = sha256Of(bytes);
  const file = evidenceFilePath(sha256, evidenceDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, bytes, { mode: 0o600 });
  return { sha256, size: bytes.length };
}

/**
 * Moves the scale database (and its one evidence file) into the empty PostgreSQL database at
 * `url`, as `npm run db:move-to-postgres` does, creating that database when it does not exist, and
 * refreshes PostgreSQL's statistics (as SQLite's are by `analyze`).
 */
export async function moveScaleToPostgres(database: string, url: string, log: (line: string) => void) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const server = openPostgresDatabase(admin.toString(), { max: 1 });
  try {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_database where datname = ${name}`.execute(server);
    if (rows[0].n === 0) await sql`create database ${sql.id(name)}`.execute(server);
  } finally {
    await server.destroy();
  }
  const result = await moveToPostgres({
    databaseFile: database,
    evidenceDir: path.join(path.dirname(database), "evidence"),
    url,
    log,
  });
  if (result.mismatches.length > 0) throw new Error(`The move found differences: ${result.mismatches.join("; ")}`);
  const target = openPostgresDatabase(url, { max: 1 });
  try {
    await sql`analyze`.execute(target);
  } finally {
    await target.destroy();
  }
}

/** Where the sign-in details for a scale database are written. */
export function credentialsFile(database: string): string {
  return database.replace(/\.db$/, "") + "-users.json";
}

/** Creates (or recreates) a scale database at `database` and returns what went in. */
export async function seedScaleDatabase(
  options: ScaleOptions & { database: string },
): Promise<{ summary: ScaleSummary; credentials: ScaleCredentials }> {
  if (path.resolve(options.database) === path.resolve("data/followthrough.db")) {
    throw new Error("Refusing to overwrite the development database; pass another --database");
  }
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(options.database + suffix, { force: true });
  const db = openDatabase(options.database);
  await migrateToLatest(db);
  await db.destroy();

  const password = crypto.randomBytes(12).toString("base64url");
  const sqlite = new SQLite(options.database);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = OFF");
  try {
    const evidenceFile = storeEvidencePdf(path.join(path.dirname(options.database), "evidence"));
    const summary = generateScaleData(sqlite, {
      ...options,
      passwordHash: await hashPassword(password),
      evidenceFile,
    });
    sqlite.exec("analyze");
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    const first = sqlite
      .prepare(
        "select users.email, authorities.name from users join authorities on authorities.id = users.authority_id where role = 'improvement_lead' order by users.id limit 1",
      )
      .get() as { email: string; name: string };
    const credentials = { password, admin: "admin@scale.example", lead: first.email, leadAuthority: first.name };
    fs.writeFileSync(credentialsFile(options.database), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    return { summary, credentials };
  } finally {
    sqlite.close();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const { summary } = await seedScaleDatabase({
    database: args.database,
    authorities: args.authorities,
    seed: args.seed,
    today: args.today ?? todayInLondon(),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `Scale database written in ${seconds} s: ${path.relative(process.cwd(), args.database) || args.database}`,
  );
  for (const [key, value] of Object.entries(summary)) console.log(`  ${key}: ${value}`);
  console.log(`Sign-in details: ${path.relative(process.cwd(), credentialsFile(args.database))}`);
  console.log(`Size: ${(fs.statSync(args.database).size / 1024 / 1024).toFixed(0)} MB`);
  if (args.postgres) {
    const moving = Date.now();
    console.log(`Moving it into PostgreSQL (${new URL(args.postgres).pathname.slice(1)}) ...`);
    await moveScaleToPostgres(args.database, args.postgres, () => undefined);
    console.log(`Moved and checked in ${((Date.now() - moving) / 1000).toFixed(1)} s: the same rows on both engines.`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
