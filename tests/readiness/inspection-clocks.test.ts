import { describe, expect, it } from "vitest";
import { summariseInspectionWindows } from "../../app/domain/deadlines";
import { listInspectionClocks } from "../../app/models/readiness.server";
import { buildRecommendation, buildReport, createAuthority, createInspection, createTestUser } from "../factories";

describe("listInspectionClocks", () => {
  it("finds focused visits with priority actions, flags publication standing in for receipt, and keeps to the actor's authority", async () => {
    const authorityId = (await createAuthority("Testshire")).id;
    const other = (await createAuthority("Elsewhere")).id;
    await createInspection(authorityId, buildReport({ inspectionEnd: "2024-06-14", published: "2024-07-20" }));
    await createInspection(
      authorityId,
      buildReport({
        kind: "focused_visit",
        inspectionEnd: "2024-11-28",
        published: "2024-12-13",
        judgements: [],
        recommendations: [buildRecommendation({ priority: true }), buildRecommendation()],
      }),
    );
    await createInspection(other, buildReport({ kind: "focused_visit", published: "2024-12-13", judgements: [] }));
    const member = await createTestUser({ role: "board_member", authorityId });
    const clocks = await listInspectionClocks({ id: member.id, role: "board_member", authorityId });
    expect(
      clocks.map((c) => [c.kind, c.inspectionDate, c.receivedDate, c.receivedApproximated, c.priorityAction]),
    ).toEqual([
      ["ilacs", "2024-06-14", "2024-07-20", true, false],
      ["focused_visit", "2024-11-28", "2024-12-13", true, true],
    ]);
    const [summary] = summariseInspectionWindows(clocks, "2024-12-20");
    expect(summary.lastIlacs?.date).toBe("2024-06-14");
    expect(summary.deadlines.map((d) => [d.deadline, d.workingDays])).toEqual([
      ["2024-10-28", 70],
      ["2025-01-15", 20],
    ]);
  });
});
