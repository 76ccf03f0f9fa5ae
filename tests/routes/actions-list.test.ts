import { describe, expect, it } from "vitest";
import { loader } from "../../app/routes/actions._index";
import { buildReport, createAuthority, createInspection, createTestUser, setAction } from "../factories";
import { call, getRequest, sessionCookie } from "../helpers/requests";

describe("the action list page's filter options", () => {
  it("offers an administrator named owners and inspections only of the authority chosen (or the one already chosen), and a lead their own", async () => {
    const alpha = await createAuthority("Alpha");
    const beta = await createAuthority("Beta");
    const sam = await createTestUser({ role: "service_manager", authorityId: alpha.id, name: "Sam Alpha" });
    const bo = await createTestUser({ role: "service_manager", authorityId: beta.id, name: "Bo Beta" });
    const a = await createInspection(alpha.id, buildReport());
    const b = await createInspection(beta.id, buildReport());
    await setAction(a.actionIds[0], { owner_id: sam.id });
    await setAction(b.actionIds[0], { owner_id: bo.id });
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const lead = await createTestUser({ role: "improvement_lead", authorityId: alpha.id });
    const adminCookie = await sessionCookie(admin.id);

    const load = async (path: string, cookie: string) => {
      const response = await call(loader, getRequest(path, cookie));
      expect(response.status).toBe(200);
      return (await response.json()) as {
        owners: { id: number; name: string }[];
        inspections: { id: number }[];
        total: number;
      };
    };
    const all = await load("/actions", adminCookie);
    expect(all.owners).toEqual([]);
    expect(all.inspections).toEqual([]);
    const chosen = await load(`/actions?authority=${beta.id}`, adminCookie);
    expect(chosen.owners.map((o) => o.name)).toEqual(["Bo Beta"]);
    expect(chosen.inspections.map((i) => i.id)).toEqual([b.inspectionId]);
    const byInspection = await load(`/actions?inspection=${b.inspectionId}`, adminCookie);
    expect(byInspection.inspections.map((i) => i.id)).toEqual([b.inspectionId]);
    expect(byInspection.total).toBe(b.actionIds.length);
    const byOwner = await load(`/actions?owner=${sam.id}`, adminCookie);
    expect(byOwner.owners.map((o) => o.name)).toEqual(["Sam Alpha"]);
    expect(byOwner.total).toBe(1);
    const own = await load("/actions", await sessionCookie(lead.id));
    expect(own.owners.map((o) => o.name)).toEqual(["Sam Alpha"]);
    expect(own.inspections.map((i) => i.id)).toEqual([a.inspectionId]);
  });
});
