/**
 * A realistic plan with about a year of history, written through the real model functions: one
 * authority with a SLAC report of `recommendations` recommendations and `actionsPerRecommendation`
 * actions each; owners assigned, statuses moved, target dates changed with reasons, risk flags,
 * progress updates, evidence notes, sign-offs and service areas; eight performance measures with
 * six periods of values each, linked to recommendations. Seeded, so every run builds the same plan.
 * The database at DATABASE_PATH must be migrated first. Used by `npm run bench:board` and
 * `npm run pack:pictures`.
 */
import { getDb } from "../../db/client";
import { addAction } from "../../app/models/action-create.server";
import * as changes from "../../app/models/action-changes.server";
import { addEvidence } from "../../app/models/evidence.server";
import { buildRecommendation, buildReport, createAuthority, createInspection, createTestUser } from "../factories";

/** A small seeded generator (mulberry32), so every run builds the same plan. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectOk(result: { ok: boolean }, step: string) {
  if (!result.ok) throw new Error(`${step} failed: ${JSON.stringify(result)}`);
}

const SERVICE_AREAS = [
  "Front door",
  "Children in need",
  "Child protection",
  "Children in care",
  "Care leavers",
  "Early help",
];
const AGENCIES = [null, null, null, "NHS Trust", "Police", "Education"];

export async function buildBoardPlan({
  recommendations: RECOMMENDATIONS = 40,
  actionsPerRecommendation: ACTIONS_PER_RECOMMENDATION = 5,
  authorityName = "Benchshire",
} = {}) {
  const rand = random(20241122);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  const authority = await createAuthority(authorityName);
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id, name: "Lee Lead" });
  const owners = [];
  for (let i = 0; i < 8; i++) {
    owners.push(
      await createTestUser({ role: "service_manager", authorityId: authority.id, name: `Service Manager ${i + 1}` }),
    );
  }
  const member = await createTestUser({ role: "board_member", authorityId: authority.id, name: "Board Member" });

  const sections = ["safeguarding", "looked_after_children"] as const;
  const timescales = ["immediately", "three_months", "six_months"] as const;
  const report = buildReport({
    kind: "slac",
    published: "2024-01-15",
    recommendations: Array.from({ length: RECOMMENDATIONS }, (_, i) =>
      buildRecommendation({
        section: sections[i % 2],
        timescale: timescales[i % 3],
        text: `Ensure that practice area ${i + 1} is consistently good, with management oversight recorded on every case and audited monthly.`,
        agencies: i % 7 === 0 ? ["NHS Trust"] : [],
        paragraphNumber: String(10 + i),
      }),
    ),
  });
  const { inspectionId, actionIds: firstActions } = await createInspection(authority.id, report);
  // The factory imports "now" (its fixed date); this plan's history starts in February 2024, so the
  // report is dated as imported the week it was published, before any of it.
  await getDb()
    .updateTable("inspections")
    .set({ imported_at: "2024-01-22T09:00:00.000Z" })
    .where("id", "=", inspectionId)
    .execute();
  await getDb()
    .updateTable("actions")
    .set({ created_at: "2024-01-22T09:00:00.000Z" })
    .where("id", "in", firstActions)
    .execute();
  const recommendations = await getDb()
    .selectFrom("recommendations")
    .select("id")
    .where("inspection_id", "=", inspectionId)
    .orderBy("position")
    .execute();

  let clock = new Date("2024-02-01T09:00:00Z").getTime();
  const tick = (hours: number) => new Date((clock += hours * 3600_000));
  const version = async (id: number) =>
    (await getDb().selectFrom("actions").select("version").where("id", "=", id).executeTakeFirstOrThrow()).version;

  const actionIds = [...firstActions];
  for (const recommendation of recommendations) {
    for (let n = 1; n < ACTIONS_PER_RECOMMENDATION; n++) {
      const result = await addAction(
        lead.actor,
        {
          recommendationId: recommendation.id,
          title: `Action ${n + 1}: ${pick(["audit", "train", "recruit", "review", "embed"])} ${pick(["supervision", "plans", "case records", "partnership working", "return interviews"])}`,
          description: "Agreed at the improvement board; progress reported monthly.",
          ownerId: pick(owners).id,
          targetDate: `2024-${String(3 + Math.floor(rand() * 10)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`,
          partnerAgency: pick(AGENCIES),
          serviceArea: pick(SERVICE_AREAS),
          successMeasure: "90% of audited cases good or better",
        },
        tick(1),
      );
      expectOk(result, "add action");
      if (result.ok) actionIds.push(result.actionId);
    }
  }

  // About a year of history, action by action, in time order.
  for (const [i, actionId] of actionIds.entries()) {
    const owner = pick(owners);
    if (i < firstActions.length) {
      expectOk(
        await changes.assignActionOwner(
          lead.actor,
          { actionId, version: await version(actionId), ownerId: owner.id },
          tick(2),
        ),
        "assign",
      );
      expectOk(
        await changes.changeActionServiceArea(
          lead.actor,
          { actionId, version: await version(actionId), serviceArea: pick(SERVICE_AREAS) },
          tick(1),
        ),
        "service area",
      );
    }
    const row = await getDb()
      .selectFrom("actions")
      .select(["owner_id", "target_date"])
      .where("id", "=", actionId)
      .executeTakeFirstOrThrow();
    const worker = owners.find((o) => o.id === row.owner_id) ?? lead;
    if (row.target_date === null || rand() < 0.3) {
      expectOk(
        await changes.changeActionTargetDate(
          lead.actor,
          {
            actionId,
            version: await version(actionId),
            targetDate: `2024-${String(6 + Math.floor(rand() * 7)).padStart(2, "0")}-28`,
            reason: "Replanned with the service",
          },
          tick(3),
        ),
        "target",
      );
    }
    if (rand() < 0.9) {
      expectOk(
        await changes.changeActionStatus(
          worker.actor,
          { actionId, version: await version(actionId), move: "start", reason: "" },
          tick(5),
        ),
        "start",
      );
    }
    const updates = 1 + Math.floor(rand() * 4);
    for (let u = 0; u < updates; u++) {
      expectOk(
        await changes.addProgressUpdate(
          worker.actor,
          {
            actionId,
            body: `Update ${u + 1}: audit of ${10 + Math.floor(rand() * 40)} cases completed; findings reported to the service leadership team.`,
          },
          tick(20),
        ),
        "progress",
      );
    }
    const evidence = 1 + Math.floor(rand() * 3);
    for (let e = 0; e < evidence; e++) {
      expectOk(
        await addEvidence(
          worker.actor,
          {
            actionId,
            kind: "note",
            purpose: rand() < 0.7 ? "completion" : "impact",
            description: `Evidence ${e + 1}: audit report and minutes (see the shared drive)`,
            url: null,
            evidenceDate: null,
            file: null,
          },
          tick(6),
        ),
        "evidence",
      );
    }
    const fate = rand();
    if (fate < 0.15) {
      expectOk(
        await changes.flagActionRisk(
          worker.actor,
          {
            actionId,
            version: await version(actionId),
            flag: fate < 0.05 ? "off_track" : "at_risk",
            reason: "Staffing gaps",
          },
          tick(4),
        ),
        "flag",
      );
    } else if (fate < 0.55) {
      expectOk(
        await changes.changeActionStatus(
          worker.actor,
          { actionId, version: await version(actionId), move: "submit", reason: "" },
          tick(8),
        ),
        "submit",
      );
      if (fate < 0.45) {
        expectOk(
          await changes.changeActionStatus(
            lead.actor,
            { actionId, version: await version(actionId), move: "sign_off", reason: "" },
            tick(24),
          ),
          "sign off",
        );
      }
    }
  }

  // Eight measures from a council's performance overview, six annual periods each.
  const db = getDb();
  for (let m = 0; m < 8; m++) {
    const higher = m % 2 === 0;
    const { id } = await db
      .insertInto("measures")
      .values({
        authority_id: authority.id,
        name: `Indicator ${m + 1}`,
        unit: "%",
        higher_is_better: higher ? 1 : 0,
        baseline_value: 50,
        baseline_period: "2018-19",
        target_value: higher ? 70 : 30,
        target_period: "2024-25",
        created_at: "2024-02-01T09:00:00.000Z",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let p = 0; p < 6; p++) {
      await db
        .insertInto("measure_values")
        .values({
          measure_id: id,
          period: `${2018 + p}-${String(19 + p).padStart(2, "0")}`,
          period_end: `${2019 + p}-03-31`,
          value: Math.round((50 + (higher ? 1 : -1) * p * 3 + rand() * 4) * 10) / 10,
          statistical_neighbours: Math.round((48 + rand() * 6) * 10) / 10,
          england: p < 5 ? Math.round((49 + rand() * 4) * 10) / 10 : null,
          recorded_by: lead.id,
          recorded_at: `2024-0${2 + Math.floor(p / 2)}-10T09:00:00.000Z`,
        })
        .execute();
    }
    await db
      .insertInto("measure_recommendations")
      .values(recommendations.filter((_, r) => r % 8 === m).map((r) => ({ measure_id: id, recommendation_id: r.id })))
      .execute();
  }
  return { authority, lead, member, owners, actions: actionIds.length, actionIds };
}
