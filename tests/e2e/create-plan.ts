import { closeDb, getDb } from "../../db/client";
import { buildRecommendation, buildReport, createInspection, setAction } from "../factories";

// Run (after create-users.ts) by tests that start servers of their own: one inspection with two
// actions in the first authority, owned by its service manager. Prints one JSON line: the action ids.

async function main() {
  const authority = await getDb().selectFrom("authorities").select("id").orderBy("id").executeTakeFirstOrThrow();
  const manager = await getDb()
    .selectFrom("users")
    .select("id")
    .where("role", "=", "service_manager")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const report = buildReport({ recommendations: [buildRecommendation(), buildRecommendation()] });
  const { actionIds } = await createInspection(authority.id, report);
  for (const id of actionIds) await setAction(id, { owner_id: manager.id, target_date: "2030-03-31" });
  console.log(JSON.stringify({ actionIds }));
}

try {
  await main();
} finally {
  await closeDb();
}
