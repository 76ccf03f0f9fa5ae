import { describe, expect, it } from "vitest";

import {
  ACTION_STATUSES,
  DEFAULT_AMBER_WINDOW_DAYS,
  RAG_DEFINITIONS,
  RAG_LABELS,
  RAG_ORDER,
  STATUS_LABELS,
  compareRag,
  computeRag,
  computeRagWithReason,
  daysOverdue,
  daysUntilDue,
  isOverdue,
  ragDefinitions,
  type ActionStatus,
  type Rag,
  type RiskFlag,
} from "./rag";

const today = "2024-07-01";
const yesterday = "2024-06-30";
const in14Days = "2024-07-15";
const in15Days = "2024-07-16";
const farFuture = "2024-12-31";

function rag(status: ActionStatus, targetDate: string | null, riskFlag: RiskFlag = null, amberWindowDays = 14) {
  return computeRag({ status, targetDate, riskFlag, today, amberWindowDays });
}

describe("computeRag", () => {
  it("defaults the amber window to 14 days", () => {
    expect(DEFAULT_AMBER_WINDOW_DAYS).toBe(14);
  });

  it.each<[status: ActionStatus, targetDate: string | null, riskFlag: RiskFlag, expected: Rag, why: string]>([
    // Blue: signed off beats everything.
    ["signed_off", farFuture, null, "blue", "signed off"],
    ["signed_off", yesterday, null, "blue", "signed off late is still blue"],
    ["signed_off", null, null, "blue", "signed off without a target date"],
    ["signed_off", today, "off_track", "blue", "signed off beats a stale off-track flag"],
    ["signed_off", in14Days, "at_risk", "blue", "signed off beats at risk"],
    // Red: overdue or flagged off track.
    ["not_started", yesterday, null, "red", "overdue, not started"],
    ["in_progress", "2020-01-01", null, "red", "long overdue"],
    ["awaiting_sign_off", yesterday, null, "red", "overdue beats awaiting sign-off"],
    ["in_progress", yesterday, "at_risk", "red", "overdue beats at risk"],
    ["in_progress", farFuture, "off_track", "red", "off track even when not due"],
    ["in_progress", null, "off_track", "red", "off track beats no target date"],
    ["awaiting_sign_off", farFuture, "off_track", "red", "off track beats awaiting sign-off"],
    // Amber: due within the window, or flagged at risk (only risk is Amber).
    ["in_progress", today, null, "amber", "due today is amber, not red"],
    ["in_progress", "2024-07-02", null, "amber", "due tomorrow"],
    ["not_started", in14Days, null, "amber", "due on the last day of the window"],
    ["in_progress", farFuture, "at_risk", "amber", "flagged at risk"],
    ["in_progress", null, "at_risk", "amber", "flagged at risk with no target date"],
    ["awaiting_sign_off", farFuture, "at_risk", "amber", "at risk beats awaiting sign-off"],
    // Not scheduled: open, with no target date.
    ["in_progress", null, null, "grey", "no target date"],
    ["not_started", null, null, "grey", "no target date, not started"],
    // Green: awaiting sign-off and not overdue (the work is done), and everything else.
    ["awaiting_sign_off", farFuture, null, "green", "awaiting sign-off"],
    ["awaiting_sign_off", today, null, "green", "awaiting sign-off due today"],
    ["awaiting_sign_off", in14Days, null, "green", "awaiting sign-off inside the amber window"],
    ["awaiting_sign_off", null, null, "green", "awaiting sign-off with no target date"],
    // Green: everything else.
    ["in_progress", in15Days, null, "green", "due the day after the window closes"],
    ["not_started", farFuture, null, "green", "not started but not due"],
  ])("%s, target %s, flag %s -> %s (%s)", (status, targetDate, riskFlag, expected) => {
    expect(rag(status, targetDate, riskFlag)).toBe(expected);
  });

  it("uses the configured amber window", () => {
    expect(rag("in_progress", "2024-07-08", null, 7)).toBe("amber");
    expect(rag("in_progress", "2024-07-09", null, 7)).toBe("green");
    expect(rag("in_progress", today, null, 0)).toBe("amber");
    expect(rag("in_progress", "2024-07-02", null, 0)).toBe("green");
    expect(rag("in_progress", "2024-08-01", null, 31)).toBe("amber");
  });

  it("counts the window across a month and year end", () => {
    const input = { status: "in_progress", riskFlag: null, today: "2024-12-25", amberWindowDays: 14 } as const;
    expect(computeRag({ ...input, targetDate: "2025-01-08" })).toBe("amber");
    expect(computeRag({ ...input, targetDate: "2025-01-09" })).toBe("green");
  });

  it("gives the reason that decided the RAG", () => {
    const base = { today, amberWindowDays: 14 };
    expect(computeRagWithReason({ ...base, status: "signed_off", targetDate: yesterday, riskFlag: null })).toEqual({
      rag: "blue",
      reason: "signed_off",
    });
    expect(
      computeRagWithReason({ ...base, status: "in_progress", targetDate: yesterday, riskFlag: "off_track" }).reason,
    ).toBe("overdue");
    expect(
      computeRagWithReason({ ...base, status: "in_progress", targetDate: farFuture, riskFlag: "off_track" }).reason,
    ).toBe("flagged_off_track");
    expect(
      computeRagWithReason({ ...base, status: "awaiting_sign_off", targetDate: null, riskFlag: null }).reason,
    ).toBe("awaiting_sign_off");
    expect(computeRagWithReason({ ...base, status: "in_progress", targetDate: null, riskFlag: null }).reason).toBe(
      "no_target_date",
    );
    expect(
      computeRagWithReason({ ...base, status: "in_progress", targetDate: farFuture, riskFlag: "at_risk" }).reason,
    ).toBe("flagged_at_risk");
    expect(computeRagWithReason({ ...base, status: "in_progress", targetDate: today, riskFlag: null }).reason).toBe(
      "due_soon",
    );
    expect(computeRagWithReason({ ...base, status: "in_progress", targetDate: farFuture, riskFlag: null }).reason).toBe(
      "on_track",
    );
  });

  it("rejects malformed dates and windows", () => {
    expect(() => rag("in_progress", "2024-02-30")).toThrow(/Invalid calendar date/);
    expect(() =>
      computeRag({ status: "in_progress", targetDate: null, riskFlag: null, today: "1/7/2024", amberWindowDays: 14 }),
    ).toThrow(/Invalid calendar date/);
    expect(() => rag("in_progress", farFuture, null, -1)).toThrow(/amberWindowDays/);
  });

  it("agrees with the PRODUCT.md definitions for every combination over a month of target dates", () => {
    const flags: RiskFlag[] = [null, "at_risk", "off_track"];
    for (const status of ACTION_STATUSES) {
      for (const riskFlag of flags) {
        for (let offset = -10; offset <= 20; offset++) {
          const targetDate = offsetDate(today, offset);
          const actual = rag(status, targetDate, riskFlag);
          const overdue = offset < 0 && status !== "signed_off";
          const inWindow = offset >= 0 && offset <= 14;
          let expected: Rag;
          if (status === "signed_off") expected = "blue";
          else if (overdue || riskFlag === "off_track") expected = "red";
          else if (riskFlag === "at_risk") expected = "amber";
          else if (status === "awaiting_sign_off") expected = "green";
          else if (inWindow) expected = "amber";
          else expected = "green";
          expect(actual, `${status} ${targetDate} ${riskFlag}`).toBe(expected);
          expect(isOverdue({ status, targetDate, today }), `${status} ${targetDate}`).toBe(overdue);
        }
      }
    }
  });
});

describe("isOverdue and daysOverdue", () => {
  it("is overdue only after the target date and only when not signed off", () => {
    expect(isOverdue({ status: "in_progress", targetDate: yesterday, today })).toBe(true);
    expect(isOverdue({ status: "awaiting_sign_off", targetDate: yesterday, today })).toBe(true);
    expect(isOverdue({ status: "in_progress", targetDate: today, today })).toBe(false);
    expect(isOverdue({ status: "signed_off", targetDate: yesterday, today })).toBe(false);
    expect(isOverdue({ status: "in_progress", targetDate: null, today })).toBe(false);
  });

  it("counts calendar days overdue, 0 when not yet due", () => {
    expect(daysOverdue(yesterday, today)).toBe(1);
    expect(daysOverdue("2024-02-28", "2024-03-01")).toBe(2); // leap day counted
    expect(daysOverdue("2024-12-31", "2025-01-31")).toBe(31);
    expect(daysOverdue("2024-03-30", "2024-04-01")).toBe(2); // across the clocks going forward
    expect(daysOverdue(today, today)).toBe(0);
    expect(daysOverdue(farFuture, today)).toBe(0);
  });

  it("counts days until due, negative once past", () => {
    expect(daysUntilDue(in14Days, today)).toBe(14);
    expect(daysUntilDue(today, today)).toBe(0);
    expect(daysUntilDue(yesterday, today)).toBe(-1);
  });
});

describe("labels and definitions", () => {
  it("orders RAG worst first", () => {
    expect(RAG_ORDER).toEqual(["red", "amber", "grey", "green", "blue"]);
    expect((["blue", "green", "grey", "red", "amber"] as Rag[]).sort(compareRag)).toEqual([
      "red",
      "amber",
      "grey",
      "green",
      "blue",
    ]);
  });

  it("labels every RAG and status", () => {
    expect(RAG_LABELS).toEqual({ blue: "Blue", green: "Green", amber: "Amber", red: "Red", grey: "Not scheduled" });
    expect(ACTION_STATUSES.map((status) => STATUS_LABELS[status])).toEqual([
      "Not started",
      "In progress",
      "Awaiting sign-off",
      "Signed off",
    ]);
  });

  it("defines each RAG as PRODUCT.md does", () => {
    expect(RAG_DEFINITIONS.blue).toBe("Blue: signed off.");
    expect(RAG_DEFINITIONS.green).toBe(
      "Green: on track, including an action awaiting sign-off before its target date.",
    );
    expect(RAG_DEFINITIONS.amber).toBe(
      "Amber: at risk — due within 14 days and not yet done, or flagged at risk by the owner.",
    );
    expect(RAG_DEFINITIONS.red).toBe(
      "Red: overdue (past its target date and not signed off), or flagged off track by the owner.",
    );
    expect(RAG_DEFINITIONS.grey).toMatch(/^Not scheduled: no target date yet/);
    expect(ragDefinitions(7).amber).toContain("due within 7 days");
  });
});

function offsetDate(iso: string, days: number): string {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
