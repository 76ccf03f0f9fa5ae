import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { buildBoardPack } from "../../app/models/board-pack.server";
import { action as meetingsAction } from "../../app/routes/board_.meetings._index";
import { action as meetingAction, loader as meetingLoader } from "../../app/routes/board_.meetings.$meetingId";
import { loader as packLoader } from "../../app/routes/board_.meetings.$meetingId_.pack.$format";
import { loader as packPageLoader } from "../../app/routes/board_.pack";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createInspection,
  createTestUser,
  setAction,
} from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";
import { docxText, packFile } from "./pack-files";

const AS_AT = "2024-10-01";

async function plan() {
  const authority = await createAuthority("Alpha");
  const other = await createAuthority("Beta");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const owner = await createTestUser({ role: "service_manager", authorityId: authority.id, name: "Sam Owner" });
  const board = await createTestUser({ role: "board_member", authorityId: authority.id });
  const otherLead = await createTestUser({ role: "improvement_lead", authorityId: other.id });
  const report = buildReport({
    recommendations: [
      buildRecommendation({ text: "Improve the timeliness of assessments." }),
      buildRecommendation({ text: "Strengthen management oversight of plans.", paragraphNumber: "12" }),
      buildRecommendation({ text: "Improve care leavers' access to housing." }),
    ],
  });
  const { actionIds } = await createInspection(authority.id, report);
  const [late, signedOff, onTrack] = actionIds;
  await setAction(late, { owner_id: owner.id, target_date: "2024-09-20", status: "in_progress" });
  await setAction(onTrack, { owner_id: owner.id, target_date: "2025-03-31" });
  await getDb()
    .insertInto("progress_updates")
    .values({
      action_id: late,
      author_id: owner.id,
      body: "Audit of 40 assessments under way",
      created_at: "2024-09-15T10:00:00.000Z",
    })
    .execute();
  await getDb()
    .insertInto("evidence")
    .values({
      action_id: late,
      kind: "note",
      purpose: "completion",
      description: "Audit terms of reference",
      url: null,
      evidence_date: "2024-09-10",
      added_by: owner.id,
      created_at: "2024-09-10T10:00:00.000Z",
    })
    .execute();
  const db = getDb();
  const actions = await db
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .select(["actions.id", "actions.title", "recommendations.reference"])
    .where("actions.id", "in", actionIds)
    .execute();
  return { authority, lead, owner, board, otherLead, actions, late, signedOff, onTrack };
}

describe("buildBoardPack and its writers", () => {
  it("puts every recommendation and action in the Word and Excel packs, which parse back", async () => {
    const { authority, lead, actions, late } = await plan();
    expect(actions.length).toBe(3);
    const pack = (await buildBoardPack(lead.actor, authority.id, { asAt: AS_AT, amberWindowDays: 14 }))!;
    expect(pack.summary).toMatchObject({ total: 3, red: 1, overdue: 1, signedOff: 0, percentSignedOff: 0 });
    expect(pack.exceptions).toEqual([
      expect.objectContaining({
        actionId: late,
        owner: "Sam Owner",
        reason: "Overdue since 20 September 2024",
        targetDate: "2024-09-20",
        // The owner has given no recovery date: the missed target date is not one.
        recoveryDate: null,
      }),
    ]);
    const lateAction = pack.inspections[0].recommendations[0].actions[0];
    expect(lateAction.latestUpdate?.body).toBe("Audit of 40 assessments under way");
    expect(lateAction.evidence.map((e) => e.description)).toEqual(["Audit terms of reference"]);
    expect(pack.inspections[0].recommendations[1].paragraph).toBe("12");

    const text = await docxText(await packFile(pack, "docx"));
    for (const a of actions) {
      expect(text).toContain(a.title);
      expect(text).toContain(a.reference);
    }
    expect(text).toContain("Overdue since 20 September 2024");
    expect(text).toContain("overdue (past its target date and not signed off)"); // the RAG key
    expect(text).toContain("no target date yet (grey)");

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await packFile(pack, "xlsx")) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "Summary",
      "Exceptions",
      "Changes",
      "Actions",
      "Measures",
      "Measure values",
    ]);
    const sheet = workbook.getWorksheet("Actions")!;
    const cells = sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : []));
    for (const a of actions) {
      expect(cells).toContain(a.title);
      expect(cells).toContain(a.reference);
    }
    expect(sheet.rowCount).toBe(actions.length + 1);

    const csv = new TextDecoder().decode(await packFile(pack, "csv"));
    expect(csv.trim().split("\r\n")).toHaveLength(actions.length + 1);
  });

  it("gives the same bytes for the same pack", async () => {
    const { authority, lead } = await plan();
    const pack = (await buildBoardPack(lead.actor, authority.id, { asAt: AS_AT, amberWindowDays: 14 }))!;
    for (const format of ["docx", "xlsx", "csv", "json"] as const) {
      expect((await packFile(pack, format)).equals(await packFile(pack, format)), format).toBe(true);
    }
  });

  it("leaves out updates and evidence recorded after the date", async () => {
    const { authority, lead } = await plan();
    const pack = (await buildBoardPack(lead.actor, authority.id, { asAt: "2024-09-12", amberWindowDays: 14 }))!;
    const lateAction = pack.inspections[0].recommendations[0].actions[0];
    expect(lateAction.latestUpdate).toBeNull();
    expect(lateAction.evidence).toHaveLength(1);
    expect(
      await buildBoardPack({ id: 0, role: "board_member", authorityId: authority.id + 1 }, authority.id, {
        asAt: AS_AT,
        amberWindowDays: 14,
      }),
    ).toBeNull();
  });
});

describe("board meetings and frozen packs", () => {
  async function download(meetingId: number, format: string, userId: number) {
    return call(packLoader, getRequest(`/board/meetings/${meetingId}/pack/${format}`, await sessionCookie(userId)), {
      meetingId: String(meetingId),
      format,
    });
  }

  it("freezes the pack when the meeting is held: the same bytes after the plan changes, while the live pack moves on", async () => {
    const { lead, board, owner, otherLead, signedOff } = await plan();
    const created = await call(
      meetingsAction,
      postRequest(
        "/board/meetings",
        { boardName: "Improvement Board", meetingDate: "1/10/2024" },
        await sessionCookie(lead.id),
      ),
    );
    expect(created.status).toBe(302);
    const meetingId = Number(created.headers.get("Location")!.split("/").pop());
    const params = { meetingId: String(meetingId) };

    const livePlanned = Buffer.from(await (await download(meetingId, "docx", board.id)).arrayBuffer());

    const markHeld = async (userId: number) =>
      (
        await call(
          meetingAction,
          postRequest(`/board/meetings/${meetingId}`, { intent: "held" }, await sessionCookie(userId)),
          params,
        )
      ).status;

    // Only leads and administrators mark a meeting held; other authorities cannot see it.
    expect(await markHeld(owner.id)).toBe(403);
    expect(await markHeld(board.id)).toBe(403);
    expect(await markHeld(otherLead.id)).toBe(404);
    expect(
      (await call(meetingLoader, getRequest(`/board/meetings/${meetingId}`, await sessionCookie(otherLead.id)), params))
        .status,
    ).toBe(404);
    expect((await download(meetingId, "docx", otherLead.id)).status).toBe(404);

    expect(await markHeld(lead.id)).toBe(302);
    expect(await markHeld(lead.id)).toBe(409);

    const first: Record<string, Buffer> = {};
    for (const format of ["docx", "xlsx", "csv"]) {
      const response = await download(meetingId, format, board.id);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Disposition")).toBe(
        `attachment; filename="improvement-board-pack-2024-10-01.${format}"`,
      );
      first[format] = Buffer.from(await response.arrayBuffer());
    }
    // The frozen Word pack is the pack as at the meeting date, as the planned meeting's live one was then.
    expect(first.docx.equals(livePlanned)).toBe(true);

    await setAction(signedOff, { status: "signed_off" });
    await getDb()
      .insertInto("evidence")
      .values({
        action_id: signedOff,
        kind: "link",
        purpose: "impact",
        description: "Later audit",
        url: "https://example.org",
        evidence_date: null,
        added_by: lead.id,
        created_at: "2024-09-20T10:00:00.000Z",
      })
      .execute();

    const stored = await getDb()
      .selectFrom("board_pack_files")
      .select(["format", "sha256"])
      .where("meeting_id", "=", meetingId)
      .execute();
    expect(stored.map((s) => s.format).sort()).toEqual(["csv", "docx", "json", "xlsx"]);
    for (const format of ["docx", "xlsx", "csv"]) {
      const later = Buffer.from(await (await download(meetingId, format, board.id)).arrayBuffer());
      expect(later.equals(first[format]), format).toBe(true);
      expect(createHash("sha256").update(later).digest("hex")).toBe(stored.find((s) => s.format === format)!.sha256);
    }

    const livePack = (await buildBoardPack(lead.actor, lead.authority_id!, { asAt: AS_AT, amberWindowDays: 14 }))!;
    expect(livePack.summary.signedOff).toBe(1);
    expect((await packFile(livePack, "docx")).equals(first.docx)).toBe(false);
  });

  it("refuses to record a meeting for anyone but a lead or administrator, and checks the form", async () => {
    const { board, lead } = await plan();
    const refused = await call(
      meetingsAction,
      postRequest("/board/meetings", { boardName: "Board", meetingDate: "1/10/2024" }, await sessionCookie(board.id)),
    );
    expect(refused.status).toBe(403);
    const invalid = await call(
      meetingsAction,
      postRequest("/board/meetings", { boardName: "", meetingDate: "31/2/2024" }, await sessionCookie(lead.id)),
    );
    expect(invalid.status).toBe(400);
    expect(Object.keys(((await invalid.json()) as { errors: object }).errors).sort()).toEqual([
      "boardName",
      "meetingDate",
    ]);
    expect(await getDb().selectFrom("board_meetings").selectAll().execute()).toEqual([]);
  });
});

describe("/board/pack", () => {
  it("shows a board member the live pack with every action, and refuses another authority", async () => {
    const { authority, board, otherLead, actions } = await plan();
    const response = await call(
      packPageLoader,
      getRequest(`/board/pack?authority=${authority.id}`, await sessionCookie(board.id)),
    );
    expect(response.status).toBe(200);
    const { pack } = (await response.json()) as {
      pack: { inspections: { recommendations: { actions: { title: string }[] }[] }[] };
    };
    const titles = pack.inspections.flatMap((i) => i.recommendations.flatMap((r) => r.actions.map((a) => a.title)));
    expect(titles.sort()).toEqual(actions.map((a) => a.title).sort());
    const refused = await call(
      packPageLoader,
      getRequest(`/board/pack?authority=${authority.id}`, await sessionCookie(otherLead.id)),
    );
    expect(refused.status).toBe(404);
  });
});
