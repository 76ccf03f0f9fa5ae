import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ImportBasis } from "../app/domain/import-plan";
import type { Actor, Role } from "../app/domain/permissions";
import { parseReportText } from "../app/import/parse-report";
import { importInspection } from "../app/models/inspection.server";
import { getSettings } from "../app/models/settings.server";
import { createInspectionEvent } from "../app/models/inspection-events.server";
import { createUser } from "../app/models/user.server";
import { getDb } from "./client";
import { closeAtFinalReview, closeOldPlans } from "./demo-closure";
import { playDemoMeasures } from "./demo-measures";
import { EARLIEST_LIVE_TODAY, playHistoricalPlan, playLivePlan, type PlanAction, type PlanCast } from "./demo-plan";
import { instantOn, plusDays, workday } from "./demo-timeline";

// Demo data: three London boroughs' real Ofsted reports imported through the app's own import
// code, invented staff, and a story of their plans told through the audited model functions.

export const REPORTS_DIRECTORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "fixtures/reports");

export interface DemoUser {
  name: string;
  email: string;
  role: Role;
  authority: string | null;
  /** Random for every load; only ever shown to the person who ran set-up. */
  password: string;
}

interface StaffList {
  domain: string;
  lead: string;
  managers: string[];
  board: string;
}

const ADMIN = { name: "Priya Shah", email: "priya.shah@followthrough.example.gov.uk" };

const STAFF: Record<"hammersmith-fulham" | "havering" | "hackney", StaffList> = {
  "hammersmith-fulham": {
    domain: "lbhf.example.gov.uk",
    lead: "Claire Whitfield",
    managers: ["Marcus Bell", "Sofia Marques"],
    board: "David Kerr",
  },
  havering: {
    domain: "havering.example.gov.uk",
    lead: "Sandra Pike",
    managers: ["Imran Hussain", "Joanne Ellis", "Peter Lawson"],
    board: "Gillian Fraser",
  },
  // Managers in the order the live plan casts them: leaving care, housing, missing children.
  hackney: {
    domain: "hackney.example.gov.uk",
    lead: "Ruth Adeyemi",
    managers: ["Tom Gallagher", "Aisha Rahman", "Daniel Okoro"],
    board: "Helen Marsh",
  },
};

/** The seed reports in the order they were published; the authority is created by the first import. */
const HISTORICAL_REPORTS = [
  { seed: "hammersmith-fulham-2011-slac", staff: "hammersmith-fulham" },
  { seed: "havering-2011-slac", staff: "havering" },
  { seed: "hackney-2012-slac", staff: "hackney" },
] as const;

/** The 2024 ILACS text carries no publication date, so due dates count from when Hackney received it. */
const LIVE_REPORT = { seed: "hackney-2024-ilacs", received: "2024-08-23" } as const;

export function readSeedReport(seed: string): string {
  return fs.readFileSync(path.join(REPORTS_DIRECTORY, `${seed}.txt`), "utf8");
}

function newPassword(): string {
  return crypto.randomBytes(12).toString("base64url");
}

function emailFor(name: string, domain: string): string {
  return `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@${domain}`;
}

async function addUser(
  users: DemoUser[],
  input: { name: string; email: string; role: Role; authorityId: number | null; authority: string | null },
  at: Date,
): Promise<Actor> {
  const password = newPassword();
  const created = await createUser({ ...input, password }, at);
  users.push({ name: input.name, email: created.email, role: input.role, authority: input.authority, password });
  return { id: created.id, role: created.role, authorityId: created.authority_id };
}

async function importSeed(input: {
  seed: string;
  basis: ImportBasis;
  authority: { id: number } | { newName: string };
  by: Actor;
  at: Date;
}) {
  const text = readSeedReport(input.seed);
  const report = parseReportText(text);
  const { immediateGraceDays } = await getSettings();
  const result = await importInspection({
    report,
    text,
    sourceFileName: `${input.seed}.txt`,
    authority: input.authority,
    basis: input.basis,
    immediateGraceDays,
    userId: input.by.id,
    now: input.at,
  });
  if (result.status !== "imported") throw new Error(`Demo data: ${input.seed} is already in the database.`);
  const inspection = await getDb()
    .selectFrom("inspections")
    .select(["id", "authority_id", "published"])
    .where("id", "=", result.inspectionId)
    .executeTakeFirstOrThrow();
  const actions: PlanAction[] = await getDb()
    .selectFrom("recommendations")
    .innerJoin("actions", "actions.recommendation_id", "recommendations.id")
    .select([
      "recommendations.reference",
      "recommendations.id as recommendationId",
      "actions.id as actionId",
      "recommendations.text",
      "recommendations.due_date as dueDate",
    ])
    .where("recommendations.inspection_id", "=", inspection.id)
    .orderBy("recommendations.position")
    .orderBy("actions.id")
    .execute();
  return {
    authorityId: inspection.authority_id,
    published: inspection.published,
    authorityName: report.localAuthority,
    actions,
  };
}

/**
 * Loads the demo into an empty, migrated database and returns the demo users with their
 * (random) passwords. `today` places the live 2024 plan's dates; `now` is the latest moment any
 * demo event may carry.
 */
export async function loadDemoData(options: { today: string; now: Date }): Promise<DemoUser[]> {
  const { today, now } = options;
  // Checked before anything is written, so a refused load leaves the database empty.
  if (today < EARLIEST_LIVE_TODAY) {
    throw new Error(`The demo story needs today on or after ${EARLIEST_LIVE_TODAY}; got ${today}.`);
  }
  const users: DemoUser[] = [];
  const admin = await addUser(
    users,
    { ...ADMIN, role: "admin", authorityId: null, authority: null },
    instantOn("2011-07-01", 0, now),
  );

  const casts = new Map<string, PlanCast>();
  for (const { seed, staff: key } of HISTORICAL_REPORTS) {
    const report = parseReportText(readSeedReport(seed));
    if (!report.published || !report.localAuthority)
      throw new Error(`Demo data: ${seed} has no publication date or authority.`);
    const importedOn = workday(plusDays(report.published, 3));
    const imported = await importSeed({
      seed,
      basis: { kind: "publication", date: null },
      // An administrator's import creates the authority the first time its name is seen.
      authority: { newName: report.localAuthority },
      by: admin,
      at: instantOn(importedOn, 0, now),
    });

    let cast = casts.get(key);
    if (!cast) {
      cast = await createStaff(
        users,
        STAFF[key],
        imported.authorityId,
        report.localAuthority,
        instantOn(importedOn, 1, now),
      );
      casts.set(key, cast);
    }
    await playHistoricalPlan({ seed, published: report.published, cast, actions: imported.actions, latest: now });
  }

  const hackney = casts.get("hackney")!;
  const live = await importSeed({
    seed: LIVE_REPORT.seed,
    basis: { kind: "received", date: LIVE_REPORT.received },
    authority: { id: hackney.lead.authorityId! },
    by: hackney.lead,
    at: instantOn(LIVE_REPORT.received, 1, now),
  });
  await playLivePlan({ received: LIVE_REPORT.received, cast: hackney, actions: live.actions, today, latest: now });
  await playDemoMeasures({
    authorityId: live.authorityId,
    lead: hackney.lead,
    actions: live.actions,
    today,
    latest: now,
  });
  await recordAnnualEngagementMeetings({ authorityId: live.authorityId, lead: hackney.lead, today, latest: now });
  // The old plans are finished: Hackney's 2012 plan is superseded by the 2024 ILACS; the other
  // boroughs' 2011 plans were closed at their final review (app/domain/plan-closure.ts).
  await closeOldPlans({ authorityId: live.authorityId, lead: hackney.lead, latest: now });
  for (const key of ["hammersmith-fulham", "havering"] as const) {
    const cast = casts.get(key)!;
    await closeAtFinalReview({ authorityId: cast.lead.authorityId!, lead: cast.lead, latest: now });
  }
  return users;
}

async function createStaff(
  users: DemoUser[],
  staff: StaffList,
  authorityId: number,
  authority: string,
  at: Date,
): Promise<PlanCast> {
  const person = (name: string, role: Role) =>
    addUser(users, { name, email: emailFor(name, staff.domain), role, authorityId, authority }, at);
  const lead = await person(staff.lead, "improvement_lead");
  const managers: Actor[] = [];
  for (const name of staff.managers) managers.push(await person(name, "service_manager"));
  await person(staff.board, "board_member");
  return { lead, managers, domain: staff.domain };
}

/**
 * Hackney's annual engagement meetings with Ofsted since its 2024 inspection: the latest about ten
 * weeks before today, the others a year apart (no monitoring visits: no demo authority's last ILACS
 * judgement is Inadequate). Recorded by the lead a few days after each, as the app would.
 */
async function recordAnnualEngagementMeetings(input: {
  authorityId: number;
  lead: Actor;
  today: string;
  latest: Date;
}) {
  const dates: string[] = [];
  for (let date = plusDays(input.today, -75); date > "2024-10-01"; date = plusDays(date, -364))
    dates.push(workday(date));
  for (const date of dates.reverse()) {
    const year = date.slice(0, 4);
    await createInspectionEvent(
      input.lead,
      input.authorityId,
      {
        kind: "annual_engagement",
        date,
        endDate: null,
        title: `Annual engagement meeting ${year}`,
        summary:
          "Self-evaluation discussed with Ofsted's regional director: progress on accommodation for care leavers and on return home interviews, and the plans for the next 12 months.",
        letter: null,
      },
      instantOn(workday(plusDays(date, 2)), 0, input.latest),
    );
  }
}
