import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { loader as actionLoader } from "../../app/routes/actions.$actionId";
import { loader as evidenceLoader } from "../../app/routes/actions.$actionId_.evidence";
import { action as restoreAction, loader as inspectionLoader } from "../../app/routes/inspections.$inspectionId";
import { loader as inspectionsLoader } from "../../app/routes/inspections._index";
import {
  action as editInspection,
  loader as editInspectionLoader,
} from "../../app/routes/inspections.$inspectionId_.edit";
import { action as removeAction, loader as removeLoader } from "../../app/routes/inspections.$inspectionId_.remove";
import { loader as recommendationLoader } from "../../app/routes/recommendations.$recommendationId._index";
import { loader as newActionLoader } from "../../app/routes/recommendations.$recommendationId.actions.new";
import {
  action as editRecommendation,
  loader as editRecommendationLoader,
} from "../../app/routes/recommendations.$recommendationId.edit";
import { buildRecommendation, buildReport, createAuthority, createInspection, createTestUser } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

// The correction and removal pages as a browser calls them: who may see and post each, what a
// refusal answers (400, 403, 404, 409, 410), and the "which target dates move" step in between.

async function world() {
  const alpha = await createAuthority("Alpha");
  const beta = await createAuthority("Beta");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: alpha.id, name: "Lena Lead" });
  const owner = await createTestUser({ role: "service_manager", authorityId: alpha.id });
  const board = await createTestUser({ role: "board_member", authorityId: alpha.id });
  const outsider = await createTestUser({ role: "improvement_lead", authorityId: beta.id });
  const admin = await createTestUser({ role: "admin", authorityId: null, name: "Ada Admin" });
  const { inspectionId, actionIds } = await createInspection(
    alpha.id,
    buildReport({
      kind: "slac",
      published: "2024-07-20",
      recommendations: [
        buildRecommendation({ section: "safeguarding", timescale: "three_months", text: "Audit supervision." }),
        buildRecommendation({ section: "safeguarding", timescale: null, text: "Improve return home interviews." }),
      ],
    }),
  );
  const recIds = (
    await getDb()
      .selectFrom("recommendations")
      .select("id")
      .where("inspection_id", "=", inspectionId)
      .orderBy("position")
      .execute()
  ).map((r) => r.id);
  return { alpha, lead, owner, board, outsider, admin, inspectionId, actionIds, recIds };
}

let w: Awaited<ReturnType<typeof world>>;
beforeEach(async () => {
  w = await world();
});

const inspectionForm = (overrides: Record<string, string> = {}) => ({
  intent: "save",
  version: "1",
  title: "Inspection of Testshire local authority children's services",
  kind: "slac",
  inspectionStart: "3/6/2024",
  inspectionEnd: "14 June 2024",
  published: "20/07/2024",
  received: "",
  basisKind: "publication",
  ...overrides,
});

const recommendationForm = (overrides: Record<string, string> = {}) => ({
  intent: "save",
  version: "1",
  text: "Audit supervision.",
  section: "safeguarding",
  timescale: "three_months",
  agencies: "",
  paragraphNumber: "",
  dueDate: "",
  ...overrides,
});

async function as(userId: number) {
  return sessionCookie(userId);
}

const editInspectionPost = async (userId: number, fields: Record<string, string>, id = w.inspectionId) =>
  call(editInspection, postRequest(`/inspections/${id}/edit`, fields, await as(userId)), { inspectionId: String(id) });
const editRecommendationPost = async (userId: number, fields: Record<string, string>, id = w.recIds[0]) =>
  call(editRecommendation, postRequest(`/recommendations/${id}/edit`, fields, await as(userId)), {
    recommendationId: String(id),
  });
const json = async (response: Response) => (await response.json()) as Record<string, unknown>;
const target = async (actionId: number) =>
  (await getDb().selectFrom("actions").select("target_date").where("id", "=", actionId).executeTakeFirstOrThrow())
    .target_date;

describe("correcting an inspection", () => {
  it("shows the form to the authority's lead and administrators only", async () => {
    const get = async (userId: number) =>
      call(editInspectionLoader, getRequest(`/inspections/${w.inspectionId}/edit`, await as(userId)), {
        inspectionId: String(w.inspectionId),
      });
    expect((await get(w.lead.id)).status).toBe(200);
    expect((await get(w.admin.id)).status).toBe(200);
    expect((await get(w.owner.id)).status).toBe(403);
    expect((await get(w.board.id)).status).toBe(403);
    expect((await get(w.outsider.id)).status).toBe(404);
    const body = await json(await get(w.lead.id));
    expect(body.inspection).toMatchObject({
      version: 1,
      values: { published: "2024-07-20", basis_kind: "publication", kind: "slac" },
    });
  });

  it("saves a correction that moves no target date at once, with a flash", async () => {
    const res = await editInspectionPost(w.lead.id, inspectionForm({ title: "Testshire SLAC 2024" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/inspections/${w.inspectionId}`);
    const row = await getDb()
      .selectFrom("inspections")
      .select(["title", "version"])
      .where("id", "=", w.inspectionId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ title: "Testshire SLAC 2024", version: 2 });
  });

  it("asks which target dates move before saving a new basis date, then moves the ticked ones", async () => {
    const asked = await editInspectionPost(w.lead.id, inspectionForm({ published: "31/08/2024" }));
    expect(asked.status).toBe(200);
    const question = await json(asked);
    expect(question.confirm).toMatchObject({
      changes: [{ field: "published", from: "2024-07-20", to: "2024-08-31" }],
      moves: [{ actionId: w.actionIds[0], from: "2024-10-20", to: "2024-11-30", handSet: false }],
    });
    expect(await target(w.actionIds[0])).toBe("2024-10-20"); // nothing saved yet

    // Ticked, but without a reason: asked again, with the ticks kept.
    const again = await editInspectionPost(w.lead.id, {
      ...inspectionForm({ published: "31/08/2024", intent: "confirm" }),
      move: `${w.actionIds[0]}:2024-10-20`,
      reason: "",
    });
    expect(again.status).toBe(400);
    expect(await json(again)).toMatchObject({
      errors: { reason: "Give the reason the target dates are moving" },
      chosen: [`${w.actionIds[0]}:2024-10-20`],
    });

    const saved = await editInspectionPost(w.lead.id, {
      ...inspectionForm({ published: "31/08/2024", intent: "confirm" }),
      move: `${w.actionIds[0]}:2024-10-20`,
      reason: "Published on 31 August",
    });
    expect(saved.status).toBe(302);
    expect(await target(w.actionIds[0])).toBe("2024-11-30");
  });

  it("answers bad input 400, a stale form 409 with who changed it, others 403 and 404", async () => {
    const bad = await editInspectionPost(
      w.lead.id,
      inspectionForm({ inspectionEnd: "1/6/2024", published: "31/02/2024" }),
    );
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors).toMatchObject({
      inspectionEnd: expect.stringMatching(/same as or after the first day/),
      published: expect.stringMatching(/real date/),
    });
    await editInspectionPost(w.admin.id, inspectionForm({ title: "Corrected by the administrator" }));
    const stale = await editInspectionPost(w.lead.id, inspectionForm({ title: "Corrected by the lead" }));
    expect(stale.status).toBe(409);
    expect(await json(stale)).toMatchObject({
      conflict: { changedBy: "Ada Admin" },
      submitted: { title: "Corrected by the lead" },
    });
    expect((await editInspectionPost(w.owner.id, inspectionForm({ version: "2" }))).status).toBe(403);
    expect((await editInspectionPost(w.outsider.id, inspectionForm({ version: "2" }))).status).toBe(404);
    const missing = await editInspectionPost(w.lead.id, inspectionForm(), 999_999);
    expect(missing.status).toBe(404);
  });
});

describe("correcting a recommendation", () => {
  it("saves text, agencies and paragraph, keeping the text as extracted for the page", async () => {
    const res = await editRecommendationPost(
      w.lead.id,
      recommendationForm({
        text: "Audit supervision of social workers.",
        agencies: "NHS Trust\n\n  Police  \nNHS Trust",
        paragraphNumber: "12",
      }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/recommendations/${w.recIds[0]}`);
    const page = await call(recommendationLoader, getRequest(`/recommendations/${w.recIds[0]}`, await as(w.board.id)), {
      recommendationId: String(w.recIds[0]),
    });
    expect((await json(page)).recommendation).toMatchObject({
      text: "Audit supervision of social workers.",
      extracted_text: "Audit supervision.",
      agencies: ["NHS Trust", "Police"],
      paragraph_number: "12",
    });
  });

  it("asks before moving target dates when the due date changes, and moves none if none is ticked", async () => {
    const asked = await editRecommendationPost(w.lead.id, recommendationForm({ dueDate: "31/12/2024" }));
    expect(asked.status).toBe(200);
    expect((await json(asked)).confirm).toMatchObject({
      dueDate: { from: "2024-10-20", to: "2024-12-31", rule: "set_by_lead" },
      moves: [{ actionId: w.actionIds[0] }],
    });
    const saved = await editRecommendationPost(
      w.lead.id,
      recommendationForm({ dueDate: "31/12/2024", intent: "confirm", reason: "" }),
    );
    expect(saved.status).toBe(302);
    expect(await target(w.actionIds[0])).toBe("2024-10-20");
  });

  it("answers bad input 400, a stale form 409, others 403 and 404, and a tampered move 400", async () => {
    const bad = await editRecommendationPost(
      w.lead.id,
      recommendationForm({ text: " ", timescale: "weekly", dueDate: "tomorrow" }),
    );
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).errors as object).sort()).toEqual(["dueDate", "text", "timescale"]);
    const tampered = await editRecommendationPost(w.lead.id, {
      ...recommendationForm({ dueDate: "31/12/2024", intent: "confirm", reason: "x" }),
      move: "../../etc",
    });
    expect(tampered.status).toBe(400);
    expect((await json(tampered)).errors).toMatchObject({ moves: expect.any(String) });
    await editRecommendationPost(w.admin.id, recommendationForm({ text: "By the administrator." }));
    const stale = await editRecommendationPost(w.lead.id, recommendationForm({ text: "By the lead." }));
    expect(stale.status).toBe(409);
    expect((await json(stale)).conflict).toMatchObject({ changedBy: "Ada Admin" });
    expect((await editRecommendationPost(w.board.id, recommendationForm({ version: "2" }))).status).toBe(403);
    expect((await editRecommendationPost(w.outsider.id, recommendationForm({ version: "2" }))).status).toBe(404);
    const form = await call(
      editRecommendationLoader,
      getRequest(`/recommendations/${w.recIds[0]}/edit`, await as(w.owner.id)),
      { recommendationId: String(w.recIds[0]) },
    );
    expect(form.status).toBe(403);
  });
});

describe("removing and restoring an inspection", () => {
  const remove = async (userId: number, fields: Record<string, string>) =>
    call(removeAction, postRequest(`/inspections/${w.inspectionId}/remove`, fields, await as(userId)), {
      inspectionId: String(w.inspectionId),
    });
  const restore = async (userId: number, fields: Record<string, string>) =>
    call(restoreAction, postRequest(`/inspections/${w.inspectionId}`, fields, await as(userId)), {
      inspectionId: String(w.inspectionId),
    });

  it("confirms first, naming what will leave the plan, and needs a reason", async () => {
    const page = await call(removeLoader, getRequest(`/inspections/${w.inspectionId}/remove`, await as(w.lead.id)), {
      inspectionId: String(w.inspectionId),
    });
    expect(page.status).toBe(200);
    expect((await json(page)).inspection).toMatchObject({
      recommendations: 2,
      actions: 2,
      openActions: 2,
      evidence: 0,
    });
    const noReason = await remove(w.lead.id, { version: "1", reason: "  " });
    expect(noReason.status).toBe(400);
    expect((await json(noReason)).errors).toMatchObject({ reason: "Say why the inspection is being removed" });
    expect((await remove(w.owner.id, { version: "1", reason: "x" })).status).toBe(403);
    expect((await remove(w.board.id, { version: "1", reason: "x" })).status).toBe(403);
    expect((await remove(w.outsider.id, { version: "1", reason: "x" })).status).toBe(404);
    expect((await remove(w.lead.id, { version: "9", reason: "x" })).status).toBe(409);
  });

  it("answers its pages with who removed it, when and why, until an administrator restores it", async () => {
    const removed = await remove(w.lead.id, { version: "1", reason: "Another council's focused visit" });
    expect(removed.status).toBe(302);
    expect(removed.headers.get("Location")).toBe("/inspections");

    const page = await call(inspectionLoader, getRequest(`/inspections/${w.inspectionId}`, await as(w.board.id)), {
      inspectionId: String(w.inspectionId),
    });
    expect(page.status).toBe(200);
    expect(await json(page)).toMatchObject({
      removal: { removedBy: "Lena Lead", reason: "Another council's focused visit" },
      canManage: false,
      canRestore: false,
    });
    const list = await json(await call(inspectionsLoader, getRequest("/inspections", await as(w.lead.id))));
    expect(list.inspections).toEqual([]);
    expect(list.removed).toEqual([expect.objectContaining({ id: w.inspectionId })]);

    for (const [loader, path, params] of [
      [actionLoader, `/actions/${w.actionIds[0]}`, { actionId: String(w.actionIds[0]) }],
      [evidenceLoader, `/actions/${w.actionIds[0]}/evidence`, { actionId: String(w.actionIds[0]) }],
      [recommendationLoader, `/recommendations/${w.recIds[0]}`, { recommendationId: String(w.recIds[0]) }],
      [newActionLoader, `/recommendations/${w.recIds[0]}/actions/new`, { recommendationId: String(w.recIds[0]) }],
      [editRecommendationLoader, `/recommendations/${w.recIds[0]}/edit`, { recommendationId: String(w.recIds[0]) }],
      [editInspectionLoader, `/inspections/${w.inspectionId}/edit`, { inspectionId: String(w.inspectionId) }],
      [removeLoader, `/inspections/${w.inspectionId}/remove`, { inspectionId: String(w.inspectionId) }],
    ] as const) {
      const res = await call(loader as never, getRequest(path, await as(w.lead.id)), params);
      expect(res.status, path).toBe(410);
      expect(await json(res), path).toMatchObject({
        message: expect.stringMatching(/Removed from the plan on .* by Lena Lead: “Another council's focused visit”/),
        link: { href: `/inspections/${w.inspectionId}` },
      });
    }
    // Another authority still sees nothing at all.
    const outside = await call(actionLoader, getRequest(`/actions/${w.actionIds[0]}`, await as(w.outsider.id)), {
      actionId: String(w.actionIds[0]),
    });
    expect(outside.status).toBe(404);

    expect((await restore(w.lead.id, { intent: "restore", version: "2" })).status).toBe(403);
    expect((await restore(w.outsider.id, { intent: "restore", version: "2" })).status).toBe(404);
    const adminPage = await json(
      await call(inspectionLoader, getRequest(`/inspections/${w.inspectionId}`, await as(w.admin.id)), {
        inspectionId: String(w.inspectionId),
      }),
    );
    expect(adminPage).toMatchObject({ canRestore: true });
    const stale = await restore(w.admin.id, { intent: "restore", version: "1" });
    expect(stale.status).toBe(409);
    const restored = await restore(w.admin.id, { intent: "restore", version: "2" });
    expect(restored.status).toBe(302);
    const again = await restore(w.admin.id, { intent: "restore", version: "3" });
    expect(again.status).toBe(400);
    expect((await json(again)).errors).toMatchObject({ restore: expect.stringMatching(/nothing to restore/) });
    const action = await call(actionLoader, getRequest(`/actions/${w.actionIds[0]}`, await as(w.lead.id)), {
      actionId: String(w.actionIds[0]),
    });
    expect(action.status).toBe(200);
  });
});
