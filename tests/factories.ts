import fs from "node:fs";
import { getDb } from "../db/client";
import type { Actor, Role } from "../app/domain/permissions";
import { draftReadResult } from "../app/flows/import-read.server";
import { readAndParse } from "../app/import/read-and-parse.server";
import { createImportDraft, saveDraftRead } from "../app/models/import-drafts.server";
import type { ParsedRecommendation, ParsedReport } from "../app/import/types";
import { parseReportText } from "../app/import/parse-report";
import { importInspection } from "../app/models/inspection.server";
import { createUser } from "../app/models/user.server";

export const NOW = new Date("2024-09-02T09:00:00Z");
export const TODAY = "2024-09-02";

let counter = 0;
const next = () => ++counter;

export async function createAuthority(name = `Authority ${next()}`) {
  return getDb()
    .insertInto("authorities")
    .values({ name, created_at: NOW.toISOString() })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
}

export async function createTestUser(
  overrides: { role?: Role; authorityId?: number | null; name?: string; password?: string } = {},
) {
  const n = next();
  const password = overrides.password ?? `correct horse battery ${n}`;
  const user = await createUser(
    {
      name: overrides.name ?? `User ${n}`,
      email: `user${n}@example.gov.uk`,
      role: overrides.role ?? "improvement_lead",
      authorityId: overrides.authorityId === undefined ? null : overrides.authorityId,
      password,
    },
    NOW,
  );
  return { ...user, password, actor: { id: user.id, role: user.role, authorityId: user.authority_id } };
}

export function buildRecommendation(overrides: Partial<ParsedRecommendation> = {}): ParsedRecommendation {
  return {
    section: null,
    timescale: null,
    heading: "What needs to improve?",
    priority: false,
    text: `Improve practice area ${next()}.`,
    agencies: [],
    paragraphNumber: null,
    frameworkReferences: [],
    sourceLine: 0,
    ...overrides,
  };
}

export function buildReport(overrides: Partial<ParsedReport> = {}): ParsedReport {
  return {
    title: "Inspection of Testshire local authority children's services",
    localAuthority: "Testshire County Council",
    kind: "ilacs",
    inspectionStart: "2024-06-03",
    inspectionEnd: "2024-06-14",
    published: "2024-07-20",
    judgements: [{ section: null, area: "Overall effectiveness", grade: "Good" }],
    recommendations: [buildRecommendation(), buildRecommendation()],
    warnings: [],
    ...overrides,
  };
}

/** Imports a report for an authority and returns the inspection with its action ids. */
export async function createInspection(authorityId: number, report: ParsedReport = buildReport()) {
  const result = await importInspection({
    report,
    text: `${report.title}\n${report.recommendations.map((r) => r.text).join("\n")}\n${next()}`,
    sourceFileName: "test.txt",
    authority: { id: authorityId },
    basis: { kind: "publication", date: null },
    immediateGraceDays: 28,
    userId: null,
    now: NOW,
  });
  const actions = await getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .select(["actions.id", "actions.version"])
    .where("recommendations.inspection_id", "=", result.inspectionId)
    .orderBy("actions.id")
    .execute();
  return { inspectionId: result.inspectionId, actionIds: actions.map((a) => a.id) };
}

export async function setAction(
  actionId: number,
  values: Partial<{
    owner_id: number | null;
    status: "not_started" | "in_progress" | "awaiting_sign_off" | "signed_off";
    target_date: string | null;
    risk_flag: "at_risk" | "off_track" | null;
  }>,
) {
  await getDb().updateTable("actions").set(values).where("id", "=", actionId).execute();
}

const STATUSES = ["not_started", "in_progress", "awaiting_sign_off", "signed_off"] as const;
const FLAGS = [null, "at_risk", "off_track"] as const;

/**
 * An inspection of the authority with one action for every status, each of `targetDates` and every
 * risk flag (set straight in the table), in that order: the cases RAG, counts and filters are
 * proved against. `recommendation` shapes each action's recommendation.
 */
export async function createEveryCombination(
  authorityId: number,
  targetDates: readonly (string | null)[],
  recommendation: Partial<ParsedRecommendation> = {},
) {
  const combos = STATUSES.flatMap((status) =>
    targetDates.flatMap((target_date) => FLAGS.map((risk_flag) => ({ status, target_date, risk_flag }))),
  );
  const { inspectionId, actionIds } = await createInspection(
    authorityId,
    buildReport({ recommendations: combos.map(() => buildRecommendation(recommendation)) }),
  );
  for (const [i, combo] of combos.entries()) await setAction(actionIds[i], combo);
  return { combos, actionIds, inspectionId };
}

/**
 * A seed report (db/fixtures/reports/SEED.txt) read and imported for the authority through the
 * ordinary import, as on 1 September 2024; its inspection id.
 */
export async function importSeedReport(
  seed: string,
  authorityId: number,
  basis: { kind: "publication" | "received"; date: string | null } = { kind: "publication", date: null },
) {
  const text = fs.readFileSync(`db/fixtures/reports/${seed}.txt`, "utf8");
  const result = await importInspection({
    report: parseReportText(text),
    text,
    sourceFileName: `${seed}.txt`,
    authority: { id: authorityId },
    basis,
    immediateGraceDays: 28,
    userId: null,
    now: new Date("2024-09-01T09:00:00Z"),
  });
  if (result.status !== "imported") throw new Error(`${seed} not imported`);
  return result.inspectionId;
}

/** A performance measure ("Re-referrals", %, lower is better) with no baseline or target. */
export async function createTestMeasure(authorityId: number) {
  return getDb()
    .insertInto("measures")
    .values({
      authority_id: authorityId,
      name: "Re-referrals",
      unit: "%",
      higher_is_better: 0,
      baseline_value: null,
      baseline_period: null,
      target_value: null,
      target_period: null,
      created_at: "2024-09-01T00:00:00.000Z",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/**
 * An import draft of `text` for the user, read in this process (no worker) and ready to correct,
 * as if its page had been opened once. Drafts expire a week after `now`, which is today's date
 * (the draft pages look at the real clock).
 */
export async function createReadyDraft(actor: Actor, text: string, now = new Date()) {
  const id = await createImportDraft(actor, { kind: "text", text }, now);
  await saveDraftRead(id, draftReadResult({ kind: "text" }, await readAndParse({ kind: "text", text })), now);
  return id;
}
