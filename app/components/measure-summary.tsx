import { Link } from "@remix-run/react";
import { DIRECTION_LABELS, summariseMeasure, type MeasureFacts } from "../domain/measures";
import { MeasureSparkline } from "./measure-chart";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

export type SummaryMeasure = MeasureFacts & { id: number; name: string };

/**
 * Evidence of impact at a glance, one row per measure: trend, latest value, direction, target and
 * comparators in words. Made to drop into the dashboard and the board pack (pass the rows from
 * `listMeasures`); each chart's summary is its accessible name and the row carries the figures.
 */
export function MeasuresSummaryTable({
  measures,
  caption = "Performance measures",
  links = true,
}: {
  measures: SummaryMeasure[];
  caption?: string;
  links?: boolean;
}) {
  if (measures.length === 0) return null;
  return (
    <TableScroll caption={caption} captionClassName="govuk-table__caption govuk-table__caption--m">
      <TableHead columns={["Measure", "Trend", "Latest", "Direction", "Target", "Statistical neighbours", "England"]} />
      <tbody className="govuk-table__body">
        {measures.map((m) => {
          const summary = summariseMeasure(m);
          return (
            <tr className="govuk-table__row" key={m.id}>
              <th scope="row" className="govuk-table__header">
                {links ? (
                  <Link className="govuk-link" to={`/measures/${m.id}`}>
                    {m.name}
                  </Link>
                ) : (
                  m.name
                )}
              </th>
              <td className="govuk-table__cell">
                <MeasureSparkline name={m.name} unit={m.unit} values={[...m.values]} width={120} height={32} />
              </td>
              <td className="govuk-table__cell">
                {summary.latest ? `${summary.latest.formatted} (${summary.latest.period})` : "No values yet"}
              </td>
              <td className="govuk-table__cell">
                {summary.direction ? DIRECTION_LABELS[summary.direction] : "Not enough values"}
              </td>
              <td className="govuk-table__cell">{summary.target}</td>
              <td className="govuk-table__cell">{summary.neighbours}</td>
              <td className="govuk-table__cell">{summary.england}</td>
            </tr>
          );
        })}
      </tbody>
    </TableScroll>
  );
}
