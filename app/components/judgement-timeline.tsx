import type { AreaTimeline, TimelineEntry } from "../domain/judgement-areas";
import { ORDINAL_LABELS } from "../domain/judgement-areas";
import { sectionLabel } from "../domain/references";
import { formatDate } from "../utils/dates";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

/** Judgements in date order, each with its framework, its own wording and its grade as printed. */
export function JudgementTimelineTable({ caption, entries }: { caption: string; entries: readonly TimelineEntry[] }) {
  return (
    <TableScroll caption={caption} captionClassName="govuk-table__caption govuk-table__caption--s">
      <TableHead columns={["Inspected", "Framework", "Area as judged", "Grade as printed", "Compared as"]} />
      <tbody className="govuk-table__body">
        {entries.map((e, i) => (
          <tr className="govuk-table__row" key={`${e.inspectionId}-${i}`}>
            <td className="govuk-table__cell">{formatDate(e.date, "Not known")}</td>
            <td className="govuk-table__cell">{e.frameworkLabel}</td>
            <td className="govuk-table__cell">
              {e.area}
              {e.section ? <span className="govuk-body-s"> ({sectionLabel(e.section)})</span> : null}
            </td>
            <td className="govuk-table__cell">{e.grade}</td>
            <td className="govuk-table__cell">
              {e.ordinal === null ? "Not recognised" : `${e.ordinal}: ${ORDINAL_LABELS[e.ordinal]}`}
            </td>
          </tr>
        ))}
      </tbody>
    </TableScroll>
  );
}

export function emptyAreaText(timeline: AreaTimeline): string | null {
  return timeline.entries.length === 0
    ? `No imported inspection has a judgement mapped to ${timeline.label.toLowerCase()}.`
    : null;
}
