import { type Rag, RAG_LABELS } from "../domain/rag";
import { formatDate, MONTH_NAMES } from "../utils/dates";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

// Charts are plain SVG rendered on the server: no JavaScript, no chart library. Each is an image
// with a title and description for screen readers and sits beside a table with the same numbers;
// every series is named in text (legend, labels), so colour is never the only signal.

/** Worst first, as on every board table. */
const SERIES: readonly Rag[] = ["red", "amber", "grey", "green", "blue"];

/** GOV.UK colours; amber is GOV.UK yellow, so its labels are black. */
const FILL: Record<Rag, string> = {
  red: "#d4351c",
  amber: "#ffdd00",
  grey: "#b1b4b6",
  green: "#00703c",
  blue: "#1d70b8",
};
const INK: Record<Rag, string> = {
  red: "#ffffff",
  amber: "#0b0c0c",
  grey: "#0b0c0c",
  green: "#ffffff",
  blue: "#ffffff",
};

/** Where each legend entry starts: its swatch, then its label (about 7.5 px a character at 14 px). */
const LEGEND_X: readonly number[] = SERIES.reduce<number[]>(
  (xs, rag, i) => [...xs, i === 0 ? 0 : xs[i - 1] + 22 + RAG_LABELS[SERIES[i - 1]].length * 7.5 + 18],
  [],
);
const TEXT = "#0b0c0c";
const FONT = { fontFamily: "inherit", fontSize: 14 } as const;

export type RagRow = Record<Rag, number> & { label: string };

function Legend({ y, shapes = false }: { y: number; shapes?: boolean }) {
  return (
    <g aria-hidden="true">
      {SERIES.map((rag, i) => (
        <g key={rag} transform={`translate(${LEGEND_X[i]}, ${y})`}>
          {shapes ? (
            <Marker rag={rag} x={8} y={8} />
          ) : (
            <rect width={16} height={16} fill={FILL[rag]} stroke={TEXT} strokeWidth={0.5} />
          )}
          <text x={22} y={13} fill={TEXT} {...FONT}>
            {RAG_LABELS[rag]}
          </text>
        </g>
      ))}
    </g>
  );
}

function truncate(label: string, max = 28): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/**
 * Horizontal bars, one per group, split into Red, Amber, Not scheduled, Green and Blue with each count written
 * on its segment (or after the bar when the segment is too narrow) and the total at the end.
 */
export function RagBarChart({ id, title, rows }: { id: string; title: string; rows: readonly RagRow[] }) {
  const labelWidth = 220;
  const barWidth = 380;
  const rowHeight = 30;
  const top = 34;
  const height = top + rows.length * rowHeight + 8;
  const max = Math.max(1, ...rows.map((r) => SERIES.reduce((sum, rag) => sum + r[rag], 0)));
  const summary = rows
    .map((r) => `${r.label}: ${SERIES.map((rag) => `${r[rag]} ${RAG_LABELS[rag]}`).join(", ")}`)
    .join("; ");
  return (
    <svg
      className="app-chart app-chart--bars"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${labelWidth + barWidth + 60} ${height}`}
      width="100%"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>
        {rows.length === 0 ? "No actions." : `${summary}. The table that follows gives the same numbers.`}
      </desc>
      <Legend y={4} />
      {rows.map((row, index) => {
        const y = top + index * rowHeight;
        let x = labelWidth;
        const total = SERIES.reduce((sum, rag) => sum + row[rag], 0);
        return (
          <g key={`${row.label}-${index}`} aria-hidden="true">
            <text x={labelWidth - 8} y={y + 17} textAnchor="end" fill={TEXT} {...FONT}>
              {truncate(row.label)}
            </text>
            {SERIES.map((rag) => {
              const width = (row[rag] / max) * barWidth;
              const segment = (
                <g key={rag}>
                  <rect x={x} y={y} width={width} height={22} fill={FILL[rag]} />
                  {row[rag] > 0 && width >= 22 ? (
                    <text x={x + width / 2} y={y + 16} textAnchor="middle" fill={INK[rag]} {...FONT}>
                      {row[rag]}
                    </text>
                  ) : null}
                </g>
              );
              x += width;
              return segment;
            })}
            <text x={x + 6} y={y + 16} fill={TEXT} {...FONT}>
              {total}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function Marker({ rag, x, y }: { rag: Rag; x: number; y: number }) {
  const common = { fill: FILL[rag], stroke: TEXT, strokeWidth: 1 };
  switch (rag) {
    case "red":
      return <circle cx={x} cy={y} r={5} {...common} />;
    case "amber":
      return <polygon points={`${x},${y - 6} ${x + 6},${y + 5} ${x - 6},${y + 5}`} {...common} />;
    case "green":
      return <rect x={x - 5} y={y - 5} width={10} height={10} {...common} />;
    case "blue":
      return <polygon points={`${x},${y - 6} ${x + 6},${y} ${x},${y + 6} ${x - 6},${y}`} {...common} />;
    case "grey":
      return <line x1={x - 6} y1={y} x2={x + 6} y2={y} stroke={TEXT} strokeWidth={3} />;
  }
}

export interface TrendPoint {
  date: string;
  red: number;
  amber: number;
  grey: number;
  green: number;
  blue: number;
}

/** "Sep 2024": short enough for an axis; the table gives the full date. */
function shortMonth(date: string): string {
  const [year, month] = date.split("-");
  return `${MONTH_NAMES[Number(month) - 1].slice(0, 3)} ${year}`;
}

/**
 * RAG counts over time as four lines, each with its own marker shape and named in the legend,
 * followed by a table of the same counts.
 */
export function RagTrendChart({ id, title, points }: { id: string; title: string; points: readonly TrendPoint[] }) {
  const left = 40;
  const width = 600;
  const plotTop = 36;
  const plotHeight = 200;
  const max = Math.max(1, ...points.flatMap((p) => SERIES.map((rag) => p[rag])));
  const step = points.length > 1 ? width / (points.length - 1) : 0;
  const xOf = (i: number) => left + (points.length > 1 ? i * step : width / 2);
  const yOf = (n: number) => plotTop + plotHeight - (n / max) * plotHeight;
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  const last = points.at(-1);
  return (
    <figure className="app-figure govuk-!-margin-0 govuk-!-margin-bottom-6">
      <svg
        className="app-chart app-chart--trend"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${left + width + 40} ${plotTop + plotHeight + 40}`}
        width="100%"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>
          {last
            ? `From ${formatDate(points[0].date)} to ${formatDate(last.date)}. On ${formatDate(last.date)}: ${SERIES.map((rag) => `${last[rag]} ${RAG_LABELS[rag]}`).join(", ")}. The table that follows gives every point.`
            : "No actions yet."}
        </desc>
        <Legend y={4} shapes />
        <g aria-hidden="true">
          {ticks.map((t) => (
            <g key={t}>
              <line x1={left} x2={left + width} y1={yOf(t)} y2={yOf(t)} stroke="#b1b4b6" strokeWidth={1} />
              <text x={left - 6} y={yOf(t) + 5} textAnchor="end" fill={TEXT} {...FONT}>
                {t}
              </text>
            </g>
          ))}
          {points.map((p, i) =>
            // Label every other month when the axis is crowded.
            points.length <= 6 || i % 2 === (points.length - 1) % 2 ? (
              <text key={p.date} x={xOf(i)} y={plotTop + plotHeight + 22} textAnchor="middle" fill={TEXT} {...FONT}>
                {shortMonth(p.date)}
              </text>
            ) : null,
          )}
          {SERIES.map((rag) => (
            <g key={rag}>
              <polyline
                points={points.map((p, i) => `${xOf(i)},${yOf(p[rag])}`).join(" ")}
                fill="none"
                stroke={FILL[rag]}
                strokeWidth={rag === "amber" ? 4 : 3}
              />
              {points.map((p, i) => (
                <Marker key={p.date} rag={rag} x={xOf(i)} y={yOf(p[rag])} />
              ))}
            </g>
          ))}
        </g>
      </svg>
      <TableScroll caption={<>{title}: the numbers</>} captionClassName="govuk-table__caption govuk-table__caption--s">
        <TableHead columns={["Date", ...SERIES.map((rag) => ({ numeric: RAG_LABELS[rag] }))]} />
        <tbody className="govuk-table__body">
          {points.map((p) => (
            <tr key={p.date} className="govuk-table__row">
              <th scope="row" className="govuk-table__header">
                {formatDate(p.date)}
              </th>
              {SERIES.map((rag) => (
                <td key={rag} className="govuk-table__cell govuk-table__cell--numeric">
                  {p[rag]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </TableScroll>
    </figure>
  );
}
