import { describe, expect, it } from "vitest";
import { compareBoardChanges, type SnapshotState } from "./board-changes";

const s = (status: string, rag: SnapshotState["rag"], overdue = false): SnapshotState => ({ status, rag, overdue });
const actions = new Map([
  [1, { reference: "R1", title: "One" }],
  [2, { reference: "R2", title: "Two" }],
  [3, { reference: "R3", title: "Three" }],
]);

describe("compareBoardChanges", () => {
  it("finds sign-offs, new overdue actions and RAG changes, and keeps only history between the dates", () => {
    const changes = compareBoardChanges({
      since: "2024-09-30",
      until: "2024-10-31",
      previous: new Map([
        [1, s("in_progress", "green")],
        [2, s("in_progress", "amber")],
        [3, s("in_progress", "red", true)],
      ]),
      current: new Map([
        [1, s("signed_off", "blue")],
        [2, s("in_progress", "red", true)],
        [3, s("in_progress", "red", true)],
      ]),
      actions,
      targetDateMoves: [
        { actionId: 2, at: "2024-09-30T23:30:00Z", from: "2024-10-01", to: "2024-12-01", reason: "Late", by: "Lee" },
        { actionId: 2, at: "2024-09-30T10:00:00Z", from: null, to: "2024-10-01", reason: "Early", by: null },
      ],
      recommendations: [
        { inspectionTitle: "Focused visit", importedAt: "2024-10-05T09:00:00Z", reference: "FV-1", text: "Do it" },
        { inspectionTitle: "ILACS", importedAt: "2024-09-01T09:00:00Z", reference: "A-1", text: "Old" },
      ],
      evidence: [
        { actionId: 1, createdAt: "2024-10-02T09:00:00Z", deletedAt: null, description: "Kept" },
        { actionId: 1, createdAt: "2024-10-03T09:00:00Z", deletedAt: "2024-10-04T09:00:00Z", description: "Gone" },
        {
          actionId: 1,
          createdAt: "2024-10-03T09:00:00Z",
          deletedAt: "2024-11-04T09:00:00Z",
          description: "Gone later",
        },
        { actionId: 1, createdAt: "2024-11-03T09:00:00Z", deletedAt: null, description: "After" },
      ],
    });
    expect(changes.newlySignedOff.map((a) => a.reference)).toEqual(["R1"]);
    expect(changes.newlyOverdue.map((a) => a.reference)).toEqual(["R2"]);
    expect(changes.ragChanges).toEqual([
      expect.objectContaining({ reference: "R1", from: "green", to: "blue" }),
      expect.objectContaining({ reference: "R2", from: "amber", to: "red" }),
    ]);
    // 23:30 UTC on 30 September is 1 October in London (BST).
    expect(changes.targetDatesMoved).toEqual([
      expect.objectContaining({ reference: "R2", from: "2024-10-01", to: "2024-12-01", reason: "Late", by: "Lee" }),
    ]);
    expect(changes.newRecommendations.map((r) => r.reference)).toEqual(["FV-1"]);
    expect(changes.newEvidence.map((e) => e.description)).toEqual(["Kept", "Gone later"]);
  });

  it("compares with the start of the plan when there is no earlier meeting", () => {
    const changes = compareBoardChanges({
      since: null,
      until: "2024-10-31",
      previous: new Map(),
      current: new Map([[1, s("signed_off", "blue")]]),
      actions,
      targetDateMoves: [
        { actionId: 1, at: "2020-01-01T09:00:00Z", from: null, to: "2020-02-01", reason: "x", by: null },
      ],
      recommendations: [],
      evidence: [],
    });
    expect(changes.newlySignedOff).toHaveLength(1);
    expect(changes.ragChanges).toEqual([]);
    expect(changes.targetDatesMoved).toHaveLength(1);
  });
});
