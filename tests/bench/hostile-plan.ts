import { closeDb, getDb } from "../../db/client";
import { buildRecommendation, buildReport, createInspection } from "../factories";

// Run by `npm run bench:hostile` (after tests/e2e/create-users.ts) on its own database: an
// inspection of 100 recommendations with 100 actions each (10,000 actions) in the first
// authority, as one allowed plan import could create, so that the Word board pack of that plan
// can be downloaded while /healthz is timed. Prints one JSON line: the inspection id.

async function main() {
  const db = getDb();
  const authority = await db.selectFrom("authorities").select("id").orderBy("id").executeTakeFirstOrThrow();
  const owner = await db
    .selectFrom("users")
    .select("id")
    .where("role", "=", "service_manager")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const report = buildReport({
    recommendations: Array.from({ length: 100 }, (_, i) =>
      buildRecommendation({ text: `Improve the quality of practice in area ${i + 1} for children in need.` }),
    ),
  });
  const { inspectionId } = await createInspection(authority.id, report);
  const recommendations = await db
    .selectFrom("recommendations")
    .select("id")
    .where("inspection_id", "=", inspectionId)
    .execute();
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const { id } of recommendations) {
      await trx
        .insertInto("actions")
        .values(
          Array.from({ length: 99 }, (_, i) => ({
            recommendation_id: id,
            sequence: i + 2,
            title: `Action ${i + 2}: audit fifty case files and report to the improvement board`,
            description: "",
            owner_id: owner.id,
            target_date: i % 3 === 0 ? "2024-03-31" : "2030-03-31",
            baseline_target_date: "2024-03-31",
            status: i % 4 === 0 ? "in_progress" : "not_started",
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    }
  });
  console.log(JSON.stringify({ inspectionId }));
}

try {
  await main();
} finally {
  await closeDb();
}
