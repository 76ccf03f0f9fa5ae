import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { listReadinessByArea } from "../../app/models/readiness-areas.server";
import { loader } from "../../app/routes/readiness._index";
import {
  action as recommendationAction,
  loader as recommendationLoader,
} from "../../app/routes/recommendations.$recommendationId._index";
import { createAuthority, createTestUser, setAction, TODAY, importSeedReport } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

async function recommendationsOf(inspectionId: number) {
  return getDb()
    .selectFrom("recommendations")
    .select(["id", "text"])
    .where("inspection_id", "=", inspectionId)
    .orderBy("position")
    .execute();
}

async function actionsOf(recommendationId: number) {
  return getDb().selectFrom("actions").select("id").where("recommendation_id", "=", recommendationId).execute();
}

interface Body {
  chosen: { id: number; name: string } | null;
  areas: {
    area: string;
    summary: { readiness: string; explanation: string };
    recommendations: { id: number; text: string; status: string; decision: { basis: string; reason: string } }[];
  }[];
}

let hackneyId: number;
let ilacsId: number;
let slacId: number;
beforeEach(async () => {
  hackneyId = (await createAuthority("London Borough of Hackney")).id;
  slacId = await importSeedReport("hackney-2012-slac", hackneyId);
  ilacsId = await importSeedReport("hackney-2024-ilacs", hackneyId);
});

describe("readiness by judgement area", () => {
  it("puts Hackney's 2024 care-leaver recommendations under care leavers, and every recommendation somewhere", async () => {
    const board = await createTestUser({ role: "board_member", authorityId: hackneyId });
    const res = await call(loader, getRequest("/readiness", await sessionCookie(board.id)));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body.areas.map((a) => a.area)).toEqual([
      "leaders",
      "help_and_protection",
      "children_in_care",
      "care_leavers",
    ]);
    const area = (key: string) => body.areas.find((a) => a.area === key)!.recommendations;
    const careLeavers = area("care_leavers").map((r) => r.text);
    expect(careLeavers).toContain("The timely allocation of accommodation for care leavers.");
    expect(careLeavers).toContain("The consistency of responses to care leavers.");
    expect(area("children_in_care").map((r) => r.text)).not.toContain(
      "The timely allocation of accommodation for care leavers.",
    );
    expect(area("help_and_protection").map((r) => r.text)).toContain(
      "The delivery and oversight of return home interviews when children go missing.",
    );
    expect(area("leaders").some((r) => r.text.startsWith("strengthen the influence and reach of the corporate"))).toBe(
      true,
    );
    const total = body.areas.reduce((n, a) => n + a.recommendations.length, 0);
    const all = [...(await recommendationsOf(slacId)), ...(await recommendationsOf(ilacsId))];
    expect(total).toBe(all.length);
    expect(area("care_leavers").find((r) => r.text.includes("accommodation"))?.decision).toEqual({
      area: "care_leavers",
      basis: "wording",
      reason: "wording: 'care leavers'",
    });
  });

  it("gives each recommendation its status and each area its summary", async () => {
    const [accommodation, responses] = await recommendationsOf(ilacsId);
    const owner = await createTestUser({ role: "service_manager", authorityId: hackneyId });
    const [first] = await actionsOf(accommodation.id);
    await setAction(first.id, { owner_id: owner.id, status: "signed_off", target_date: "2024-08-01" });
    await getDb()
      .insertInto("evidence")
      .values({
        action_id: first.id,
        kind: "note",
        purpose: "impact",
        description: "Audit of care leavers' accommodation, July",
        url: null,
        evidence_date: "2024-07-31",
        added_by: owner.id,
        created_at: "2024-08-01T10:00:00Z",
        file_sha256: null,
        file_name: null,
        file_size: null,
        file_type: null,
        deleted_at: null,
        deleted_by: null,
        deleted_reason: null,
      })
      .execute();
    for (const a of await actionsOf(responses.id))
      await setAction(a.id, { owner_id: owner.id, target_date: "2024-08-30" });

    const lead = await createTestUser({ role: "improvement_lead", authorityId: hackneyId });
    const areas = (await listReadinessByArea(
      { id: lead.id, role: "improvement_lead", authorityId: hackneyId },
      hackneyId,
      TODAY,
    ))!;
    const careLeavers = areas.find((a) => a.area === "care_leavers")!;
    const status = (id: number) => careLeavers.recommendations.find((r) => r.id === id)!.status;
    expect(status(accommodation.id)).toBe("signed_off_with_impact");
    expect(careLeavers.recommendations.find((r) => r.id === accommodation.id)!.impactEvidence).toEqual([
      { actionId: first.id, description: "Audit of care leavers' accommodation, July", date: "2024-07-31" },
    ]);
    expect(status(responses.id)).toBe("overdue");
    expect(careLeavers.summary.readiness).toBe("not_ready");
    expect(careLeavers.summary.explanation).toBe("Not ready because 1 of 2 overdue.");

    for (const a of await actionsOf(responses.id)) await setAction(a.id, { target_date: "2024-12-01" });
    const later = (await listReadinessByArea(
      { id: lead.id, role: "improvement_lead", authorityId: hackneyId },
      hackneyId,
      TODAY,
    ))!;
    expect(later.find((a) => a.area === "care_leavers")!.summary.readiness).toBe("partly_ready");
  });

  it("shows one authority's readiness only to its own staff", async () => {
    const otherId = (await createAuthority("Elsewhere")).id;
    const outsider = await createTestUser({ role: "improvement_lead", authorityId: otherId });
    const res = await call(loader, getRequest(`/readiness?authority=${hackneyId}`, await sessionCookie(outsider.id)));
    const body = (await res.json()) as Body;
    expect(body.chosen?.name).toBe("Elsewhere");
    expect(body.areas.every((a) => a.recommendations.length === 0)).toBe(true);
    expect(
      await listReadinessByArea({ id: outsider.id, role: "improvement_lead", authorityId: otherId }, hackneyId, TODAY),
    ).toBeNull();

    const admin = await createTestUser({ role: "admin", authorityId: null });
    const adminBody = (await (
      await call(loader, getRequest(`/readiness?authority=${hackneyId}`, await sessionCookie(admin.id)))
    ).json()) as Body;
    expect(adminBody.chosen?.name).toBe("London Borough of Hackney");
    expect(adminBody.areas.some((a) => a.recommendations.length > 0)).toBe(true);
  });
});

describe("overriding a recommendation's area", () => {
  it("lets a lead move a recommendation to another area and back to the rule, audited", async () => {
    const [accommodation] = await recommendationsOf(ilacsId);
    const lead = await createTestUser({ role: "improvement_lead", authorityId: hackneyId, name: "Priya Lead" });
    const cookie = await sessionCookie(lead.id);
    const params = { recommendationId: String(accommodation.id) };
    const path = `/recommendations/${accommodation.id}`;

    const res = await call(
      recommendationAction,
      postRequest(path, { intent: "area", area: "leaders" }, cookie),
      params,
    );
    expect(res.status).toBe(302);
    const page = (await (await call(recommendationLoader, getRequest(path, cookie), params)).json()) as {
      area: { decision: { area: string; basis: string }; rule: { area: string }; override: { by: string } | null };
    };
    expect(page.area.decision).toMatchObject({ area: "leaders", basis: "override" });
    expect(page.area.rule.area).toBe("care_leavers");
    expect(page.area.override?.by).toBe("Priya Lead");

    const body = (await (await call(loader, getRequest("/readiness", cookie))).json()) as Body;
    const leaders = body.areas.find((a) => a.area === "leaders")!.recommendations;
    expect(leaders.find((r) => r.id === accommodation.id)?.decision.reason).toBe(
      "set by Priya Lead; the rule gives Care leavers",
    );

    await call(recommendationAction, postRequest(path, { intent: "area", area: "rule" }, cookie), params);
    const row = await getDb()
      .selectFrom("recommendations")
      .select(["area_override", "area_override_by", "area_override_at"])
      .where("id", "=", accommodation.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ area_override: null, area_override_by: null, area_override_at: null });
    const events = await getDb()
      .selectFrom("audit_events")
      .select(["event", "user_id", "before", "after"])
      .where("entity_type", "=", "recommendation")
      .where("entity_id", "=", accommodation.id)
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      {
        event: "recommendation.area_overridden",
        user_id: lead.id,
        before: '{"area":null}',
        after: '{"area":"leaders"}',
      },
      {
        event: "recommendation.area_override_cleared",
        user_id: lead.id,
        before: '{"area":"leaders"}',
        after: '{"area":null}',
      },
    ]);
  });

  it("refuses an unknown area with a message, and anyone who may not shape the plan", async () => {
    const [accommodation] = await recommendationsOf(ilacsId);
    const params = { recommendationId: String(accommodation.id) };
    const path = `/recommendations/${accommodation.id}`;
    const lead = await createTestUser({ role: "improvement_lead", authorityId: hackneyId });
    const bad = await call(
      recommendationAction,
      postRequest(path, { intent: "area", area: "overall" }, await sessionCookie(lead.id)),
      params,
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Record<string, string> }).errors.area).toBe("Choose the judgement area");

    const board = await createTestUser({ role: "board_member", authorityId: hackneyId });
    const refused = await call(
      recommendationAction,
      postRequest(path, { intent: "area", area: "leaders" }, await sessionCookie(board.id)),
      params,
    );
    expect(refused.status).toBe(403);
    const row = await getDb()
      .selectFrom("recommendations")
      .select("area_override")
      .where("id", "=", accommodation.id)
      .executeTakeFirstOrThrow();
    expect(row.area_override).toBeNull();
  });
});
