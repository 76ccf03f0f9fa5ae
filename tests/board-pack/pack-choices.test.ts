import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { buildBoardPack } from "../../app/models/board-pack.server";
import { action as meetingAction, loader as meetingLoader } from "../../app/routes/board_.meetings.$meetingId";
import { loader as packLoader } from "../../app/routes/board_.meetings.$meetingId_.pack.$format";
import { action as meetingsAction } from "../../app/routes/board_.meetings._index";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createInspection,
  createTestUser,
  setAction,
} from "../factories";
import { call, getRequest, sessionCookie } from "../helpers/requests";
import { docxText } from "./pack-files";
import { meetingPack, packFixture } from "./pack-fixture";

// A lead prepares a meeting's pack: chooses what it covers, writes the executive summary and the
// commentary on exceptions, through the meeting page's forms; each change is audited, refused
// once the meeting is held, and the pack (and its frozen copy) follows.

function post(path: string, fields: [string, string][], cookie: string): Request {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  });
}

async function submit(meetingId: number, fields: [string, string][], userId: number) {
  return call(meetingAction, post(`/board/meetings/${meetingId}`, fields, await sessionCookie(userId)), {
    meetingId: String(meetingId),
  });
}

async function download(meetingId: number, format: string, userId: number) {
  const response = await call(
    packLoader,
    getRequest(`/board/meetings/${meetingId}/pack/${format}`, await sessionCookie(userId)),
    { meetingId: String(meetingId), format },
  );
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

const auditOf = (meetingId: number) =>
  getDb()
    .selectFrom("audit_events")
    .select(["event", "before", "after", "user_id"])
    .where("entity_type", "=", "board_meeting")
    .where("entity_id", "=", meetingId)
    .orderBy("id")
    .execute();

describe("preparing a meeting's board pack", () => {
  it("keeps the lead's choices of plans, sections, detail and order, audited, and the pack follows them", async () => {
    const f = await packFixture();
    // Default: the open plan only, every section, in full.
    let text = await docxText(await download(f.meetingId, "docx", f.member.id));
    expect(text).not.toContain("Old recommendation, long done.");
    expect(text).toContain("Exceptions");

    const saved = await submit(
      f.meetingId,
      [
        ["intent", "choices"],
        ["coverage", "chosen"],
        ["inspections", String(f.oldInspectionId)],
        ["inspections", String(f.inspectionId)],
        ["sections", "summary"],
        ["sections", "plan"],
        ["detail", "exceptions"],
        ["order", "rag"],
      ],
      f.lead.id,
    );
    expect(saved.status).toBe(302);
    const audit = await auditOf(f.meetingId);
    expect(audit.map((a) => a.event)).toEqual(["board_meeting.pack_choices_changed"]);
    expect(JSON.parse(audit[0].after!)).toEqual({
      inspectionIds: [f.oldInspectionId, f.inspectionId],
      sections: ["summary", "plan"],
      detail: "exceptions",
      order: "rag",
    });
    expect(audit[0].user_id).toBe(f.lead.id);

    text = await docxText(await download(f.meetingId, "docx", f.member.id));
    // The closed plan is in because it was chosen; sections left out are gone (the RAG key stays).
    expect(text).toContain("Safeguarding and looked after children 2012");
    expect(text).not.toContain("Executive summary");
    expect(text).not.toMatch(/\nExceptions\n/);
    expect(text).not.toContain("Changes since the last board");
    expect(text).toContain("RAG key");
    // Exceptions only: Red and Amber actions listed (Red first), Blue ones counted, the gap shown.
    expect(text).toContain("Audit every child protection plan");
    expect(text).not.toContain("Old recommendation, long done.");
    expect(text).toContain("Not listed: 1 recommendation whose actions are Green or Blue.");
    expect(text).toContain("No actions yet: this recommendation is a gap in the plan.");
    const plan = text.slice(text.indexOf("The plan\n"));
    expect(plan.indexOf("Recommendation 1 (")).toBeLessThan(plan.indexOf("Recommendation 4 ("));
    expect(plan.indexOf("Recommendation 4 (")).toBeLessThan(plan.length);

    // Summary detail: one line per recommendation with its counts.
    await submit(
      f.meetingId,
      [
        ["intent", "choices"],
        ["coverage", "open"],
        ["sections", "plan"],
        ["detail", "summary"],
        ["order", "plan"],
      ],
      f.lead.id,
    );
    text = await docxText(await download(f.meetingId, "docx", f.member.id));
    expect(text).toContain("Overall");
    expect(text).not.toContain("Latest update");
    expect(text).toContain("Not in this pack: Safeguarding and looked after children 2012");
    expect(text).not.toContain("Old recommendation, long done.");
  });

  it("refuses bad choices with a message each, changing nothing", async () => {
    const f = await packFixture();
    const refused = async (fields: [string, string][]) => {
      const response = await submit(f.meetingId, [["intent", "choices"], ...fields], f.lead.id);
      expect(response.status).toBe(400);
      return ((await response.json()) as { errors: Record<string, string> }).errors;
    };
    expect(
      await refused([
        ["coverage", "open"],
        ["detail", "full"],
        ["order", "plan"],
      ]),
    ).toEqual({
      sections: "Choose at least one section",
    });
    expect(
      await refused([
        ["coverage", "chosen"],
        ["sections", "plan"],
        ["detail", "full"],
        ["order", "plan"],
      ]),
    ).toEqual({ inspections: "Choose at least one inspection, or the open plans" });
    expect(
      await refused([
        ["sections", "plan"],
        ["sections", "everything"],
        ["detail", "all"],
      ]),
    ).toMatchObject({
      coverage: "Choose which plans the pack covers",
      sections: "Choose the pack's sections from the list",
      detail: "Choose the level of detail",
      order: "Choose the order",
    });
    // Another authority's inspection is not this pack's to choose.
    const beta = await createInspection(f.other.id);
    expect(
      await refused([
        ["coverage", "chosen"],
        ["inspections", String(beta.inspectionId)],
        ["sections", "plan"],
        ["detail", "full"],
        ["order", "plan"],
      ]),
    ).toEqual({ inspections: "Choose from this authority's inspections" });
    expect(await auditOf(f.meetingId)).toEqual([]);
  });

  it("keeps the executive summary and commentary, audited, prints them, and freezes them with the pack", async () => {
    const f = await packFixture();
    const summary = await submit(
      f.meetingId,
      [
        ["intent", "summary"],
        ["executiveSummary", "  Recovery is under way.\n\nThe board is asked to note two risks.  "],
      ],
      f.lead.id,
    );
    expect(summary.status).toBe(302);
    const commentary = await submit(
      f.meetingId,
      [
        ["intent", "commentary"],
        ["actionId", String(f.late)],
        [`commentary-${f.late}`, ""],
        ["actionId", String(f.offTrack)],
        [`commentary-${f.offTrack}`, "Vacancies filled from November."],
      ],
      f.lead.id,
    );
    expect(commentary.status).toBe(302);
    expect((await auditOf(f.meetingId)).map((a) => [a.event, a.after && JSON.parse(a.after)])).toEqual([
      [
        "board_meeting.summary_changed",
        { executiveSummary: "Recovery is under way.\n\nThe board is asked to note two risks." },
      ],
      ["board_meeting.commentary_changed", { actionId: f.late, commentary: "" }],
      ["board_meeting.commentary_changed", { actionId: f.offTrack, commentary: "Vacancies filled from November." }],
    ]);
    const pack = await meetingPack(f);
    expect(pack.executiveSummary).toBe("Recovery is under way.\n\nThe board is asked to note two risks.");
    expect(pack.exceptions.map((e) => [e.actionId, e.commentary])).toEqual([
      [f.late, null],
      [f.offTrack, "Vacancies filled from November."],
    ]);

    // The page offers the forms to the lead, with the exceptions to comment on.
    const page = (await (
      await call(meetingLoader, getRequest(`/board/meetings/${f.meetingId}`, await sessionCookie(f.lead.id)), {
        meetingId: String(f.meetingId),
      })
    ).json()) as { pack: { exceptions: { actionId: number }[] } };
    expect(page.pack.exceptions.map((e) => e.actionId)).toEqual([f.late, f.offTrack]);

    // Held: the pack is frozen with them, and nothing about it can change any more.
    expect((await submit(f.meetingId, [["intent", "held"]], f.lead.id)).status).toBe(302);
    const frozen = await docxText(await download(f.meetingId, "docx", f.member.id));
    expect(frozen).toContain("The board is asked to note two risks.");
    expect(frozen).toContain("Vacancies filled from November.");
    for (const fields of [
      [
        ["intent", "summary"],
        ["executiveSummary", "Changed after the meeting"],
      ],
      [
        ["intent", "commentary"],
        ["actionId", String(f.late)],
        [`commentary-${f.late}`, "Too late"],
      ],
      [
        ["intent", "choices"],
        ["coverage", "open"],
        ["sections", "plan"],
        ["detail", "full"],
        ["order", "plan"],
      ],
    ] as [string, string][][]) {
      const response = await submit(f.meetingId, fields, f.lead.id);
      expect(response.status).toBe(409);
      expect(Object.values(((await response.json()) as { errors: Record<string, string> }).errors)).toEqual([
        "This meeting has been marked held: its pack is frozen and can no longer change",
      ]);
    }
    expect(
      (await download(f.meetingId, "docx", f.member.id)).equals(await download(f.meetingId, "docx", f.member.id)),
    ).toBe(true);
  });

  it("refuses commentary that is too long or on another authority's action, and forms from anyone but a lead of the authority", async () => {
    const f = await packFixture();
    const long = await submit(
      f.meetingId,
      [
        ["intent", "commentary"],
        ["actionId", String(f.late)],
        [`commentary-${f.late}`, "x".repeat(2001)],
      ],
      f.lead.id,
    );
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({
      errors: { [`commentary-${f.late}`]: "Keep the commentary under 2,000 characters" },
      submitted: { [`commentary-${f.late}`]: "x".repeat(2001) },
    });
    const beta = await createInspection(f.other.id);
    const elsewhere = await submit(
      f.meetingId,
      [
        ["intent", "commentary"],
        ["actionId", String(beta.actionIds[0])],
        [`commentary-${beta.actionIds[0]}`, "Hello"],
      ],
      f.lead.id,
    );
    expect(elsewhere.status).toBe(400);
    const summary = [
      ["intent", "summary"],
      ["executiveSummary", "Mine"],
    ] as [string, string][];
    expect((await submit(f.meetingId, summary, f.owner.id)).status).toBe(403);
    expect((await submit(f.meetingId, summary, f.member.id)).status).toBe(403);
    expect((await submit(f.meetingId, summary, f.otherLead.id)).status).toBe(404);
    expect(await auditOf(f.meetingId)).toEqual([]);
  });
});

describe("a pack frozen for a meeting is the plan as at the meeting date, whenever the meeting is recorded", () => {
  it("counts the actions there were on the day and leaves out a plan imported afterwards", async () => {
    const authority = await createAuthority("Gamma");
    const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
    const db = getDb();
    // The plan imported on 2 September 2024 (the factory's day); a second one on 3 October.
    const first = await createInspection(
      authority.id,
      buildReport({ recommendations: [buildRecommendation(), buildRecommendation()] }),
    );
    for (const id of first.actionIds) await setAction(id, { target_date: "2025-06-30" });
    const later = await createInspection(
      authority.id,
      buildReport({
        title: "Focused visit to Gamma",
        kind: "focused_visit",
        recommendations: [buildRecommendation({ text: "Imported after the meeting." })],
      }),
    );
    await db
      .updateTable("inspections")
      .set({ imported_at: "2024-10-03T09:00:00.000Z" })
      .where("id", "=", later.inspectionId)
      .execute();
    await db
      .updateTable("actions")
      .set({ created_at: "2024-10-03T09:00:00.000Z" })
      .where("id", "in", later.actionIds)
      .execute();

    // The meeting was on 1 October; it is recorded and marked held on 3 October.
    const created = await call(
      meetingsAction,
      post(
        "/board/meetings",
        [
          ["boardName", "Improvement Board"],
          ["meetingDate", "1/10/2024"],
        ],
        await sessionCookie(lead.id),
      ),
    );
    const meetingId = Number(created.headers.get("Location")!.split("/").pop());
    expect((await submit(meetingId, [["intent", "held"]], lead.id)).status).toBe(302);
    const json = JSON.parse(
      Buffer.from(
        (
          await db
            .selectFrom("board_pack_files")
            .select("bytes")
            .where("meeting_id", "=", meetingId)
            .where("format", "=", "json")
            .executeTakeFirstOrThrow()
        ).bytes,
      ).toString("utf8"),
    ) as { summary: { total: number }; inspections: { title: string }[] };
    expect(json.summary.total).toBe(2);
    expect(json.inspections.map((i) => i.title)).toEqual([
      "Inspection of Testshire local authority children's services",
    ]);
    const text = await docxText(await download(meetingId, "docx", lead.id));
    expect(text).not.toContain("Imported after the meeting.");
    expect(text).toMatch(/Actions\s+Signed off[\s\S]*?\n2\n/);
    // The live pack today has both plans.
    const today = (await buildBoardPack(lead.actor, authority.id, { asAt: "2024-10-15", amberWindowDays: 14 }))!;
    expect(today.summary.total).toBe(3);
  });
});
