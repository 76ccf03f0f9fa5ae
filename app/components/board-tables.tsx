import { Link } from "@remix-run/react";
import { RAG_LABELS, RAG_ORDER } from "../domain/rag";
import { RagBarChart } from "./charts";
import { percentSignedOff } from "./progress-table";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

/** The counts every board table shows (see app/models/board.server.ts). */
export interface GroupCounts {
  total: number;
  not_started: number;
  in_progress: number;
  awaiting_sign_off: number;
  signed_off: number;
  red: number;
  amber: number;
  green: number;
  blue: number;
  grey: number;
  overdue: number;
  due_soon: number;
  no_target_date: number;
}

export interface GroupRow extends GroupCounts {
  key: string;
  label: string;
  /** Action-list filters for a live (as at today) board; null as at a past date. */
  filter: Record<string, string> | null;
}

const COUNT_COLUMNS = [
  ["total", "Actions"],
  ["not_started", "Not started"],
  ["in_progress", "In progress"],
  ["awaiting_sign_off", "Awaiting sign-off"],
  ["signed_off", "Signed off"],
] as const;

function dueWithin(days: number): string {
  return `Due within ${days} ${days === 1 ? "day" : "days"}`;
}

function Numeric({ children }: { children: React.ReactNode }) {
  return <td className="govuk-table__cell govuk-table__cell--numeric">{children}</td>;
}

function actionListUrl(filter: Record<string, string>, rag?: string): string {
  return `/actions?${new URLSearchParams(rag ? { ...filter, rag } : filter).toString()}`;
}

/** One row per group: counts by status, % signed off, overdue, due soon, and by RAG (with "Not scheduled"). */
export function BoardGroupTable({
  caption,
  groupHeader,
  rows,
  amberWindowDays,
}: {
  caption: string;
  groupHeader: string;
  rows: readonly GroupRow[];
  amberWindowDays: number;
}) {
  return (
    <TableScroll caption={caption} captionClassName="govuk-table__caption govuk-table__caption--s">
      <TableHead
        columns={[
          groupHeader,
          ...[
            ...COUNT_COLUMNS.map(([, label]) => label),
            "% signed off",
            "Overdue",
            dueWithin(amberWindowDays),
            ...RAG_ORDER.map((rag) => RAG_LABELS[rag]),
          ].map((label) => ({ numeric: label })),
        ]}
      />
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr key={row.key} className="govuk-table__row">
            <th scope="row" className="govuk-table__header">
              {row.filter ? (
                <Link className="govuk-link" to={actionListUrl(row.filter)}>
                  {row.label}
                </Link>
              ) : (
                row.label
              )}
            </th>
            {COUNT_COLUMNS.map(([key]) => (
              <Numeric key={key}>{row[key]}</Numeric>
            ))}
            <Numeric>{percentSignedOff(row)}</Numeric>
            <Numeric>{row.overdue}</Numeric>
            <Numeric>{row.due_soon}</Numeric>
            {RAG_ORDER.map((rag) => (
              <Numeric key={rag}>
                {row.filter && row[rag] > 0 ? (
                  <Link className="govuk-link" to={actionListUrl(row.filter, rag)}>
                    {row[rag]}
                    <span className="govuk-visually-hidden"> {RAG_LABELS[rag]}</span>
                  </Link>
                ) : (
                  row[rag]
                )}
              </Numeric>
            ))}
          </tr>
        ))}
      </tbody>
    </TableScroll>
  );
}

/** A heading, the RAG bar chart of the groups, then the table with the same (and more) numbers. */
export function BoardGroupSection({
  id,
  heading,
  groupHeader,
  rows,
  amberWindowDays,
  note,
}: {
  id: string;
  heading: string;
  groupHeader: string;
  rows: readonly GroupRow[];
  amberWindowDays: number;
  note?: string;
}) {
  return (
    <section className="govuk-!-margin-bottom-8">
      <h2 id={`${id}-heading`} className="govuk-heading-m">
        {heading}
      </h2>
      {note ? <p className="govuk-body">{note}</p> : null}
      {rows.length === 0 ? (
        <p className="govuk-body">No actions.</p>
      ) : (
        <>
          <RagBarChart id={`${id}-chart`} title={`RAG ${heading.toLowerCase()}`} rows={rows} />
          <BoardGroupTable caption={heading} groupHeader={groupHeader} rows={rows} amberWindowDays={amberWindowDays} />
        </>
      )}
    </section>
  );
}

/** The headline numbers for the whole plan. */
export function BoardTotals({ totals, amberWindowDays }: { totals: GroupCounts; amberWindowDays: number }) {
  const items: [string, React.ReactNode][] = [
    ["Actions in the plan", totals.total],
    ["Signed off", `${totals.signed_off} (${percentSignedOff(totals)})`],
    ["Overdue", totals.overdue],
    [dueWithin(amberWindowDays), totals.due_soon],
    ["No target date", totals.no_target_date],
    ["RAG", RAG_ORDER.map((rag) => `${totals[rag]} ${RAG_LABELS[rag]}`).join(", ")],
  ];
  return (
    <dl className="govuk-summary-list">
      {items.map(([key, value]) => (
        <div key={key} className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{key}</dt>
          <dd className="govuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
