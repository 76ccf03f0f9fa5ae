import { z } from "zod";
import { UNITS } from "../domain/measures";
import { parseUkDate } from "../utils/dates";
import { type FieldErrors, RadiosField, SelectField, TextArea, TextField } from "./forms";

export const MEASURE_NAME_MAX = 200;
export const PERIOD_MAX = 40;
export const NOTES_MAX = 2000;
export const SOURCE_MAX = 300;

/** "" is no value; otherwise a number as people type it ("17.2", "17.2%", "2,129"). */
const optionalNumber = z
  .string()
  .trim()
  .default("")
  .transform((v, ctx) => {
    if (v === "") return null;
    const n = Number(v.replace(/[,%\s]/g, ""));
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: "Enter a number, for example 17.2, or leave it blank" });
      return z.NEVER;
    }
    return n;
  });

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep the ${label} under ${max} characters`)
    .default("")
    .transform((v) => (v === "" ? null : v));

export const MeasureSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter the measure's name")
    .max(MEASURE_NAME_MAX, `Keep the name under ${MEASURE_NAME_MAX} characters`),
  unit: z.enum(UNITS, { message: "Choose a unit" }),
  higherIsBetter: z
    .enum(["yes", "no"], { message: "Say whether a higher value is better" })
    .transform((v) => v === "yes"),
  baselineValue: optionalNumber,
  baselinePeriod: optionalText(PERIOD_MAX, "baseline period"),
  targetValue: optionalNumber,
  targetPeriod: optionalText(PERIOD_MAX, "target period"),
  notes: z.string().trim().max(NOTES_MAX, `Keep the notes under ${NOTES_MAX} characters`).default(""),
});

export const MeasureValueSchema = z.object({
  period: z
    .string()
    .trim()
    .min(1, "Enter the period, for example 2019-20 or Q2 2019-20")
    .max(PERIOD_MAX, `Keep the period under ${PERIOD_MAX} characters`),
  periodEnd: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const iso = v === "" ? null : parseUkDate(v);
      if (!iso) {
        ctx.addIssue({
          code: "custom",
          message: "Enter the last day of the period as a real date, for example 31/03/2020",
        });
        return z.NEVER;
      }
      return iso;
    }),
  value: optionalNumber.refine((v) => v !== null, "Enter the value, for example 17.2").transform((v) => v as number),
  statisticalNeighbours: optionalNumber,
  england: optionalNumber,
  source: z.string().trim().max(SOURCE_MAX, `Keep the source under ${SOURCE_MAX} characters`).default(""),
});

export interface MeasureDefaults {
  name?: string | null;
  unit?: string | null;
  higherIsBetter?: string | null;
  baselineValue?: string | null;
  baselinePeriod?: string | null;
  targetValue?: string | null;
  targetPeriod?: string | null;
  notes?: string | null;
}

/** The fields of a measure, shared by the add and edit forms. */
export function MeasureFields({ values, errors }: { values: MeasureDefaults; errors: FieldErrors | undefined }) {
  return (
    <>
      <TextField
        name="name"
        label="Name"
        hint="As the board report words it, for example Re-referrals within 12 months"
        defaultValue={values.name}
        error={errors?.name}
      />
      <SelectField
        name="unit"
        label="Unit"
        defaultValue={values.unit ?? "%"}
        error={errors?.unit}
        options={UNITS.map((u) => ({ value: u, label: u }))}
      />
      <RadiosField
        name="higherIsBetter"
        legend="Is a higher value better?"
        inline
        defaultValue={values.higherIsBetter}
        error={errors?.higherIsBetter}
        options={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No, lower is better" },
        ]}
      />
      <TextField
        name="baselineValue"
        label="Baseline value (optional)"
        width={10}
        defaultValue={values.baselineValue}
        error={errors?.baselineValue}
      />
      <TextField
        name="baselinePeriod"
        label="Baseline period (optional)"
        hint="For example, 2018-19"
        width={20}
        defaultValue={values.baselinePeriod}
        error={errors?.baselinePeriod}
      />
      <TextField
        name="targetValue"
        label="Target value (optional)"
        width={10}
        defaultValue={values.targetValue}
        error={errors?.targetValue}
      />
      <TextField
        name="targetPeriod"
        label="Target period (optional)"
        hint="For example, 2020-21"
        width={20}
        defaultValue={values.targetPeriod}
        error={errors?.targetPeriod}
      />
      <TextArea
        name="notes"
        label="Notes (optional)"
        hint="How it is counted, and anything a board member should know when reading it"
        rows={3}
        defaultValue={values.notes}
        error={errors?.notes}
      />
    </>
  );
}

/** The fields for one period's value. */
export function MeasureValueFields({
  values,
  errors,
}: {
  values: Record<string, string | undefined>;
  errors: FieldErrors | undefined;
}) {
  return (
    <>
      <TextField
        name="period"
        label="Period"
        hint="As the source prints it, for example 2019-20 or Q2 2019-20"
        width={20}
        defaultValue={values.period}
        error={errors?.period}
      />
      <TextField
        name="periodEnd"
        label="Last day of the period"
        hint="For example, 31/03/2020. A value for the same date replaces the one recorded before."
        width={10}
        defaultValue={values.periodEnd}
        error={errors?.periodEnd}
      />
      <TextField name="value" label="Value" width={10} defaultValue={values.value} error={errors?.value} />
      <TextField
        name="statisticalNeighbours"
        label="Statistical neighbours' average (optional)"
        width={10}
        defaultValue={values.statisticalNeighbours}
        error={errors?.statisticalNeighbours}
      />
      <TextField
        name="england"
        label="England average (optional)"
        width={10}
        defaultValue={values.england}
        error={errors?.england}
      />
      <TextField
        name="source"
        label="Source (optional)"
        hint="For example, the mid-year performance report"
        defaultValue={values.source}
        error={errors?.source}
      />
    </>
  );
}
