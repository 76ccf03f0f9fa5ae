import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { isPostgres } from "../../db/engine/engine";
import { databasePath } from "../../db/config";
import { backupData } from "../../db/backup-lib";
import {
  changeActionStatus,
  changeActionTargetDate,
  flagActionRisk,
  addProgressUpdate,
} from "../../app/models/action-changes.server";
import { editActionDetails } from "../../app/models/action-plan.server";
import { addEvidence, withdrawEvidence } from "../../app/models/evidence.server";
import { createMeasure } from "../../app/models/measures.server";
import { markBoardMeetingHeld, recordBoardMeeting } from "../../app/models/board-meetings.server";
import { loader as packLoader } from "../../app/routes/board_.meetings.$meetingId_.pack.$format";
import JSZip from "jszip";
import { docxText } from "../board-pack/pack-files";
import { action as actionPageAction, loader as actionPageLoader } from "../../app/routes/actions.$actionId";
import { loader as auditLoader } from "../../app/routes/audit";
import { action as redactAction, loader as redactLoader } from "../../app/routes/redact.$kind.$id";
import { evidenceFilePath, isFileStored, storeEvidenceFile } from "../../app/utils/evidence-store.server";
import { takeFlash } from "../../app/utils/session.server";
import { formatDate, todayInLondon } from "../../app/utils/dates";
import { createAuthority, createInspection, createTestUser, NOW, setAction } from "../factories";
import { pdfBytes } from "../helpers/evidence-files";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

// An administrator removes personal data entered by mistake. Each test puts a unique marker (a
// made-up child's name) into the data and checks it is gone from everywhere afterwards: every
// table, the audit log, the outbox, the database file itself and the evidence store.

let w: Awaited<ReturnType<typeof world>>;
let marker: string;

async function world() {
  const authority = await createAuthority("London Borough of Testing");
  const other = await createAuthority("Elsewhere");
  const admin = await createTestUser({ role: "admin", name: "Ada Admin" });
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id, name: "Lena Lead" });
  const owner = await createTestUser({ role: "service_manager", authorityId: authority.id, name: "Sam Owner" });
  const board = await createTestUser({ role: "board_member", authorityId: authority.id });
  const outsider = await createTestUser({ role: "improvement_lead", authorityId: other.id });
  const { actionIds } = await createInspection(authority.id);
  const actionId = actionIds[0];
  await setAction(actionId, { owner_id: owner.id, target_date: "2024-12-01" });
  return { authority, admin, lead, owner, board, outsider, actionId };
}

beforeEach(async () => {
  w = await world();
  marker = `Jayden Marker${Date.now()}${Math.round(Math.random() * 1e6)}`;
});

const version = async () =>
  (await getDb().selectFrom("actions").select("version").where("id", "=", w.actionId).executeTakeFirstOrThrow())
    .version;

/** Every row of every table, as text. */
async function everything(): Promise<string> {
  const tables = await getDb().introspection.getTables();
  const dumps: string[] = [];
  for (const { name } of tables) {
    const rows = await sql`select * from ${sql.table(name)}`.execute(getDb());
    dumps.push(
      JSON.stringify(rows.rows, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : v)),
    );
  }
  return dumps.join("\n");
}

/** The database's files on disk, as bytes read as text. */
function onDisk(): string {
  return ["", "-wal"]
    .map((suffix) => databasePath() + suffix)
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file).toString("latin1"))
    .join("\n");
}

async function redact(kind: string, id: number, reason = "It named a child", userId = w.admin.id) {
  return call(redactAction, postRequest(`/redact/${kind}/${id}`, { reason }, await sessionCookie(userId)), {
    kind,
    id: String(id),
  });
}

async function page(kind: string, id: number, userId = w.admin.id) {
  return call(redactLoader, getRequest(`/redact/${kind}/${id}`, await sessionCookie(userId)), { kind, id: String(id) });
}

const notice = (reason = "It named a child") => `Removed by Ada Admin on ${formatDate(todayInLondon())}: ${reason}`;

const removalEvents = () =>
  getDb()
    .selectFrom("audit_events")
    .select(["event", "user_id", "entity_type", "entity_id", "after"])
    .where("event", "=", "redaction.made")
    .execute();

describe("removing a progress update's text", () => {
  it("replaces it everywhere with who removed it, when and why; the history keeps the fact, not the words", async () => {
    await addProgressUpdate(
      w.owner.actor,
      { actionId: w.actionId, body: `Visited ${marker} at home on Tuesday.` },
      NOW,
    );
    const update = await getDb().selectFrom("progress_updates").select("id").executeTakeFirstOrThrow();

    const shown = await page("progress-update", update.id);
    expect(shown.status).toBe(200);
    const data = (await shown.json()) as { target: { content: { text: string }[]; where: string } };
    expect(data.target.content[0].text).toContain(marker);
    expect(data.target.where).toMatch(/London Borough of Testing · action ILACS24 1\.1/);

    const res = await redact("progress-update", update.id);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/actions/${w.actionId}`);
    const body = await getDb().selectFrom("progress_updates").select("body").executeTakeFirstOrThrow();
    expect(body.body).toBe(notice());

    expect(await removalEvents()).toEqual([
      {
        event: "redaction.made",
        user_id: w.admin.id,
        entity_type: "action",
        entity_id: w.actionId,
        after: expect.stringContaining('"reason":"It named a child"'),
      },
    ]);
    expect(await everything()).not.toContain(marker);
    expect(onDisk()).not.toContain(marker);

    // The action page and its history say what happened, in words.
    const actionPage = (await (
      await call(actionPageLoader, getRequest(`/actions/${w.actionId}`, await sessionCookie(w.lead.id)), {
        actionId: String(w.actionId),
      })
    ).json()) as { action: { updates: { body: string }[]; history: { event: string }[] } };
    expect(actionPage.action.updates[0].body).toBe(notice());
    expect(actionPage.action.history.map((h) => h.event)).toContain("redaction.made");
  });

  it("can be done once; the page then says it was removed", async () => {
    await addProgressUpdate(w.owner.actor, { actionId: w.actionId, body: `About ${marker}` }, NOW);
    const update = await getDb().selectFrom("progress_updates").select("id").executeTakeFirstOrThrow();
    expect((await redact("progress-update", update.id)).status).toBe(302);
    const again = await redact("progress-update", update.id, "Again");
    expect(again.status).toBe(409);
    const shown = (await (await page("progress-update", update.id)).json()) as {
      target: { removed: { notice: string } };
    };
    expect(shown.target.removed.notice).toBe(notice());
    expect(await removalEvents()).toHaveLength(1);
  });
});

describe("board packs frozen for held meetings", () => {
  async function heldMeeting(meetingDate: string) {
    const recorded = await recordBoardMeeting(
      w.lead.actor,
      w.authority.id,
      { boardName: "Improvement board", meetingDate },
      new Date(`${meetingDate}T08:00:00Z`),
    );
    if (!recorded.ok) throw new Error(recorded.reason);
    const held = await markBoardMeetingHeld(
      w.lead.actor,
      recorded.meetingId,
      { today: meetingDate, amberWindowDays: 21 },
      new Date(`${meetingDate}T18:00:00Z`),
    );
    if (!held.ok) throw new Error(held.reason);
    return recorded.meetingId;
  }
  const stored = (meetingId: number) =>
    getDb()
      .selectFrom("board_pack_files")
      .select(["format", "bytes", "sha256"])
      .where("meeting_id", "=", meetingId)
      .orderBy("format")
      .execute();
  async function download(meetingId: number, format: "docx" | "csv") {
    const res = await call(
      packLoader,
      getRequest(`/board/meetings/${meetingId}/pack/${format}`, await sessionCookie(w.board.id)),
      { meetingId: String(meetingId), format },
    );
    expect(res.status).toBe(200);
    return new Uint8Array(await res.arrayBuffer());
  }

  it("builds again, as at the meeting date, the packs that quoted the removed words; the others stay byte for byte", async () => {
    const before = await heldMeeting("2024-08-01");
    await addProgressUpdate(w.owner.actor, { actionId: w.actionId, body: `Visited ${marker} at home.` }, NOW);
    const quoting = await heldMeeting("2024-09-10");
    expect(await docxText(await download(quoting, "docx"))).toContain(marker);
    const untouched = await stored(before);
    const update = await getDb().selectFrom("progress_updates").select("id").executeTakeFirstOrThrow();

    expect((await redact("progress-update", update.id)).status).toBe(302);

    expect(await stored(before)).toEqual(untouched);
    const rebuilt = await stored(quoting);
    expect(rebuilt.map((f) => f.format)).toEqual(["csv", "docx", "json", "xlsx"]);
    const word = await docxText(await download(quoting, "docx"));
    expect(word).not.toContain(marker);
    expect(word).toContain(notice());
    expect(word).toContain("Improvement board");
    const csv = Buffer.from(await download(quoting, "csv")).toString("utf8");
    expect(csv).not.toContain(marker);
    expect(csv).toContain(notice());
    // Built with the amber window the board's pack had, as at the meeting date.
    const record = JSON.parse(Buffer.from(rebuilt[2].bytes).toString("utf8")) as {
      asAt: string;
      amberWindowDays: number;
    };
    expect(record).toMatchObject({ asAt: "2024-09-10", amberWindowDays: 21 });
    for (const file of rebuilt) expect(await zipOrText(file.bytes)).not.toContain(marker);
    expect(await everything()).not.toContain(marker);
    const history = await getDb()
      .selectFrom("audit_events")
      .select(["event", "entity_id", "user_id"])
      .where("event", "=", "board_meeting.pack_refrozen")
      .execute();
    expect(history).toEqual([{ event: "board_meeting.pack_refrozen", entity_id: quoting, user_id: w.admin.id }]);
  });

  it("builds a held meeting's pack on download if the server stopped before building it again", async () => {
    await addProgressUpdate(w.owner.actor, { actionId: w.actionId, body: "Audit of supervision files" }, NOW);
    const meetingId = await heldMeeting("2024-09-10");
    await getDb().deleteFrom("board_pack_files").where("meeting_id", "=", meetingId).execute();
    expect(await docxText(await download(meetingId, "docx"))).toContain("Audit of supervision files");
    expect(await stored(meetingId)).toHaveLength(4);
  });
});

/** A file's text: each part of a zip (Word, Excel) unpacked, or the bytes as they are. */
async function zipOrText(bytes: Uint8Array): Promise<string> {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return Buffer.from(bytes).toString("utf8");
  const zip = await JSZip.loadAsync(bytes);
  return (await Promise.all(Object.values(zip.files).map((f) => f.async("string")))).join("\n");
}

describe("removing an evidence file", () => {
  async function uploadFile(name: string, bytes: Uint8Array, actionId = w.actionId) {
    const sha256 = await storeEvidenceFile(bytes);
    const result = await addEvidence(
      w.owner.actor,
      {
        actionId,
        kind: "file",
        purpose: "completion",
        description: `Case notes for ${marker}`,
        url: null,
        evidenceDate: null,
        file: { sha256, name, size: bytes.length, type: "pdf" },
      },
      NOW,
    );
    expect(result.ok).toBe(true);
    const row = await getDb().selectFrom("evidence").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
    return { id: row.id, sha256 };
  }

  it("deletes the file from disk, leaves a note saying so, scrubs the history, and backups no longer hold it", async () => {
    const bytes = pdfBytes(`${marker} case file`);
    const { id, sha256 } = await uploadFile(`${marker} assessment.pdf`, bytes);
    expect(await isFileStored(sha256)).toBe(true);

    const res = await redact("evidence", id, "A child's case file uploaded by mistake");
    expect(res.status).toBe(302);
    expect(await isFileStored(sha256)).toBe(false);
    const row = await getDb()
      .selectFrom("evidence")
      .select(["kind", "description", "url", "file_sha256", "file_name", "file_size", "file_type"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      kind: "note",
      description: notice("A child's case file uploaded by mistake"),
      url: null,
      file_sha256: null,
      file_name: null,
      file_size: null,
      file_type: null,
    });
    const dump = await everything();
    expect(dump).not.toContain(marker);
    expect(dump).not.toContain(sha256);
    // The history still says evidence was added, of what kind and size, without what it was.
    const added = await getDb()
      .selectFrom("audit_events")
      .select("after")
      .where("event", "=", "action.evidence_added")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(added.after!)).toMatchObject({
      evidenceId: id,
      kind: "file",
      description: notice("A child's case file uploaded by mistake"),
      fileName: null,
      sha256: null,
      fileSize: bytes.length,
    });
    expect(onDisk()).not.toContain(marker);

    // `npm run backup` (SQLite's; PostgreSQL is backed up with pg_dump, which has no file apart
    // from the database) copes with the row, and copies no file for it.
    if (isPostgres(getDb())) return;
    const target = fs.mkdtempSync(path.join(os.tmpdir(), "redaction-backup-"));
    try {
      const backup = await backupData({ target: path.join(target, "b") });
      expect(backup.missing).toEqual([]);
      expect(backup.corrupt).toEqual([]);
      const copied = path.join(target, "b", "evidence");
      expect(fs.existsSync(copied) ? fs.readdirSync(copied, { recursive: true }) : []).toEqual([]);
      expect(JSON.stringify(backup.manifest)).not.toContain(sha256);
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "with files kept in PostgreSQL, a file the database will not delete takes the whole removal back, with a clear error",
    async () => {
      const bytes = pdfBytes(`${marker} case file`);
      const { id, sha256 } = await uploadFile(`${marker} assessment.pdf`, bytes);
      await sql`create or replace function refuse_file_delete() returns trigger language plpgsql as $$
        begin raise exception 'could not delete: the disk is full'; end $$`.execute(getDb());
      await sql`create trigger refuse_file_delete before delete on stored_files
        for each row execute function refuse_file_delete()`.execute(getDb());
      try {
        const res = await redact("evidence", id, "A child's case file uploaded by mistake");
        expect(res.status).toBe(503);
        expect(JSON.stringify(await res.json())).toContain(
          "The file could not be deleted, so nothing has been removed",
        );
      } finally {
        await sql`drop trigger refuse_file_delete on stored_files`.execute(getDb());
        await sql`drop function refuse_file_delete()`.execute(getDb());
      }
      // Nothing half done: the evidence, its file and its history are as they were.
      expect(await isFileStored(sha256)).toBe(true);
      const row = await getDb()
        .selectFrom("evidence")
        .select(["kind", "file_sha256", "file_name"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ kind: "file", file_sha256: sha256, file_name: `${marker} assessment.pdf` });
      expect(await getDb().selectFrom("redactions").select("id").execute()).toEqual([]);
      expect(await removalEvents()).toEqual([]);
      // Once the database lets it, the same removal goes through.
      expect((await redact("evidence", id, "A child's case file uploaded by mistake")).status).toBe(302);
      expect(await isFileStored(sha256)).toBe(false);
    },
  );

  it.skipIf(!!process.env.TEST_DATABASE_URL)(
    "with files kept in a folder, a file that cannot be deleted leaves the words removed and says IT must delete it",
    async () => {
      const bytes = pdfBytes(`${marker} case file`);
      const { id, sha256 } = await uploadFile(`${marker} assessment.pdf`, bytes);
      // Something in the way of deleting it: a folder where the file was.
      const file = evidenceFilePath(sha256);
      fs.rmSync(file);
      fs.mkdirSync(path.join(file, "in-the-way"), { recursive: true });
      try {
        const res = await redact("evidence", id, "A child's case file uploaded by mistake");
        expect(res.status).toBe(302);
        const { message } = await takeFlash(getRequest("/", res.headers.get("Set-Cookie")!.split(";")[0]));
        expect(message).toBe(
          "The evidence item has been removed, but its file could not be deleted from the evidence folder: tell your IT team, who can see which file in the server log",
        );
      } finally {
        fs.rmSync(file, { recursive: true, force: true });
      }
      const row = await getDb()
        .selectFrom("evidence")
        .select(["kind", "description", "file_sha256"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        kind: "note",
        description: notice("A child's case file uploaded by mistake"),
        file_sha256: null,
      });
    },
  );

  it("removes withdrawn evidence too, and keeps a file another item still uses", async () => {
    const bytes = pdfBytes(`${marker} shared`);
    const first = await uploadFile("minutes.pdf", bytes);
    const second = await uploadFile("minutes again.pdf", bytes);
    await withdrawEvidence(w.lead.actor, { evidenceId: first.id, reason: "Wrong file" }, NOW);

    const shown = (await (await page("evidence", first.id)).json()) as { target: { file: { alsoUsedBy: number } } };
    expect(shown.target.file.alsoUsedBy).toBe(1);
    const res = await redact("evidence", first.id);
    expect(res.status).toBe(302);
    expect(await isFileStored(first.sha256)).toBe(true);
    // Once the other is removed too, the file goes.
    await redact("evidence", second.id);
    expect(await isFileStored(first.sha256)).toBe(false);
    expect(await everything()).not.toContain(marker);
  });
});

describe("removing a reason from the history", () => {
  it("removes a send-back comment from the history and from reminder e-mails kept in the outbox", async () => {
    await addProgressUpdate(w.owner.actor, { actionId: w.actionId, body: "Started" }, NOW);
    const note = "Audit summary";
    await addEvidence(
      w.owner.actor,
      {
        actionId: w.actionId,
        kind: "note",
        purpose: "completion",
        description: note,
        url: null,
        evidenceDate: null,
        file: null,
      },
      NOW,
    );
    expect(
      (
        await changeActionStatus(
          w.owner.actor,
          { actionId: w.actionId, version: await version(), move: "submit", reason: "" },
          NOW,
        )
      ).ok,
    ).toBe(true);
    const reason = `Please remove what you wrote about ${marker}`;
    expect(
      (
        await changeActionStatus(
          w.lead.actor,
          { actionId: w.actionId, version: await version(), move: "send_back", reason },
          NOW,
        )
      ).ok,
    ).toBe(true);
    await getDb()
      .insertInto("outbox")
      .values({
        user_id: w.owner.id,
        to_address: w.owner.email,
        kind: "owner_digest",
        subject: "Your actions",
        body_text: `Sent back: ${reason}\nSee the action.`,
        body_html: `<p>Sent back: ${reason.replaceAll("'", "&#39;")}</p>`,
        status: "not_sent_no_smtp",
        error: null,
        created_at: NOW.toISOString(),
        sent_at: null,
        digest_date: "2024-09-02",
      })
      .execute();
    const event = await getDb()
      .selectFrom("audit_events")
      .select("id")
      .where("event", "=", "action.send_back")
      .executeTakeFirstOrThrow();

    expect((await redact("event-reason", event.id)).status).toBe(302);
    const after = await getDb()
      .selectFrom("audit_events")
      .select(["after"])
      .where("id", "=", event.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(after.after!)).toEqual({ status: "in_progress", reason: notice() });
    const outbox = await getDb().selectFrom("outbox").select(["body_text", "body_html"]).executeTakeFirstOrThrow();
    expect(outbox.body_text).toBe(`Sent back: ${notice()}\nSee the action.`);
    expect(await everything()).not.toContain(marker);
  });

  it("removes a target date's reason and a risk flag's reason wherever they are kept", async () => {
    const dateReason = `Delayed while ${marker} moved placement`;
    expect(
      (
        await changeActionTargetDate(
          w.lead.actor,
          { actionId: w.actionId, version: await version(), targetDate: "2025-01-31", reason: dateReason },
          NOW,
        )
      ).ok,
    ).toBe(true);
    const riskReason = `${marker}'s review is late`;
    expect(
      (
        await flagActionRisk(
          w.owner.actor,
          { actionId: w.actionId, version: await version(), flag: "at_risk", reason: riskReason },
          NOW,
        )
      ).ok,
    ).toBe(true);
    const events = await getDb()
      .selectFrom("audit_events")
      .select(["id", "event"])
      .where("event", "in", ["action.target_date_changed", "action.risk_flag_changed"])
      .orderBy("id")
      .execute();
    for (const e of events) expect((await redact("event-reason", e.id)).status).toBe(302);
    const changes = await getDb().selectFrom("target_date_changes").select("reason").execute();
    expect(changes.map((c) => c.reason)).toEqual([notice()]);
    const action = await getDb()
      .selectFrom("actions")
      .select("risk_reason")
      .where("id", "=", w.actionId)
      .executeTakeFirstOrThrow();
    expect(action.risk_reason).toBe(notice());
    expect(await everything()).not.toContain(marker);
  });
});

describe("removing an action's description", () => {
  it("removes every version of it from the history, and a form still showing it is refused as stale", async () => {
    const first = `Work with ${marker}'s school`;
    const edit = async (description: string) =>
      editActionDetails(
        w.lead.actor,
        {
          actionId: w.actionId,
          version: await version(),
          title: "Improve supervision",
          description,
          partnerAgency: null,
          successMeasure: "",
        },
        NOW,
      );
    expect((await edit(first)).ok).toBe(true);
    expect((await edit(`${first} and family`)).ok).toBe(true);
    const staleVersion = await version();
    // Evidence has descriptions too: those are not the action's, and stay.
    const evidenceNote = "Minutes of the June practice panel";
    await addEvidence(
      w.owner.actor,
      {
        actionId: w.actionId,
        kind: "note",
        purpose: "completion",
        description: evidenceNote,
        url: null,
        evidenceDate: null,
        file: null,
      },
      NOW,
    );

    expect((await redact("action-description", w.actionId)).status).toBe(302);
    expect(await everything()).not.toContain(marker);
    const evidenceEvent = await getDb()
      .selectFrom("audit_events")
      .select("after")
      .where("event", "=", "action.evidence_added")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(evidenceEvent.after!)).toMatchObject({ description: evidenceNote });

    // The lead's open form, with the old words, is refused rather than saving them again.
    const stale = await call(
      actionPageAction,
      postRequest(
        `/actions/${w.actionId}`,
        {
          intent: "details",
          version: String(staleVersion),
          title: "Improve supervision",
          description: first,
          partnerAgency: "",
          successMeasure: "",
        },
        await sessionCookie(w.lead.id),
      ),
      { actionId: String(w.actionId) },
    );
    expect(stale.status).toBe(409);
  });
});

describe("removing a measure's notes", () => {
  it("replaces the notes and scrubs the measure's history", async () => {
    const created = await createMeasure(
      w.lead.actor,
      w.authority.id,
      {
        name: "Re-referrals",
        unit: "%",
        higherIsBetter: false,
        baselineValue: null,
        baselinePeriod: null,
        targetValue: null,
        targetPeriod: null,
        notes: `Excludes ${marker}`,
      },
      NOW,
    );
    if (!created.ok) throw new Error("not created");
    expect((await redact("measure-notes", created.measureId)).status).toBe(302);
    const row = await getDb().selectFrom("measures").select("notes").executeTakeFirstOrThrow();
    expect(row.notes).toBe(notice());
    expect(await everything()).not.toContain(marker);
    const events = await removalEvents();
    expect(events[0]).toMatchObject({ entity_type: "measure", entity_id: created.measureId });
  });
});

describe("who may remove", () => {
  it("is administrators only: everyone else is refused (403) and nothing changes; unknown things are 404", async () => {
    await addProgressUpdate(w.owner.actor, { actionId: w.actionId, body: `About ${marker}` }, NOW);
    const update = await getDb().selectFrom("progress_updates").select("id").executeTakeFirstOrThrow();
    for (const user of [w.lead, w.owner, w.board, w.outsider]) {
      expect((await page("progress-update", update.id, user.id)).status).toBe(403);
      expect((await redact("progress-update", update.id, "x", user.id)).status).toBe(403);
    }
    const signedOut = await call(redactAction, postRequest(`/redact/progress-update/${update.id}`, { reason: "x" }), {
      kind: "progress-update",
      id: String(update.id),
    });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/login/);
    expect((await getDb().selectFrom("progress_updates").select("body").executeTakeFirstOrThrow()).body).toContain(
      marker,
    );

    expect((await page("progress-update", 999_999)).status).toBe(404);
    expect((await page("not-a-kind", update.id)).status).toBe(404);
    expect((await redact("evidence", 999_999)).status).toBe(404);
  });

  it("needs a reason, and keeps what was typed when it is too long", async () => {
    await addProgressUpdate(w.owner.actor, { actionId: w.actionId, body: `About ${marker}` }, NOW);
    const update = await getDb().selectFrom("progress_updates").select("id").executeTakeFirstOrThrow();
    const empty = await redact("progress-update", update.id, "  ");
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ errors: { reason: "Enter why it is being removed" }, reason: "  " });
    const long = "x".repeat(501);
    const tooLong = await redact("progress-update", update.id, long);
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { reason: string }).reason).toBe(long);
    expect((await getDb().selectFrom("progress_updates").select("body").executeTakeFirstOrThrow()).body).toContain(
      marker,
    );
    expect(await removalEvents()).toEqual([]);
  });

  it("is audited in the authority's log, which leads can read", async () => {
    await addProgressUpdate(w.owner.actor, { actionId: w.actionId, body: `About ${marker}` }, NOW);
    const update = await getDb().selectFrom("progress_updates").select("id").executeTakeFirstOrThrow();
    await redact("progress-update", update.id);
    const log = (await (await call(auditLoader, getRequest("/audit", await sessionCookie(w.lead.id)))).json()) as {
      events: { description?: string; event?: string }[];
    };
    expect(JSON.stringify(log)).toContain("redaction.made");
    expect(JSON.stringify(log)).not.toContain(marker);
  });
});

describe("the action page", () => {
  it("lists, for administrators only, what can be removed, withdrawn evidence included", async () => {
    await addProgressUpdate(w.owner.actor, { actionId: w.actionId, body: `About ${marker}` }, NOW);
    const load = async (userId: number) =>
      (await (
        await call(actionPageLoader, getRequest(`/actions/${w.actionId}`, await sessionCookie(userId)), {
          actionId: String(w.actionId),
        })
      ).json()) as { removable: { kind: string; id: number; excerpt: string }[] | null };
    expect((await load(w.lead.id)).removable).toBeNull();
    const forAdmin = (await load(w.admin.id)).removable!;
    expect(forAdmin).toEqual([expect.objectContaining({ kind: "progress_update", excerpt: `About ${marker}` })]);
    await redact("progress-update", forAdmin[0].id);
    expect((await load(w.admin.id)).removable).toEqual([]);
  });
});
