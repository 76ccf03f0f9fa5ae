import { beforeEach, describe, expect, it } from "vitest";
import type { ThemeGroup } from "../../app/domain/themes";
import { loader } from "../../app/routes/readiness.themes";
import { createAuthority, createTestUser } from "../factories";
import { call, getRequest, sessionCookie } from "../helpers/requests";
import { importFixture } from "./fixtures";

interface Body {
  chosen: { id: number; name: string } | null;
  inspectionCount: number;
  recommendationCount: number;
  groups: ThemeGroup[];
}

let hackneyId: number;
let otherId: number;
beforeEach(async () => {
  hackneyId = (await createAuthority("London Borough of Hackney")).id;
  otherId = (await createAuthority("Havering")).id;
  await importFixture(hackneyId, "hackney-2012-slac", "slac");
  await importFixture(hackneyId, "hackney-2024-ilacs", "ilacs");
  await importFixture(otherId, "havering-2011-slac", "slac");
});

describe("/readiness/themes loader", () => {
  it("shows Hackney's recurring themes to every role of the authority", async () => {
    for (const role of ["board_member", "service_manager", "improvement_lead"] as const) {
      const user = await createTestUser({ role, authorityId: hackneyId });
      const res = await call(loader, getRequest("/readiness/themes", await sessionCookie(user.id)));
      expect(res.status).toBe(200);
      const body = (await res.json()) as Body;
      expect(body.chosen?.id).toBe(hackneyId);
      expect(body.inspectionCount).toBe(2);
      expect(body.recommendationCount).toBe(15);
      expect(body.groups.map((g) => [g.key, g.inspections.map((i) => i.label)])).toEqual([
        ["care-leavers", ["SLAC 2012", "ILACS 2024"]],
      ]);
    }
  });

  it("refuses another authority's themes with 404, for every role but an administrator", async () => {
    for (const role of ["board_member", "service_manager", "improvement_lead"] as const) {
      const outsider = await createTestUser({ role, authorityId: otherId });
      const res = await call(
        loader,
        getRequest(`/readiness/themes?authority=${hackneyId}`, await sessionCookie(outsider.id)),
      );
      expect(res.status).toBe(404);
    }
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const res = await call(loader, getRequest(`/readiness/themes?authority=${otherId}`, await sessionCookie(admin.id)));
    const body = (await res.json()) as Body;
    expect(body.chosen?.name).toBe("Havering");
    expect(body.inspectionCount).toBe(1);
    expect(body.groups).toEqual([]);
  });

  it("sends someone who is not signed in to the sign-in page", async () => {
    const res = await call(loader, getRequest(`/readiness/themes?authority=${hackneyId}`));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
  });
});
