import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { createMeasure } from "../../app/models/measures.server";
import { loader as inspectionLoader } from "../../app/routes/inspections.$inspectionId";
import { action as measureAction, loader as measureLoader } from "../../app/routes/measures.$measureId";
import { loader as measuresLoader } from "../../app/routes/measures._index";
import { action as newMeasureAction, loader as newMeasureLoader } from "../../app/routes/measures.new";
import { action as recommendationAction, loader as recommendationLoader } from "../../app/routes/recommendations.$recommendationId._index";
import { NOW } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";
import { measuresWorld, RE_REFERRALS } from "./world";

let w: Awaited<ReturnType<typeof measuresWorld>>;
let measureId: number;
beforeEach(async () => {
  w = await measuresWorld();
  const created = await createMeasure(w.lead.actor, w.authority.id, RE_REFERRALS, NOW);
  if (!created.ok) throw new Error("not created");
  measureId = created.measureId;
});

const VALUE = { intent: "value", period: "2018/19", periodEnd: "31/03/2019", value: "16.5%", statisticalNeighbours: "16.3", england: "22.6", source: "Mid-year report" };

async function postMeasure(userId: number, body: Record<string, string> | URLSearchParams) {
  const cookie = await sessionCookie(userId);
  const request =
    body instanceof URLSearchParams
      ? new Request(`http://localhost/measures/${measureId}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie }, body: body.toString() })
      : postRequest(`/measures/${measureId}`, body, cookie);
  return call(measureAction, request, { measureId: String(measureId) });
}

async function values() {
  return getDb().selectFrom("measure_values").select(["period", "period_end", "value", "statistical_neighbours", "england"]).execute();
}

describe("measures pages", () => {
  it("list the authority's measures for a board member, and none of another authority's", async () => {
    const board = await call(measuresLoader, getRequest("/measures", await sessionCookie(w.board.id)));
    const boardData = await board.json();
    expect(boardData.measures.map((m: { name: string }) => m.name)).toEqual([RE_REFERRALS.name]);
    expect(boardData.canAdd).toBe(false);
    const outsider = await (await call(measuresLoader, getRequest("/measures", await sessionCookie(w.outsider.id)))).json();
    expect(outsider.measures).toEqual([]);
  });

  it("let a lead record a value for a period, parsed and stored with its comparators", async () => {
    const res = await postMeasure(w.lead.id, VALUE);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/measures/${measureId}`);
    expect(await values()).toEqual([{ period: "2018/19", period_end: "2019-03-31", value: 16.5, statistical_neighbours: 16.3, england: 22.6 }]);
    const data = await (await call(measureLoader, getRequest(`/measures/${measureId}`, await sessionCookie(w.board.id)), { measureId: String(measureId) })).json();
    expect(data.canManage).toBe(false);
    expect(data.summary.neighbours).toBe("Worse than statistical neighbours (16.3%)");
  });

  it("show what is wrong with a value that cannot be stored", async () => {
    const res = await postMeasure(w.lead.id, { intent: "value", period: "", periodEnd: "31/02/2019", value: "lots" });
    expect(res.status).toBe(400);
    const data = await res.json();
    expect(data.errors).toEqual({
      period: "Enter the period, for example 2019-20 or Q2 2019-20",
      periodEnd: "Enter the last day of the period as a real date, for example 31/03/2020",
      value: "Enter a number, for example 17.2, or leave it blank",
    });
    expect(await values()).toEqual([]);
  });

  it("refuse changes from board members and managers (403) and hide the measure from other authorities (404)", async () => {
    expect((await postMeasure(w.board.id, VALUE)).status).toBe(403);
    expect((await postMeasure(w.manager.id, { ...RE_REFERRALS, intent: "details", higherIsBetter: "no" } as never)).status).toBe(403);
    expect((await postMeasure(w.outsider.id, VALUE)).status).toBe(404);
    expect((await call(measureLoader, getRequest(`/measures/${measureId}`, await sessionCookie(w.outsider.id)), { measureId: String(measureId) })).status).toBe(404);
    expect((await call(newMeasureLoader, getRequest("/measures/new", await sessionCookie(w.board.id)))).status).toBe(403);
    expect((await call(newMeasureAction, postRequest("/measures/new", { name: "X", unit: "%", higherIsBetter: "yes" }, await sessionCookie(w.manager.id)))).status).toBe(403);
    expect(await values()).toEqual([]);
  });

  it("link and unlink recommendations with a checkbox list", async () => {
    const [first, second] = w.recommendationIds;
    const linkBody = new URLSearchParams([["intent", "links"], ["recommendationId", String(first)], ["recommendationId", String(second)]]);
    expect((await postMeasure(w.lead.id, linkBody)).status).toBe(302);
    const linked = async () => (await getDb().selectFrom("measure_recommendations").select("recommendation_id").orderBy("recommendation_id").execute()).map((r) => r.recommendation_id);
    expect(await linked()).toEqual([first, second]);
    expect((await postMeasure(w.lead.id, new URLSearchParams([["intent", "links"]]))).status).toBe(302);
    expect(await linked()).toEqual([]);
  });

  it("refuse a list of 40,000 recommendation ids with a clear 400, changing nothing", async () => {
    const body = new URLSearchParams([["intent", "links"], ...Array.from({ length: 40_000 }, (_, i): [string, string] => ["recommendationId", String(i + 1)])]);
    const res = await postMeasure(w.lead.id, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Record<string, string> }).errors).toEqual({ recommendationId: "Choose at most 2,000 recommendations" });
    expect(await getDb().selectFrom("measure_recommendations").selectAll().execute()).toEqual([]);
  });

  it("let a lead add a measure and an administrator choose the authority", async () => {
    const res = await call(newMeasureAction, postRequest("/measures/new", { name: "Placement stability", unit: "%", higherIsBetter: "yes", targetValue: "70" }, await sessionCookie(w.lead.id)));
    expect(res.status).toBe(302);
    const adminRes = await call(newMeasureAction, postRequest("/measures/new", { name: "Caseload", unit: "number", higherIsBetter: "no" }, await sessionCookie(w.admin.id)));
    expect(adminRes.status).toBe(400);
    expect((await adminRes.json()).errors).toEqual({ authorityId: "Choose the authority" });
    const ok = await call(newMeasureAction, postRequest("/measures/new", { authorityId: String(w.other.id), name: "Caseload", unit: "number", higherIsBetter: "no" }, await sessionCookie(w.admin.id)));
    expect(ok.status).toBe(302);
    const rows = await getDb().selectFrom("measures").select(["authority_id", "name", "target_value", "higher_is_better"]).orderBy("id").execute();
    expect(rows.slice(1)).toEqual([
      { authority_id: w.authority.id, name: "Placement stability", target_value: 70, higher_is_better: 1 },
      { authority_id: w.other.id, name: "Caseload", target_value: null, higher_is_better: 0 },
    ]);
  });
});

describe("recommendation page and impact judgements", () => {
  const params = () => ({ recommendationId: String(w.recommendationIds[0]) });
  const post = async (userId: number, body: Record<string, string>) =>
    call(recommendationAction, postRequest(`/recommendations/${w.recommendationIds[0]}`, body, await sessionCookie(userId)), params());

  it("needs the evidence a judgement rests on", async () => {
    const res = await post(w.lead.id, { level: "strong", rationale: "  " });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual({ rationale: "Say what evidence this judgement is based on" });
  });

  it("records a lead's judgement, shown on the recommendation and inspection pages", async () => {
    expect((await post(w.lead.id, { level: "emerging", rationale: "Audit: 16 of 20 care leavers housed before 18" })).status).toBe(302);
    const page = await (await call(recommendationLoader, getRequest(`/recommendations/${w.recommendationIds[0]}`, await sessionCookie(w.board.id)), params())).json();
    expect(page.canManage).toBe(false);
    expect(page.judgements.map((j: { level: string }) => j.level)).toEqual(["emerging"]);
    expect(page.actions.length).toBeGreaterThan(0);
    const inspection = await (
      await call(inspectionLoader, getRequest(`/inspections/${w.inspectionId}`, await sessionCookie(w.board.id)), { inspectionId: String(w.inspectionId) })
    ).json();
    expect(inspection.impactLevels).toEqual({ [w.recommendationIds[0]]: "emerging" });
  });

  it("refuses board members and managers (403) and hides it from other authorities (404)", async () => {
    const body = { level: "strong", rationale: "Feedback" };
    expect((await post(w.board.id, body)).status).toBe(403);
    expect((await post(w.manager.id, body)).status).toBe(403);
    expect((await post(w.outsider.id, body)).status).toBe(404);
    expect((await call(recommendationLoader, getRequest(`/recommendations/${w.recommendationIds[0]}`, await sessionCookie(w.outsider.id)), params())).status).toBe(404);
    expect(await getDb().selectFrom("impact_judgements").selectAll().execute()).toEqual([]);
  });
});
