import { describe, expect, it } from "vitest";
import { getBoard } from "../../app/models/board.server";
import { BOARD_TODAY, scriptedBoardPlan } from "./history";

const asAt = (date: string) => ({ asAt: date, today: BOARD_TODAY, amberWindowDays: 14 });

describe("getBoard as at a date", () => {
  it("shows the action that was Red at the end of last month and is Blue now as Red then", async () => {
    const { lead, authority } = await scriptedBoardPlan();
    const now = await getBoard(lead.actor, authority.id, asAt(BOARD_TODAY));
    const lastMonth = await getBoard(lead.actor, authority.id, asAt("2024-10-05"));
    const endOfSeptember = await getBoard(lead.actor, authority.id, asAt("2024-09-30"));

    const safeguardingNow = now!.inspections[0].sections.find((s) => s.section === "Safeguarding")!;
    expect(safeguardingNow).toMatchObject({ total: 1, blue: 1, red: 0, signed_off: 1 });
    const safeguardingThen = lastMonth!.inspections[0].sections.find((s) => s.section === "Safeguarding")!;
    expect(safeguardingThen).toMatchObject({ total: 1, red: 1, blue: 0, in_progress: 1, overdue: 1 });
    expect(endOfSeptember!.inspections[0].sections.find((s) => s.section === "Safeguarding")).toMatchObject({ red: 1 });
  });

  it("counts status, RAG, overdue, due soon and no target date at several dates", async () => {
    const { lead, authority } = await scriptedBoardPlan();
    const board = (date: string) => getBoard(lead.actor, authority.id, asAt(date)).then((b) => b!.totals);

    expect(await board("2024-09-01")).toMatchObject({ total: 0 });
    expect(await board("2024-09-02")).toMatchObject({
      total: 3,
      not_started: 3,
      red: 1,
      green: 1,
      amber: 0,
      grey: 1,
      overdue: 1,
      no_target_date: 1,
      due_soon: 0,
    });
    expect(await board("2024-09-15")).toMatchObject({ total: 3, in_progress: 1, red: 1, amber: 0, grey: 1, green: 1 });
    expect(await board("2024-09-20")).toMatchObject({ total: 3, red: 1, amber: 1, grey: 1, due_soon: 1 });
    expect(await board("2024-10-01")).toMatchObject({ total: 2, red: 1, amber: 1, no_target_date: 0, due_soon: 1 });
    expect(await board("2024-10-05")).toMatchObject({ total: 2, red: 2, overdue: 2 });
    expect(await board("2024-10-12")).toMatchObject({ total: 2, awaiting_sign_off: 1, red: 2 });
    expect(await board("2024-10-31")).toMatchObject({ total: 2, signed_off: 1, blue: 1, amber: 1, red: 0, overdue: 0 });
    expect(await board(BOARD_TODAY)).toMatchObject({ total: 2, signed_off: 1, blue: 1, amber: 1 });
  });

  it("groups by owner as the action was owned then, by service area and by partner agency", async () => {
    const { lead, authority } = await scriptedBoardPlan();
    const early = (await getBoard(lead.actor, authority.id, asAt("2024-09-02")))!;
    expect(early.byOwner.map((o) => [o.label, o.total])).toEqual([["Not assigned", 3]]);
    const now = (await getBoard(lead.actor, authority.id, asAt(BOARD_TODAY)))!;
    expect(now.byOwner.map((o) => [o.label, o.total])).toEqual([
      ["Sam Owner", 1],
      ["Not assigned", 1],
    ]);
    expect(now.byServiceArea.map((o) => [o.label, o.total])).toEqual([
      ["Children in care", 1],
      ["Not set", 1],
    ]);
    expect(now.byPartnerAgency.map((o) => [o.label, o.total])).toEqual([
      ["NHS Trust", 1],
      ["No partner agency", 1],
    ]);
    expect(now.byTimescale.map((o) => o.label)).toEqual(["Immediately", "Within six months"]);
    expect(now.inspections.map((i) => i.label)).toEqual([
      "Inspection of Testshire local authority children's services (published 20 July 2024)",
    ]);
    expect(now.inspections[0].filter).toEqual({ inspection: String(now.inspections[0].key) });
    expect(early.inspections[0].filter).toBeNull();
  });

  it("draws the RAG trend at month ends since the plan began, from the same reconstruction", async () => {
    const { lead, authority } = await scriptedBoardPlan();
    const board = (await getBoard(lead.actor, authority.id, asAt(BOARD_TODAY)))!;
    expect(board.trend).toEqual([
      { date: "2024-09-30", red: 1, amber: 1, grey: 1, green: 0, blue: 0 },
      { date: "2024-10-31", red: 0, amber: 1, grey: 0, green: 0, blue: 1 },
      { date: "2024-11-15", red: 0, amber: 1, grey: 0, green: 0, blue: 1 },
    ]);
    const before = (await getBoard(lead.actor, authority.id, asAt("2024-08-01")))!;
    expect(before.trend).toEqual([]);
  });

  it("is only for users of the authority, and administrators", async () => {
    const { authority, outsider, admin, member } = await scriptedBoardPlan();
    expect(await getBoard(outsider.actor, authority.id, asAt(BOARD_TODAY))).toBeNull();
    expect((await getBoard(admin.actor, authority.id, asAt(BOARD_TODAY)))!.totals.total).toBe(2);
    expect((await getBoard(member.actor, authority.id, asAt(BOARD_TODAY)))!.authority.name).toBe("Alpha");
  });
});
