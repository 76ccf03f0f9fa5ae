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
    const body = (await res.json()) as { stage: string; items: unknown[]; planned: { reference: string; dueDate: string }[] };
    expect(body.stage).toBe("preview");
    expect(body.items.length).toBeGreaterThan(10);
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

interface PreviewBody {
  text: string;
  errors: Record<string, string>;
  items: { text: string; section: string | null; timescale: string | null; agencies: string[]; excluded: boolean; heading: string | null; priority: boolean; paragraphNumber: string | null; frameworkReferences: string[]; sourceLine: number | null; warnings: string[]; origin: string }[];
  planned: { reference: string; dueDate: string | null }[];
}

/** The fields the preview page's form posts back, as a browser would send them. */
function previewFields(body: PreviewBody, extra: Record<string, string> = {}): Record<string, string> {
  const fields: Record<string, string> = { text: body.text, itemCount: String(body.items.length), basisKind: "publication", basisDate: "" };
  body.items.forEach((item, i) => {
    const { heading, priority, paragraphNumber, frameworkReferences, sourceLine, warnings, origin } = item;
    fields[`item-${i}-text`] = item.text;
    fields[`item-${i}-section`] = item.section ?? "";
    fields[`item-${i}-timescale`] = item.timescale ?? "";
    fields[`item-${i}-agencies`] = item.agencies.join("; ");
    if (item.excluded) fields[`item-${i}-excluded`] = "1";
    fields[`item-${i}-meta`] = JSON.stringify({ heading, priority, paragraphNumber, frameworkReferences, sourceLine, warnings, origin });
  });
  return { ...fields, ...extra };
}

describe("correcting the preview", () => {
  it("merges, splits, edits, excludes and adds items, then saves exactly the corrected list", async () => {
    const cookie = await sessionCookie(lead.id);
    const post = async (fields: Record<string, string>) => {
      const res = await call(action, postRequest("/import", fields, cookie));
      return { status: res.status, body: (await res.json()) as PreviewBody };
    };
    let { body } = await post({ intent: "preview", text: havering });
    const originalCount = body.items.length;
    const [first, second] = [body.items[0].text, body.items[1].text];

    ({ body } = await post(previewFields(body, { op: "merge:1" })));
    expect(body.items).toHaveLength(originalCount - 1);
    expect(body.items[0].text).toBe(`${first} ${second}`);

    ({ body } = await post(previewFields(body, { "item-0-text": "First half.\n---\nSecond half.", op: "split:0" })));
    expect(body.items.slice(0, 2).map((i) => i.text)).toEqual(["First half.", "Second half."]);
    expect(body.items).toHaveLength(originalCount);

    const lineOfLastItem = havering.split("\n").findIndex((l) => l.includes("ensure that timely support is provided")) + 1;
    ({ body } = await post(previewFields(body, { "item-1-timescale": "six_months", "item-1-agencies": "Metropolitan Police; NHS North East London", "item-2-excluded": "1", op: "add", addFrom: String(lineOfLastItem), addTo: String(lineOfLastItem), addAfter: "1" })));
    expect(body.errors).toEqual({});
    expect(body.items[1]).toMatchObject({ timescale: "six_months", agencies: ["Metropolitan Police", "NHS North East London"] });
    expect(body.items[2]).toMatchObject({ origin: "added", text: expect.stringContaining("ensure that timely support is provided") });
    expect(body.items[3].excluded).toBe(true);
    expect(body.planned[1].dueDate).toBe("2012-04-28");

    const res = await call(action, postRequest("/import", previewFields(body, { intent: "confirm" }), cookie));
    expect(res.status).toBe(302);
    const saved = await getDb().selectFrom("recommendations").select(["text", "timescale", "agencies", "due_date"]).orderBy("position").execute();
    expect(saved).toHaveLength(body.items.length - 1);
    expect(saved[0].text).toBe("First half.");
    expect(saved[1]).toMatchObject({ text: "Second half.", timescale: "six_months", agencies: JSON.stringify(["Metropolitan Police", "NHS North East London"]), due_date: "2012-04-28" });
    expect(saved.map((r) => r.text)).not.toContain(body.items[3].text);
    expect(await count("actions")).toBe(saved.length);
  });

  it("shows a clear error for an emptied item or bad line numbers and saves nothing", async () => {
    const cookie = await sessionCookie(lead.id);
    const first = (await (await call(action, postRequest("/import", { intent: "preview", text: havering }, cookie))).json()) as PreviewBody;
    let res = await call(action, postRequest("/import", previewFields(first, { "item-0-text": "  ", intent: "confirm" }), cookie));
    expect(res.status).toBe(400);
    expect(((await res.json()) as PreviewBody).errors["item-0-text"]).toMatch(/Enter the text of item 1/);
    res = await call(action, postRequest("/import", previewFields(first, { op: "add", addFrom: "99999", addTo: "" }), cookie));
    expect(res.status).toBe(400);
    expect(((await res.json()) as PreviewBody).errors.addFrom).toMatch(/line numbers between 1 and/);
    res = await call(action, postRequest("/import", previewFields(first, { "item-0-meta": "{broken", intent: "confirm" }), cookie));
    expect(res.status).toBe(400);
    expect(await count("inspections")).toBe(0);
  });
});

describe("reports of another kind for the same authority", () => {
  it("join that authority's plan however the report words its name, and appear in its history in date order", async () => {
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const cookie = await sessionCookie(admin.id);
    const hackney = await createAuthority("Hackney");
    for (const file of ["hackney-2024-ilacs.txt", "hackney-2012-slac.txt"]) {
      const text = fs.readFileSync(`db/fixtures/reports/${file}`, "utf8");
      const res = await call(action, postRequest("/import", { intent: "confirm", text }, cookie));
      expect(res.status).toBe(302);
    }
    const inspections = await getDb().selectFrom("inspections").select(["authority_id", "kind"]).execute();
    expect(inspections.map((i) => i.authority_id)).toEqual([hackney.id, hackney.id]);
    const { listInspections } = await import("../../app/models/inspection.server");
    const history = (await listInspections(admin.actor)).filter((i) => i.authority_id === hackney.id);
    expect(history.map((i) => [i.kind, i.overall_grade])).toEqual([
      ["slac", "Good"],
      ["ilacs", "Good"],
    ]);
    expect(history[1].open_action_count).toBe(history[1].recommendation_count);
  });
});

describe("a report about another authority", () => {
  it("warns a lead that it will join their own authority's plan", async () => {
    const hackney = fs.readFileSync("db/fixtures/reports/hackney-2024-ilacs.txt", "utf8");
    const res = await call(action, postRequest("/import", { intent: "preview", text: hackney }, await sessionCookie(lead.id)));
    const body = (await res.json()) as { details: { warnings: string[] } };
    expect(body.details.warnings[0]).toBe(
      "This report is about London Borough of Hackney, but it will be added to London Borough of Havering's plan.",
    );
    const own = await call(action, postRequest("/import", { intent: "preview", text: havering }, await sessionCookie(lead.id)));
    expect(((await own.json()) as { details: { warnings: string[] } }).details.warnings.join(" ")).not.toMatch(/will be added to/);
  });
});
