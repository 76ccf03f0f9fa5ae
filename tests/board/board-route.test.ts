import { describe, expect, it } from "vitest";
import { loader } from "../../app/routes/board";
import { AS_AT_ERRORS } from "../../app/domain/as-at";
import { call, getRequest, sessionCookie } from "../helpers/requests";
import { scriptedBoardPlan } from "./history";

interface BoardData {
  board: { asAt: string; authority: { name: string }; totals: Record<string, number> } | null;
  errors: { asAt: string } | null;
  asAtInput: string;
}

async function get(path: string, userId: number) {
  const response = await call(loader, getRequest(path, await sessionCookie(userId)));
  return {
    status: response.status,
    data: (response.status < 300 || response.status === 400 ? await response.json() : null) as BoardData,
  };
}

describe("/board", () => {
  it("shows the board as at a past date typed the UK way", async () => {
    const { lead } = await scriptedBoardPlan();
    const { status, data } = await get(`/board?asAt=${encodeURIComponent("5/10/2024")}`, lead.id);
    expect(status).toBe(200);
    expect(data.board!.asAt).toBe("2024-10-05");
    expect(data.board!.totals).toMatchObject({ total: 2, red: 2 });
    const now = await get("/board", lead.id);
    // Today (the real clock) is long after B's target of 31 March 2025.
    expect(now.data.board!.totals).toMatchObject({ total: 2, blue: 1, red: 1 });
  });

  it("refuses an unreal or future date with a clear error and still shows today's board", async () => {
    const { lead } = await scriptedBoardPlan();
    const bad = await get("/board?asAt=31%2F2%2F2024", lead.id);
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toEqual({ asAt: AS_AT_ERRORS.invalid });
    expect(bad.data.asAtInput).toBe("31/2/2024");
    expect(bad.data.board!.totals.total).toBe(2);
    const future = await get("/board?asAt=1%20January%202099", lead.id);
    expect(future.status).toBe(400);
    expect(future.data.errors).toEqual({ asAt: AS_AT_ERRORS.future });
  });

  it("is readable by board members, and keeps other authorities out", async () => {
    const { member, outsider, admin, authority, other } = await scriptedBoardPlan();
    expect((await get("/board?asAt=2024-09-30", member.id)).data.board!.totals).toMatchObject({
      red: 1,
      amber: 1,
      grey: 1,
    });
    expect((await get(`/board?authority=${authority.id}`, outsider.id)).status).toBe(404);
    expect((await get(`/board?authority=${authority.id}`, admin.id)).data.board!.authority.name).toBe("Alpha");
    expect((await get(`/board?authority=${other.id}`, admin.id)).data.board!.totals.total).toBe(0);
  });
});
