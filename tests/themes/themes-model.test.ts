import { beforeEach, describe, expect, it } from "vitest";
import { listRecurringThemes, listThemeInputs, themeInspectionLabel } from "../../app/models/themes.server";
import { buildRecommendation, buildReport, createAuthority, createInspection, createTestUser } from "../factories";
import { importFixture } from "./fixtures";

let hackneyId: number;
let otherId: number;
beforeEach(async () => {
  hackneyId = (await createAuthority("London Borough of Hackney")).id;
  otherId = (await createAuthority("Havering")).id;
  await importFixture(hackneyId, "hackney-2012-slac", "slac");
  await importFixture(hackneyId, "hackney-2024-ilacs", "ilacs");
  await createInspection(
    otherId,
    buildReport({
      inspectionEnd: "2019-03-01",
      recommendations: [buildRecommendation({ text: "The timely allocation of accommodation for care leavers." })],
    }),
  );
});

describe("listRecurringThemes", () => {
  it("groups Hackney's care leaver recommendations of 2012 and 2024, naming the inspections", async () => {
    const lead = await createTestUser({ role: "improvement_lead", authorityId: hackneyId });
    const groups = await listRecurringThemes(lead.actor, hackneyId);
    expect(groups.map((g) => g.key)).toEqual(["care-leavers"]);
    expect(groups[0].inspections.map((i) => [i.label, i.date])).toEqual([
      ["SLAC 2012", "2012-06-01"],
      ["ILACS 2024", "2024-07-12"],
    ]);
    expect(groups[0].recommendations.map((r) => r.text)).toEqual([
      expect.stringContaining("care leavers' health information"),
      "The timely allocation of accommodation for care leavers.",
      "The consistency of responses to care leavers.",
    ]);
  });

  it("never mixes in another authority's recommendations", async () => {
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const inputs = await listThemeInputs(admin.actor, hackneyId);
    expect(inputs).toHaveLength(15);
    expect(inputs.filter((i) => i.text === "The timely allocation of accommodation for care leavers.")).toHaveLength(1);
    // Havering's single inspection has nothing recurring, even with the same words as Hackney's.
    expect(await listRecurringThemes(admin.actor, otherId)).toEqual([]);
  });

  it("gives nothing to someone from another authority, whatever their role", async () => {
    for (const role of ["board_member", "service_manager", "improvement_lead"] as const) {
      const outsider = await createTestUser({ role, authorityId: otherId });
      expect(await listThemeInputs(outsider.actor, hackneyId)).toEqual([]);
      expect(await listRecurringThemes(outsider.actor, hackneyId)).toEqual([]);
    }
    const board = await createTestUser({ role: "board_member", authorityId: hackneyId });
    expect((await listRecurringThemes(board.actor, hackneyId)).length).toBe(1);
  });
});

describe("themeInspectionLabel", () => {
  it("names the framework and year", () => {
    expect(themeInspectionLabel("slac", "2012-06-01")).toBe("SLAC 2012");
    expect(themeInspectionLabel("ilacs", "2026-05-01")).toBe("ILACS 2026");
    expect(themeInspectionLabel("ilacs_short", "2023-02-01")).toBe("ILACS (short) 2023");
    expect(themeInspectionLabel("focused_visit", "2021-10-01")).toBe("Focused visit 2021");
    expect(themeInspectionLabel("sif", null)).toBe("SIF");
  });
});
