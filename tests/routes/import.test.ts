import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action, loader } from "../../app/routes/import";
import { createAuthority, createTestUser } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

const havering = fs.readFileSync("db/fixtures/reports/havering-2011-slac.txt", "utf8");
const count = async (table: "inspections" | "recommendations" | "actions" | "judgements" | "authorities") =>
  Number((await getDb().selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

function uploadRequest(cookie: string, bytes: Uint8Array<ArrayBuffer> | string, name = "report.txt") {
  const form = new FormData();
  form.set("intent", "preview");
  form.set("report", new File([bytes], name, { type: "text/plain" }));
  return new Request("http://localhost/import", { method: "POST", body: form, headers: { Cookie: cookie } });
}

let lead: Awaited<ReturnType<typeof createTestUser>>;
let authorityId: number;
beforeEach(async () => {
  authorityId = (await createAuthority("London Borough of Havering")).id;
  lead = await createTestUser({ role: "improvement_lead", authorityId });
});

describe("import", () => {
  it("is refused to service managers and board members", async () => {
    for (const role of ["service_manager", "board_member"] as const) {
      const user = await createTestUser({ role, authorityId });
      const cookie = await sessionCookie(user.id);
      expect((await call(loader, getRequest("/import", cookie))).status).toBe(403);
      expect((await call(action, postRequest("/import", { intent: "confirm", text: havering }, cookie))).status).toBe(403);
    }
    expect(await count("inspections")).toBe(0);
  });

  it("previews an uploaded text report without saving anything", async () => {
    const res = await call(action, uploadRequest(await sessionCookie(lead.id), havering));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { stage: string; report: { recommendations: unknown[] }; planned: { reference: string; dueDate: string }[] };
    expect(body.stage).toBe("preview");
    expect(body.report.recommendations.length).toBeGreaterThan(10);
    expect(body.planned[0]).toMatchObject({ reference: "SG-IM-1", dueDate: "2011-11-25" });
    expect(await count("inspections")).toBe(0);
  });

  it("recomputes due dates from a chosen basis", async () => {
    const cookie = await sessionCookie(lead.id);
    const res = await call(action, postRequest("/import", { intent: "preview", text: havering, basisKind: "received", basisDate: "01/11/2011" }, cookie));
    const body = (await res.json()) as { planned: { reference: string; dueDate: string }[] };
    expect(body.planned.find((p) => p.reference === "SG-3M-1")?.dueDate).toBe("2012-02-01");
    const missing = await call(action, postRequest("/import", { intent: "confirm", text: havering, basisKind: "received", basisDate: "" }, cookie));
    expect(missing.status).toBe(400);
    expect(await count("inspections")).toBe(0);
  });

  it("confirms in one go: inspection, judgements, recommendations and one action each; the same text again creates nothing", async () => {
    const cookie = await sessionCookie(lead.id);
    const res = await call(action, postRequest("/import", { intent: "confirm", text: havering, fileName: "havering.txt" }, cookie));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/inspections\/\d+$/);
    const recs = await count("recommendations");
    expect(recs).toBeGreaterThan(10);
    expect(await count("actions")).toBe(recs);
    expect(await count("judgements")).toBeGreaterThan(0);
    const inspection = await getDb().selectFrom("inspections").selectAll().executeTakeFirstOrThrow();
    expect(inspection).toMatchObject({ authority_id: authorityId, basis_kind: "publication", basis_date: "2011-10-28", source_file_name: "havering.txt", imported_by: lead.id });

    const again = await call(action, postRequest("/import", { intent: "confirm", text: havering.replace(/\n/g, "\r\n") }, cookie));
    expect(again.status).toBe(302);
    expect(await count("inspections")).toBe(1);
    expect(await count("recommendations")).toBe(recs);
    const preview = await call(action, postRequest("/import", { intent: "preview", text: havering }, cookie));
    expect(((await preview.json()) as { duplicate: { id: number } }).duplicate.id).toBe(inspection.id);
  });

  it("explains unreadable input and saves nothing", async () => {
    const cookie = await sessionCookie(lead.id);
    const cases: [Request, RegExp][] = [
      [uploadRequest(cookie, new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])), /is a PDF/],
      [uploadRequest(cookie, new Uint8Array([0, 1, 2, 3, 0])), /binary/],
      [uploadRequest(cookie, "   \n  "), /The selected file is empty/],
      [postRequest("/import", { intent: "preview", text: "This is a shopping list.\nEggs\nMilk" }, cookie), /No recommendations were found/],
      [postRequest("/import", { intent: "preview", text: "" }, cookie), /Paste the report's text/],
    ];
    for (const [request, message] of cases) {
      const res = await call(action, request);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(message);
    }
    expect(await count("inspections")).toBe(0);
  });

  it("refuses an oversized upload with 413", async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 10).fill(0x61);
    const res = await call(action, uploadRequest(await sessionCookie(lead.id), big));
    expect(res.status).toBe(413);
    expect(JSON.stringify(await res.json())).toMatch(/larger than 20 MB/);
  });

  it("lets an administrator create the authority named in the report", async () => {
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const hackney = fs.readFileSync("db/fixtures/reports/hackney-2024-ilacs.txt", "utf8");
    const res = await call(action, postRequest("/import", { intent: "confirm", text: hackney, authorityId: "new" }, await sessionCookie(admin.id)));
    expect(res.status).toBe(302);
    const names = (await getDb().selectFrom("authorities").select("name").orderBy("name").execute()).map((a) => a.name);
    expect(names).toEqual(["London Borough of Hackney", "London Borough of Havering"]);
  });
});
