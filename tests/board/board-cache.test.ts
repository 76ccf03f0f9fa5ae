import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { flagActionRisk } from "../../app/models/action-changes.server";
import { type Board, BoardCache, boardCache, computeBoard, getBoard } from "../../app/models/board.server";
import { BOARD_TODAY, scriptedBoardPlan } from "./history";

const asAt = (date: string) => ({ asAt: date, today: BOARD_TODAY, amberWindowDays: 14 });

async function version(actionId: number) {
  const row = await getDb()
    .selectFrom("actions")
    .select("version")
    .where("id", "=", actionId)
    .executeTakeFirstOrThrow();
  return row.version;
}

describe("the board cache", () => {
  it("gives exactly the board computed afresh, at today and at past dates", async () => {
    const { lead, authority } = await scriptedBoardPlan();
    for (const date of [BOARD_TODAY, "2024-10-05", "2024-09-30", "2024-09-02", "2024-09-01"]) {
      const first = await getBoard(lead.actor, authority.id, asAt(date));
      const second = await getBoard(lead.actor, authority.id, asAt(date));
      // The second answer comes from the cache (the very same object) and equals a fresh computation.
      expect(second).toBe(first);
      expect(second).toEqual(await computeBoard(authority.id, asAt(date)));
    }
    // A different amber window is a different question.
    const wide = await getBoard(lead.actor, authority.id, { ...asAt(BOARD_TODAY), amberWindowDays: 200 });
    expect(wide).toEqual(await computeBoard(authority.id, { ...asAt(BOARD_TODAY), amberWindowDays: 200 }));
    expect(wide!.totals).not.toEqual((await getBoard(lead.actor, authority.id, asAt(BOARD_TODAY)))!.totals);
  });

  it("is thrown away when a new event is recorded, and the new board reflects it", async () => {
    const { lead, authority, actionIds } = await scriptedBoardPlan();
    const before = (await getBoard(lead.actor, authority.id, asAt(BOARD_TODAY)))!;
    const pastBefore = (await getBoard(lead.actor, authority.id, asAt("2024-11-01")))!;
    expect(before.totals).toMatchObject({ red: 0 });
    const b = actionIds[1];
    const result = await flagActionRisk(
      lead.actor,
      { actionId: b, version: await version(b), flag: "off_track", reason: "Staff left" },
      new Date("2024-11-14T09:00:00Z"),
    );
    expect(result.ok).toBe(true);
    const after = (await getBoard(lead.actor, authority.id, asAt(BOARD_TODAY)))!;
    expect(after).not.toBe(before);
    expect(after.totals).toMatchObject({ red: 1 });
    expect(after).toEqual(await computeBoard(authority.id, asAt(BOARD_TODAY)));
    // A date before the change still shows the plan as it was then.
    const pastAfter = (await getBoard(lead.actor, authority.id, asAt("2024-11-01")))!;
    expect(pastAfter).not.toBe(pastBefore);
    expect(pastAfter).toEqual(pastBefore);
  });

  it("is thrown away by a write made outside the app's model functions", async () => {
    const { lead, authority } = await scriptedBoardPlan();
    const before = (await getBoard(lead.actor, authority.id, asAt(BOARD_TODAY)))!;
    await getDb().updateTable("users").set({ name: "Sam Renamed" }).where("name", "=", "Sam Owner").execute();
    const after = (await getBoard(lead.actor, authority.id, asAt(BOARD_TODAY)))!;
    expect(before.byOwner.map((o) => o.label)).toContain("Sam Owner");
    expect(after.byOwner.map((o) => o.label)).toContain("Sam Renamed");
  });

  it("still refuses an authority the actor may not see", async () => {
    const { lead, outsider, authority } = await scriptedBoardPlan();
    expect(await getBoard(lead.actor, authority.id, asAt(BOARD_TODAY))).not.toBeNull();
    expect(await getBoard(outsider.actor, authority.id, asAt(BOARD_TODAY))).toBeNull();
  });

  it("keeps at most its limit of boards, dropping the least recently used, and never one under an old token", () => {
    const cache = new BoardCache(2);
    const db = {};
    const board = (name: string) => ({ authority: { id: 1, name } }) as Board;
    cache.set(db, "t1", "a", board("a"));
    cache.set(db, "t1", "b", board("b"));
    expect(cache.get(db, "t1", "a")?.authority.name).toBe("a");
    cache.set(db, "t1", "c", board("c"));
    expect(cache.get(db, "t1", "b")).toBeUndefined();
    expect(cache.get(db, "t1", "a")?.authority.name).toBe("a");
    expect(cache.get(db, "t1", "c")?.authority.name).toBe("c");
    // Boards of different authorities sit side by side under their own tokens.
    cache.set(db, "u1", "d", board("d"));
    expect(cache.get(db, "u1", "d")?.authority.name).toBe("d");
    expect(cache.get(db, "t1", "c")?.authority.name).toBe("c");
    // A renewed token is a miss, and the old board is dropped.
    expect(cache.get(db, "t2", "c")).toBeUndefined();
    expect(cache.get(db, "t1", "c")).toBeUndefined();
    expect(cache.get({}, "u1", "d")).toBeUndefined();
    expect(boardCache).toBeInstanceOf(BoardCache);
  });
});
