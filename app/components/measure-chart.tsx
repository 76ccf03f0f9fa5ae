import { formatMeasureValue } from "../domain/measures";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

export interface ChartValue {
  period: string;
  value: number;
  statistical_neighbours: number | null;
  england: number | null;
}

const PADDING = 4;

function points(values: (number | null)[], min: number, max: number, width: number, height: number) {
  const span = max - min || 1;
  const step = values.length > 1 ? (width - PADDING * 2) / (values.length - 1) : 0;
  return values
    .map((v, i) =>
      v === null ? null : { x: PADDING + i * step, y: PADDING + (height - PADDING * 2) * (1 - (v - min) / span) },
    )
    .filter((p): p is { x: number; y: number } => p !== null);
}

/**
 * A small server-rendered trend line: the authority's values (solid) and England's (dashed) where
 * published. Decorative for screen readers beyond its summary; the figures are in the table that
 * goes with it (MeasureValuesTable).
 */
export function MeasureSparkline({
  name,
  unit,
  values,
  width = 160,
  height = 40,
}: {
  name: string;
  unit: string;
  values: ChartValue[];
  width?: number;
  height?: number;
}) {
  if (values.length === 0) return <span className="govuk-body-s">No values yet</span>;
  const all = values
    .flatMap((v) => [v.value, v.england, v.statistical_neighbours])
    .filter((v): v is number => v !== null);
  const min = Math.min(...all);
  const max = Math.max(...all);
  const plot = (series: (number | null)[]) => points(series, min, max, width, height);
  const own = plot(values.map((v) => v.value));
  const england = plot(values.map((v) => v.england));
  const first = values[0];
  const last = values[values.length - 1];
  const summary =
    values.length === 1
      ? `${name}: ${formatMeasureValue(first.value, unit)} (${first.period})`
      : `${name}: from ${formatMeasureValue(first.value, unit)} (${first.period}) to ${formatMeasureValue(last.value, unit)} (${last.period})`;
  return (
    <svg
      className="app-sparkline"
      role="img"
      aria-label={summary}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      <title>{summary}</title>
      {england.length > 1 ? (
        <polyline
          points={england.map((p) => `${p.x},${p.y}`).join(" ")}
          fill="none"
          stroke="#505a5f"
          strokeWidth="1"
          strokeDasharray="3 2"
        />
      ) : null}
      {own.length > 1 ? (
        <polyline points={own.map((p) => `${p.x},${p.y}`).join(" ")} fill="none" stroke="#1d70b8" strokeWidth="2" />
      ) : null}
      {own.map((p, i) => (
        <circle key={i} cx={p.x} cy={p.y} r={i === own.length - 1 ? 3 : 2} fill="#1d70b8" />
      ))}
    </svg>
  );
}

/** The chart's figures as a table: every period with the comparators. */
export function MeasureValuesTable({
  caption,
  unit,
  values,
  captionClass = "govuk-table__caption--s",
}: {
  caption: string;
  unit: string;
  values: (ChartValue & { source?: string })[];
  captionClass?: string;
}) {
  const hasSource = values.some((v) => v.source);
  return (
    <TableScroll caption={caption} captionClassName={`govuk-table__caption ${captionClass}`}>
      <TableHead columns={["Period", "Value", "Statistical neighbours", "England", ...(hasSource ? ["Source"] : [])]} />
      <tbody className="govuk-table__body">
        {values.map((v) => (
          <tr className="govuk-table__row" key={v.period}>
            <th scope="row" className="govuk-table__header">
              {v.period}
            </th>
            <td className="govuk-table__cell">{formatMeasureValue(v.value, unit)}</td>
            <td className="govuk-table__cell">
              {v.statistical_neighbours === null ? "Not published" : formatMeasureValue(v.statistical_neighbours, unit)}
            </td>
            <td className="govuk-table__cell">
              {v.england === null ? "Not published" : formatMeasureValue(v.england, unit)}
            </td>
            {hasSource ? <td className="govuk-table__cell">{v.source}</td> : null}
          </tr>
        ))}
      </tbody>
    </TableScroll>
  );
}
