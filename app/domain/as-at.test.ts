import { describe, expect, it } from "vitest";

import {
  AS_AT_ERRORS,
  type ActionHistory,
  type CurrentAction,
  type HistoryEvent,
  parseAsAtDate,
  reconstructAsAt,
  trendDates,
} from "./as-at";

const created = "2024-05-01T09:00:00.000Z";

function action(overrides: Partial<CurrentAction> = {}): CurrentAction {
  return {
    createdAt: created,
    status: "not_started",
    targetDate: "2024-06-01",
    ownerId: null,
    riskFlag: null,
    partnerAgency: null,
    withdrawnAt: null,
    ...overrides,
  };
}

function history(overrides: Partial<ActionHistory> = {}): ActionHistory {
  return { events: [], targetDateChanges: [], evidence: [], ...overrides };
}

const status = (at: string, move: string, from: string, to: string): HistoryEvent => ({
  at,
  event: `action.${move}`,
  before: { status: from },
  after: { status: to },
});

describe("reconstructAsAt", () => {
  // Red last month (overdue while in progress), Blue now (submitted and signed off since).
  const redThenBlue = {
    current: action({ status: "signed_off", targetDate: "2024-06-01", ownerId: 5 }),
    history: history({
      events: [
        status("2024-05-02T10:00:00.000Z", "start", "not_started", "in_progress"),
        { at: "2024-07-09T10:00:00.000Z", event: "action.evidence_added", before: null, after: { evidenceId: 1 } },
        status("2024-07-10T10:00:00.000Z", "submit", "in_progress", "awaiting_sign_off"),
        status("2024-07-12T10:00:00.000Z", "sign_off", "awaiting_sign_off", "signed_off"),
      ],
      evidence: [{ createdAt: "2024-07-09T10:00:00.000Z", deletedAt: null }],
    }),
  };

  it("shows an action that was Red last month and is Blue now as Red as at last month", () => {
    const now = reconstructAsAt(redThenBlue.current, redThenBlue.history, "2024-08-15", 14);
    expect(now).toMatchObject({ status: "signed_off", rag: "blue", overdue: false, evidenceCount: 1 });
    const lastMonth = reconstructAsAt(redThenBlue.current, redThenBlue.history, "2024-06-30", 14);
    expect(lastMonth).toMatchObject({
      existed: true,
      status: "in_progress",
      rag: "red",
      overdue: true,
      evidenceCount: 0,
    });
  });

  it("applies everything recorded on the date itself, and nothing after it", () => {
    const { current, history: h } = redThenBlue;
    expect(reconstructAsAt(current, h, "2024-07-10", 14)).toMatchObject({ status: "awaiting_sign_off", rag: "red" });
    expect(reconstructAsAt(current, h, "2024-07-11", 14)).toMatchObject({ status: "awaiting_sign_off", rag: "red" });
    expect(reconstructAsAt(current, h, "2024-07-12", 14)).toMatchObject({ status: "signed_off", rag: "blue" });
    expect(reconstructAsAt(current, h, "2024-05-01", 14)).toMatchObject({
      status: "not_started",
      rag: "green",
      dueSoon: false,
    });
    expect(reconstructAsAt(current, h, "2024-05-20", 14)).toMatchObject({
      status: "in_progress",
      rag: "amber",
      dueSoon: true,
    });
  });

  it("judges the day in London, not UTC", () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    const h = history({ events: [status("2024-06-30T23:30:00.000Z", "start", "not_started", "in_progress")] });
    const current = action({ status: "in_progress" });
    expect(reconstructAsAt(current, h, "2024-06-30", 14).status).toBe("not_started");
    expect(reconstructAsAt(current, h, "2024-07-01", 14).status).toBe("in_progress");
  });

  it("ends a winter day at midnight UTC and handles the days the clocks change", () => {
    const current = action({ status: "in_progress" });
    const started = (at: string) => history({ events: [status(at, "start", "not_started", "in_progress")] });
    expect(reconstructAsAt(current, started("2024-11-30T23:59:00.000Z"), "2024-11-30", 14).status).toBe("in_progress");
    expect(reconstructAsAt(current, started("2024-12-01T00:00:00.000Z"), "2024-11-30", 14).status).toBe("not_started");
    // Clocks go forward at 01:00 UTC on 31 March 2024: 30 March ends at midnight UTC.
    expect(reconstructAsAt(current, started("2024-03-30T23:30:00.000Z"), "2024-03-30", 14).status).toBe("in_progress");
    // Clocks go back at 01:00 UTC on 27 October 2024: 26 October ends at 23:00 UTC.
    expect(reconstructAsAt(current, started("2024-10-26T22:59:00.000Z"), "2024-10-26", 14).status).toBe("in_progress");
    expect(reconstructAsAt(current, started("2024-10-26T23:00:00.000Z"), "2024-10-26", 14).status).toBe("not_started");
    expect(reconstructAsAt(current, started("2024-10-27T23:30:00.000Z"), "2024-10-27", 14).status).toBe("in_progress");
  });

  it("did not exist before it was created", () => {
    expect(reconstructAsAt(action(), history(), "2024-04-30", 14).existed).toBe(false);
    expect(reconstructAsAt(action(), history(), "2024-05-01", 14).existed).toBe(true);
  });

  it("moves the target date back through its changes, from target_date_changes only", () => {
    const current = action({ status: "in_progress", targetDate: "2024-12-31" });
    const h = history({
      events: [
        // The audit copy of the same change must not be undone a second time.
        {
          at: "2024-06-10T09:00:00.000Z",
          event: "action.target_date_changed",
          before: { targetDate: "2024-06-01" },
          after: { targetDate: "2024-09-30" },
        },
      ],
      targetDateChanges: [
        { at: "2024-06-10T09:00:00.000Z", from: "2024-06-01", to: "2024-09-30" },
        { at: "2024-10-01T09:00:00.000Z", from: "2024-09-30", to: "2024-12-31" },
      ],
    });
    expect(reconstructAsAt(current, h, "2024-06-09", 14)).toMatchObject({ targetDate: "2024-06-01", rag: "red" });
    expect(reconstructAsAt(current, h, "2024-07-01", 14)).toMatchObject({ targetDate: "2024-09-30", rag: "green" });
    expect(reconstructAsAt(current, h, "2024-10-01", 14)).toMatchObject({ targetDate: "2024-12-31", rag: "green" });
  });

  it("treats a target date first set later as no target date before then", () => {
    const current = action({ targetDate: "2024-09-30" });
    const h = history({ targetDateChanges: [{ at: "2024-06-10T09:00:00.000Z", from: null, to: "2024-09-30" }] });
    expect(reconstructAsAt(current, h, "2024-06-01", 14)).toMatchObject({
      targetDate: null,
      noTargetDate: true,
      rag: "grey",
    });
  });

  it("undoes owner, flag and partner agency changes", () => {
    const current = action({ ownerId: 9, riskFlag: "off_track", partnerAgency: "NHS Trust", targetDate: "2025-01-31" });
    const h = history({
      events: [
        {
          at: "2024-06-01T09:00:00.000Z",
          event: "action.owner_changed",
          before: { ownerId: 3 },
          after: { ownerId: 9 },
        },
        {
          at: "2024-06-02T09:00:00.000Z",
          event: "action.risk_flag_changed",
          before: { riskFlag: null },
          after: { riskFlag: "at_risk" },
        },
        {
          at: "2024-07-02T09:00:00.000Z",
          event: "action.risk_flag_changed",
          before: { riskFlag: "at_risk" },
          after: { riskFlag: "off_track" },
        },
        {
          at: "2024-07-03T09:00:00.000Z",
          event: "action.details_changed",
          before: { partner_agency: null },
          after: { partner_agency: "NHS Trust" },
        },
      ],
    });
    expect(reconstructAsAt(current, h, "2024-05-31", 14)).toMatchObject({
      ownerId: 3,
      riskFlag: null,
      partnerAgency: null,
      rag: "green",
    });
    expect(reconstructAsAt(current, h, "2024-06-15", 14)).toMatchObject({
      ownerId: 9,
      riskFlag: "at_risk",
      rag: "amber",
    });
    expect(reconstructAsAt(current, h, "2024-07-02", 14)).toMatchObject({
      riskFlag: "off_track",
      partnerAgency: null,
      rag: "red",
    });
    expect(reconstructAsAt(current, h, "2024-07-03", 14).partnerAgency).toBe("NHS Trust");
  });

  it("restores a flag that submitting cleared without recording it", () => {
    const current = action({ status: "awaiting_sign_off", targetDate: "2025-01-31" });
    const h = history({
      events: [
        status("2024-05-02T09:00:00.000Z", "start", "not_started", "in_progress"),
        {
          at: "2024-06-02T09:00:00.000Z",
          event: "action.risk_flag_changed",
          before: { riskFlag: null },
          after: { riskFlag: "off_track" },
        },
        status("2024-07-01T09:00:00.000Z", "submit", "in_progress", "awaiting_sign_off"),
      ],
    });
    expect(reconstructAsAt(current, h, "2024-06-30", 14)).toMatchObject({
      status: "in_progress",
      riskFlag: "off_track",
      rag: "red",
    });
    expect(reconstructAsAt(current, h, "2024-07-01", 14)).toMatchObject({
      status: "awaiting_sign_off",
      riskFlag: null,
      rag: "green",
    });
    expect(reconstructAsAt(current, h, "2024-06-01", 14)).toMatchObject({ riskFlag: null, rag: "green" });
  });

  it("starts a spreadsheet-imported action in the status and flag the import gave it", () => {
    const current = action({ status: "signed_off", targetDate: "2024-06-01" });
    const h = history({
      events: [
        {
          at: created,
          event: "action.imported",
          before: null,
          after: { status: "awaiting_sign_off", riskFlag: "at_risk", targetDate: "2024-06-01" },
        },
        status("2024-05-20T09:00:00.000Z", "sign_off", "awaiting_sign_off", "signed_off"),
      ],
    });
    expect(reconstructAsAt(current, h, "2024-05-10", 14)).toMatchObject({
      status: "awaiting_sign_off",
      riskFlag: "at_risk",
      rag: "amber",
    });
  });

  it("puts back a not-started status when a progress update started the action", () => {
    const current = action({ status: "in_progress" });
    const h = history({
      events: [
        {
          at: "2024-05-10T09:00:00.000Z",
          event: "action.progress_added",
          before: { status: "not_started" },
          after: { progressUpdateId: 1, status: "in_progress" },
        },
      ],
    });
    expect(reconstructAsAt(current, h, "2024-05-09", 14).status).toBe("not_started");
  });

  it("knows when the action was withdrawn and reinstated", () => {
    const withdrawn = action({ withdrawnAt: "2024-06-01T09:00:00.000Z" });
    const h = history({
      events: [
        { at: "2024-06-01T09:00:00.000Z", event: "action.withdrawn", before: null, after: { reason: "Duplicate" } },
      ],
    });
    expect(reconstructAsAt(withdrawn, h, "2024-05-31", 14).withdrawn).toBe(false);
    expect(reconstructAsAt(withdrawn, h, "2024-06-01", 14).withdrawn).toBe(true);
    const reinstated = action();
    const h2 = history({
      events: [
        ...h.events,
        {
          at: "2024-07-01T09:00:00.000Z",
          event: "action.reinstated",
          before: { withdrawnAt: "2024-06-01T09:00:00.000Z" },
          after: null,
        },
      ],
    });
    expect(reconstructAsAt(reinstated, h2, "2024-06-15", 14).withdrawn).toBe(true);
    expect(reconstructAsAt(reinstated, h2, "2024-07-01", 14).withdrawn).toBe(false);
  });

  it("counts evidence added by the date and not withdrawn by then", () => {
    const h = history({
      evidence: [
        { createdAt: "2024-05-02T09:00:00.000Z", deletedAt: "2024-06-01T09:00:00.000Z" },
        { createdAt: "2024-05-20T09:00:00.000Z", deletedAt: null },
      ],
    });
    expect(reconstructAsAt(action(), h, "2024-05-01", 14).evidenceCount).toBe(0);
    expect(reconstructAsAt(action(), h, "2024-05-25", 14).evidenceCount).toBe(2);
    expect(reconstructAsAt(action(), h, "2024-06-01", 14).evidenceCount).toBe(1);
  });

  it("keeps the current values when nothing was recorded (rows from before auditing)", () => {
    const current = action({ status: "in_progress", targetDate: "2024-05-15" });
    expect(reconstructAsAt(current, history(), "2024-05-10", 14)).toMatchObject({
      status: "in_progress",
      rag: "amber",
      dueSoon: true,
    });
  });
});

describe("trendDates", () => {
  it("gives eleven month ends and the date itself", () => {
    const dates = trendDates("2024-07-15", null);
    expect(dates).toHaveLength(12);
    expect(dates[0]).toBe("2023-08-31");
    expect(dates.slice(-3)).toEqual(["2024-05-31", "2024-06-30", "2024-07-15"]);
  });

  it("starts at the first month end on or after the plan began", () => {
    expect(trendDates("2024-07-15", "2024-04-10")).toEqual(["2024-04-30", "2024-05-31", "2024-06-30", "2024-07-15"]);
    expect(trendDates("2024-07-15", "2024-07-10")).toEqual(["2024-07-15"]);
  });

  it("handles February and month ends", () => {
    expect(trendDates("2024-03-31", "2024-01-01")).toEqual(["2024-01-31", "2024-02-29", "2024-03-31"]);
  });
});

describe("parseAsAtDate", () => {
  it("reads UK dates, defaults to today and refuses unreal or future dates", () => {
    expect(parseAsAtDate(undefined, "2024-07-15")).toEqual({ asAt: "2024-07-15" });
    expect(parseAsAtDate("  ", "2024-07-15")).toEqual({ asAt: "2024-07-15" });
    expect(parseAsAtDate("1/7/2024", "2024-07-15")).toEqual({ asAt: "2024-07-01" });
    expect(parseAsAtDate("1 July 2024", "2024-07-15")).toEqual({ asAt: "2024-07-01" });
    expect(parseAsAtDate("15 July 2024", "2024-07-15")).toEqual({ asAt: "2024-07-15" });
    expect(parseAsAtDate("31/2/2024", "2024-07-15")).toEqual({ error: AS_AT_ERRORS.invalid });
    expect(parseAsAtDate("yesterday", "2024-07-15")).toEqual({ error: AS_AT_ERRORS.invalid });
    expect(parseAsAtDate("16/7/2024", "2024-07-15")).toEqual({ error: AS_AT_ERRORS.future });
  });
});
