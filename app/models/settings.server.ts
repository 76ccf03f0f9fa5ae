import { getDb } from "../../db/client";

export interface PlanSettings {
  immediateGraceDays: number;
  amberWindowDays: number;
}

export async function getSettings(): Promise<PlanSettings> {
  const row = await getDb()
    .selectFrom("settings")
    .select(["immediate_grace_days", "amber_window_days"])
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  return { immediateGraceDays: row.immediate_grace_days, amberWindowDays: row.amber_window_days };
}
