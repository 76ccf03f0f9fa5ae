import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action as actionPageAction, loader as actionPageLoader } from "../../app/routes/actions.$actionId";
import { action as addEvidenceAction, loader as addEvidenceLoader } from "../../app/routes/actions.$actionId_.evidence";
import { action as withdrawAction, loader as withdrawLoader } from "../../app/routes/evidence.$evidenceId.delete";
import { loader as downloadLoader } from "../../app/routes/evidence.$evidenceId.download";
import { evidenceFilePath, isFileStored, readEvidenceFile, sha256Of } from "../../app/utils/evidence-store.server";
import { breakFileStore, storedCopies } from "../helpers/stored-files";
import { FILE_NOT_STORED } from "../../app/utils/evidence-request.server";
import { isPostgres } from "../../db/engine/engine";
import { EVIDENCE_MAX_BYTES } from "../../app/utils/evidence-form";
import { createAuthority, createInspection, createTestUser, setAction } from "../factories";
import {
  docxBytes,
  exeBytes,
  gifBytes,
  htmlBytes,
  jpegBytes,
  oleBytes,
  pdfBytes,
  plainZipBytes,
  pngBytes,
  webpBytes,
  xlsxBytes,
} from "../helpers/evidence-files";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

async function world() {
  const authority = await createAuthority();
  const other = await createAuthority();
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const owner = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const colleague = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const board = await createTestUser({ role: "board_member", authorityId: authority.id });
  const outsider = await createTestUser({ role: "improvement_lead", authorityId: other.id });
  const admin = await createTestUser({ role: "admin", authorityId: null });
  const { actionIds } = await createInspection(authority.id);
  const actionId = actionIds[0];
  await setAction(actionId, { owner_id: owner.id });
  return { authority, lead, owner, colleague, board, outsider, admin, actionId };
}

let w: Awaited<ReturnType<typeof world>>;
beforeEach(async () => {
  w = await world();
});

// Content unique to this run, so files other tests (or workers) stored never make a test pass.
const unique = () => `${Date.now()}-${Math.random()}`;

function multipartRequest(
  path: string,
  fields: Record<string, string>,
  cookie?: string,
  file?: { bytes: Uint8Array; name: string; type?: string },
): Request {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  if (file)
    form.append(
      "file",
      new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "application/octet-stream" }),
    );
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body: form,
    headers: cookie ? { Cookie: cookie } : {},
  });
}

async function upload(
  userId: number,
  fields: Record<string, string>,
  file?: { bytes: Uint8Array; name: string; type?: string },
) {
  const request = multipartRequest(`/actions/${w.actionId}/evidence`, fields, await sessionCookie(userId), file);
  return call(addEvidenceAction, request, { actionId: String(w.actionId) });
}

const fileFields = {
  kind: "file",
  purpose: "completion",
  description: "Case audit summary",
  evidenceDate: "31/03/2025",
};

const evidenceRows = () => getDb().selectFrom("evidence").selectAll().orderBy("id").execute();
const auditEvents = () =>
  getDb()
    .selectFrom("audit_events")
    .select(["event", "before", "after", "user_id"])
    .where("entity_type", "=", "action")
    .orderBy("id")
    .execute();

async function errorsOf(res: Response) {
  return (await res.json()) as { errors: Record<string, string>; submitted: Record<string, string> };
}

describe("the add evidence page", () => {
  const get = async (userId?: number) =>
    call(
      addEvidenceLoader,
      getRequest(`/actions/${w.actionId}/evidence`, userId ? await sessionCookie(userId) : undefined),
      { actionId: String(w.actionId) },
    );

  it("is for the action's owner, leads and admins", async () => {
    for (const user of [w.owner, w.lead, w.admin]) expect((await get(user.id)).status).toBe(200);
    expect((await get(w.colleague.id)).status).toBe(403);
    expect((await get(w.board.id)).status).toBe(403);
    expect((await get(w.outsider.id)).status).toBe(404);
    const signedOut = await get();
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("refuses uploads from people who cannot work on the action, before storing anything", async () => {
    const bytes = pdfBytes(unique());
    expect((await upload(w.board.id, fileFields, { bytes, name: "a.pdf" })).status).toBe(403);
    expect((await upload(w.colleague.id, fileFields, { bytes, name: "a.pdf" })).status).toBe(403);
    expect((await upload(w.outsider.id, fileFields, { bytes, name: "a.pdf" })).status).toBe(404);
    expect(await isFileStored(sha256Of(bytes))).toBe(false);
    expect(await evidenceRows()).toEqual([]);
  });
});

describe("adding evidence", () => {
  it("adds a note and a link, audited, and returns to the action page with a message", async () => {
    let res = await upload(w.owner.id, {
      kind: "note",
      purpose: "impact",
      description: "Survey of care leavers, see board minutes",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/actions/${w.actionId}`);
    expect(res.headers.get("Set-Cookie")).toBeTruthy();
    res = await upload(w.lead.id, {
      kind: "link",
      purpose: "completion",
      description: "Audit report",
      url: "https://intranet.example.gov.uk/audit.pdf",
      evidenceDate: "1 March 2025",
    });
    expect(res.status).toBe(302);
    const rows = await evidenceRows();
    expect(rows.map((r) => [r.kind, r.purpose, r.url, r.evidence_date, r.file_sha256])).toEqual([
      ["note", "impact", null, null, null],
      ["link", "completion", "https://intranet.example.gov.uk/audit.pdf", "2025-03-01", null],
    ]);
    expect((await auditEvents()).map((e) => e.event)).toEqual(["action.evidence_added", "action.evidence_added"]);
  });

  it("stores each accepted file type by its hash, with the type detected from content", async () => {
    const files: [Uint8Array, string, string][] = [
      [pdfBytes(unique()), "Audit.pdf", "pdf"],
      [await docxBytes(`Minutes ${unique()}`), "Minutes.docx", "docx"],
      [await xlsxBytes(), "Figures.xlsx", "xlsx"],
      [oleBytes(`WordDocument`), "Old minutes.doc", "doc"],
      [pngBytes(), "Chart.png", "png"],
      [jpegBytes(), "Photo of display.jpg", "jpeg"],
      [gifBytes(), "Poster.gif", "gif"],
      [webpBytes(), "Leaflet.webp", "webp"],
      [new TextEncoder().encode(`Notes of the practice week ${unique()}`), "notes.txt", "text"],
      [new TextEncoder().encode(`team,audited\nNorth,${Math.floor(Math.random() * 100)}\n`), "audit.csv", "csv"],
    ];
    for (const [bytes, name, type] of files) {
      // The declared type is deliberately wrong: only the content counts.
      const res = await upload(w.owner.id, fileFields, { bytes, name, type: "application/x-anything" });
      expect(res.status, name).toBe(302);
      const row = (await evidenceRows()).at(-1)!;
      expect(row, name).toMatchObject({ kind: "file", file_type: type, file_name: name, file_size: bytes.length });
      expect(row.file_sha256).toBe(sha256Of(bytes));
      expect(new Uint8Array((await readEvidenceFile(row.file_sha256!))!)).toEqual(bytes);
    }
    const added = (await auditEvents()).at(-1)!;
    expect(JSON.parse(added.after!)).toMatchObject({ kind: "file", fileName: "audit.csv", fileType: "csv" });
  });

  it("stores the same content once, whatever it is called", async () => {
    const bytes = pdfBytes(unique());
    expect((await upload(w.owner.id, fileFields, { bytes, name: "first.pdf" })).status).toBe(302);
    expect((await upload(w.lead.id, fileFields, { bytes, name: "second copy.pdf" })).status).toBe(302);
    const rows = await evidenceRows();
    expect(rows.map((r) => r.file_name)).toEqual(["first.pdf", "second copy.pdf"]);
    expect(new Set(rows.map((r) => r.file_sha256))).toEqual(new Set([sha256Of(bytes)]));
    expect(await storedCopies(sha256Of(bytes))).toBe(1);
  });

  it("never uses the uploaded name as a path, and fixes a misleading extension", async () => {
    const bytes = new TextEncoder().encode(`plain words ${unique()}`);
    expect((await upload(w.owner.id, fileFields, { bytes, name: "../../../etc/cron.d/evil.pdf" })).status).toBe(302);
    const row = (await evidenceRows()).at(-1)!;
    expect(row.file_name).toBe("evil.pdf.txt");
    expect(evidenceFilePath(row.file_sha256!)).toContain(path.join("evidence", row.file_sha256!.slice(0, 2)));
  });

  it.each([
    "Audit; March 2025.pdf",
    "a=b.pdf",
    "q1 = done; q2 = next.pdf",
    'Board "final" pack.pdf',
    "50% sample.pdf",
    "back\\slash.pdf",
    "ünïcødé – naïve café 日本.pdf",
    "semi;colon;=equals=.pdf",
    'x"; filename="evil.exe.pdf',
  ])("uploads a file whatever its name holds: %j", async (name) => {
    const bytes = pdfBytes(unique());
    const res = await upload(w.owner.id, fileFields, { bytes, name });
    expect(res.status).toBe(302);
    const row = (await evidenceRows()).at(-1)!;
    expect(row.file_sha256).toBe(sha256Of(bytes));
    // The name is kept as given, less any folder before a slash or backslash and the characters file
    // systems cannot hold (see sanitiseFileName).
    expect(row.file_name).toBe(name.split(/[\\/]/).pop()!.replace(/"/g, ""));
  });

  it("reads names as browsers and other clients write them: quotes, line breaks and RFC 5987", async () => {
    const bytes = pdfBytes(unique());
    const boundary = "----formboundary42";
    const part = (disposition: string, body: string | Uint8Array, type?: string) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ""}\r\n`,
        ),
        Buffer.from(body),
        Buffer.from("\r\n"),
      ]);
    const send = async (fileDisposition: string) => {
      const body = Buffer.concat([
        ...Object.entries(fileFields).map(([k, v]) => part(`name="${k}"`, v)),
        part(fileDisposition, bytes, "application/pdf"),
        Buffer.from(`--${boundary}--\r\n`),
      ]);
      const request = new Request(`http://localhost/actions/${w.actionId}/evidence`, {
        method: "POST",
        headers: {
          "Content-Type": `multipart/form-data; boundary=${boundary}`,
          Cookie: await sessionCookie(w.owner.id),
        },
        body,
      });
      const res = await call(addEvidenceAction, request, { actionId: String(w.actionId) });
      expect(res.status).toBe(302);
      return (await evidenceRows()).at(-1)!.file_name;
    };
    expect(await send('name="file"; filename="Plan; v2 = final.pdf"')).toBe("Plan; v2 = final.pdf");
    expect(await send('name="file"; filename="The %22new%22 plan.pdf"')).toBe("The new plan.pdf");
    expect(await send('name="file"; filename="two%0D%0Alines.pdf"')).toBe("twolines.pdf");
    expect(await send('name="file"; filename="fallback.pdf"; filename*=UTF-8\'\'Caf%C3%A9%3B%20menu.pdf')).toBe(
      "Café; menu.pdf",
    );
  });

  it("refuses programs, archives and web pages disguised as PDFs, naming what is accepted", async () => {
    for (const bytes of [exeBytes(), plainZipBytes(), htmlBytes()]) {
      const res = await upload(w.owner.id, fileFields, { bytes, name: "report.pdf", type: "application/pdf" });
      expect(res.status).toBe(400);
      const body = await errorsOf(res);
      expect(body.errors.file).toMatch(/The selected file is not a PDF, Word .*, plain text or CSV file/);
      expect(body.submitted).toMatchObject({
        kind: "file",
        description: "Case audit summary",
        evidenceDate: "31/03/2025",
      });
      expect(await isFileStored(sha256Of(bytes))).toBe(false);
    }
    expect(await evidenceRows()).toEqual([]);
    expect(await auditEvents()).toEqual([]);
  });

  it("says so when the file store is out of reach, keeps what was typed, and saves nothing", async () => {
    const bytes = pdfBytes(unique());
    const restore = await breakFileStore();
    let res: Response;
    try {
      res = await upload(w.owner.id, fileFields, { bytes, name: "a.pdf" });
    } finally {
      await restore();
    }
    expect(res.status).toBe(503);
    const body = await errorsOf(res);
    expect(body.errors).toEqual({ file: FILE_NOT_STORED });
    expect(body.submitted).toMatchObject({
      kind: "file",
      description: "Case audit summary",
      evidenceDate: "31/03/2025",
    });
    expect(await isFileStored(sha256Of(bytes))).toBe(false);
    expect(await evidenceRows()).toEqual([]);
    expect(await auditEvents()).toEqual([]);
    // Once the store is back, the same form goes through.
    expect((await upload(w.owner.id, fileFields, { bytes, name: "a.pdf" })).status).toBe(302);
  });

  it("answers 413 with a clear message for a file over 25 MB", async () => {
    const bytes = new Uint8Array(EVIDENCE_MAX_BYTES + 1).fill(0x41);
    const res = await upload(w.owner.id, fileFields, { bytes, name: "huge.txt" });
    expect(res.status).toBe(413);
    expect((await errorsOf(res)).errors.file).toMatch(/must be smaller than 25 MB/);
    expect(await evidenceRows()).toEqual([]);
  });

  it("returns every problem at once, keeps what was typed and stores nothing", async () => {
    const cases: [Record<string, string>, string[]][] = [
      [{ kind: "link", purpose: "impact", description: "x", url: "javascript:alert(1)" }, ["url"]],
      [{ kind: "note", purpose: "impact", description: "x", evidenceDate: "yesterday" }, ["evidenceDate"]],
      [{ kind: "file", purpose: "impact", description: "x" }, ["file"]],
      [{ kind: "note", purpose: "", description: "  " }, ["purpose", "description"]],
      [{ kind: "video", purpose: "impact", description: "x" }, ["kind"]],
    ];
    for (const [fields, expected] of cases) {
      const res = await upload(w.owner.id, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const body = await errorsOf(res);
      expect(Object.keys(body.errors).sort(), JSON.stringify(fields)).toEqual(expected.sort());
      expect(body.submitted.kind).toBe(fields.kind);
    }
    // A valid file with a bad date is not stored either.
    const bytes = pdfBytes(unique());
    const res = await upload(w.owner.id, { ...fileFields, evidenceDate: "31/02/2025" }, { bytes, name: "a.pdf" });
    expect(res.status).toBe(400);
    expect(await isFileStored(sha256Of(bytes))).toBe(false);
    expect(await evidenceRows()).toEqual([]);
  });

  it("is refused for an action withdrawn from the plan", async () => {
    await getDb()
      .updateTable("actions")
      .set({ withdrawn_at: "2024-09-01T09:00:00.000Z", withdrawn_reason: "Duplicate" })
      .where("id", "=", w.actionId)
      .execute();
    const res = await upload(w.owner.id, { kind: "note", purpose: "impact", description: "x" });
    expect(res.status).toBe(400);
    expect((await errorsOf(res)).errors.description).toMatch(/withdrawn from the plan/);
    expect(await evidenceRows()).toEqual([]);
  });

  it("no longer accepts evidence through the action page's own form", async () => {
    const res = await call(
      actionPageAction,
      postRequest(
        `/actions/${w.actionId}`,
        { intent: "evidence", kind: "note", purpose: "completion", description: "x" },
        await sessionCookie(w.owner.id),
      ),
      { actionId: String(w.actionId) },
    );
    expect(res.status).toBe(400);
    expect(await evidenceRows()).toEqual([]);
  });
});

describe("downloading evidence", () => {
  async function addFile(bytes: Uint8Array, name: string) {
    expect((await upload(w.owner.id, fileFields, { bytes, name })).status).toBe(302);
    return (await evidenceRows()).at(-1)!.id;
  }
  const download = async (evidenceId: string, userId?: number) =>
    call(
      downloadLoader,
      getRequest(`/evidence/${evidenceId}/download`, userId ? await sessionCookie(userId) : undefined),
      {
        evidenceId,
      },
    );

  it("gives the file to signed-in users of the authority, with safe headers", async () => {
    const bytes = pdfBytes(unique());
    const id = await addFile(bytes, "Audit – “final”.pdf");
    for (const user of [w.owner, w.colleague, w.board, w.lead, w.admin]) {
      const res = await download(String(id), user.id);
      expect(res.status, user.role).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("application/pdf");
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Content-Disposition")).toBe(
        `attachment; filename="Audit _ _final_.pdf"; filename*=UTF-8''Audit%20%E2%80%93%20%E2%80%9Cfinal%E2%80%9D.pdf`,
      );
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    }
  });

  it("streams a file of several megabytes exactly as stored", async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 7).fill(0x20);
    bytes.set(pdfBytes(unique()));
    const id = await addFile(bytes, "large.pdf");
    const res = await download(String(id), w.board.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Length")).toBe(String(bytes.length));
    expect(sha256Of(new Uint8Array(await res.arrayBuffer()))).toBe(sha256Of(bytes));
  });

  it("answers 503, saying why, when the database's file store is out of reach", async () => {
    // SQLite keeps files in its own data directory, which cannot be out of reach on its own.
    if (!isPostgres(getDb())) return;
    const id = await addFile(pdfBytes(unique()), "a.pdf");
    const restore = await breakFileStore();
    try {
      const res = await download(String(id), w.owner.id).catch((thrown: unknown) => thrown as Response);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/file store is not available/);
    } finally {
      await restore();
    }
    expect((await download(String(id), w.owner.id)).status).toBe(200);
  });

  it("serves text as text whatever it was called", async () => {
    const id = await addFile(new TextEncoder().encode(`notes ${unique()}`), "page.html");
    const res = await download(String(id), w.board.id);
    expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/filename\*=UTF-8''page\.html\.txt$/);
    await res.arrayBuffer();
  });

  it("is 404 for another authority, for notes, and for withdrawn evidence; signed-out users sign in first", async () => {
    const id = await addFile(pdfBytes(unique()), "a.pdf");
    expect((await download(String(id), w.outsider.id)).status).toBe(404);
    const signedOut = await download(String(id));
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fevidence%2F/);

    expect((await upload(w.owner.id, { kind: "note", purpose: "impact", description: "note" })).status).toBe(302);
    const noteId = (await evidenceRows()).at(-1)!.id;
    expect((await download(String(noteId), w.owner.id)).status).toBe(404);

    await getDb()
      .updateTable("evidence")
      .set({ deleted_at: "2024-09-02T09:00:00.000Z" })
      .where("id", "=", id)
      .execute();
    expect((await download(String(id), w.owner.id)).status).toBe(404);
  });

  it("cannot be steered at other files", async () => {
    await addFile(pdfBytes(unique()), "a.pdf");
    for (const id of ["../1", "..%2F1", "1/../../etc/passwd", "1.0", "-1", "0", "1e3", "%00", "0x1", " 1"]) {
      expect((await download(id, w.admin.id)).status, id).toBe(404);
    }
    // The stored path comes only from a SHA-256, and the database will hold nothing else.
    expect(() => evidenceFilePath("../../../../etc/passwd")).toThrow();
    expect(() => evidenceFilePath("A".repeat(64))).toThrow();
    const row = (await evidenceRows())[0];
    for (const tampered of ["../../etc/passwd", `${"a".repeat(63)}/`, "A".repeat(64)]) {
      await expect(
        getDb().updateTable("evidence").set({ file_sha256: tampered }).where("id", "=", row.id).execute(),
      ).rejects.toThrow(/CHECK constraint/i);
    }
  });
});

describe("withdrawing evidence", () => {
  async function addNote(description = "Audit summary") {
    expect((await upload(w.owner.id, { kind: "note", purpose: "completion", description })).status).toBe(302);
    return (await evidenceRows()).at(-1)!.id;
  }
  const withdraw = async (evidenceId: number | string, userId: number, reason = "Added to the wrong action") =>
    call(withdrawAction, postRequest(`/evidence/${evidenceId}/delete`, { reason }, await sessionCookie(userId)), {
      evidenceId: String(evidenceId),
    });
  const actionPage = async (userId: number) => {
    const res = await call(actionPageLoader, getRequest(`/actions/${w.actionId}`, await sessionCookie(userId)), {
      actionId: String(w.actionId),
    });
    return (await res.json()) as { action: { evidence: { id: number }[]; history: { event: string }[] } };
  };

  it("before sign-off: audited, hidden from the list, kept in the database and the history", async () => {
    const bytes = pdfBytes(unique());
    expect((await upload(w.owner.id, fileFields, { bytes, name: "a.pdf" })).status).toBe(302);
    const fileId = (await evidenceRows()).at(-1)!.id;
    const keepId = await addNote("Still relevant");

    const page = await call(withdrawLoader, getRequest(`/evidence/${fileId}/delete`, await sessionCookie(w.owner.id)), {
      evidenceId: String(fileId),
    });
    expect(page.status).toBe(200);

    const res = await withdraw(fileId, w.owner.id, "Wrong document");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/actions/${w.actionId}`);

    const row = (await evidenceRows()).find((r) => r.id === fileId)!;
    expect(row).toMatchObject({ deleted_by: w.owner.id, deleted_reason: "Wrong document" });
    expect(row.deleted_at).toBeTruthy();
    expect(await isFileStored(sha256Of(bytes))).toBe(true);

    const events = await auditEvents();
    const withdrawn = events.at(-1)!;
    expect(withdrawn.event).toBe("action.evidence_withdrawn");
    expect(JSON.parse(withdrawn.before!)).toMatchObject({
      evidenceId: fileId,
      description: "Case audit summary",
      fileName: "a.pdf",
    });
    expect(JSON.parse(withdrawn.after!)).toEqual({ evidenceId: fileId, reason: "Wrong document" });

    const view = await actionPage(w.board.id);
    expect(view.action.evidence.map((e) => e.id)).toEqual([keepId]);
    expect(view.action.history.map((h) => h.event)).toContain("action.evidence_withdrawn");

    // A second withdrawal finds nothing to withdraw.
    expect((await withdraw(fileId, w.owner.id)).status).toBe(404);
  });

  it("is refused once the action is signed off", async () => {
    const id = await addNote();
    await setAction(w.actionId, { status: "signed_off" });
    const res = await withdraw(id, w.lead.id);
    expect(res.status).toBe(400);
    expect((await errorsOf(res)).errors.reason).toMatch(/signed off, so its evidence cannot be withdrawn/);
    expect((await evidenceRows())[0].deleted_at).toBeNull();
    expect((await auditEvents()).map((e) => e.event)).toEqual(["action.evidence_added"]);
  });

  it("is refused while the action awaits sign-off on its evidence", async () => {
    const id = await addNote();
    await setAction(w.actionId, { status: "awaiting_sign_off" });
    const page = await call(withdrawLoader, getRequest(`/evidence/${id}/delete`, await sessionCookie(w.lead.id)), {
      evidenceId: String(id),
    });
    expect(((await page.json()) as { notNow: string | null }).notNow).toMatch(/awaiting sign-off.*sent back/);
    for (const person of [w.lead, w.owner]) {
      const res = await withdraw(id, person.id);
      expect(res.status).toBe(400);
      expect((await errorsOf(res)).errors.reason).toMatch(/awaiting sign-off on its evidence/);
    }
    expect((await evidenceRows())[0].deleted_at).toBeNull();
    expect((await actionPage(w.owner.id)) as unknown).toMatchObject({ withdrawableEvidenceIds: [] });
  });

  it("lets the owner withdraw only what they added; the lead withdraws anything", async () => {
    expect((await upload(w.lead.id, { kind: "note", purpose: "impact", description: "Lead's audit" })).status).toBe(
      302,
    );
    const leadsId = (await evidenceRows()).at(-1)!.id;
    const ownId = await addNote("Owner's minutes");

    expect(
      ((await actionPage(w.owner.id)) as unknown as { withdrawableEvidenceIds: number[] }).withdrawableEvidenceIds,
    ).toEqual([ownId]);
    const refused = await withdraw(leadsId, w.owner.id);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/only withdraw evidence you added yourself/);
    expect((await evidenceRows()).find((r) => r.id === leadsId)!.deleted_at).toBeNull();

    expect(
      (
        (await actionPage(w.lead.id)) as unknown as { withdrawableEvidenceIds: number[] }
      ).withdrawableEvidenceIds.sort(),
    ).toEqual([leadsId, ownId].sort());
    expect((await withdraw(ownId, w.lead.id)).status).toBe(302);
    expect((await withdraw(leadsId, w.lead.id)).status).toBe(302);
  });

  it("needs a reason, and someone who can work on the action", async () => {
    const id = await addNote();
    expect((await withdraw(id, w.owner.id, "  ")).status).toBe(400);
    expect((await withdraw(id, w.board.id)).status).toBe(403);
    expect((await withdraw(id, w.colleague.id)).status).toBe(403);
    expect((await withdraw(id, w.outsider.id)).status).toBe(404);
    expect((await withdraw("../1", w.admin.id)).status).toBe(404);
    expect((await evidenceRows())[0].deleted_at).toBeNull();
  });

  it("leaves an action with only withdrawn evidence unable to be submitted", async () => {
    const id = await addNote();
    expect((await withdraw(id, w.owner.id)).status).toBe(302);
    const res = await call(
      actionPageAction,
      postRequest(
        `/actions/${w.actionId}`,
        { intent: "status", version: "1", move: "submit" },
        await sessionCookie(w.owner.id),
      ),
      { actionId: String(w.actionId) },
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/at least one piece of evidence/);
  });
});
