import { beforeEach, describe, expect, it } from "vitest";
import { loader as dashboardLoader } from "../../app/routes/dashboard";
import { loader } from "../../app/routes/readiness.judgements";
import { createAuthority, createTestUser, importSeedReport } from "../factories";
import { call, getRequest, sessionCookie } from "../helpers/requests";

interface Body {
  chosen: { id: number; name: string } | null;
  timeline: {
    areas: {
      area: string;
      entries: { frameworkLabel: string; date: string; area: string; grade: string; ordinal: number }[];
    }[];
    unmapped: unknown[];
  };
}

let hackneyId: number;
beforeEach(async () => {
  hackneyId = (await createAuthority("London Borough of Hackney")).id;
  await importSeedReport("hackney-2012-slac", hackneyId, { kind: "publication", date: null });
  await importSeedReport("hackney-2024-ilacs", hackneyId, { kind: "received", date: "2024-08-23" });
});

describe("judgement history", () => {
  it("shows Hackney's 2012 SLAC and 2024 ILACS grades side by side under each current area, to every role", async () => {
    for (const role of ["board_member", "service_manager", "improvement_lead"] as const) {
      const user = await createTestUser({ role, authorityId: hackneyId });
      const res = await call(loader, getRequest("/readiness/judgements", await sessionCookie(user.id)));
      expect(res.status).toBe(200);
      const body = (await res.json()) as Body;
      expect(body.chosen?.name).toBe("London Borough of Hackney");
      const area = (key: string) => body.timeline.areas.find((a) => a.area === key)?.entries ?? [];
      for (const key of ["leaders", "help_and_protection", "children_in_care", "overall"]) {
        expect(new Set(area(key).map((e) => e.frameworkLabel)), key).toEqual(new Set(["SLAC", "ILACS"]));
        expect(area(key)[0].date < area(key).at(-1)!.date).toBe(true);
      }
      expect(area("children_in_care")).toContainEqual(
        expect.objectContaining({
          frameworkLabel: "SLAC",
          date: "2012-06-01",
          area: "Staying safe",
          grade: "Good",
          ordinal: 2,
        }),
      );
      expect(area("children_in_care")).toContainEqual(
        expect.objectContaining({ frameworkLabel: "ILACS", date: "2024-07-12", grade: "Good" }),
      );
      expect(area("care_leavers").map((e) => [e.frameworkLabel, e.grade, e.ordinal])).toEqual([
        ["ILACS", "Requires improvement to be good", 3],
      ]);
      expect(
        area("leaders")
          .filter((e) => e.frameworkLabel === "SLAC")
          .map((e) => e.area),
      ).toContain("Ambition and prioritisation");
      expect(body.timeline.unmapped).toEqual([]);
    }
  });

  it("keeps each authority's history to its own staff; administrators choose", async () => {
    const otherId = (await createAuthority("Elsewhere")).id;
    const outsider = await createTestUser({ role: "improvement_lead", authorityId: otherId });
    const res = await call(
      loader,
      getRequest(`/readiness/judgements?authority=${hackneyId}`, await sessionCookie(outsider.id)),
    );
    const body = (await res.json()) as Body;
    expect(body.chosen?.name).toBe("Elsewhere");
    expect(body.timeline.areas.every((a) => a.entries.length === 0)).toBe(true);

    const admin = await createTestUser({ role: "admin", authorityId: null });
    const adminRes = await call(
      loader,
      getRequest(`/readiness/judgements?authority=${hackneyId}`, await sessionCookie(admin.id)),
    );
    const adminBody = (await adminRes.json()) as Body;
    expect(adminBody.chosen?.name).toBe("London Borough of Hackney");
    expect(adminBody.timeline.areas.find((a) => a.area === "overall")?.entries.length).toBe(3);
  });

  it("puts the window after Hackney's 2024 ILACS on the dashboard", async () => {
    const lead = await createTestUser({ role: "improvement_lead", authorityId: hackneyId });
    const res = await call(dashboardLoader, getRequest("/dashboard", await sessionCookie(lead.id)));
    const body = (await res.json()) as {
      windows: {
        authorityId: number;
        lastIlacs: { date: string } | null;
        countdown: { window: { opens: string; closes: string } } | null;
      }[];
    };
    expect(body.windows).toEqual([
      expect.objectContaining({
        authorityId: hackneyId,
        lastIlacs: expect.objectContaining({ date: "2024-07-12" }),
        countdown: expect.objectContaining({
          window: { opens: "2027-01-12", anniversary: "2027-07-12", closes: "2028-01-12" },
        }),
      }),
    ]);
  });
});
