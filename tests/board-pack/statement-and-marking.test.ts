import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action as settingsAction, loader as settingsLoader } from "../../app/routes/board_.settings";
import { loader as statementLoader } from "../../app/routes/inspections.$inspectionId_.statement-of-action[.docx]";
import { loader as readinessDocxLoader } from "../../app/routes/readiness.report[.docx]";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createInspection,
  createTestUser,
  setAction,
} from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";
import { docxText, zipPart } from "./pack-files";

// The statement of action Ofsted asks for after an inspection, as Word; and the protective
// marking a lead sets for the authority, which heads every page of its Word files.

async function statement(inspectionId: number, userId: number) {
  return call(
    statementLoader,
    getRequest(`/inspections/${inspectionId}/statement-of-action.docx`, await sessionCookie(userId)),
    { inspectionId: String(inspectionId) },
  );
}

async function plan() {
  const authority = await createAuthority("Alpha");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id, name: "Lee Lead" });
  const owner = await createTestUser({ role: "service_manager", authorityId: authority.id, name: "Sam Owner" });
  const member = await createTestUser({ role: "board_member", authorityId: authority.id });
  const other = await createAuthority("Beta");
  const otherLead = await createTestUser({ role: "improvement_lead", authorityId: other.id });
  const admin = await createTestUser({ role: "admin", authorityId: null });
  const { inspectionId, actionIds } = await createInspection(
    authority.id,
    buildReport({
      published: "2024-07-20",
      recommendations: [
        buildRecommendation({ text: "Improve the timeliness of assessments (paragraph 25)." }),
        buildRecommendation({ text: "Strengthen management oversight of plans." }),
        buildRecommendation({ text: "Improve return home interviews." }),
      ],
    }),
  );
  const [first, second, third] = actionIds;
  const db = getDb();
  await db
    .updateTable("actions")
    .set({
      title: "Audit 40 assessments a month",
      description: "Practice leads audit; findings to the practice board.",
      success_measure: "90% of assessments completed within 45 working days",
    })
    .where("id", "=", first)
    .execute();
  await setAction(first, { owner_id: owner.id, target_date: "2024-12-31" });
  await db
    .updateTable("actions")
    .set({ title: "Withdrawn duplicate", withdrawn_at: "2024-09-10T09:00:00.000Z", withdrawn_reason: "Duplicate" })
    .where("id", "=", second)
    .execute();
  await db.deleteFrom("actions").where("id", "=", third).execute();
  return { authority, lead, owner, member, other, otherLead, admin, inspectionId };
}

describe("the statement of action", () => {
  it("lists each recommendation with its actions, leads, target dates and what good looks like, with the deadline and the marking", async () => {
    const p = await plan();
    await getDb()
      .updateTable("authorities")
      .set({ protective_marking: "OFFICIAL-SENSITIVE" })
      .where("id", "=", p.authority.id)
      .execute();
    const response = await statement(p.inspectionId, p.member.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="alpha-statement-of-action-\d{4}-\d{2}-\d{2}\.docx"$/,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = await docxText(bytes);
    expect(text).toContain("Statement of action");
    expect(text).toContain(
      "In response to Inspection of Testshire local authority children's services, published 20 July 2024.",
    );
    // 70 working days after publication (receipt not recorded), bank holidays excluded.
    expect(text).toContain(
      "Due to Ofsted by 28 October 2024: 70 working days after the report was published on 20 July 2024",
    );
    expect(text).toMatch(
      /Recommendation 1 \(.*?\)\s*Improve the timeliness of assessments \(paragraph 25\)\.\s*Ofsted paragraph 25/,
    );
    expect(text).toMatch(
      /Audit 40 assessments a month\s*Practice leads audit; findings to the practice board\.\s*Sam Owner\s*31 December 2024\s*90% of assessments completed within 45 working days/,
    );
    expect(text).not.toContain("Withdrawn duplicate");
    expect(text.match(/No actions have been agreed for this recommendation yet\./g)).toHaveLength(2);
    for (const part of ["word/header1.xml", "word/footer1.xml"])
      expect(await zipPart(bytes, part)).toContain(">OFFICIAL-SENSITIVE<");
    expect(await zipPart(bytes, "word/footer1.xml")).toContain(" NUMPAGES ");
    const document = await zipPart(bytes, "word/document.xml");
    for (const row of document.match(/<w:tr>.*?<\/w:tr>/g)!) expect(row).toContain("<w:cantSplit/>");
  });

  it("is for those who may see the inspection: another authority gets a 404", async () => {
    const p = await plan();
    expect((await statement(p.inspectionId, p.otherLead.id)).status).toBe(404);
    expect((await statement(p.inspectionId, p.admin.id)).status).toBe(200);
    expect((await statement(999_999, p.lead.id)).status).toBe(404);
    const signedOut = await call(
      statementLoader,
      getRequest(`/inspections/${p.inspectionId}/statement-of-action.docx`),
      {
        inspectionId: String(p.inspectionId),
      },
    );
    expect(signedOut.status).toBe(302);
  });
});

describe("the protective marking", () => {
  it("is OFFICIAL until a lead sets another for their authority, audited, and heads the readiness report too", async () => {
    const p = await plan();
    const readiness = async () =>
      Buffer.from(
        await (
          await call(
            readinessDocxLoader,
            getRequest(`/readiness/report.docx?authority=${p.authority.id}`, await sessionCookie(p.lead.id)),
          )
        ).arrayBuffer(),
      );
    expect(await zipPart(await readiness(), "word/header1.xml")).toContain(">OFFICIAL<");

    const saved = await call(
      settingsAction,
      postRequest("/board/settings", { marking: "OFFICIAL-SENSITIVE" }, await sessionCookie(p.lead.id)),
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/board/settings?authority=${p.authority.id}`);
    expect(await zipPart(await readiness(), "word/header1.xml")).toContain(">OFFICIAL-SENSITIVE<");
    expect(await zipPart(await readiness(), "word/footer1.xml")).toContain(">OFFICIAL-SENSITIVE<");
    const audit = await getDb()
      .selectFrom("audit_events")
      .select(["event", "before", "after", "authority_id"])
      .where("entity_type", "=", "authority")
      .execute();
    expect(audit).toEqual([
      {
        event: "authority.protective_marking_changed",
        before: JSON.stringify({ protectiveMarking: "OFFICIAL" }),
        after: JSON.stringify({ protectiveMarking: "OFFICIAL-SENSITIVE" }),
        authority_id: p.authority.id,
      },
    ]);
    // Beta is untouched; its lead cannot reach Alpha's marking by naming it.
    await call(
      settingsAction,
      postRequest(
        "/board/settings",
        { authorityId: String(p.authority.id), marking: "SECRET" },
        await sessionCookie(p.otherLead.id),
      ),
    );
    const markings = await getDb()
      .selectFrom("authorities")
      .select(["name", "protective_marking"])
      .orderBy("name")
      .execute();
    expect(markings).toEqual([
      { name: "Alpha", protective_marking: "OFFICIAL-SENSITIVE" },
      { name: "Beta", protective_marking: "SECRET" },
    ]);
  });

  it("refuses a blank, long or control-character marking, and anyone but a lead or administrator", async () => {
    const p = await plan();
    for (const [marking, message] of [
      ["   ", "Enter the protective marking, for example OFFICIAL"],
      ["X".repeat(61), "Keep the marking under 60 characters"],
      ["OFFICIAL\u0007", "Use letters, numbers and punctuation only"],
    ]) {
      const response = await call(
        settingsAction,
        postRequest("/board/settings", { marking }, await sessionCookie(p.lead.id)),
      );
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: Record<string, string> }).errors.marking).toBe(message);
    }
    const admin = await call(
      settingsAction,
      postRequest("/board/settings", { marking: "OFFICIAL" }, await sessionCookie(p.admin.id)),
    );
    expect(admin.status).toBe(400); // an administrator must say which authority
    for (const userId of [p.owner.id, p.member.id]) {
      expect(
        (await call(settingsAction, postRequest("/board/settings", { marking: "X" }, await sessionCookie(userId))))
          .status,
      ).toBe(403);
      expect((await call(settingsLoader, getRequest("/board/settings", await sessionCookie(userId)))).status).toBe(403);
    }
    expect(
      await getDb().selectFrom("audit_events").select("event").where("entity_type", "=", "authority").execute(),
    ).toEqual([]);
  });
});
