import { describe, expect, it } from "vitest";
import {
  compareWith,
  describeComparison,
  describeTarget,
  directionOfTravel,
  distanceToTarget,
  formatMeasureValue,
  summariseMeasure,
} from "./measures";

describe("direction of travel", () => {
  it("reads a rise as improving only when higher is better", () => {
    expect(directionOfTravel([62, 64], true)).toBe("improving");
    expect(directionOfTravel([16.5, 17.2], false)).toBe("worsening");
    expect(directionOfTravel([23.4, 21], false)).toBe("improving");
  });

  it("compares only the latest two values", () => {
    expect(directionOfTravel([11, 13, 13], false)).toBe("no_change");
  });

  it("needs two values", () => {
    expect(directionOfTravel([], true)).toBeNull();
    expect(directionOfTravel([5], true)).toBeNull();
  });
});

describe("comparators", () => {
  it("says better or worse than a comparator given the measure's direction", () => {
    expect(compareWith(17.2, 22.6, false)).toBe("better");
    expect(compareWith(24.9, 16.5, false)).toBe("worse");
    expect(compareWith(64, 70, true)).toBe("worse");
    expect(compareWith(10, 10, true)).toBe("same");
    expect(compareWith(10, null, true)).toBeNull();
  });

  it("describes the comparison in words with the comparator's value", () => {
    expect(describeComparison("better", "England", 22.6, "%")).toBe("Better than England (22.6%)");
    expect(describeComparison("same", "statistical neighbours", 10, "%")).toBe("Same as statistical neighbours (10%)");
    expect(describeComparison(null, "England", null, "%")).toBe("No England figure");
  });
});

describe("distance to target", () => {
  it("is met when the value is at or beyond the target in the better direction", () => {
    expect(distanceToTarget(15, 16, false)).toEqual({ met: true, remaining: 0 });
    expect(distanceToTarget(70, 70, true)).toEqual({ met: true, remaining: 0 });
  });

  it("gives what is left to go", () => {
    expect(distanceToTarget(24.9, 20.8, false)).toEqual({ met: false, remaining: 4.1 });
    expect(distanceToTarget(64, 70, true)).toEqual({ met: false, remaining: 6 });
  });

  it("is null without a target", () => {
    expect(distanceToTarget(5, null, true)).toBeNull();
  });

  it("is described with percentage points for percentages", () => {
    expect(describeTarget(distanceToTarget(24.9, 20.8, false), 20.8, "2020-21", "%")).toBe(
      "4.1 percentage points from target (20.8% by 2020-21)",
    );
    expect(describeTarget(distanceToTarget(400, 433, false), 433, null, "days")).toBe("Target met (433 days)");
    expect(describeTarget(null, null, null, "%")).toBe("No target set");
  });
});

describe("formatting values", () => {
  it("prints the unit the way a board report does", () => {
    expect(formatMeasureValue(17.2, "%")).toBe("17.2%");
    expect(formatMeasureValue(65, "per 10,000 children")).toBe("65 per 10,000 children");
    expect(formatMeasureValue(2129, "number")).toBe("2,129");
    expect(formatMeasureValue(472, "days")).toBe("472 days");
    expect(formatMeasureValue(13.14, "%")).toBe("13.1%");
    expect(formatMeasureValue(null, "%")).toBe("Not known");
  });
});

describe("a measure at a glance", () => {
  const reReferrals = {
    unit: "%",
    higher_is_better: false,
    target_value: 16.3,
    target_period: "2020-21",
    values: [
      { period: "2017-18", value: 15.5, statistical_neighbours: 15, england: 22 },
      { period: "2018-19", value: 16.5, statistical_neighbours: 16.3, england: 22.6 },
      { period: "As at 30 Sept 2019", value: 17.2, statistical_neighbours: null, england: null },
    ],
  };

  it("compares the latest value with the latest published comparators, naming their period", () => {
    expect(summariseMeasure(reReferrals)).toEqual({
      latest: { period: "As at 30 Sept 2019", value: 17.2, formatted: "17.2%" },
      direction: "worsening",
      target: "0.9 percentage points from target (16.3% by 2020-21)",
      neighbours: "Worse than statistical neighbours (16.3%, 2018-19)",
      england: "Better than England (22.6%, 2018-19)",
    });
  });

  it("says so when there are no values", () => {
    expect(summariseMeasure({ ...reReferrals, values: [] }).latest).toBeNull();
  });
});
