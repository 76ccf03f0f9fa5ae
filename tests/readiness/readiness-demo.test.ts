import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { loadDemoData } from "../../db/seed";
import { readinessReportDocx } from "../../app/exports/readiness-report-docx.server";
import { collectBytes } from "../../app/exports/zip-stream.server";
import { listReadinessByArea } from "../../app/models/readiness-areas.server";
import { buildReadinessReport } from "../../app/models/readiness-report.server";

const TODAY = "2026-11-16";
const NOW = new Date("2026-11-16T12:00:00Z");
const ADMIN = { id: 0, role: "admin" as const, authorityId: null };

describe("readiness on the demo data", () => {
  it("puts Hackney 2024's care-leaver recommendations under care leavers, and reports every area", async () => {
    await loadDemoData({ today: TODAY, now: NOW });
    const hackney = await getDb()
      .selectFrom("authorities")
      .select(["id", "name"])
      .where("name", "like", "%Hackney%")
      .executeTakeFirstOrThrow();
    const areas = (await listReadinessByArea(ADMIN, hackney.id, TODAY))!;
    const careLeavers = areas.find((a) => a.area === "care_leavers")!.recommendations;
    const from2024 = careLeavers.filter((r) => r.inspection.kind === "ilacs").map((r) => r.text);
    expect(from2024).toEqual([
      "The timely allocation of accommodation for care leavers.",
      "The consistency of responses to care leavers.",
    ]);
    expect(
      areas
        .find((a) => a.area === "help_and_protection")!
        .recommendations.some((r) => r.text.startsWith("The delivery and oversight of return home interviews")),
    ).toBe(true);
    // The 2012 plan was mostly signed off back then; the 2024 plan is live.
    const statuses = new Set(areas.flatMap((a) => a.recommendations.map((r) => r.status)));
    expect(statuses.size).toBeGreaterThan(1);
    for (const a of areas) expect(a.summary.explanation.length).toBeGreaterThan(0);

    const report = (await buildReadinessReport(ADMIN, hackney.id, TODAY))!;
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(await collectBytes(readinessReportDocx(report, "OFFICIAL"))) });
    for (const area of report.areas) for (const r of area.recommendations) expect(text).toContain(r.text);
  });
});
