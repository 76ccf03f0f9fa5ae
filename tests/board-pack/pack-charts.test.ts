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
import { buildBoardPack } from "../../app/models/board-pack.server";
import { buildRecommendation, buildReport, createAuthority, createInspection, createTestUser } from "../factories";
import { packFile, sheetXml } from "./pack-files";

const { PNG } = pngjs;

async function planWithMeasures() {
  const authority = await createAuthority("Alpha");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const report = buildReport({ recommendations: [buildRecommendation(), buildRecommendation()] });
  const { inspectionId } = await createInspection(authority.id, report);
  const db = getDb();
  // The plan was there before the measures' first values (the factory imports on 2 September 2024).
  await db
    .updateTable("inspections")
    .set({ imported_at: "2023-12-01T09:00:00.000Z" })
    .where("id", "=", inspectionId)
    .execute();
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
    const [reReferrals, stability, empty] = [...pack.measures].sort((a, b) => a.id - b.id);
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
    const reReferrals = pack.measures.find((m) => m.name.startsWith("Re-referrals"))!;
    expect(reReferrals.values.map((v) => v.period)).toEqual(["2017-18", "2018-19"]);
  });

  it("embeds each measure's chart once, in the measures section, with alt text, in the Word and Excel packs", async () => {
    const { authority, lead } = await planWithMeasures();
    const pack = (await buildBoardPack(lead.actor, authority.id, { asAt: "2024-10-01", amberWindowDays: 14 }))!;
    // Re-referrals is linked to both recommendations, yet listed once, naming both.
    expect(pack.measures.map((m) => m.name)).toEqual([
      "Care leavers in suitable accommodation",
      "Placement stability",
      "Re-referrals within 12 months",
    ]);
    expect(pack.measures[2].recommendations).toEqual([expect.stringMatching(/^1 \(/), expect.stringMatching(/^2 \(/)]);
    const charted = pack.measures.filter((m) => m.values.length > 0);
    const expected = charted.map((m) => Buffer.from(measureChartPng(m)!));

    const docxBytes = await packFile(pack, "docx");
    const docx = await JSZip.loadAsync(docxBytes);
    const media = Object.keys(docx.files).filter((name) => /^word\/media\/.+\.png$/.test(name));
    expect(media).toHaveLength(2);
    const docxImages = await Promise.all(
      media.map(async (name) => Buffer.from(await docx.file(name)!.async("uint8array"))),
    );
    for (const image of expected) expect(docxImages.some((b) => b.equals(image))).toBe(true);
    for (const image of docxImages)
      expect([decode(image).width, decode(image).height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    const documentXml = await docx.file("word/document.xml")!.async("string");
    // Two drawings, one per charted measure, each with a unique id and its description.
    const ids = [...documentXml.matchAll(/<wp:docPr id="(\d+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(documentXml).toContain("Trend of Re-referrals within 12 months: 22% (2017-18)");
    expect(documentXml).toContain("Chart key: solid blue line");
    // Values with their units: the latest beside a baseline in the same unit.
    expect(documentXml).toContain("17.2% (2019-20)");
    expect(documentXml).toContain("22% (2017-18)");
    expect(await docx.file("[Content_Types].xml")!.async("string")).toMatch(/Extension="png"/);
    const rels = await docx.file("word/_rels/document.xml.rels")!.async("string");
    for (const name of media) expect(rels).toContain(`Target="${name.replace("word/", "")}"`);

    const xlsxBytes = await packFile(pack, "xlsx");
    const xlsx = await JSZip.loadAsync(xlsxBytes);
    const pictures = Object.keys(xlsx.files).filter((name) => /^xl\/media\/.+\.png$/.test(name));
    expect(pictures).toHaveLength(2);
    for (const name of pictures) {
      const bytes = Buffer.from(await xlsx.file(name)!.async("uint8array"));
      expect(expected.some((b) => b.equals(bytes))).toBe(true);
    }
    const drawing = await xlsx.file("xl/drawings/drawing1.xml")!.async("string");
    // Each picture in its measure's row (the Measures sheet lists measures in name order), Trend column.
    expect([...drawing.matchAll(/<xdr:col>(\d+)<\/xdr:col>/g)].map((m) => m[1])).toEqual(["10", "10"]);
    expect([...drawing.matchAll(/<xdr:row>(\d+)<\/xdr:row>/g)].map((m) => m[1])).toEqual(["2", "3"]);
    const values = await sheetXml(xlsxBytes, "Measure values");
    expect([...values.matchAll(/<row /g)]).toHaveLength(1 + 3 + 1);
    // Same pack, same bytes, charts included.
    expect((await packFile(pack, "docx")).equals(docxBytes)).toBe(true);
  });
});
