import { describe, expect, it } from "vitest";
import {
  checkEventDates,
  eventDates,
  inspectionEventLines,
  type InspectionEventView,
  summariseEventsByAuthority,
  summariseInspectionEvents,
} from "./inspection-events";

let nextId = 1;
const event = (overrides: Partial<InspectionEventView> = {}): InspectionEventView => ({
  id: nextId++,
  kind: "monitoring_visit",
  date: "2024-03-05",
  endDate: null,
  title: "Monitoring visit",
  summary: "",
  letterName: null,
  ...overrides,
});

describe("visits and meetings as the readiness card reads them", () => {
  it("lists the monitoring visits since the last ILACS inspection, oldest first, and the day the last one ended", () => {
    const before = event({ date: "2021-01-10", title: "A visit under the last judgement" });
    const first = event({ date: "2024-03-05", endDate: "2024-03-06", title: "Monitoring visit 1" });
    const second = event({ date: "2024-06-11", endDate: "2024-06-12", title: "Monitoring visit 2" });
    const planned = event({ date: "2024-12-01", title: "Not yet held" });
    const summary = summariseInspectionEvents([second, planned, before, first], {
      today: "2024-09-02",
      lastIlacsDate: "2023-11-17",
      grade: "inadequate",
    });
    expect(summary.showMonitoring).toBe(true);
    expect(summary.monitoringVisits.map((v) => v.title)).toEqual(["Monitoring visit 1", "Monitoring visit 2"]);
    expect(summary.lastMonitoringVisit).toBe("2024-06-12");
  });

  it("speaks of monitoring visits after an Inadequate judgement even before the first, and not otherwise", () => {
    const options = { today: "2024-09-02", lastIlacsDate: "2024-07-12" };
    expect(summariseInspectionEvents([], { ...options, grade: "inadequate" })).toMatchObject({
      showMonitoring: true,
      monitoringVisits: [],
      lastMonitoringVisit: null,
    });
    expect(summariseInspectionEvents([], { ...options, grade: "requires_improvement" }).showMonitoring).toBe(false);
    expect(inspectionEventLines(summariseInspectionEvents([], { ...options, grade: "inadequate" }))[0]).toBe(
      "Monitoring visits: none recorded since the last ILACS inspection.",
    );
  });

  it("gives the last annual engagement meeting, and says plainly when none is recorded in the last 12 months", () => {
    const meeting = (date: string) => event({ kind: "annual_engagement", date, title: `AEM ${date}` });
    const options = { lastIlacsDate: null, grade: null };
    const recent = summariseInspectionEvents([meeting("2023-06-01"), meeting("2024-05-20")], {
      ...options,
      today: "2024-09-02",
    });
    expect(recent.lastAnnualEngagement?.date).toBe("2024-05-20");
    expect(recent.annualEngagementOverdue).toBe(false);
    expect(recent.annualEngagementText).toBe("20 May 2024.");

    const old = summariseInspectionEvents([meeting("2023-09-02")], { ...options, today: "2024-09-02" });
    expect(old.annualEngagementOverdue).toBe(true);
    expect(old.annualEngagementText).toBe(
      "2 September 2023. None is recorded in the last 12 months, although the ILACS framework expects one every year.",
    );
    expect(
      summariseInspectionEvents([meeting("2023-09-03")], { ...options, today: "2024-09-02" }).annualEngagementOverdue,
    ).toBe(false);

    const none = summariseInspectionEvents([], { ...options, today: "2024-09-02" });
    expect(none).toMatchObject({ lastAnnualEngagement: null, annualEngagementOverdue: true });
    expect(none.annualEngagementText).toMatch(/^No annual engagement meeting is recorded\./);
  });

  it("prints the visits, the meeting and the framework it rests on for the report", () => {
    const summary = summariseInspectionEvents(
      [
        event({ date: "2024-03-05", endDate: "2024-03-06" }),
        event({ date: "2024-06-11" }),
        event({ kind: "annual_engagement", date: "2024-05-20" }),
      ],
      { today: "2024-09-02", lastIlacsDate: "2023-11-17", grade: "inadequate" },
    );
    expect(inspectionEventLines(summary)).toEqual([
      "Monitoring visits since the last ILACS inspection: 2 visits; the last on 11 June 2024.",
      "Last annual engagement meeting: 20 May 2024.",
      expect.stringMatching(/^Source: Ofsted, Inspecting local authority children's services \(ILACS framework/),
    ]);
  });

  it("summarises each authority with its own last ILACS inspection", () => {
    const events = [
      { ...event({ date: "2024-03-05" }), authorityId: 1 },
      { ...event({ date: "2024-03-05" }), authorityId: 2 },
    ];
    const windows = [{ authorityId: 1, lastIlacs: { date: "2024-01-10", grade: "inadequate" as const } }];
    const [one, two, three] = summariseEventsByAuthority(events, windows, [1, 2, 3], "2024-09-02");
    expect(one.summary.monitoringVisits).toHaveLength(1);
    expect(one.summary.showMonitoring).toBe(true);
    // No ILACS inspection: every visit counts.
    expect(two.summary.monitoringVisits).toHaveLength(1);
    expect(three).toMatchObject({ authorityId: 3, summary: { showMonitoring: false, monitoringVisits: [] } });
  });
});

describe("an event's dates", () => {
  it("refuse the future, a last day before the first, and a visit of a fortnight or more", () => {
    const today = "2024-09-02";
    expect(checkEventDates({ date: "2024-09-02", endDate: null, today })).toBeNull();
    expect(checkEventDates({ date: "2024-09-03", endDate: null, today })?.field).toBe("date");
    expect(checkEventDates({ date: "2024-09-01", endDate: "2024-08-31", today })?.field).toBe("endDate");
    expect(checkEventDates({ date: "2024-09-01", endDate: "2024-09-03", today })?.field).toBe("endDate");
    expect(checkEventDates({ date: "2024-08-01", endDate: "2024-08-14", today })).toBeNull();
    expect(checkEventDates({ date: "2024-08-01", endDate: "2024-08-15", today })?.message).toMatch(/at most 14 days/);
  });

  it("are written as people read them", () => {
    expect(eventDates({ date: "2024-03-05", endDate: null })).toBe("5 March 2024");
    expect(eventDates({ date: "2024-03-05", endDate: "2024-03-06" })).toBe("5 March 2024 to 6 March 2024");
  });
});
