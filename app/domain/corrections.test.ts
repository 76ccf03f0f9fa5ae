import { describe, expect, it } from "vitest";
import {
  auditSnapshots,
  basisDateOf,
  changedFields,
  describeCorrection,
  knownInspectionDates,
  proposeTargetDateMoves,
  recomputeDueDate,
  type ActionForMove,
} from "./corrections";

const action = (overrides: Partial<ActionForMove> = {}): ActionForMove => ({
  id: 1,
  number: "1.1",
  title: "Audit supervision",
  status: "not_started",
  targetDate: "2024-10-20",
  withdrawn: false,
  ...overrides,
});

describe("the basis date and the dates known", () => {
  it("takes the date of the chosen kind", () => {
    const dates = { published: "2024-07-20", received: "2024-07-18", inspectionEnd: "2024-06-14" };
    expect(basisDateOf("publication", dates)).toBe("2024-07-20");
    expect(basisDateOf("received", dates)).toBe("2024-07-18");
    expect(basisDateOf("inspection_end", dates)).toBe("2024-06-14");
    expect(basisDateOf("received", { ...dates, received: null })).toBeNull();
  });

  it("fills the date of the basis kind from a basis date typed at import when the report printed none", () => {
    const row = {
      published: null,
      received: null,
      inspection_end: "2024-06-14",
      basis_kind: "publication" as const,
      basis_date: "2024-07-20",
    };
    expect(knownInspectionDates(row)).toEqual({ published: "2024-07-20", received: null, inspectionEnd: "2024-06-14" });
    expect(knownInspectionDates({ ...row, basis_kind: "received" })).toEqual({
      published: null,
      received: "2024-07-20",
      inspectionEnd: "2024-06-14",
    });
    // A date recorded for its kind wins over the basis date.
    expect(knownInspectionDates({ ...row, published: "2024-07-01" }).published).toBe("2024-07-01");
  });
});

describe("recomputeDueDate", () => {
  it("follows the rule again, but keeps a date the lead set", () => {
    const current = { dueDate: "2024-10-20", rule: "three_months" as const };
    expect(
      recomputeDueDate({ timescale: "three_months", current, basisDate: "2024-08-31", immediateGraceDays: 28 }),
    ).toEqual({
      dueDate: "2024-11-30",
      rule: "three_months",
    });
    const set = { dueDate: "2025-01-31", rule: "set_by_lead" as const };
    expect(
      recomputeDueDate({ timescale: "three_months", current: set, basisDate: "2024-08-31", immediateGraceDays: 28 }),
    ).toEqual(set);
    expect(recomputeDueDate({ timescale: "six_months", current, basisDate: null, immediateGraceDays: 28 })).toEqual({
      dueDate: null,
      rule: "no_basis",
    });
  });
});

describe("proposeTargetDateMoves", () => {
  it("offers each live action whose target date differs, ticking only those still on the report's due date", () => {
    const actions = [
      action({ id: 1 }),
      action({ id: 2, targetDate: "2024-12-01" }), // set by hand to another date
      action({ id: 4, withdrawn: true }),
      action({ id: 5, status: "signed_off" }),
      action({ id: 6, targetDate: "2024-11-20" }), // already on the new date
    ];
    expect(proposeTargetDateMoves(actions, "2024-10-20", "2024-11-20")).toEqual([
      { actionId: 1, number: "1.1", title: "Audit supervision", from: "2024-10-20", to: "2024-11-20", handSet: false },
      { actionId: 2, number: "1.1", title: "Audit supervision", from: "2024-12-01", to: "2024-11-20", handSet: true },
    ]);
  });

  it("never moves a target date to nothing, and moves nothing when the due date stays", () => {
    expect(proposeTargetDateMoves([action()], "2024-10-20", null)).toEqual([]);
    expect(proposeTargetDateMoves([action()], "2024-10-20", "2024-10-20")).toEqual([]);
  });

  it("offers a due date set for a recommendation without one to its actions that have none", () => {
    expect(proposeTargetDateMoves([action({ targetDate: null })], null, "2025-03-31")).toEqual([
      expect.objectContaining({ from: null, to: "2025-03-31", handSet: false }),
    ]);
  });
});

describe("changes and how they read", () => {
  it("lists only the fields that changed, with before and after for the audit log", () => {
    const changes = changedFields(
      { title: "A", published: null, basis_kind: "publication" },
      { title: "A", published: "2024-07-20", basis_kind: "received" },
    );
    expect(changes).toEqual([
      { field: "published", from: null, to: "2024-07-20" },
      { field: "basis_kind", from: "publication", to: "received" },
    ]);
    expect(auditSnapshots(changes)).toEqual({
      before: { published: null, basis_kind: "publication" },
      after: { published: "2024-07-20", basis_kind: "received" },
    });
  });

  it("describes each corrected field in words", () => {
    expect(
      describeCorrection(
        { published: null, basis_kind: "publication", kind: "ilacs", timescale: null, agencies: [], section: "lscb" },
        {
          published: "2024-07-20",
          basis_kind: "received",
          kind: "focused_visit",
          timescale: "three_months",
          agencies: ["NHS Trust"],
          section: null,
        },
      ),
    ).toEqual([
      "Publication date: not recorded → 20 July 2024",
      "Due dates counted from: Publication date → Date report received",
      "Kind of report: Inspection of local authority children's services → Focused visit",
      "Timescale: no timescale given → Within three months",
      "Partner agencies: none → NHS Trust",
      "Section: Local Safeguarding Children Board → Whole report",
    ]);
  });
});
