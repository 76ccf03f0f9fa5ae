import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsFile, seedScaleDatabase, type ScaleSummary } from "../../db/seed-scale";
import { verify } from "@node-rs/argon2";
import { percentile } from "./bench";

// The scale benchmark is run by hand; this keeps its generator honest at a small size.

const TODAY = "2026-11-22";
let dir: string;
let database: string;
let summary: ScaleSummary;
let db: SQLite.Database;

const all = <T>(query: string) => db.prepare(query).all() as T[];
const one = <T>(query: string) => db.prepare(query).get() as T;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ft-scale-test-"));
  database = path.join(dir, "scale.db");
  ({ summary } = await seedScaleDatabase({ database, authorities: 2, seed: 7, today: TODAY }));
  db = new SQLite(database, { readonly: true });
}, 60_000);

afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("seed:scale", () => {
  it("reports what it wrote, within the expected ranges", () => {
    const count = (table: string) => one<{ n: number }>(`select count(*) as n from ${table}`).n;
    expect(summary.authorities).toBe(2);
    expect(count("authorities")).toBe(2);
    expect(count("inspections")).toBe(summary.inspections);
    expect(summary.inspections).toBeGreaterThanOrEqual(2);
    expect(summary.inspections).toBeLessThanOrEqual(8);
    expect(count("actions")).toBe(summary.actions);
    expect(count("audit_events")).toBe(summary.auditEvents);
    expect(count("evidence")).toBe(summary.evidence);
    expect(count("progress_updates")).toBe(summary.progressUpdates);
    expect(count("target_date_changes")).toBe(summary.targetDateChanges);
    // 40-80 recommendations per inspection, 3-6 actions each.
    expect(summary.recommendations).toBeGreaterThanOrEqual(40 * summary.inspections);
    expect(summary.recommendations).toBeLessThanOrEqual(80 * summary.inspections);
    expect(summary.actions).toBeGreaterThanOrEqual(3 * summary.recommendations);
    expect(summary.actions).toBeLessThanOrEqual(6 * summary.recommendations);
    for (const { n } of all<{ n: number }>("select count(*) as n from inspections group by authority_id")) {
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(4);
    }
  });

  it("gives every action a recommendation and an owner (if any) from its own authority", () => {
    expect(
      one<{ n: number }>(
        "select count(*) as n from actions where recommendation_id not in (select id from recommendations)",
      ).n,
    ).toBe(0);
    const strangers = one<{ n: number }>(
      `select count(*) as n from actions
         join recommendations r on r.id = actions.recommendation_id
         join inspections i on i.id = r.inspection_id
         join users u on u.id = actions.owner_id
       where u.authority_id != i.authority_id or u.role != 'service_manager'`,
    );
    expect(strangers.n).toBe(0);
    expect(all("pragma foreign_key_check")).toEqual([]);
  });

  it("spreads statuses, and its history agrees with each action's state", () => {
    const statuses = all<{ status: string }>("select distinct status from actions order by status").map(
      (s) => s.status,
    );
    expect(statuses).toEqual(["awaiting_sign_off", "in_progress", "not_started", "signed_off"]);
    // Target dates on both sides of today; some overdue, some not.
    expect(
      one<{ n: number }>(`select count(*) as n from actions where status != 'signed_off' and target_date < '${TODAY}'`)
        .n,
    ).toBeGreaterThan(0);
    expect(one<{ n: number }>(`select count(*) as n from actions where target_date > '${TODAY}'`).n).toBeGreaterThan(0);
    // Submitting needs evidence: every action awaiting or past sign-off has some.
    expect(
      one<{ n: number }>(
        "select count(*) as n from actions where status in ('awaiting_sign_off', 'signed_off') and not exists (select 1 from evidence e where e.action_id = actions.id)",
      ).n,
    ).toBe(0);
    // Every action has its creation event, and signed-off ones their sign-off.
    expect(
      one<{ n: number }>(
        "select count(*) as n from actions where not exists (select 1 from audit_events a where a.entity_type = 'action' and a.entity_id = actions.id and a.event = 'action.created')",
      ).n,
    ).toBe(0);
    expect(one<{ n: number }>("select count(*) as n from audit_events where event = 'action.sign_off'").n).toBe(
      one<{ n: number }>("select count(*) as n from actions where status = 'signed_off'").n,
    );
    // A changed target date keeps the baseline and records the move.
    expect(
      one<{ n: number }>(
        "select count(*) as n from actions where target_date is not baseline_target_date and not exists (select 1 from target_date_changes t where t.action_id = actions.id and t.to_date = actions.target_date)",
      ).n,
    ).toBe(0);
    // Nothing is dated in the future.
    expect(one<{ n: number }>(`select count(*) as n from audit_events where at > '${TODAY}T23:59:59Z'`).n).toBe(0);
  });

  it("writes sign-in details that work, beside the database", async () => {
    const credentials = JSON.parse(fs.readFileSync(credentialsFile(database), "utf8")) as {
      password: string;
      admin: string;
      lead: string;
    };
    const lead = one<{ password_hash: string; role: string }>(
      `select password_hash, role from users where email = '${credentials.lead}'`,
    );
    expect(lead.role).toBe("improvement_lead");
    expect(await verify(lead.password_hash, credentials.password)).toBe(true);
  });

  it("refuses the development database", async () => {
    await expect(
      seedScaleDatabase({ database: "data/followthrough.db", authorities: 1, seed: 1, today: TODAY }),
    ).rejects.toThrow(/Refusing/);
  });
});

describe("percentile", () => {
  it("is nearest-rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
  });
});
