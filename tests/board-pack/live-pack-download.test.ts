import ExcelJS from "exceljs";
import JSZip from "jszip";
import mammoth from "mammoth";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { loader } from "../../app/routes/board_.pack.$format";
import { AS_AT_ERRORS } from "../../app/domain/as-at";
import { call, getRequest, sessionCookie } from "../helpers/requests";
import { scriptedBoardPlan } from "../board/history";

async function download(format: string, query: string, userId: number) {
  return call(loader, getRequest(`/board/pack/${format}${query}`, await sessionCookie(userId)), { format });
}

async function planItems(actionIds: number[]) {
  return getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .select(["actions.id", "actions.title", "recommendations.reference", "recommendations.text"])
    .where("actions.id", "in", actionIds)
    .orderBy("actions.id")
    .execute();
}

async function xlsxCells(bytes: ArrayBuffer, sheetName: string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  const sheet = workbook.getWorksheet(sheetName)!;
  return sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : []));
}

describe("/board/pack/:format (the live pack as a file)", () => {
  it("gives Word, Excel and CSV files of today's pack with every recommendation and live action, named and typed", async () => {
    const { lead, authority, actionIds } = await scriptedBoardPlan();
    const items = await planItems(actionIds);
    const [a, b, withdrawn] = items;
    const query = `?authority=${authority.id}`;

    const docx = await download("docx", query, lead.id);
    expect(docx.status).toBe(200);
    expect(docx.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    const today = new Date().toISOString().slice(0, 10);
    const disposition = docx.headers.get("Content-Disposition")!;
    expect(disposition).toMatch(/^attachment; filename="alpha-board-pack-\d{4}-\d{2}-\d{2}\.docx"$/);
    // The London date, which is the UTC date or one day ahead of it.
    expect(disposition.match(/(\d{4}-\d{2}-\d{2})/)![1] >= today).toBe(true);
    const docxBytes = Buffer.from(await docx.arrayBuffer());
    const { value: text } = await mammoth.extractRawText({ buffer: docxBytes });
    for (const item of [a, b]) {
      expect(text).toContain(item.title);
      expect(text).toContain(item.reference);
    }
    // Withdrawn on 1 October 2024, so not in today's pack; its recommendation still is.
    expect(text).toContain(withdrawn.reference);
    const header = await (await JSZip.loadAsync(docxBytes)).file("word/header1.xml")!.async("string");
    expect(header).toContain("Board pack: Alpha");

    const xlsx = await download("xlsx", query, lead.id);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(xlsx.headers.get("Content-Disposition")).toMatch(/filename="alpha-board-pack-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const cells = await xlsxCells(await xlsx.arrayBuffer(), "Actions");
    for (const item of [a, b]) {
      expect(cells).toContain(item.title);
      expect(cells).toContain(item.reference);
    }
    expect(cells).not.toContain(withdrawn.reference);

    const csv = await download("csv", query, lead.id);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Content-Disposition")).toMatch(/filename="alpha-board-pack-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows: Record<string, string>[] = parse(await csv.text(), { columns: true, bom: true });
    expect(rows.map((r) => r.Reference)).toEqual([a.reference, b.reference]);
    // Today is long after B's target of 31 March 2025.
    expect(rows.map((r) => r.RAG)).toEqual(["Blue", "Red"]);
    expect(rows.map((r) => r["Service area"])).toEqual(["", "Children in care"]);
  });

  it("builds the pack as at a chosen date from the history, typed the UK way", async () => {
    const { member, authority, actionIds } = await scriptedBoardPlan();
    const items = await planItems(actionIds);
    const query = `?authority=${authority.id}&asAt=${encodeURIComponent("30/9/2024")}`;

    const csv = await download("csv", query, member.id);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Disposition")).toBe('attachment; filename="alpha-board-pack-2024-09-30.csv"');
    const rows: Record<string, string>[] = parse(await csv.text(), { columns: true, bom: true });
    // All three actions existed on 30 September; A was Red then (Blue now), B at risk, C had no target date.
    expect(rows.map((r) => r.Reference)).toEqual(items.map((i) => i.reference));
    expect(rows.map((r) => [r["As at"], r.RAG])).toEqual([
      ["2024-09-30", "Red"],
      ["2024-09-30", "Amber"],
      ["2024-09-30", "Not scheduled"],
    ]);

    const docx = await download("docx", query, member.id);
    expect(docx.headers.get("Content-Disposition")).toBe('attachment; filename="alpha-board-pack-2024-09-30.docx"');
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) });
    expect(text).toContain("as at 30 September 2024");
    for (const item of items) expect(text).toContain(item.title);

    const xlsx = await download("xlsx", query, member.id);
    const cells = await xlsxCells(await xlsx.arrayBuffer(), "Actions");
    for (const item of items) expect(cells).toContain(item.title);
  });

  it("refuses a bad date, an unknown format, and another authority's pack", async () => {
    const { outsider, admin, lead, authority, other, actionIds } = await scriptedBoardPlan();
    const bad = await download("csv", `?asAt=${encodeURIComponent("31/2/2024")}`, lead.id);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe(AS_AT_ERRORS.invalid);
    expect((await download("csv", "?asAt=1%20January%202099", lead.id)).status).toBe(400);
    expect((await download("pdf", "", lead.id)).status).toBe(404);

    for (const format of ["docx", "xlsx", "csv"]) {
      expect((await download(format, `?authority=${authority.id}`, outsider.id)).status).toBe(404);
    }
    // Without an authority, a person gets their own authority's pack, never another's.
    const own = await download("csv", "", outsider.id);
    expect(own.headers.get("Content-Disposition")).toMatch(/filename="beta-board-pack-/);
    const ownText = await own.text();
    for (const item of await planItems(actionIds)) expect(ownText).not.toContain(item.title);
    // An administrator may read any authority's pack.
    expect((await download("csv", `?authority=${other.id}`, admin.id)).status).toBe(200);
    expect((await download("csv", `?authority=${authority.id}`, admin.id)).status).toBe(200);
  });

  it("sends a signed-out visitor to sign in", async () => {
    const response = await call(loader, getRequest("/board/pack/docx"), { format: "docx" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
  });
});
