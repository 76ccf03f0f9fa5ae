import pngjs from "pngjs";
import { formatMeasureValue } from "../domain/measures";
import type { PackMeasure } from "../models/board-pack.server";

// A measure's trend as a small PNG for the Word and Excel packs, drawn pixel by pixel with pngjs
// (no fonts, no canvas, no native code), so the same measure always gives the same bytes and a
// frozen pack stays byte-identical. The chart carries no text: the pack prints the key beside it,
// the figures in a table, and the Word image has alt text (measureTrendDescription).

const { PNG } = pngjs;

export const CHART_WIDTH = 480;
export const CHART_HEIGHT = 200;

type Rgb = readonly [number, number, number];

// GOV.UK colours: blue for the authority, grey for England, purple for statistical neighbours,
// green for the target.
export const CHART_COLOURS = {
  own: [0x1d, 0x70, 0xb8],
  england: [0x50, 0x5a, 0x5f],
  neighbours: [0x4c, 0x2c, 0x92],
  target: [0x00, 0x70, 0x3c],
  axis: [0x0b, 0x0c, 0x0c],
  grid: [0xd8, 0xda, 0xdb],
} as const satisfies Record<string, Rgb>;

export const CHART_KEY =
  "Chart key: solid blue line with squares, this authority's values; dashed grey line, England; dotted purple line, statistical neighbours; dashed green line, the target. The oldest period is on the left.";

const PLOT = { left: 14, right: CHART_WIDTH - 14, top: 14, bottom: CHART_HEIGHT - 14 };

class Canvas {
  readonly data = Buffer.alloc(CHART_WIDTH * CHART_HEIGHT * 4, 255);

  private set(x: number, y: number, [r, g, b]: Rgb) {
    if (x < 0 || y < 0 || x >= CHART_WIDTH || y >= CHART_HEIGHT) return;
    const i = (y * CHART_WIDTH + x) * 4;
    this.data[i] = r;
    this.data[i + 1] = g;
    this.data[i + 2] = b;
    this.data[i + 3] = 255;
  }

  /** A filled square of side `size` centred on (x, y). */
  square(x: number, y: number, size: number, colour: Rgb) {
    const from = -Math.floor(size / 2);
    for (let dy = from; dy < from + size; dy++) {
      for (let dx = from; dx < from + size; dx++) this.set(Math.round(x) + dx, Math.round(y) + dy, colour);
    }
  }

  /**
   * A polyline `width` pixels thick; `dash` = [on, off] lengths in pixels, measured along the whole
   * line so the pattern runs on across its corners.
   */
  polyline(
    points: readonly { x: number; y: number }[],
    colour: Rgb,
    width: number,
    dash: readonly [number, number] | null = null,
  ) {
    let travelled = 0;
    for (let p = 1; p < points.length; p++) {
      const a = points[p - 1];
      const b = points[p];
      const length = Math.hypot(b.x - a.x, b.y - a.y);
      const steps = Math.max(1, Math.ceil(length * 2));
      for (let i = 0; i <= steps; i++) {
        const along = travelled + (length * i) / steps;
        if (dash && along % (dash[0] + dash[1]) >= dash[0]) continue;
        this.square(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps, width, colour);
      }
      travelled += length;
    }
  }
}

/** The chart's vertical range: every value, comparator and the target, with a little room above and below. */
function valueRange(measure: PackMeasure): { min: number; max: number } {
  const all = measure.values.flatMap((v) => [v.value, v.england, v.statisticalNeighbours]);
  all.push(measure.targetValue);
  const numbers = all.filter((v): v is number => v !== null && Number.isFinite(v));
  let min = Math.min(...numbers);
  let max = Math.max(...numbers);
  if (max - min < 1e-9) {
    min -= 1;
    max += 1;
  }
  const pad = (max - min) * 0.1;
  return { min: min - pad, max: max + pad };
}

/** The measure's trend as PNG bytes; null when it has no values yet. */
export function measureChartPng(measure: PackMeasure): Uint8Array | null {
  if (measure.values.length === 0) return null;
  const canvas = new Canvas();
  const { min, max } = valueRange(measure);
  const n = measure.values.length;
  const xAt = (i: number) =>
    n === 1 ? (PLOT.left + PLOT.right) / 2 : PLOT.left + 10 + ((PLOT.right - PLOT.left - 20) * i) / (n - 1);
  const yAt = (value: number) => PLOT.bottom - ((PLOT.bottom - PLOT.top) * (value - min)) / (max - min);

  // Light gridlines at quarters, then the axes.
  for (let q = 1; q <= 3; q++) {
    const y = Math.round(PLOT.top + ((PLOT.bottom - PLOT.top) * q) / 4);
    canvas.polyline(
      [
        { x: PLOT.left, y },
        { x: PLOT.right, y },
      ],
      CHART_COLOURS.grid,
      1,
    );
  }
  canvas.polyline(
    [
      { x: PLOT.left, y: PLOT.top },
      { x: PLOT.left, y: PLOT.bottom },
      { x: PLOT.right, y: PLOT.bottom },
    ],
    CHART_COLOURS.axis,
    2,
  );
  // A tick on the time axis for each period.
  for (let i = 0; i < n; i++)
    canvas.polyline(
      [
        { x: xAt(i), y: PLOT.bottom },
        { x: xAt(i), y: PLOT.bottom + 5 },
      ],
      CHART_COLOURS.axis,
      2,
    );

  if (measure.targetValue !== null) {
    const y = yAt(measure.targetValue);
    canvas.polyline(
      [
        { x: PLOT.left, y },
        { x: PLOT.right, y },
      ],
      CHART_COLOURS.target,
      2,
      [10, 6],
    );
  }
  const series = (pick: (v: PackMeasure["values"][number]) => number | null) =>
    measure.values.flatMap((v, i) => {
      const value = pick(v);
      return value === null ? [] : [{ x: xAt(i), y: yAt(value) }];
    });
  const england = series((v) => v.england);
  const neighbours = series((v) => v.statisticalNeighbours);
  canvas.polyline(england, CHART_COLOURS.england, 2, [8, 5]);
  for (const p of england) canvas.square(p.x, p.y, 4, CHART_COLOURS.england);
  canvas.polyline(neighbours, CHART_COLOURS.neighbours, 2, [2, 4]);
  for (const p of neighbours) canvas.square(p.x, p.y, 4, CHART_COLOURS.neighbours);
  const own = series((v) => v.value);
  canvas.polyline(own, CHART_COLOURS.own, 3);
  for (const p of own) canvas.square(p.x, p.y, 9, CHART_COLOURS.own);

  const png = new PNG({ width: CHART_WIDTH, height: CHART_HEIGHT });
  canvas.data.copy(png.data);
  // RGBA with no row filters: several times faster to encode than filtered RGB, for a few hundred bytes more.
  return new Uint8Array(PNG.sync.write(png, { colorType: 6, filterType: 0 }));
}

/** Charts by measure id for one pack, so a measure linked to several recommendations is drawn once. */
export function chartCache(): (measure: PackMeasure) => Uint8Array | null {
  const charts = new Map<number, Uint8Array | null>();
  return (measure) => {
    if (!charts.has(measure.id)) charts.set(measure.id, measureChartPng(measure));
    return charts.get(measure.id)!;
  };
}

/** The chart in words, for alt text: each period's value, the target, the latest comparators and which way is better. */
export function measureTrendDescription(measure: PackMeasure): string {
  const f = (value: number) => formatMeasureValue(value, measure.unit);
  const points = measure.values.map((v) => `${f(v.value)} (${v.period})`).join(", ");
  const parts = [`Trend of ${measure.name}: ${points}.`];
  if (measure.targetValue !== null) parts.push(`Target ${measure.target}.`);
  const lastEngland = [...measure.values].reverse().find((v) => v.england !== null);
  if (lastEngland) parts.push(`England ${f(lastEngland.england!)} (${lastEngland.period}).`);
  const lastNeighbours = [...measure.values].reverse().find((v) => v.statisticalNeighbours !== null);
  if (lastNeighbours)
    parts.push(`Statistical neighbours ${f(lastNeighbours.statisticalNeighbours!)} (${lastNeighbours.period}).`);
  parts.push(measure.higherIsBetter ? "Higher is better." : "Lower is better.");
  return parts.join(" ");
}
