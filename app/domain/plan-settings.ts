import { z } from "zod";

// The plan settings a council may choose (app/models/settings.server.ts): the amber window and the
// grace days for "immediately". Bounds keep both meaningful: an action cannot be Amber for more
// than a quarter before its date, and "immediately" cannot mean more than three months.

export const AMBER_WINDOW_MAX = 90;
export const GRACE_DAYS_MAX = 90;

export interface PlanSettingsInput {
  /** Null: the council follows the default. */
  amberWindowDays: number | null;
  immediateGraceDays: number | null;
}

const days = (max: number, what: string, example: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, `Enter ${what} as a whole number of days, for example ${example}`)
    .transform(Number)
    .pipe(z.number().max(max, `${what[0].toUpperCase()}${what.slice(1)} can be at most ${max} days`));

const amber = days(AMBER_WINDOW_MAX, "the amber window", "14").pipe(
  z.number().min(1, "The amber window must be at least 1 day"),
);
const grace = days(GRACE_DAYS_MAX, "the grace days", "28");

/** A blank field: the council follows the default. */
const ownOrDefault = <T extends z.ZodType<number, string>>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), schema.nullable());

export const CouncilSettingsSchema = z.object({
  amberWindowDays: ownOrDefault(amber),
  immediateGraceDays: ownOrDefault(grace),
});

export const DefaultSettingsSchema = z.object({
  amberWindowDays: amber,
  immediateGraceDays: grace,
});
