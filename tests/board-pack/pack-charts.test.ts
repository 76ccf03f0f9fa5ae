import ExcelJS from "exceljs";
import JSZip from "jszip";
import pngjs from "pngjs";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import {
  CHART_COLOURS,
  CHART_HEIGHT,
  CHART_WIDTH,
  measureChartPng,
  measureTrendDescription,
} from "../../app/exports/board-pack-chart.server";
import { boardPackDocx } from "../../app/exports/board-pack-docx.server";
import { boardPackXlsx } from "../../app/exports/board-pack-xlsx.server";
import { buildBoardPack, type PackMeasure } from "../../app/models/board-pack.server";
import { buildRecommendation, buildReport, createAuthority, createInspection, createTestUser } from "../factories";

const { PNG } = pngjs;

async function planWithMeasures() {
  const authority = await createAuthority("Alpha");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const report = buildReport({ recommendations: [buildRecommendation(), buildRecommendation()] });
  const { inspectionId } = await createInspection(authority.id, report);
  const db = getDb();
  const recommendations = await db
    .selectFrom("recommendations")
    .select("id")
    .where("inspection_id", "=", inspectionId)
    .orderBy("position")
    .execute();
  const measure = async (
    name: string,
    higher: boolean,
    target: number | null,
    values: [string, string, number, number | null, number | null, string][],
  ) => {
    const { id } = await db
      .insertInto("measures")
      .values({
        authority_id: authority.id,
        name,
        unit: "%",
        higher_is_better: higher ? 1 : 0,
        baseline_value: values[0]?.[2] ?? null,
        baseline_period: values[0]?.[0] ?? null,
        target_value: target,
        target_period: target === null ? null : "2020-21",
        created_at: "2024-01-01T09:00:00.000Z",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [period, periodEnd, value, neighbours, england, recordedAt] of values) {
      await db
        .insertInto("measure_values")
        .values({
          measure_id: id,
          period,
          period_end: periodEnd,
          value,
          statistical_neighbours: neighbours,
          england,
          recorded_by: null,
          recorded_at: recordedAt,
        })
        .execute();
    }
    return id;
  };
  const reReferrals = await measure("Re-referrals within 12 months", false, 15, [
    ["2017-18", "2018-03-31", 22, 21.5, 22.6, "2024-01-02T09:00:00.000Z"],
    ["2018-19", "2019-03-31", 19.5, 21, 22.6, "2024-01-02T09:00:00.000Z"],
    ["2019-20", "2020-03-31", 17.2, null, null, "2024-06-01T09:00:00.000Z"],
  ]);
  const stability = await measure("Placement stability", true, null, [
    ["2019-20", "2020-03-31", 68, null, 70, "2024-01-02T09:00:00.000Z"],
  ]);
  const empty = await measure("Care leavers in suitable accommodation", true, 90, []);
  await db
    .insertInto("measure_recommendations")
    .values([
      { measure_id: reReferrals, recommendation_id: recommendations[0].id },
      { measure_id: stability, recommendation_id: recommendations[0].id },
      { measure_id: empty, recommendation_id: recommendations[0].id },
      // The same measure under a second recommendation: one picture, shown twice.
      { measure_id: reReferrals, recommendation_id: recommendations[1].id },
    ])
    .execute();
  return { authority, lead };
}

function decode(bytes: Uint8Array) {
  return PNG.sync.read(Buffer.from(bytes));
}

function pixel(png: { data: Buffer; width: number }, x: number, y: number) {
  const i = (y * png.width + x) * 4;
  return [png.data[i], png.data[i + 1], png.data[i + 2]];
}

describe("measures' trend charts in the Word and Excel packs", () => {
  it("draws each measure's values as a PNG of the expected size, with the target line, the same bytes each time", async () => {
    const { authority, lead } = await planWithMeasures();
    const pack = (await buildBoardPack(lead.actor, authority.id, { asAt: "2024-10-01", amberWindowDays: 14 }))!;
    const [reReferrals, stability, empty] = pack.inspections[0].recommendations[0].measures.sort((a, b) => a.id - b.id);
    expect(reReferrals.values.map((v) => v.value)).toEqual([22, 19.5, 17.2]);
    expect(reReferrals.latest).toMatchObject({ period: "2019-20", value: 17.2 });

    const bytes = measureChartPng(reReferrals)!;
    const png = decode(bytes);
    expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    const colours = new Set<string>();
    for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) colours.add(pixel(png, x, y).join(","));
    for (const colour of [CHART_COLOURS.own, CHART_COLOURS.england, CHART_COLOURS.neighbours, CHART_COLOURS.target]) {
      expect(colours.has(colour.join(","))).toBe(true);
    }
    // The first value (22%) is plotted higher than the last (17.2%): find the blue marker in the first and last columns.
    const blueRows = (x: number) =>
      Array.from({ length: png.height }, (_, y) => y).filter(
        (y) => pixel(png, x, y).join(",") === CHART_COLOURS.own.join(","),
      );
    expect(Math.min(...blueRows(24))).toBeLessThan(Math.min(...blueRows(CHART_WIDTH - 24)));
    expect(Buffer.from(measureChartPng(reReferrals)!).equals(Buffer.from(bytes))).toBe(true);

    // A single value and no comparators still draws; no values draws nothing.
    expect(decode(measureChartPng(stability)!).width).toBe(CHART_WIDTH);
    expect(measureChartPng(empty)).toBeNull();
    expect(measureTrendDescription(reReferrals)).toBe(
      "Trend of Re-referrals within 12 months: 22% (2017-18), 19.5% (2018-19), 17.2% (2019-20). Target 15% (2020-21). England 22.6% (2018-19). Statistical neighbours 21% (2018-19). Lower is better.",
    );
  });

  it("leaves out values recorded after the pack's date", async () => {
    const { authority, lead } = await planWithMeasures();
    const pack = (await buildBoardPack(lead.actor, authority.id, { asAt: "2024-03-01", amberWindowDays: 14 }))!;
    const reReferrals = pack.inspections[0].recommendations[0].measures.find((m) => m.name.startsWith("Re-referrals"))!;
    expect(reReferrals.values.map((v) => v.period)).toEqual(["2017-18", "2018-19"]);
  });

  it("embeds a chart per measure with values in the Word pack, with alt text, and in the Excel pack", async () => {
    const { authority, lead } = await planWithMeasures();
    const pack = (await buildBoardPack(lead.actor, authority.id, { asAt: "2024-10-01", amberWindowDays: 14 }))!;
    const measures = pack.inspections[0].recommendations[0].measures;
    const charted = measures.filter((m) => m.values.length > 0) as PackMeasure[];
    const expected = charted.map((m) => Buffer.from(measureChartPng(m)!));

    const docx = await JSZip.loadAsync(await boardPackDocx(pack));
    const media = Object.keys(docx.files).filter((name) => /^word\/media\/.+\.png$/.test(name));
    expect(media).toHaveLength(2);
    const docxImages = await Promise.all(
      media.map(async (name) => Buffer.from(await docx.file(name)!.async("uint8array"))),
    );
    for (const image of expected) expect(docxImages.some((b) => b.equals(image))).toBe(true);
    for (const image of docxImages)
      expect([decode(image).width, decode(image).height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    const documentXml = await docx.file("word/document.xml")!.async("string");
    // Three drawings (the re-referrals chart under both recommendations), each with a unique id and its description.
    const ids = [...documentXml.matchAll(/<wp:docPr id="(\d+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(documentXml).toContain("Trend of Re-referrals within 12 months: 22% (2017-18)");
    expect(documentXml).toContain("Chart key: solid blue line");
    expect(await docx.file("[Content_Types].xml")!.async("string")).toMatch(/Extension="png"/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await boardPackXlsx(pack)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Measures")!;
    const images = sheet.getImages();
    expect(images).toHaveLength(3); // one per measure row with values
    expect(images.map((i) => i.range.tl.nativeCol)).toEqual([9, 9, 9]);
    const stored = new Set(images.map((i) => i.imageId));
    expect(stored.size).toBe(2); // the re-referrals picture is stored once
    for (const id of stored) {
      const image = workbook.getImage(Number(id));
      expect(image.extension).toBe("png");
      expect(expected.some((b) => b.equals(Buffer.from(image.buffer!)))).toBe(true);
    }
    const values = workbook.getWorksheet("Measure values")!;
    expect(values.rowCount).toBe(1 + 3 + 1);
    // Same pack, same bytes, charts included.
    expect(Buffer.from(await boardPackDocx(pack)).equals(Buffer.from(await boardPackDocx(pack)))).toBe(true);
    expect(Buffer.from(await boardPackXlsx(pack)).equals(Buffer.from(await boardPackXlsx(pack)))).toBe(true);
  });
});
