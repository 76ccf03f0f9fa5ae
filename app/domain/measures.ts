// Pure rules for performance measures: which way is better, how far from target, how a value
// compares with statistical neighbours and England, and how to print it with its unit.

export type Direction = "improving" | "worsening" | "no_change";
export type Comparison = "better" | "worse" | "same";
export type ImpactLevel = "none" | "emerging" | "strong";

export const IMPACT_LEVELS = ["none", "emerging", "strong"] as const satisfies readonly ImpactLevel[];

export const IMPACT_LABELS: Record<ImpactLevel, string> = {
  none: "No evidence of impact yet",
  emerging: "Emerging evidence of impact",
  strong: "Strong evidence of impact",
};

export const UNITS = ["%", "per 10,000 children", "days", "weeks", "number"] as const;

export const DIRECTION_LABELS: Record<Direction, string> = {
  improving: "Improving",
  worsening: "Worsening",
  no_change: "No change",
};

/** Values within this of each other are treated as equal, so 13.0 and 13 read as "no change". */
const EPSILON = 1e-9;

function compareValues(value: number, other: number, higherIsBetter: boolean): Comparison {
  const diff = value - other;
  if (Math.abs(diff) < EPSILON) return "same";
  return diff > 0 === higherIsBetter ? "better" : "worse";
}

/** Direction of travel from the previous value to the latest; null without two values. */
export function directionOfTravel(values: readonly number[], higherIsBetter: boolean): Direction | null {
  if (values.length < 2) return null;
  const comparison = compareValues(values[values.length - 1], values[values.length - 2], higherIsBetter);
  return comparison === "same" ? "no_change" : comparison === "better" ? "improving" : "worsening";
}

/** The latest value against a comparator (statistical neighbours, England, the target). */
export function compareWith(value: number, comparator: number | null, higherIsBetter: boolean): Comparison | null {
  if (comparator === null) return null;
  return compareValues(value, comparator, higherIsBetter);
}

export interface TargetDistance {
  met: boolean;
  /** How far there is still to go, in the measure's unit; 0 when met. */
  remaining: number;
}

export function distanceToTarget(value: number, target: number | null, higherIsBetter: boolean): TargetDistance | null {
  if (target === null) return null;
  const met = compareValues(value, target, higherIsBetter) !== "worse";
  return { met, remaining: met ? 0 : roundForDisplay(Math.abs(target - value)) };
}

function roundForDisplay(value: number): number {
  return Math.round(value * 10) / 10;
}

// Made once: toLocaleString with options builds a new formatter on every call, which is slow
// when a dashboard or pack prints thousands of values.
const NUMBER_FORMAT = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** A value with its unit, as a board report would print it: "17.2%", "65 per 10,000 children", "472 days". */
export function formatMeasureValue(value: number | null, unit: string): string {
  if (value === null) return "Not known";
  const number = NUMBER_FORMAT.format(roundForDisplay(value));
  if (unit === "%") return `${number}%`;
  if (unit === "number" || unit === "") return number;
  return `${number} ${unit}`;
}

/** Comparison in words for a table cell, e.g. "Better than England (22.6%)". */
export function describeComparison(
  comparison: Comparison | null,
  against: string,
  comparator: number | null,
  unit: string,
): string {
  if (comparison === null || comparator === null) return `No ${against} figure`;
  const formatted = formatMeasureValue(comparator, unit);
  if (comparison === "same") return `Same as ${against} (${formatted})`;
  return `${comparison === "better" ? "Better" : "Worse"} than ${against} (${formatted})`;
}

export function describeTarget(
  distance: TargetDistance | null,
  target: number | null,
  targetPeriod: string | null,
  unit: string,
): string {
  if (distance === null || target === null) return "No target set";
  const by = targetPeriod ? ` by ${targetPeriod}` : "";
  if (distance.met) return `Target met (${formatMeasureValue(target, unit)}${by})`;
  return `${formatMeasureValue(distance.remaining, unit === "%" ? "percentage points" : unit)} from target (${formatMeasureValue(target, unit)}${by})`;
}

export interface MeasureFacts {
  unit: string;
  higher_is_better: boolean;
  target_value: number | null;
  target_period: string | null;
  /** Oldest first. */
  values: readonly { period: string; value: number; statistical_neighbours: number | null; england: number | null }[];
}

/**
 * What a reader wants at a glance: the latest value, its direction of travel, how far from
 * target, and how it compares with the latest published statistical-neighbour and England figures
 * (which often lag the authority's own, so each names its period).
 */
export function summariseMeasure(measure: MeasureFacts) {
  const { unit, higher_is_better: higherIsBetter, values } = measure;
  const latest = values.at(-1) ?? null;
  if (!latest) {
    return {
      latest: null,
      direction: null,
      target: "No values yet",
      neighbours: "No values yet",
      england: "No values yet",
    };
  }
  const lastWith = (key: "statistical_neighbours" | "england") =>
    [...values].reverse().find((v) => v[key] !== null) ?? null;
  const comparator = (key: "statistical_neighbours" | "england", label: string) => {
    const row = lastWith(key);
    const figure = row ? row[key] : null;
    const text = describeComparison(compareWith(latest.value, figure, higherIsBetter), label, figure, unit);
    return row && row.period !== latest.period ? `${text.slice(0, -1)}, ${row.period})` : text;
  };
  return {
    latest: { period: latest.period, value: latest.value, formatted: formatMeasureValue(latest.value, unit) },
    direction: directionOfTravel(
      values.map((v) => v.value),
      higherIsBetter,
    ),
    target: describeTarget(
      distanceToTarget(latest.value, measure.target_value, higherIsBetter),
      measure.target_value,
      measure.target_period,
      unit,
    ),
    neighbours: comparator("statistical_neighbours", "statistical neighbours"),
    england: comparator("england", "England"),
  };
}
