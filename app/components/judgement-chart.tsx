import type { AreaTimeline, GradeOrdinal } from "../domain/judgement-areas";
import { ORDINAL_LABELS } from "../domain/judgement-areas";
import { formatDate } from "../utils/dates";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

// Same approach as charts.tsx: server-rendered SVG, titled and described for screen readers,
// followed by a table with the same figures, every value named in text.

const TEXT = "#0b0c0c";
const LINE = "#1d70b8";
const GRID = "#b1b4b6";
const FONT = { fontFamily: "inherit", fontSize: 14 } as const;
const ORDINALS: readonly GradeOrdinal[] = [1, 2, 3, 4];

function yearOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return y + (m - 1) / 12 + (d - 1) / 365;
}

/** A step chart of one area's grade (1 outstanding at the top, 4 inadequate at the bottom) over time, with its table. */
export function JudgementStepChart({ id, timeline }: { id: string; timeline: AreaTimeline }) {
  const points = timeline.points.filter((p): p is typeof p & { date: string } => p.date !== null);
  if (points.length === 0) return null;
  const left = 250;
  const width = 380;
  const top = 16;
  const rowHeight = 36;
  const height = top + rowHeight * 3 + 40;
  const first = yearOf(points[0].date);
  const last = yearOf(points[points.length - 1].date);
  const span = Math.max(1, last - first);
  const xOf = (date: string) => left + (points.length === 1 ? width / 2 : ((yearOf(date) - first) / span) * width);
  const yOf = (ordinal: GradeOrdinal) => top + (ordinal - 1) * rowHeight;
  const path = points
    .map((p, i) => {
      const x = xOf(p.date);
      const y = yOf(p.ordinal);
      return i === 0 ? `M ${x} ${y}` : `H ${x} V ${y}`;
    })
    .join(" ");
  const summary = points
    .map((p) => `${formatDate(p.date)} (${p.frameworkLabel}): ${ORDINAL_LABELS[p.ordinal]}`)
    .join("; ");
  return (
    <figure className="app-figure govuk-!-margin-0 govuk-!-margin-bottom-6">
      <svg
        className="app-chart app-chart--judgements"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${left + width + 60} ${height}`}
        width="100%"
      >
        <title id={`${id}-title`}>{`${timeline.label}: grade at each inspection`}</title>
        <desc id={`${id}-desc`}>{`${summary}. The table that follows gives the same grades.`}</desc>
        <g aria-hidden="true">
          {ORDINALS.map((o) => (
            <g key={o}>
              <line x1={left - 10} x2={left + width + 10} y1={yOf(o)} y2={yOf(o)} stroke={GRID} strokeDasharray="4 4" />
              <text x={left - 16} y={yOf(o) + 5} textAnchor="end" fill={TEXT} {...FONT}>
                {ORDINAL_LABELS[o]}
              </text>
            </g>
          ))}
          <path d={path} fill="none" stroke={LINE} strokeWidth={3} />
          {points.map((p) => (
            <g key={p.inspectionId}>
              <circle cx={xOf(p.date)} cy={yOf(p.ordinal)} r={6} fill={LINE} stroke={TEXT} />
              <text x={xOf(p.date)} y={top + rowHeight * 3 + 30} textAnchor="middle" fill={TEXT} {...FONT}>
                {`${p.date.slice(0, 4)} ${p.frameworkLabel}`}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <TableScroll
        caption={<>{timeline.label}: grade at each inspection (the lowest of the grades mapped to this area)</>}
        captionClassName="govuk-table__caption govuk-table__caption--s"
        className="govuk-!-margin-top-2"
      >
        <TableHead columns={["Inspection", "Framework", "Grades as printed", "Charted as"]} />
        <tbody className="govuk-table__body">
          {points.map((p) => (
            <tr className="govuk-table__row" key={p.inspectionId}>
              <td className="govuk-table__cell">{formatDate(p.date)}</td>
              <td className="govuk-table__cell">{p.frameworkLabel}</td>
              <td className="govuk-table__cell">{p.grades}</td>
              <td className="govuk-table__cell">
                {p.ordinal}: {ORDINAL_LABELS[p.ordinal]}
              </td>
            </tr>
          ))}
        </tbody>
      </TableScroll>
    </figure>
  );
}
