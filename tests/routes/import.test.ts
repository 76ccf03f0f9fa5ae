import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import * as draftRoute from "../../app/routes/import_.drafts.$draftId";
import * as uploadRoute from "../../app/routes/import";
import { claimDraftUpload } from "../../app/models/import-drafts.server";
import { listInspections } from "../../app/models/inspection.server";
import { createAuthority, createReadyDraft, createTestUser } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";
import { tinyPdf } from "../import/helpers/tiny-pdf";

// The web import: upload -> a draft read by a worker -> the preview, corrected by the lead -> one
// transaction into the plan. Every operation and every refusal, through the routes' own loaders
// and actions with real requests and a real worker.

const havering = fs.readFileSync("db/fixtures/reports/havering-2011-slac.txt", "utf8");
const hackney = fs.readFileSync("db/fixtures/reports/hackney-2024-ilacs.txt", "utf8");
/** An outstanding short inspection: dates and judgements, nothing to improve. */
const NO_RECOMMENDATIONS = [
  "Inspection of Havering local authority children's services",
  "",
  "Inspection dates: 3 to 7 March 2025",
  "",
  "Judgement\tGrade",
  "The impact of leaders on social work practice with children and families\tOutstanding",
  "Overall effectiveness\tOutstanding",
  "",
  "Children in Havering continue to receive highly effective help and protection.",
].join("\n");

const count = async (
  table: "inspections" | "recommendations" | "actions" | "judgements" | "authorities" | "import_drafts",
) =>
  Number(
    (
      await getDb()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

interface Item {
  key: string;
  text: string;
  section: string | null;
  timescale: string | null;
  agencies: string[];
  excluded: boolean;
  origin: string;
  warnings: string[];
}
interface PreviewPage {
  stage: "preview";
  draftId: number;
  revision: number;
  items: Item[];
  planned: Record<string, { reference: string; dueDate: string | null }>;
  repeats: Record<string, number>;
  lines: string[];
  details: { localAuthority: string | null; warnings: string[]; judgements: unknown[] };
  otherAuthority: { reportAuthority: string; planAuthority: string } | null;
  duplicate: { id: number; title: string } | null;
  authority: { selected: string; planName: string | null };
}
type Page = PreviewPage | { stage: "reading" } | { stage: "failed"; failure: string };

function uploadFile(cookie: string, bytes: Uint8Array<ArrayBuffer> | string, name = "report.txt") {
  const form = new FormData();
  form.set("report", new File([bytes], name, { type: "text/plain" }));
  form.set("text", "");
  return new Request("http://localhost/import", { method: "POST", body: form, headers: { Cookie: cookie } });
}

async function upload(request: Request): Promise<number> {
  const res = await call(uploadRoute.action, request);
  expect(res.status, await res.clone().text()).toBe(302);
  return Number(res.headers.get("Location")?.match(/^\/import\/drafts\/(\d+)$/)?.[1]);
}

/** The draft's page once the worker has read it (the page says "reading" until then). */
async function openDraft(cookie: string, draftId: number): Promise<Page> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await call(draftRoute.loader, getRequest(`/import/drafts/${draftId}`, cookie), {
      draftId: String(draftId),
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    if (page.stage !== "reading" || Date.now() > deadline) return page;
  }
}

async function preview(cookie: string, draftId: number): Promise<PreviewPage> {
  const page = await openDraft(cookie, draftId);
  if (page.stage !== "preview") throw new Error(`expected a preview, got ${JSON.stringify(page)}`);
  return page;
}

/** Every field of the preview form, as a browser without JavaScript posts it. */
function formOf(page: PreviewPage, extra: Record<string, string> = {}): Record<string, string> {
  const fields: Record<string, string> = { revision: String(page.revision), basisKind: "publication", basisDate: "" };
  for (const item of page.items) {
    fields[`item-${item.key}-shown`] = "1";
    fields[`item-${item.key}-text`] = item.text;
    fields[`item-${item.key}-section`] = item.section ?? "";
    fields[`item-${item.key}-timescale`] = item.timescale ?? "";
    fields[`item-${item.key}-agencies`] = item.agencies.join("; ");
    if (item.excluded) fields[`item-${item.key}-excluded`] = "1";
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === "<unset>") delete fields[key];
    else fields[key] = value;
  }
  return fields;
}

const postDraft = (cookie: string, draftId: number, fields: Record<string, string>) =>
  call(draftRoute.action, postRequest(`/import/drafts/${draftId}`, fields, cookie), { draftId: String(draftId) });

const savedRecommendations = () =>
  getDb()
    .selectFrom("recommendations")
    .select(["reference", "text", "section", "timescale", "agencies", "due_date"])
    .orderBy("position")
    .execute();

let lead: Awaited<ReturnType<typeof createTestUser>>;
let cookie: string;
let authorityId: number;
beforeEach(async () => {
  authorityId = (await createAuthority("London Borough of Havering")).id;
  lead = await createTestUser({ role: "improvement_lead", authorityId });
  cookie = await sessionCookie(lead.id);
});

describe("who may import", () => {
  it("is refused to service managers and board members, on every page and form", async () => {
    const draftId = await createReadyDraft(lead.actor, havering);
    for (const role of ["service_manager", "board_member"] as const) {
      const user = await createTestUser({ role, authorityId });
      const theirs = await sessionCookie(user.id);
      expect((await call(uploadRoute.loader, getRequest("/import", theirs))).status).toBe(403);
      expect((await call(uploadRoute.action, postRequest("/import", { text: havering }, theirs))).status).toBe(403);
      const params = { draftId: String(draftId) };
      expect((await call(draftRoute.loader, getRequest(`/import/drafts/${draftId}`, theirs), params)).status).toBe(403);
      expect((await postDraft(theirs, draftId, { revision: "1", op: "confirm" })).status).toBe(403);
    }
    expect(await count("inspections")).toBe(0);
  });

  it("keeps a draft to the person who made it: anyone else, an administrator included, gets 404 and changes nothing", async () => {
    const draftId = await createReadyDraft(lead.actor, havering);
    const before = await preview(cookie, draftId);
    const others = [
      await createTestUser({ role: "improvement_lead", authorityId }),
      await createTestUser({ role: "admin", authorityId: null }),
      await createTestUser({ role: "improvement_lead", authorityId: (await createAuthority("Hackney")).id }),
    ];
    for (const other of others) {
      const theirs = await sessionCookie(other.id);
      const params = { draftId: String(draftId) };
      expect((await call(draftRoute.loader, getRequest(`/import/drafts/${draftId}`, theirs), params)).status).toBe(404);
      expect((await postDraft(theirs, draftId, formOf(before, { op: "confirm" }))).status).toBe(404);
      expect((await postDraft(theirs, draftId, formOf(before, { op: `merge:${before.items[1].key}` }))).status).toBe(
        404,
      );
    }
    expect(await count("inspections")).toBe(0);
    expect((await preview(cookie, draftId)).revision).toBe(before.revision);
  });

  it("keeps a person's ten latest imports in progress, and any already imported", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 11; i++)
      ids.push(await upload(postRequest("/import", { text: `${havering}\nCopy ${i}` }, cookie)));
    const left = await getDb().selectFrom("import_drafts").select("id").orderBy("id").execute();
    expect(left.map((d) => d.id)).toEqual(ids.slice(1));
    const other = await createTestUser({ role: "improvement_lead", authorityId });
    await upload(postRequest("/import", { text: havering }, await sessionCookie(other.id)));
    expect(await count("import_drafts")).toBe(11);
  });

  it("forgets a draft a week after it was last changed", async () => {
    const weekAgo = new Date(Date.now() - 7 * 24 * 60 * 60 * 1000 - 1000);
    const draftId = await createReadyDraft(lead.actor, havering, weekAgo);
    const res = await call(draftRoute.loader, getRequest(`/import/drafts/${draftId}`, cookie), {
      draftId: String(draftId),
    });
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/deleted after a week/);
    // The next upload clears expired drafts out.
    await upload(postRequest("/import", { text: havering }, cookie));
    expect(await count("import_drafts")).toBe(1);
  });
});

describe("uploading and reading", () => {
  it("reads an uploaded file in a worker and shows the preview, saving nothing to the plan", async () => {
    const draftId = await upload(uploadFile(cookie, havering, "havering.txt"));
    const page = await preview(cookie, draftId);
    expect(page.items).toHaveLength(30);
    expect(page.planned[page.items[0].key]).toMatchObject({ reference: "SG-IM-1", dueDate: "2011-11-25" });
    expect(page.lines.length).toBe(havering.split("\n").length);
    expect(await count("inspections")).toBe(0);
    // The upload is let go once read.
    const row = await getDb().selectFrom("import_drafts").select(["upload", "status"]).executeTakeFirstOrThrow();
    expect(row).toEqual({ upload: null, status: "ready" });
  });

  it("lists the imports a person has started on the upload page", async () => {
    const draftId = await createReadyDraft(lead.actor, havering);
    const res = await call(uploadRoute.loader, getRequest("/import", cookie));
    expect(((await res.json()) as { drafts: { id: number; status: string }[] }).drafts).toEqual([
      expect.objectContaining({ id: draftId, status: "ready" }),
    ]);
    const other = await sessionCookie((await createTestUser({ role: "improvement_lead", authorityId })).id);
    expect(
      ((await (await call(uploadRoute.loader, getRequest("/import", other))).json()) as { drafts: unknown[] }).drafts,
    ).toEqual([]);
  });

  it("refuses at once what cannot be a report, each with its own message, and keeps nothing", async () => {
    const ole = new Uint8Array(2048);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const encrypted = ole.slice();
    encrypted.set(Buffer.from("EncryptedPackage", "utf16le"), 1024);
    const cases: [Request, number, RegExp][] = [
      [uploadFile(cookie, new Uint8Array(), "report.pdf"), 400, /The file “report.pdf” is empty \(0 bytes\)/],
      [uploadFile(cookie, new Uint8Array([0, 1, 2, 3, 0]), "report.pdf"), 400, /is a binary file, not a PDF/],
      [uploadFile(cookie, "   \n  "), 400, /The file “report.txt” is empty\./],
      [
        uploadFile(cookie, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "report.zip"),
        400,
        /is a zip file, not a Word document/,
      ],
      [uploadFile(cookie, ole, "report.doc"), 400, /old-style Word \(\.doc\)/],
      [uploadFile(cookie, encrypted, "report.docx"), 400, /password-protected Word document/],
      [postRequest("/import", { text: "" }, cookie), 400, /Paste the report's text or choose a file/],
      [
        postRequest("/import", { text: "x".repeat(1_000_001) }, cookie),
        413,
        /The pasted text has 1,000,001 characters of text; a report has at most 1,000,000/,
      ],
      [uploadFile(cookie, new Uint8Array(20 * 1024 * 1024 + 10).fill(0x61)), 413, /larger than 20 MB/],
    ];
    for (const [request, status, message] of cases) {
      const res = await call(uploadRoute.action, request);
      expect(res.status, String(message)).toBe(status);
      expect(JSON.stringify(await res.json())).toMatch(message);
    }
    expect(await count("import_drafts")).toBe(0);
  });

  it("refuses a form body larger than the upload limit without reading it all", async () => {
    const res = await call(
      uploadRoute.action,
      new Request("http://localhost/import", {
        method: "POST",
        headers: {
          Cookie: cookie,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": String(200 * 1024 * 1024),
        },
        body: "text=abc",
      }),
    );
    expect(res.status).toBe(413);
    expect(await count("import_drafts")).toBe(0);
  });

  it(
    "says why a file the worker cannot read was refused, naming the limit it broke",
    { timeout: 120_000 },
    async () => {
      const manyPages = tinyPdf({
        pages: Array.from({ length: 301 }, (_, i) => [`Page ${i + 1} of a very long report`]),
      });
      const cases: [Uint8Array<ArrayBuffer>, string, RegExp][] = [
        [
          new Uint8Array(Buffer.from("%PDF-1.7\nthis is not really a PDF at all")),
          "damaged.pdf",
          /The file “damaged.pdf” is a PDF that is damaged/,
        ],
        [
          tinyPdf({ pages: [[], [], []] }) as Uint8Array<ArrayBuffer>,
          "scan.pdf",
          /is a scanned PDF with no text layer/,
        ],
        [
          tinyPdf({ pages: [["Secret"]], encrypted: true }) as Uint8Array<ArrayBuffer>,
          "locked.pdf",
          /is a password-protected PDF/,
        ],
        [
          manyPages as Uint8Array<ArrayBuffer>,
          "long.pdf",
          /The file “long.pdf” is a PDF of 301 pages; reports have at most 300, so it was not read\./,
        ],
        [
          new Uint8Array(Buffer.from("This is a shopping list.\nEggs\nMilk")),
          "list.txt",
          /No recommendations, judgements or kind of Ofsted report were found/,
        ],
        [
          new Uint8Array(Buffer.from(Array(7).fill(havering).join("\n"))),
          "seven.txt",
          /has 210 recommendations; a report has at most 200/,
        ],
      ];
      for (const [bytes, name, message] of cases) {
        const draftId = await upload(uploadFile(cookie, bytes, name));
        const page = await openDraft(cookie, draftId);
        expect(page, name).toMatchObject({ stage: "failed", failure: expect.stringMatching(message) });
        // A failed draft takes no corrections.
        expect((await postDraft(cookie, draftId, { revision: "1", op: "confirm" })).status).toBe(400);
      }
      expect(await count("inspections")).toBe(0);
    },
  );

  it("gives up a draft whose reading was cut short three times (the server stopped each time)", async () => {
    const draftId = await upload(postRequest("/import", { text: havering }, cookie));
    for (let i = 0; i < 3; i++) expect(await claimDraftUpload(draftId, new Date())).toBeTruthy();
    expect(await openDraft(cookie, draftId)).toMatchObject({
      stage: "failed",
      failure:
        "The pasted text could not be read: reading it was interrupted 3 times. Upload it again, or paste its text.",
    });
  });
});

describe("correcting the preview", () => {
  it("merges, splits, edits, excludes and adds items, then saves exactly the corrected list", async () => {
    const draftId = await upload(postRequest("/import", { text: havering }, cookie));
    let page = await preview(cookie, draftId);
    const originalCount = page.items.length;
    const [first, second] = page.items;

    let res = await postDraft(cookie, draftId, formOf(page, { op: `merge:${second.key}` }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/import/drafts/${draftId}#item-${first.key}`);
    page = await preview(cookie, draftId);
    expect(page.items).toHaveLength(originalCount - 1);
    expect(page.items[0]).toMatchObject({ key: first.key, text: `${first.text} ${second.text}` });

    res = await postDraft(
      cookie,
      draftId,
      formOf(page, { [`item-${first.key}-text`]: "First half.\n---\nSecond half.", op: `split:${first.key}` }),
    );
    expect(res.status).toBe(302);
    page = await preview(cookie, draftId);
    expect(page.items.slice(0, 2).map((i) => i.text)).toEqual(["First half.", "Second half."]);
    expect(page.items).toHaveLength(originalCount);

    const line = havering.split("\n").findIndex((l) => l.includes("ensure that timely support is provided")) + 1;
    const [, item1, item2] = page.items;
    res = await postDraft(
      cookie,
      draftId,
      formOf(page, {
        [`item-${item1.key}-timescale`]: "six_months",
        [`item-${item1.key}-agencies`]: "Metropolitan Police; NHS North East London",
        [`item-${item2.key}-excluded`]: "1",
        op: "add",
        addFrom: String(line),
        addTo: String(line),
        addAfter: item1.key,
      }),
    );
    expect(res.status).toBe(302);
    page = await preview(cookie, draftId);
    expect(page.items[1]).toMatchObject({
      timescale: "six_months",
      agencies: ["Metropolitan Police", "NHS North East London"],
    });
    expect(page.items[2]).toMatchObject({
      origin: "added",
      text: expect.stringContaining("ensure that timely support is provided"),
    });
    expect(page.items[3]).toMatchObject({ key: item2.key, excluded: true });
    expect(page.planned[page.items[1].key].dueDate).toBe("2012-04-28");
    expect(page.planned[item2.key]).toBeUndefined();

    res = await postDraft(cookie, draftId, formOf(page, { op: "confirm" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/inspections\/\d+$/);
    const saved = await savedRecommendations();
    const shown = page.items.filter((i) => !i.excluded);
    // What the preview showed is what was saved: text, section, timescale, agencies, reference and due date.
    expect(saved).toEqual(
      shown.map((i) => ({
        reference: page.planned[i.key].reference,
        text: i.text,
        section: i.section,
        timescale: i.timescale,
        agencies: JSON.stringify(i.agencies),
        due_date: page.planned[i.key].dueDate,
      })),
    );
    expect(await count("actions")).toBe(saved.length);
    // The draft is done: its page goes to the inspection, and confirming again creates nothing.
    const again = await postDraft(cookie, draftId, formOf(page, { op: "confirm" }));
    expect(again.status).toBe(302);
    expect(await count("inspections")).toBe(1);
    const reopened = await call(draftRoute.loader, getRequest(`/import/drafts/${draftId}`, cookie), {
      draftId: String(draftId),
    });
    expect(reopened.headers.get("Location")).toBe(res.headers.get("Location"));
  });

  it("takes only the items a page sends: items left out keep what they had", async () => {
    const draftId = await createReadyDraft(lead.actor, havering);
    const page = await preview(cookie, draftId);
    const [a, b] = page.items;
    const res = await postDraft(cookie, draftId, {
      revision: String(page.revision),
      op: "save",
      [`item-${b.key}-shown`]: "1",
      [`item-${b.key}-text`]: "Only this item was changed.",
      [`item-${b.key}-section`]: b.section ?? "",
      [`item-${b.key}-timescale`]: b.timescale ?? "",
      [`item-${b.key}-agencies`]: "",
    });
    expect(res.status).toBe(302);
    const after = await preview(cookie, draftId);
    expect(after.items[0]).toEqual(a);
    expect(after.items[1].text).toBe("Only this item was changed.");
    expect(after.items.slice(2)).toEqual(page.items.slice(2));
  });

  it("refuses bad corrections with a message on the field, keeps what was typed and saves nothing", async () => {
    const draftId = await createReadyDraft(lead.actor, havering);
    const page = await preview(cookie, draftId);
    const [a, b] = page.items;
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ [`item-${a.key}-text`]: "  ", op: "confirm" }, `item-${a.key}-text`, /Enter the text of item 1/],
      [
        { [`item-${b.key}-text`]: "y".repeat(5001), op: `merge:${b.key}` },
        `item-${b.key}-text`,
        /longer than 5,000 characters/,
      ],
      [{ op: "add", addFrom: "99999", addTo: "" }, "addFrom", /line numbers between 1 and/],
      [{ op: "add", addFrom: "", addTo: "" }, "addFrom", /Enter the line numbers/],
      [{ op: `split:${a.key}` }, `item-${a.key}-text`, /put a line with just ---/],
      [{ op: `merge:${a.key}` }, `item-${a.key}-text`, /nothing above it/],
      [{ op: "merge:k9999" }, "items", /no longer exists/],
      [{ op: "launch" }, "items", /not one this page has/],
      [{ basisKind: "received", basisDate: "", op: "save" }, "basisDate", /Enter the date the report was received/],
      [{ basisDate: "31/02/2024", op: "confirm" }, "basisDate", /Enter a real date/],
      [{ revision: "<unset>", op: "save" }, "items", /Reload the page/],
    ];
    for (const [extra, field, message] of cases) {
      const res = await postDraft(cookie, draftId, formOf(page, extra));
      expect(res.status, JSON.stringify(extra).slice(0, 80)).toBe(400);
      const body = (await res.json()) as {
        errors: Record<string, string>;
        posted: { items: Record<string, { text: string }> } | null;
      };
      expect(body.errors[field], JSON.stringify(body.errors)).toMatch(message);
      if (extra[`item-${b.key}-text`]) expect(body.posted?.items[b.key].text).toBe(extra[`item-${b.key}-text`]);
    }
    const after = await preview(cookie, draftId);
    expect(after.revision).toBe(page.revision);
    expect(after.items).toEqual(page.items);
    expect(await count("inspections")).toBe(0);
  });

  it("refuses a form from a stale tab with a conflict that lists what was not saved", async () => {
    const draftId = await createReadyDraft(lead.actor, havering);
    const tab = await preview(cookie, draftId);
    // Another tab merges items 1 and 2.
    expect((await postDraft(cookie, draftId, formOf(tab, { op: `merge:${tab.items[1].key}` }))).status).toBe(302);
    const now = await preview(cookie, draftId);
    for (const op of ["save", "confirm", `split:${tab.items[0].key}`]) {
      const res = await postDraft(
        cookie,
        draftId,
        formOf(tab, {
          [`item-${tab.items[2].key}-text`]: "Typed in the old tab.",
          [`item-${tab.items[1].key}-text`]: "Merged away meanwhile.",
          op,
        }),
      );
      expect(res.status).toBe(409);
      const body = (await res.json()) as { conflict: boolean; errors: Record<string, string>; unsaved: string[] };
      expect(body.conflict).toBe(true);
      expect(body.errors.items).toMatch(/changed in another tab or window at .*Nothing you sent was saved/);
      // Numbered as the items are now: the old tab's item 3 is item 2 since the merge.
      expect(body.unsaved).toContain("Item 2 text: “Typed in the old tab.”");
      expect(body.unsaved).toContain(
        "An item since merged, split or removed in the other window: “Merged away meanwhile.”",
      );
      if (op !== "save")
        expect(body.unsaved.at(-1)).toMatch(/The button you chose \((Confirm and import|Split)\) was not carried out/);
    }
    expect(await preview(cookie, draftId)).toEqual(now);
    expect(await count("inspections")).toBe(0);
  });

  it("flags the same recommendation pasted again and excludes the copies in one go", async () => {
    const text = Array(5).fill(havering).join("\n");
    const draftId = await upload(postRequest("/import", { text }, cookie));
    let page = await preview(cookie, draftId);
    expect(page.items).toHaveLength(150);
    expect(Object.keys(page.repeats)).toHaveLength(120);
    expect(page.repeats[page.items[30].key]).toBe(1);
    const res = await postDraft(cookie, draftId, formOf(page, { op: "exclude-repeats" }));
    expect(res.status).toBe(302);
    page = await preview(cookie, draftId);
    expect(page.items.filter((i) => !i.excluded)).toHaveLength(30);
    expect((await postDraft(cookie, draftId, formOf(page, { op: "confirm" }))).status).toBe(302);
    expect(await count("recommendations")).toBe(30);
  });
});

describe("confirming", () => {
  it("saves in one go: inspection, judgements, recommendations and one action each; the same text again creates nothing", async () => {
    const draftId = await upload(uploadFile(cookie, havering, "havering.txt"));
    const page = await preview(cookie, draftId);
    const res = await postDraft(cookie, draftId, formOf(page, { op: "confirm" }));
    expect(res.status).toBe(302);
    const recs = await count("recommendations");
    expect(recs).toBe(30);
    expect(await count("actions")).toBe(recs);
    expect(await count("judgements")).toBeGreaterThan(0);
    const inspection = await getDb().selectFrom("inspections").selectAll().executeTakeFirstOrThrow();
    expect(inspection).toMatchObject({
      authority_id: authorityId,
      basis_kind: "publication",
      basis_date: "2011-10-28",
      source_file_name: "havering.txt",
      imported_by: lead.id,
    });

    // The same document again (other line endings): recognised, in this council's plan.
    const second = await upload(postRequest("/import", { text: havering.replace(/\n/g, "\r\n") }, cookie));
    const again = await preview(cookie, second);
    expect(again.duplicate).toEqual({ id: inspection.id, title: inspection.title });
    const confirmed = await postDraft(cookie, second, formOf(again, { op: "confirm" }));
    expect(confirmed.headers.get("Location")).toBe(`/inspections/${inspection.id}`);
    expect(await count("inspections")).toBe(1);
    expect(await count("recommendations")).toBe(recs);
  });

  it("recomputes due dates from a chosen basis", async () => {
    const draftId = await createReadyDraft(lead.actor, havering);
    const page = await preview(cookie, draftId);
    expect(
      (await postDraft(cookie, draftId, formOf(page, { basisKind: "received", basisDate: "01/11/2011", op: "save" })))
        .status,
    ).toBe(302);
    const after = await preview(cookie, draftId);
    const threeMonths = after.items.find((i) => after.planned[i.key]?.reference === "SG-3M-1")!;
    expect(after.planned[threeMonths.key].dueDate).toBe("2012-02-01");
    expect(
      (
        await postDraft(
          cookie,
          draftId,
          formOf(after, { basisKind: "received", basisDate: "01/11/2011", op: "confirm" }),
        )
      ).status,
    ).toBe(302);
    expect(
      await getDb().selectFrom("inspections").select(["basis_kind", "basis_date", "received"]).executeTakeFirstOrThrow(),
    ).toEqual({
      basis_kind: "received",
      basis_date: "2011-11-01",
      received: "2011-11-01",
    });
  });

  it("imports a report with no recommendations for its dates and judgements, creating no actions", async () => {
    const draftId = await upload(postRequest("/import", { text: NO_RECOMMENDATIONS }, cookie));
    const page = await preview(cookie, draftId);
    expect(page.items).toEqual([]);
    expect(page.details.judgements).toHaveLength(2);
    const res = await postDraft(cookie, draftId, formOf(page, { op: "confirm" }));
    expect(res.status).toBe(302);
    expect([
      await count("inspections"),
      await count("judgements"),
      await count("recommendations"),
      await count("actions"),
    ]).toEqual([1, 2, 0, 0]);
    const history = await listInspections(lead.actor);
    expect(history.map((i) => [i.kind, i.overall_grade, i.recommendation_count])).toEqual([
      ["ilacs_short", "Outstanding", 0],
    ]);
  });

  it("lets an administrator create the authority named in the report", async () => {
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const adminCookie = await sessionCookie(admin.id);
    const draftId = await upload(postRequest("/import", { text: hackney }, adminCookie));
    const page = await preview(adminCookie, draftId);
    expect(page.authority).toMatchObject({ selected: "new", planName: "London Borough of Hackney" });
    expect(page.otherAuthority).toBeNull();
    const res = await postDraft(
      adminCookie,
      draftId,
      formOf(page, { op: "confirm", authorityId: "new", newAuthorityName: "" }),
    );
    expect(res.status).toBe(302);
    const names = (await getDb().selectFrom("authorities").select("name").orderBy("name").execute()).map((a) => a.name);
    expect(names).toEqual(["London Borough of Hackney", "London Borough of Havering"]);
  });
});

describe("a report about another authority", () => {
  it("cannot join a lead's plan without a confirmation naming both authorities, which the audit log keeps", async () => {
    const draftId = await upload(postRequest("/import", { text: hackney }, cookie));
    const page = await preview(cookie, draftId);
    expect(page.otherAuthority).toEqual({
      reportAuthority: "London Borough of Hackney",
      planAuthority: "London Borough of Havering",
    });
    let res = await postDraft(cookie, draftId, formOf(page, { op: "confirm" }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Record<string, string> }).errors.confirmAuthority).toBe(
      "Confirm that this report about London Borough of Hackney belongs in London Borough of Havering's plan, or start again with the right report",
    );
    res = await postDraft(cookie, draftId, formOf(page, { op: "confirm", confirmAuthority: "Somewhere else" }));
    expect(res.status).toBe(400);
    expect(await count("inspections")).toBe(0);
    res = await postDraft(
      cookie,
      draftId,
      formOf(page, { op: "confirm", confirmAuthority: "London Borough of Havering" }),
    );
    expect(res.status).toBe(302);
    const audit = await getDb()
      .selectFrom("audit_events")
      .select("after")
      .where("event", "=", "inspection.imported")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after!)).toMatchObject({
      reportAuthority: "London Borough of Hackney",
      confirmedOtherAuthority: true,
    });
    // A report about the lead's own authority asks for nothing.
    expect((await preview(cookie, await createReadyDraft(lead.actor, havering))).otherAuthority).toBeNull();
  });

  it("asks an administrator too when the plan chosen is not the authority the report names", async () => {
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const adminCookie = await sessionCookie(admin.id);
    const draftId = await createReadyDraft(admin.actor, hackney);
    const page = await preview(adminCookie, draftId);
    const res = await postDraft(
      adminCookie,
      draftId,
      formOf(page, { op: "confirm", authorityId: String(authorityId) }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Record<string, string> }).errors.confirmAuthority).toMatch(
      /London Borough of Havering's plan/,
    );
  });
});

describe("the same document in two councils", () => {
  it("is recognised within a council only, and never reveals another council's inspection", async () => {
    const hackneyId = (await createAuthority("London Borough of Hackney")).id;
    const hackneyLead = await createTestUser({ role: "improvement_lead", authorityId: hackneyId });
    const hackneyCookie = await sessionCookie(hackneyLead.id);
    // Havering's lead imports Hackney's report first (confirming it is about another council).
    const first = await createReadyDraft(lead.actor, hackney);
    const page = await preview(cookie, first);
    await postDraft(cookie, first, formOf(page, { op: "confirm", confirmAuthority: "London Borough of Havering" }));
    const haveringCopy = await getDb().selectFrom("inspections").select("id").executeTakeFirstOrThrow();

    const draftId = await upload(postRequest("/import", { text: hackney }, hackneyCookie));
    await openDraft(hackneyCookie, draftId);
    const res = await call(draftRoute.loader, getRequest(`/import/drafts/${draftId}`, hackneyCookie), {
      draftId: String(draftId),
    });
    const body = await res.text();
    const theirs = JSON.parse(body) as PreviewPage;
    expect(theirs.duplicate).toBeNull();
    expect(body).not.toMatch(new RegExp(`/inspections/${haveringCopy.id}\\b|"id":${haveringCopy.id}\\b`));
    const confirmed = await postDraft(hackneyCookie, draftId, formOf(theirs, { op: "confirm" }));
    expect(confirmed.headers.get("Location")).not.toBe(`/inspections/${haveringCopy.id}`);
    expect(await getDb().selectFrom("inspections").select("authority_id").orderBy("id").execute()).toEqual([
      { authority_id: authorityId },
      { authority_id: hackneyId },
    ]);
  });
});

describe("reports of another kind for the same authority", () => {
  it("join that authority's plan however the report words its name, and appear in its history in date order", async () => {
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const adminCookie = await sessionCookie(admin.id);
    const hackneyAuthority = await createAuthority("Hackney");
    for (const file of ["hackney-2024-ilacs.txt", "hackney-2012-slac.txt"]) {
      const draftId = await createReadyDraft(admin.actor, fs.readFileSync(`db/fixtures/reports/${file}`, "utf8"));
      const page = await preview(adminCookie, draftId);
      expect(page.authority.selected).toBe(String(hackneyAuthority.id));
      expect(
        (await postDraft(adminCookie, draftId, formOf(page, { op: "confirm", authorityId: page.authority.selected })))
          .status,
      ).toBe(302);
    }
    const history = (await listInspections(admin.actor)).filter((i) => i.authority_id === hackneyAuthority.id);
    expect(history.map((i) => [i.kind, i.overall_grade])).toEqual([
      ["slac", "Good"],
      ["ilacs", "Good"],
    ]);
    expect(history[1].open_action_count).toBe(history[1].recommendation_count);
  });
});
