import { describe, expect, it } from "vitest";
import { loadDemoData } from "../../db/seed";
import { getBoard } from "../../app/models/board.server";
import { summariseAuthorities } from "../../app/models/progress.server";

const TODAY = "2026-11-16";
const NOW = new Date("2026-11-16T12:00:00Z");
const ADMIN = { id: 0, role: "admin" as const, authorityId: null };
const FIELDS = [
  "total",
  "not_started",
  "in_progress",
  "awaiting_sign_off",
  "signed_off",
  "red",
  "amber",
  "green",
  "blue",
  "grey",
  "overdue",
  "due_soon",
  "no_target_date",
] as const;

describe("the board on the demo plan (history written through the model functions)", () => {
  it("as at today, agrees with the current-state counts computed in SQL", async () => {
    await loadDemoData({ today: TODAY, now: NOW });
    const authorities = await summariseAuthorities(ADMIN, TODAY, 14);
    expect(authorities.length).toBeGreaterThan(0);
    for (const sql of authorities) {
      const board = await getBoard(ADMIN, sql.id, { asAt: TODAY, today: TODAY, amberWindowDays: 14 });
      const expected = Object.fromEntries(FIELDS.map((f) => [f, Number(sql[f])]));
      expect(board!.totals, sql.name).toEqual(expected);
      expect(board!.trend.at(-1)).toEqual({
        date: TODAY,
        red: expected.red,
        amber: expected.amber,
        green: expected.green,
        blue: expected.blue,
        grey: expected.grey,
      });
    }
  });

  it("shows a different, internally consistent plan as at earlier month ends", async () => {
    await loadDemoData({ today: TODAY, now: NOW });
    const authorities = await summariseAuthorities(ADMIN, TODAY, 14);
    let differs = false;
    for (const { id } of authorities) {
      const board = (await getBoard(ADMIN, id, { asAt: TODAY, today: TODAY, amberWindowDays: 14 }))!;
      for (const point of board.trend.slice(0, -1)) {
        const past = (await getBoard(ADMIN, id, { asAt: point.date, today: TODAY, amberWindowDays: 14 }))!;
        const t = past.totals;
        expect(t.not_started + t.in_progress + t.awaiting_sign_off + t.signed_off).toBe(t.total);
        expect(t.red + t.amber + t.green + t.blue + t.grey).toBe(t.total);
        expect(t.blue).toBe(t.signed_off);
        expect({ red: t.red, amber: t.amber, green: t.green, blue: t.blue, grey: t.grey }).toEqual({
          red: point.red,
          amber: point.amber,
          green: point.green,
          blue: point.blue,
          grey: point.grey,
        });
        if (JSON.stringify(t) !== JSON.stringify(board.totals)) differs = true;
      }
    }
    expect(differs).toBe(true);
  });
});
