import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { listReadinessByArea } from "../../app/models/readiness-areas.server";
import * as draftRoute from "../../app/routes/import_.drafts.$draftId";
import { action as editRecommendation } from "../../app/routes/recommendations.$recommendationId.edit";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createInspection,
  createReadyDraft,
  createTestUser,
  TODAY,
} from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

// Issue 17: "The section or area a lead chose always beats the wording". A recommendation's wording
// decides its readiness area over the section the reader found it in; a section the lead chose (on
// the import preview, or corrected after import) decides over the wording.

const MISSING = "Improve the response to children who go missing from care.";

let authorityId: number;
let lead: Awaited<ReturnType<typeof createTestUser>>;
beforeEach(async () => {
  authorityId = (await createAuthority("Testshire")).id;
  lead = await createTestUser({ role: "improvement_lead", authorityId });
});

async function areaOf(text: string, inspectionId: number) {
  const areas = (await listReadinessByArea(lead.actor, authorityId, TODAY))!;
  const recommendation = await getDb()
    .selectFrom("recommendations")
    .select("id")
    .where("inspection_id", "=", inspectionId)
    .where("text", "=", text)
    .executeTakeFirstOrThrow();
  const found = areas.find((a) => a.recommendations.some((r) => r.id === recommendation.id))!;
  return { area: found.area, decision: found.recommendations.find((r) => r.id === recommendation.id)!.decision };
}

const flag = async (inspectionId: number) =>
  (
    await getDb()
      .selectFrom("recommendations")
      .select(["text", "section", "section_set_by_lead"])
      .where("inspection_id", "=", inspectionId)
      .orderBy("position")
      .execute()
  ).map((r) => [r.text, r.section, r.section_set_by_lead]);

describe("a section the lead corrected after import", () => {
  it("files 'children who go missing from care' under children in care once the lead places it under looked after children", async () => {
    const { inspectionId } = await createInspection(
      authorityId,
      buildReport({
        kind: "slac",
        recommendations: [buildRecommendation({ section: "safeguarding", timescale: "three_months", text: MISSING })],
      }),
    );
    expect((await areaOf(MISSING, inspectionId)).area).toBe("help_and_protection");
    const [{ id }] = await getDb()
      .selectFrom("recommendations")
      .select("id")
      .where("inspection_id", "=", inspectionId)
      .execute();
    const res = await call(
      editRecommendation,
      postRequest(
        `/recommendations/${id}/edit`,
        {
          intent: "save",
          version: "1",
          text: MISSING,
          section: "looked_after_children",
          timescale: "three_months",
          agencies: "",
          paragraphNumber: "",
          dueDate: "",
        },
        await sessionCookie(lead.id),
      ),
      { recommendationId: String(id) },
    );
    expect(res.status).toBe(302);
    expect(await flag(inspectionId)).toEqual([[MISSING, "looked_after_children", 1]]);
    expect(await areaOf(MISSING, inspectionId)).toEqual({
      area: "children_in_care",
      decision: {
        area: "children_in_care",
        basis: "section",
        reason:
          "section 'Looked after children', chosen by the lead: a section the lead chose decides over the wording",
      },
    });
  });

  it("leaves a correction that keeps the section as the reader's: the wording still decides", async () => {
    const { inspectionId } = await createInspection(
      authorityId,
      buildReport({
        kind: "slac",
        recommendations: [
          buildRecommendation({ section: "looked_after_children", timescale: "three_months", text: MISSING }),
        ],
      }),
    );
    const [{ id }] = await getDb()
      .selectFrom("recommendations")
      .select("id")
      .where("inspection_id", "=", inspectionId)
      .execute();
    const res = await call(
      editRecommendation,
      postRequest(
        `/recommendations/${id}/edit`,
        {
          intent: "save",
          version: "1",
          text: MISSING,
          section: "looked_after_children",
          timescale: "three_months",
          agencies: "Police",
          paragraphNumber: "",
          dueDate: "",
        },
        await sessionCookie(lead.id),
      ),
      { recommendationId: String(id) },
    );
    expect(res.status).toBe(302);
    expect(await flag(inspectionId)).toEqual([[MISSING, "looked_after_children", 0]]);
    expect((await areaOf(MISSING, inspectionId)).area).toBe("help_and_protection");
  });
});

describe("a section read by the reader", () => {
  it("keeps today's result: the wording puts the same text under help and protection, whichever section it was read in", async () => {
    for (const section of ["safeguarding", "looked_after_children"] as const) {
      const { inspectionId } = await createInspection(
        authorityId,
        buildReport({
          kind: "slac",
          recommendations: [buildRecommendation({ section, timescale: "three_months", text: MISSING })],
        }),
      );
      expect(await flag(inspectionId)).toEqual([[MISSING, section, 0]]);
      expect(await areaOf(MISSING, inspectionId)).toMatchObject({
        area: "help_and_protection",
        decision: { basis: "wording", reason: "wording: 'missing'" },
      });
    }
  });
});

describe("a section the lead changed on the import preview", () => {
  const report =
    "Inspection of Testshire local authority children's services\n\nWhat needs to improve?\n\n" +
    `   ◼ ${MISSING}\n   ◼ The response to children who go missing from home.\n`;

  it("is recorded as the lead's on import, and decides the area; an item left as read is not", async () => {
    const draftId = await createReadyDraft(lead.actor, report);
    const cookie = await sessionCookie(lead.id);
    const params = { draftId: String(draftId) };
    const page = (await (
      await call(draftRoute.loader, getRequest(`/import/drafts/${draftId}`, cookie), params)
    ).json()) as { revision: number; items: { key: string; text: string; section: string | null }[] };
    expect(page.items.map((i) => i.section)).toEqual([null, null]);
    const fields: Record<string, string> = {
      revision: String(page.revision),
      basisKind: "publication",
      basisDate: "",
      op: "save",
    };
    for (const item of page.items) {
      fields[`item-${item.key}-shown`] = "1";
      fields[`item-${item.key}-text`] = item.text;
      fields[`item-${item.key}-section`] = item.text === MISSING ? "looked_after_children" : "";
      fields[`item-${item.key}-timescale`] = "";
      fields[`item-${item.key}-agencies`] = "";
    }
    expect(
      (await call(draftRoute.action, postRequest(`/import/drafts/${draftId}`, fields, cookie), params)).status,
    ).toBe(302);
    // Confirming posts the same fields again (at the next revision): the choice is kept, not lost.
    const saved = (await (
      await call(draftRoute.loader, getRequest(`/import/drafts/${draftId}`, cookie), params)
    ).json()) as { revision: number };
    const confirm = await call(
      draftRoute.action,
      postRequest(`/import/drafts/${draftId}`, { ...fields, revision: String(saved.revision), op: "confirm" }, cookie),
      params,
    );
    expect(confirm.status).toBe(302);
    const { id: inspectionId } = await getDb().selectFrom("inspections").select("id").executeTakeFirstOrThrow();
    expect(await flag(inspectionId)).toEqual([
      [MISSING, "looked_after_children", 1],
      ["The response to children who go missing from home.", null, 0],
    ]);
    expect((await areaOf(MISSING, inspectionId)).area).toBe("children_in_care");
    expect((await areaOf("The response to children who go missing from home.", inspectionId)).area).toBe(
      "help_and_protection",
    );
  });
});
