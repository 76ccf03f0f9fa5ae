import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { plusDays } from "../../db/demo-timeline";
import { loadDemoData, readSeedReport } from "../../db/seed";
import type { Role } from "../../app/domain/permissions";
import { parseReportText } from "../../app/import/parse-report";
import { listOverdueAndDueSoon, summariseAuthorities } from "../../app/models/progress.server";
import { verifyLogin } from "../../app/models/user.server";
import { resetDatabase } from "../setup/reset-database";

const TODAY = "2026-11-16";
const NOW = new Date("2026-11-16T12:00:00Z");
const ADMIN = { id: 0, role: "admin" as const, authorityId: null };
const SEEDS = ["hackney-2012-slac", "hammersmith-fulham-2011-slac", "havering-2011-slac", "hackney-2024-ilacs"];

async function storyShape() {
  return getDb()
    .selectFrom("actions")
    .select([
      "id",
      "recommendation_id",
      "title",
      "status",
      "target_date",
      "baseline_target_date",
      "risk_flag",
      "owner_id",
    ])
    .orderBy("id")
    .execute();
}

describe("demo data", () => {
  it("imports the four seed reports for three authorities through the import code", async () => {
    await loadDemoData({ today: TODAY, now: NOW });
    const db = getDb();
    const inspections = await db
      .selectFrom("inspections")
      .select((eb) => [
        "id",
        "authority_id",
        "source_file_name",
        "basis_kind",
        "basis_date",
        eb
          .selectFrom("recommendations")
          .whereRef("recommendations.inspection_id", "=", "inspections.id")
          .select((e) => e.fn.countAll<number>().as("n"))
          .as("recommendations"),
      ])
      .execute();
    expect(inspections).toHaveLength(4);
    expect(new Set(inspections.map((i) => i.authority_id)).size).toBe(3);
    expect(inspections.map((i) => i.source_file_name).sort()).toEqual(SEEDS.map((s) => `${s}.txt`).sort());
    for (const inspection of inspections) {
      const seed = inspection.source_file_name!.replace(/\.txt$/, "");
      expect(Number(inspection.recommendations), seed).toBe(
        parseReportText(readSeedReport(seed)).recommendations.length,
      );
    }
    const ilacs = inspections.find((i) => i.source_file_name === "hackney-2024-ilacs.txt")!;
    expect(ilacs).toMatchObject({ basis_kind: "received", basis_date: "2024-08-23" });
    expect(inspections.filter((i) => i.basis_kind === "publication")).toHaveLength(3);

    // One action per recommendation; the live plan adds further actions to some.
    const perRecommendation = await db
      .selectFrom("recommendations")
      .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
      .leftJoin("actions", "actions.recommendation_id", "recommendations.id")
      .select((eb) => ["recommendations.id", "inspections.kind", eb.fn.count<number>("actions.id").as("n")])
      .groupBy(["recommendations.id", "inspections.kind"])
      .execute();
    for (const row of perRecommendation) {
      if (row.kind === "slac") expect(Number(row.n)).toBe(1);
      else expect(Number(row.n)).toBeGreaterThanOrEqual(1);
    }
    expect(perRecommendation.some((r) => r.kind === "ilacs" && Number(r.n) > 1)).toBe(true);
  });

  it("creates users of every role whose random passwords sign in", async () => {
    const users = await loadDemoData({ today: TODAY, now: NOW });
    const roles = new Set(users.map((u) => u.role));
    for (const role of ["admin", "improvement_lead", "service_manager", "board_member"] satisfies Role[]) {
      expect(roles).toContain(role);
    }
    expect(users.filter((u) => u.role === "admin")).toEqual([expect.objectContaining({ authority: null })]);
    expect(new Set(users.map((u) => u.email)).size).toBe(users.length);
    for (const user of users) {
      expect(user.email).toMatch(/^[a-z]+\.[a-z]+@[a-z]+\.example\.gov\.uk$/);
      expect(user.password.length).toBeGreaterThanOrEqual(16);
    }
    // Checking every user would mean an Argon2 verify each; one per role is enough.
    for (const role of roles) {
      const user = users.find((u) => u.role === role)!;
      expect(await verifyLogin(user.email, user.password), user.email).toBeDefined();
      expect(await verifyLogin(user.email, `${user.password}x`)).toBeUndefined();
    }
  });

  it("gives different passwords on every load but otherwise the same story", async () => {
    const first = await loadDemoData({ today: TODAY, now: NOW });
    const firstShape = await storyShape();
    await resetDatabase(getDb());
    const second = await loadDemoData({ today: TODAY, now: NOW });
    expect(second.map((u) => u.email)).toEqual(first.map((u) => u.email));
    for (const [i, user] of second.entries()) expect(user.password).not.toBe(first[i].password);
    const strip = (rows: Awaited<ReturnType<typeof storyShape>>) =>
      rows.map(({ id: _id, recommendation_id: _r, owner_id: _o, ...rest }) => rest);
    expect(strip(await storyShape())).toEqual(strip(firstShape));
  });

  it("shows every status and RAG colour, overdue and due-soon items, as at today", async () => {
    await loadDemoData({ today: TODAY, now: NOW });
    const rows = await summariseAuthorities(ADMIN, TODAY, 14);
    const total = (key: keyof (typeof rows)[number]) => rows.reduce((sum, row) => sum + Number(row[key]), 0);
    for (const key of [
      "not_started",
      "in_progress",
      "awaiting_sign_off",
      "signed_off",
      "red",
      "amber",
      "green",
      "blue",
      "grey",
    ] as const) {
      expect(total(key), key).toBeGreaterThan(0);
    }
    expect(total("overdue")).toBeGreaterThan(0);
    expect(total("due_soon")).toBeGreaterThan(0);
    expect(total("no_target_date")).toBeGreaterThan(0);
    // The old plans are closed: only Hackney's 2024 plan is on the dashboard.
    expect(rows).toHaveLength(1);
    for (const row of rows) expect(Number(row.total)).toBeGreaterThan(0);

    const list = await listOverdueAndDueSoon(ADMIN, TODAY, 14);
    // Nothing from 2011-12 is listed thousands of days overdue.
    expect(list.every((r) => r.target_date! >= "2024-01-01")).toBe(true);
    expect(list.some((r) => r.target_date! < TODAY)).toBe(true);
    expect(list.some((r) => r.target_date! >= TODAY)).toBe(true);
    // Due soon and awaiting sign-off is Green (the work is done); nothing on the list is unscheduled or signed off.
    expect(new Set(list.map((r) => r.rag))).toEqual(new Set(["red", "amber", "green"]));
    expect(list.filter((r) => r.rag === "green").every((r) => r.status === "awaiting_sign_off")).toBe(true);
  });

  it("closes the old plans and runs the live plan's measures to the last quarter before today", async () => {
    await loadDemoData({ today: TODAY, now: NOW });
    const db = getDb();
    const plans = await db
      .selectFrom("inspections")
      .select(["source_file_name", "closed_at", "superseded_by"])
      .orderBy("id")
      .execute();
    const closed = (seed: string) => plans.find((p) => p.source_file_name === `${seed}.txt`)!;
    for (const seed of ["hackney-2012-slac", "hammersmith-fulham-2011-slac", "havering-2011-slac"]) {
      expect(closed(seed).closed_at, seed).not.toBeNull();
    }
    expect(closed("hackney-2012-slac").superseded_by).not.toBeNull();
    expect(closed("hackney-2024-ilacs").closed_at).toBeNull();
    const latest = await db
      .selectFrom("measure_values")
      .select((eb) => ["measure_id", eb.fn.max("period_end").as("last")])
      .groupBy("measure_id")
      .execute();
    expect(latest.length).toBeGreaterThan(0);
    for (const m of latest) expect(m.last).toBe("2026-09-30");
    const period = await db
      .selectFrom("measure_values")
      .select("period")
      .where("period_end", "=", "2026-09-30")
      .executeTakeFirstOrThrow();
    expect(period.period).toBe("Q2 2026/27");
  });

  it("records the story as audit events that agree with the actions and the calendar", async () => {
    await loadDemoData({ today: TODAY, now: NOW });
    const db = getDb();
    const events = await db.selectFrom("audit_events").selectAll().orderBy("at").orderBy("id").execute();
    const kinds = new Set(events.map((e) => e.event));
    for (const event of [
      "inspection.imported",
      "action.created",
      "action.owner_changed",
      "action.progress_added",
      "action.evidence_added",
      "action.target_date_changed",
      "action.risk_flag_changed",
      "action.submit",
      "action.send_back",
      "action.sign_off",
      "action.reopen",
    ]) {
      expect(kinds, event).toContain(event);
    }
    expect(events.every((e) => e.at <= NOW.toISOString())).toBe(true);

    // Replaying status changes from the audit log gives today's status: "as at" views can trust it.
    const actions = await db
      .selectFrom("actions")
      .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
      .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
      .select([
        "actions.id",
        "actions.status",
        "actions.target_date",
        "actions.baseline_target_date",
        "inspections.imported_at",
      ])
      .execute();
    for (const action of actions) {
      const history = events.filter((e) => e.entity_type === "action" && e.entity_id === action.id);
      let status = "not_started";
      let target: string | null | undefined;
      for (const event of history) {
        expect(event.at >= action.imported_at).toBe(true);
        const after = event.after ? (JSON.parse(event.after) as { status?: string; targetDate?: string }) : {};
        if (after.status) status = after.status;
        if (event.event === "action.target_date_changed") target = after.targetDate;
      }
      expect(status, `action ${action.id}`).toBe(action.status);
      if (target !== undefined) expect(target).toBe(action.target_date);
    }
    const moved = await db.selectFrom("target_date_changes").selectAll().execute();
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((m) => m.reason.trim().length > 0)).toBe(true);

    // Evidence points to documents.
    const links = await db.selectFrom("evidence").select("url").where("kind", "=", "link").execute();
    expect(links.length).toBeGreaterThan(0);
    for (const { url } of links) expect(url).toMatch(/^https:\/\/documents\.[a-z]+\.example\.gov\.uk\/.+\.pdf$/);
  });

  it("gives Hackney a plausible annual engagement meeting in the last year, and no monitoring visit", async () => {
    await loadDemoData({ today: TODAY, now: NOW });
    const events = await getDb()
      .selectFrom("inspection_events")
      .innerJoin("authorities", "authorities.id", "inspection_events.authority_id")
      .select([
        "authorities.name",
        "inspection_events.kind",
        "inspection_events.event_date",
        "inspection_events.created_at",
      ])
      .orderBy("inspection_events.event_date")
      .execute();
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(["annual_engagement"]));
    expect(new Set(events.map((e) => e.name))).toEqual(new Set(["London Borough of Hackney"]));
    const last = events.at(-1)!;
    expect(last.event_date < TODAY).toBe(true);
    expect(last.event_date > plusDays(TODAY, -365)).toBe(true);
    // After the 2024 inspection, and recorded after each meeting, never after now.
    expect(events.every((e) => e.event_date > "2024-08-23" && e.created_at <= NOW.toISOString())).toBe(true);
    expect(events.every((e) => e.created_at.slice(0, 10) > e.event_date)).toBe(true);
  });

  it("refuses a today too early for the live plan's story", async () => {
    await expect(loadDemoData({ today: "2024-09-01", now: new Date("2024-09-01T12:00:00Z") })).rejects.toThrow(/today/);
  });
});

const run = promisify(execFile);

describe("db/setup.ts", () => {
  it("loads demo data once and tells the user how to sign in on every run", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-setup-"));
    const file = path.join(dir, "ft.db");
    // The default install: an SQLite file, whatever engine the rest of the suite runs on.
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: file, DATABASE_URL: "" };
    delete env.DEMO_DATA;
    delete env.PORT;
    const setup = () => run("node_modules/.bin/tsx", ["db/setup.ts"], { env, timeout: 20_000 });
    const counts = () => {
      const sqlite = new SQLite(file, { readonly: true });
      try {
        const count = (table: string) =>
          (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
        return Object.fromEntries(["users", "inspections", "actions", "audit_events"].map((t) => [t, count(t)]));
      } finally {
        sqlite.close();
      }
    };
    try {
      const first = await setup();
      const credentialsFile = path.join(dir, "demo-users.json");
      const credentials = JSON.parse(fs.readFileSync(credentialsFile, "utf8")) as {
        email: string;
        role: string;
        password: string;
      }[];
      expect(fs.statSync(credentialsFile).mode & 0o777).toBe(0o600);
      expect(first.stdout).toContain("http://localhost:3000");
      for (const c of credentials) {
        expect(Object.keys(c).sort()).toEqual(["email", "password", "role"]);
        expect(first.stdout).toContain(c.email);
        expect(first.stdout).toContain(c.password);
      }
      const before = counts();
      expect(before).toMatchObject({ users: credentials.length, inspections: 4 });

      const second = await setup();
      expect(counts()).toEqual(before);
      expect(second.stdout).toContain("not loaded again");
      expect(second.stdout).toContain(credentialsFile);
      expect(second.stdout).toContain("http://localhost:3000");
      expect(second.stdout).toContain(credentials[0].email);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
