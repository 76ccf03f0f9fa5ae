import mammoth from "mammoth";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { readinessReportDocx } from "../../app/exports/readiness-report-docx.server";
import { collectBytes } from "../../app/exports/zip-stream.server";
import { changeActionStatus } from "../../app/models/action-changes.server";
import { buildReadinessReport, themesByArea } from "../../app/models/readiness-report.server";
import { READINESS_AREA_LABELS } from "../../app/domain/readiness-areas";
import { loader as docxLoader } from "../../app/routes/readiness.report[.docx]";
import { loader as pageLoader } from "../../app/routes/readiness.report";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createInspection,
  createTestUser,
  setAction,
  importSeedReport,
} from "../factories";
import { call, getRequest, sessionCookie } from "../helpers/requests";

const TODAY = "2024-09-02";
let hackneyId: number;
let ilacsId: number;
beforeEach(async () => {
  hackneyId = (await createAuthority("London Borough of Hackney")).id;
  await importSeedReport("hackney-2012-slac", hackneyId, { kind: "publication", date: null });
  ilacsId = await importSeedReport("hackney-2024-ilacs", hackneyId, { kind: "received", date: "2024-08-23" });
});

/** Signs off the first action of Hackney 2024's first recommendation, with impact evidence. */
async function signOffAccommodation() {
  const lead = await createTestUser({ role: "improvement_lead", authorityId: hackneyId, name: "Priya Lead" });
  const owner = await createTestUser({ role: "service_manager", authorityId: hackneyId, name: "Sam Owner" });
  const recommendation = await getDb()
    .selectFrom("recommendations")
    .select(["id", "reference"])
    .where("inspection_id", "=", ilacsId)
    .orderBy("position")
    .executeTakeFirstOrThrow();
  const action = await getDb()
    .selectFrom("actions")
    .select(["id", "version"])
    .where("recommendation_id", "=", recommendation.id)
    .executeTakeFirstOrThrow();
  await setAction(action.id, { owner_id: owner.id, status: "awaiting_sign_off", target_date: "2024-10-01" });
  await getDb()
    .insertInto("evidence")
    .values({
      action_id: action.id,
      kind: "note",
      purpose: "impact",
      description: "Care leavers' accommodation audit, August",
      url: null,
      evidence_date: "2024-08-30",
      added_by: owner.id,
      created_at: "2024-08-30T10:00:00Z",
      file_sha256: null,
      file_name: null,
      file_size: null,
      file_type: null,
      deleted_at: null,
      deleted_by: null,
      deleted_reason: null,
    })
    .execute();
  const result = await changeActionStatus(
    { id: lead.id, role: "improvement_lead", authorityId: hackneyId },
    { actionId: action.id, version: action.version, move: "sign_off", reason: "" },
    new Date("2024-09-01T14:00:00Z"),
  );
  expect(result.ok).toBe(true);
  return { lead, recommendation, actionId: action.id };
}

describe("readiness report", () => {
  it("gathers, per area, what was asked, what was done with sign-off dates, impact evidence and what is open", async () => {
    const { lead, recommendation, actionId } = await signOffAccommodation();
    const report = (await buildReadinessReport(
      { id: lead.id, role: "improvement_lead", authorityId: hackneyId },
      hackneyId,
      TODAY,
    ))!;
    expect(report.authority.name).toBe("London Borough of Hackney");
    expect(report.areas.map((a) => a.area)).toEqual([
      "leaders",
      "help_and_protection",
      "children_in_care",
      "care_leavers",
    ]);
    const careLeavers = report.areas.find((a) => a.area === "care_leavers")!;
    const accommodation = careLeavers.recommendations.find((r) => r.id === recommendation.id)!;
    expect(accommodation.inspection.title).toBeTruthy();
    expect(accommodation.actions.find((a) => a.id === actionId)).toMatchObject({
      status: "signed_off",
      ownerName: "Sam Owner",
      signedOffOn: "2024-09-01",
    });
    expect(accommodation.impactEvidence.map((e) => e.description)).toEqual([
      "Care leavers' accommodation audit, August",
    ]);

    expect(report.judgementHistory.find((h) => h.area === "care_leavers")?.grades).toEqual([
      "12 July 2024 (ILACS): Requires improvement to be good",
    ]);
    expect(report.judgementHistory.find((h) => h.area === "children_in_care")?.grades[0]).toMatch(
      /^1 June 2012 \(SLAC\)/,
    );
    expect(report.windowLines[0]).toMatch(/^Last ILACS inspection: .*12 July 2024\.$/);
    // The last ILACS judged Good: a short inspection, in the window either side of the third anniversary.
    expect(report.windowLines[1]).toMatch(/^Next inspection expected: A short inspection/);
    expect(report.windowLines[2]).toContain("12 January 2027 to 12 January 2028");
    expect(report.windowLines.some((l) => l.startsWith("Source: Ofsted, Inspecting local authority"))).toBe(true);
    expect(
      report.windowLines.some((l) => l.includes("70 working days from receipt of the report on 23 August 2024")),
    ).toBe(true);
  });

  it("produces a Word document that parses back with every area and every recommendation", async () => {
    const { lead } = await signOffAccommodation();
    const report = (await buildReadinessReport(
      { id: lead.id, role: "improvement_lead", authorityId: hackneyId },
      hackneyId,
      TODAY,
    ))!;
    const docx = await collectBytes(readinessReportDocx(report, "OFFICIAL"));
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
    for (const area of report.areas) {
      expect(text).toContain(READINESS_AREA_LABELS[area.area]);
      for (const r of area.recommendations) expect(text).toContain(`${r.reference}: ${r.text}`);
    }
    const all = await getDb()
      .selectFrom("recommendations")
      .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
      .select("recommendations.text")
      .where("inspections.authority_id", "=", hackneyId)
      .execute();
    for (const r of all) expect(text).toContain(r.text);
    expect(text).toContain("Care leavers' accommodation audit, August (30 August 2024)");
    expect(text).toContain("Judgement history");
    expect(text).toContain("Statement of action");
    expect(Buffer.from(await collectBytes(readinessReportDocx(report, "OFFICIAL"))).equals(Buffer.from(docx))).toBe(true);
  });

  it("is a printable page and a .docx for the authority's own staff only", async () => {
    const board = await createTestUser({ role: "board_member", authorityId: hackneyId });
    const cookie = await sessionCookie(board.id);
    const page = await call(pageLoader, getRequest("/readiness/report", cookie));
    expect(page.status).toBe(200);
    expect(((await page.json()) as { report: { authority: { id: number } } }).report.authority.id).toBe(hackneyId);
    const file = await call(docxLoader, getRequest(`/readiness/report.docx?authority=${hackneyId}`, cookie));
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(file.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="london-borough-of-hackney-readiness-report-\d{4}-\d{2}-\d{2}\.docx"$/,
    );

    const otherId = (await createAuthority("Elsewhere")).id;
    const outsider = await createTestUser({ role: "improvement_lead", authorityId: otherId });
    const outsiderCookie = await sessionCookie(outsider.id);
    expect(
      (await call(pageLoader, getRequest(`/readiness/report?authority=${hackneyId}`, outsiderCookie))).status,
    ).toBe(404);
    expect(
      (await call(docxLoader, getRequest(`/readiness/report.docx?authority=${hackneyId}`, outsiderCookie))).status,
    ).toBe(404);
    expect(
      await buildReadinessReport({ id: outsider.id, role: "improvement_lead", authorityId: otherId }, hackneyId, TODAY),
    ).toBeNull();

    const anonymous = await call(docxLoader, getRequest(`/readiness/report.docx?authority=${hackneyId}`));
    expect(anonymous.status).toBe(302);
  });

  it("puts a theme recurring across inspections under the area of its recommendations, in the page and the Word file", async () => {
    await createInspection(
      hackneyId,
      buildReport({
        kind: "ilacs",
        inspectionStart: "2021-05-10",
        inspectionEnd: "2021-05-21",
        published: "2021-07-01",
        recommendations: [
          buildRecommendation({
            text: "Ensure there is sufficient and suitable accommodation available for care leavers.",
          }),
        ],
      }),
    );
    const lead = await createTestUser({ role: "improvement_lead", authorityId: hackneyId });
    const report = (await buildReadinessReport(lead.actor, hackneyId, TODAY))!;
    const careLeavers = report.areas.find((a) => a.area === "care_leavers")!;
    const ids = new Set(careLeavers.recommendations.map((r) => r.id));
    const theme = careLeavers.themes.find((t) => t.recommendationIds.length >= 2);
    expect(theme, JSON.stringify(careLeavers.themes)).toBeTruthy();
    expect(theme!.recommendationIds.every((id) => ids.has(id))).toBe(true);
    expect(theme!.inspections.length).toBeGreaterThanOrEqual(2);
    expect(theme!.why.length).toBeGreaterThan(0);
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(await collectBytes(readinessReportDocx(report, "OFFICIAL"))) });
    expect(text).toContain(`${theme!.label}: recurs in ${theme!.inspections.join("; ")}`);
  });

  it("places a theme under each area its recommendations fall in, with only that area's recommendations", () => {
    const area = (key: "care_leavers" | "leaders", ids: number[]) => ({
      area: key,
      recommendations: ids.map((id) => ({ id })),
    });
    const themes = themesByArea([area("care_leavers", [1, 2]), area("leaders", [3])] as never, [
      {
        key: "care-leavers-accommodation",
        label: "Care leavers' accommodation",
        why: "Both mention accommodation for care leavers",
        inspections: [
          { label: "SLAC 2012", date: "2012-06-01" },
          { label: "ILACS 2024", date: null },
        ],
        recommendations: [{ id: 2 }, { id: 9 }],
      },
    ]);
    expect(themes.get("care_leavers")).toEqual([
      {
        key: "care-leavers-accommodation",
        label: "Care leavers' accommodation",
        why: "Both mention accommodation for care leavers",
        inspections: ["SLAC 2012 (1 June 2012)", "ILACS 2024"],
        recommendationIds: [2],
      },
    ]);
    expect(themes.get("leaders")).toEqual([]);
  });
});
