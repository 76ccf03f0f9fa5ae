import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { buildReadinessReport } from "../../app/models/readiness-report.server";
import * as dashboard from "../../app/routes/dashboard";
import * as eventPage from "../../app/routes/readiness.events.$eventId";
import * as letter from "../../app/routes/readiness.events.$eventId_.letter";
import * as newEvent from "../../app/routes/readiness.events.new";
import * as list from "../../app/routes/readiness.events._index";
import * as judgements from "../../app/routes/readiness.judgements";
import { isFileStored, readEvidenceFile, sha256Of } from "../../app/utils/evidence-store.server";
import { buildReport, createAuthority, createInspection, createTestUser } from "../factories";
import { docxBytes, exeBytes, pdfBytes } from "../helpers/evidence-files";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";
import { breakFileStore } from "../helpers/stored-files";
import { FILE_NOT_STORED } from "../../app/utils/evidence-request.server";

// Monitoring visits and annual engagement meetings: leads (and administrators) record, change and
// remove them for their own council, with a letter; everyone in the council reads them; another
// council's are 404; a service manager's or board member's post is 403 and writes nothing.

type User = Awaited<ReturnType<typeof createTestUser>>;
let alpha: number;
let lead: User;
let manager: User;
let board: User;
let otherLead: User;
let admin: User;

beforeEach(async () => {
  alpha = (await createAuthority("Alpha")).id;
  const beta = (await createAuthority("Beta")).id;
  lead = await createTestUser({ role: "improvement_lead", authorityId: alpha });
  manager = await createTestUser({ role: "service_manager", authorityId: alpha });
  board = await createTestUser({ role: "board_member", authorityId: alpha });
  otherLead = await createTestUser({ role: "improvement_lead", authorityId: beta });
  admin = await createTestUser({ role: "admin", authorityId: null });
});

function eventForm(fields: Record<string, string>, file?: { bytes: Uint8Array; name: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set(
    "letter",
    file ? new File([Buffer.from(file.bytes)], file.name, { type: "application/pdf" }) : new File([], ""),
  );
  return form;
}

const VISIT = {
  kind: "monitoring_visit",
  date: "5/3/2024",
  endDate: "6/3/2024",
  title: "Monitoring visit 1: children in need of help and protection",
  summary: "Inspectors found management oversight improving.",
};

async function post(
  path: string,
  user: User,
  form: FormData,
  params: Record<string, string>,
  handler: typeof newEvent.action | typeof eventPage.action = newEvent.action,
) {
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    body: form,
    headers: { Cookie: await sessionCookie(user.id) },
  });
  return call(handler, request, params);
}

async function record(
  user: User = lead,
  fields: Record<string, string> = VISIT,
  file = { bytes: pdfBytes("mv1"), name: "MV1 letter.pdf" },
) {
  const res = await post("/readiness/events/new", user, eventForm(fields, file), {});
  expect(res.status, await res.clone().text()).toBe(302);
  return Number(res.headers.get("Location")!.split("/").pop());
}

const count = async (table: "inspection_events" | "audit_events") =>
  Number(
    (
      await getDb()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("recording a visit or meeting", () => {
  it("says so when the file store is out of reach, keeps what was typed, and records nothing", async () => {
    const bytes = pdfBytes("store down");
    const restore = await breakFileStore();
    let res: Response;
    try {
      res = await post("/readiness/events/new", lead, eventForm(VISIT, { bytes, name: "letter.pdf" }), {});
    } finally {
      await restore();
    }
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Record<string, string>; submitted: Record<string, string> };
    expect(body.errors).toEqual({ letter: FILE_NOT_STORED });
    expect(body.submitted).toMatchObject({ title: VISIT.title, summary: VISIT.summary });
    expect(await isFileStored(sha256Of(bytes))).toBe(false);
    expect(await count("inspection_events")).toBe(0);
    expect(await count("audit_events")).toBe(0);
  });

  it("stores it with its letter (by hash, like evidence) and audits it", async () => {
    const id = await record();
    const row = await getDb()
      .selectFrom("inspection_events")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      authority_id: alpha,
      kind: "monitoring_visit",
      event_date: "2024-03-05",
      end_date: "2024-03-06",
      title: VISIT.title,
      summary: VISIT.summary,
      letter_name: "MV1 letter.pdf",
      letter_type: "pdf",
      letter_sha256: sha256Of(pdfBytes("mv1")),
      created_by: lead.id,
      removed_at: null,
    });
    expect(await readEvidenceFile(row.letter_sha256!)).toEqual(Buffer.from(pdfBytes("mv1")));
    const audit = await getDb()
      .selectFrom("audit_events")
      .selectAll()
      .where("entity_type", "=", "inspection_event")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      entity_id: id,
      event: "inspection_event.recorded",
      user_id: lead.id,
      authority_id: alpha,
    });
    expect(JSON.parse(audit.after!)).toMatchObject({ title: VISIT.title, letterName: "MV1 letter.pdf" });
  });

  it("takes a Word letter, or none, and refuses anything else with every problem at once, writing nothing", async () => {
    await record(
      lead,
      { ...VISIT, kind: "annual_engagement", endDate: "" },
      { bytes: await docxBytes("AEM note"), name: "note.docx" },
    );
    const res = await post(
      "/readiness/events/new",
      lead,
      eventForm({ ...VISIT, date: "31/02/2024", title: "" }, { bytes: exeBytes(), name: "letter.pdf" }),
      {},
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Record<string, string>; submitted: Record<string, string> };
    expect(body.errors).toMatchObject({
      date: "Enter a real date, for example 5/3/2024",
      title: expect.stringMatching(/^Enter a title/),
      letter: expect.stringMatching(/is not a PDF or Word/),
    });
    expect(body.submitted.summary).toBe(VISIT.summary);
    expect(await count("inspection_events")).toBe(1);
    // A good letter with a form refused for something else: not stored, and the page is told it was chosen.
    const kept = await post(
      "/readiness/events/new",
      lead,
      eventForm({ ...VISIT, title: "" }, { bytes: pdfBytes("not yet"), name: "letter.pdf" }),
      {},
    );
    expect(kept.status).toBe(400);
    const keptBody = (await kept.json()) as { errors: Record<string, string>; letterChosen: boolean };
    expect(keptBody.errors).not.toHaveProperty("letter");
    expect(keptBody.letterChosen).toBe(true);
    expect(await isFileStored(sha256Of(pdfBytes("not yet")))).toBe(false);
    const future = await post(
      "/readiness/events/new",
      lead,
      eventForm({ ...VISIT, date: "1/1/2099", endDate: "" }),
      {},
    );
    expect(future.status).toBe(400);
    expect(((await future.json()) as { errors: Record<string, string> }).errors.date).toMatch(/today or in the past/);
  });

  it("is refused (403) to service managers and board members, before the letter is read", async () => {
    for (const user of [manager, board]) {
      const res = await post(
        "/readiness/events/new",
        user,
        eventForm(VISIT, { bytes: pdfBytes("no"), name: "x.pdf" }),
        {},
      );
      expect(res.status).toBe(403);
      expect(
        (await call(newEvent.loader, getRequest("/readiness/events/new", await sessionCookie(user.id)))).status,
      ).toBe(403);
    }
    expect(await count("inspection_events")).toBe(0);
    expect(await isFileStored(sha256Of(pdfBytes("no")))).toBe(false);
  });

  it("lets an administrator choose the authority", async () => {
    const res = await post("/readiness/events/new", admin, eventForm(VISIT), {});
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Record<string, string> }).errors.authorityId).toBe("Choose the authority");
    const id = await record(admin, { ...VISIT, authorityId: String(alpha) });
    expect(
      (
        await getDb()
          .selectFrom("inspection_events")
          .select("authority_id")
          .where("id", "=", id)
          .executeTakeFirstOrThrow()
      ).authority_id,
    ).toBe(alpha);
  });
});

describe("reading them", () => {
  it("shows the council's own to everyone in it, and another council's as 404", async () => {
    const id = await record();
    const params = { eventId: String(id) };
    for (const user of [lead, manager, board, admin]) {
      const cookie = await sessionCookie(user.id);
      const page = await call(eventPage.loader, getRequest(`/readiness/events/${id}`, cookie), params);
      expect(page.status).toBe(200);
      const download = await call(letter.loader, getRequest(`/readiness/events/${id}/letter`, cookie), params);
      expect(download.status).toBe(200);
      expect(download.headers.get("Content-Type")).toBe("application/pdf");
      expect(download.headers.get("Content-Disposition")).toContain("MV1 letter.pdf");
      expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from(pdfBytes("mv1")));
    }
    const theirs = await sessionCookie(otherLead.id);
    expect((await call(eventPage.loader, getRequest(`/readiness/events/${id}`, theirs), params)).status).toBe(404);
    expect((await call(letter.loader, getRequest(`/readiness/events/${id}/letter`, theirs), params)).status).toBe(404);
    const listed = (await (
      await call(list.loader, getRequest(`/readiness/events?authority=${alpha}`, theirs))
    ).json()) as { events: unknown[]; canRecord: boolean };
    expect(listed.events).toEqual([]);
    const ours = (await (
      await call(list.loader, getRequest(`/readiness/events`, await sessionCookie(board.id)))
    ).json()) as { events: { id: number }[]; canRecord: boolean };
    expect(ours).toMatchObject({ events: [{ id }], canRecord: false });
  });

  it("puts them in the judgement history, the dashboard's card and the readiness report", async () => {
    // Alpha judged Inadequate in November 2023: monitoring visits until re-inspection.
    await createInspection(
      alpha,
      buildReport({
        inspectionStart: "2023-11-06",
        inspectionEnd: "2023-11-17",
        published: "2024-01-10",
        judgements: [{ section: null, area: "Overall effectiveness", grade: "Inadequate" }],
      }),
    );
    const first = await record();
    const second = await record(lead, {
      ...VISIT,
      date: "11/6/2024",
      endDate: "12/6/2024",
      title: "Monitoring visit 2",
    });
    await record(lead, { kind: "annual_engagement", date: "2/9/2023", endDate: "", title: "AEM 2023", summary: "" });
    const cookie = await sessionCookie(board.id);
    const history = (await (await call(judgements.loader, getRequest("/readiness/judgements", cookie))).json()) as {
      events: { id: number; title: string }[];
    };
    expect(history.events.map((e) => e.title)).toEqual(["AEM 2023", VISIT.title, "Monitoring visit 2"]);

    const dash = (await (await call(dashboard.loader, getRequest("/dashboard", cookie))).json()) as {
      events: { authorityId: number; summary: Record<string, unknown> & { monitoringVisits: { id: number }[] } }[];
    };
    const card = dash.events.find((e) => e.authorityId === alpha)!.summary;
    expect(card.monitoringVisits.map((v) => v.id)).toEqual([first, second]);
    expect(card).toMatchObject({ showMonitoring: true, lastMonitoringVisit: "2024-06-12" });
    // The tests' clock is today's: a 2023 meeting is more than a year ago.
    expect(card.annualEngagementOverdue).toBe(true);
    expect(card.annualEngagementText).toMatch(/^2 September 2023\. None is recorded in the last 12 months/);

    const report = (await buildReadinessReport(
      { id: board.id, role: "board_member", authorityId: alpha },
      alpha,
      "2024-09-01",
    ))!;
    expect(report.events.lines).toEqual([
      "Monitoring visits since the last ILACS inspection: 2 visits; the last on 12 June 2024.",
      "Last annual engagement meeting: 2 September 2023.",
      expect.stringMatching(/^Source: /),
    ]);
    expect(report.events.all.map((e) => e.title)).toEqual(["AEM 2023", VISIT.title, "Monitoring visit 2"]);
  });
});

describe("changing and removing one", () => {
  const form = (fields: Record<string, string>, file?: { bytes: Uint8Array; name: string }) =>
    eventForm({ ...VISIT, intent: "save", version: "1", ...fields }, file);

  it("saves a change with a new letter, audited with before and after; a stale form gets 409 and keeps what was typed", async () => {
    const id = await record();
    const params = { eventId: String(id) };
    const path = `/readiness/events/${id}`;
    const saved = await post(
      path,
      lead,
      form({ title: "Monitoring visit 1" }, { bytes: pdfBytes("v2"), name: "letter-v2.pdf" }),
      params,
      eventPage.action,
    );
    expect(saved.status).toBe(302);
    const row = await getDb()
      .selectFrom("inspection_events")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      title: "Monitoring visit 1",
      letter_name: "letter-v2.pdf",
      version: 2,
      updated_by: lead.id,
    });
    const audit = await getDb()
      .selectFrom("audit_events")
      .selectAll()
      .where("event", "=", "inspection_event.changed")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before!)).toMatchObject({ title: VISIT.title, letterName: "MV1 letter.pdf" });
    expect(JSON.parse(audit.after!)).toMatchObject({ title: "Monitoring visit 1", letterName: "letter-v2.pdf" });
    expect(JSON.parse(audit.after!)).not.toHaveProperty("summary");

    const stale = await post(path, lead, form({ title: "Typed on an old page" }), params, eventPage.action);
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as { conflict: { changedBy: string }; submitted: Record<string, string> };
    expect(body.conflict.changedBy).toBe(lead.name);
    expect(body.submitted.title).toBe("Typed on an old page");
    expect(
      (await getDb().selectFrom("inspection_events").select("title").where("id", "=", id).executeTakeFirstOrThrow())
        .title,
    ).toBe("Monitoring visit 1");
  });

  it("refuses a stale form (409) before storing its new letter: nothing is left behind", async () => {
    const id = await record();
    const params = { eventId: String(id) };
    const path = `/readiness/events/${id}`;
    expect((await post(path, lead, form({ title: "Changed first" }), params, eventPage.action)).status).toBe(302);
    const late = pdfBytes(`a letter chosen on an old page ${Date.now()} ${Math.random()}`);
    const stale = await post(
      path,
      lead,
      form({ title: "Typed on an old page" }, { bytes: late, name: "late.pdf" }),
      params,
      eventPage.action,
    );
    expect(stale.status).toBe(409);
    expect(await isFileStored(sha256Of(late))).toBe(false);
  });

  it("is refused to a service manager (403) and another council's lead (404), changing nothing", async () => {
    const id = await record();
    const params = { eventId: String(id) };
    const before = await getDb().selectFrom("inspection_events").selectAll().execute();
    const audits = await count("audit_events");
    expect(
      (await post(`/readiness/events/${id}`, manager, form({ title: "Mine now" }), params, eventPage.action)).status,
    ).toBe(403);
    expect(
      (await post(`/readiness/events/${id}`, board, form({ title: "Mine now" }), params, eventPage.action)).status,
    ).toBe(403);
    expect(
      (await post(`/readiness/events/${id}`, otherLead, form({ title: "Mine now" }), params, eventPage.action)).status,
    ).toBe(404);
    const remove = eventForm({ intent: "remove", version: "1", reason: "Wrong council" });
    expect((await post(`/readiness/events/${id}`, otherLead, remove, params, eventPage.action)).status).toBe(404);
    expect(await getDb().selectFrom("inspection_events").selectAll().execute()).toEqual(before);
    expect(await count("audit_events")).toBe(audits);
  });

  it("removes one recorded in error with a reason: out of every list and download, its row and audit kept", async () => {
    const id = await record();
    const params = { eventId: String(id) };
    const noReason = await post(
      `/readiness/events/${id}`,
      lead,
      eventForm({ intent: "remove", version: "1", reason: " " }),
      params,
      eventPage.action,
    );
    expect(noReason.status).toBe(400);
    const removed = await post(
      `/readiness/events/${id}`,
      lead,
      eventForm({ intent: "remove", version: "1", reason: "Recorded twice" }),
      params,
      eventPage.action,
    );
    expect(removed.status).toBe(302);
    const cookie = await sessionCookie(board.id);
    const listed = (await (await call(list.loader, getRequest("/readiness/events", cookie))).json()) as {
      events: unknown[];
    };
    expect(listed.events).toEqual([]);
    expect((await call(letter.loader, getRequest(`/readiness/events/${id}/letter`, cookie), params)).status).toBe(404);
    const page = (await (
      await call(eventPage.loader, getRequest(`/readiness/events/${id}`, cookie), params)
    ).json()) as {
      event: { removed: { reason: string; by: string } };
      canManage: boolean;
    };
    expect(page.event.removed).toMatchObject({ reason: "Recorded twice", by: lead.name });
    expect(page.canManage).toBe(false);
    const again = await post(`/readiness/events/${id}`, lead, form({ version: "2" }), params, eventPage.action);
    expect(again.status).toBe(404);
    expect(
      (
        await getDb().selectFrom("audit_events").select("event").where("entity_type", "=", "inspection_event").execute()
      ).map((e) => e.event),
    ).toEqual(["inspection_event.recorded", "inspection_event.removed"]);
  });
});

describe("a plain form without a letter", () => {
  it("is read too (a URL-encoded post)", async () => {
    const res = await call(
      newEvent.action,
      postRequest("/readiness/events/new", { ...VISIT, endDate: "" }, await sessionCookie(lead.id)),
    );
    expect(res.status).toBe(302);
    expect(
      (await getDb().selectFrom("inspection_events").select("letter_name").executeTakeFirstOrThrow()).letter_name,
    ).toBeNull();
  });
});
