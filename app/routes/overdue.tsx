import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { Pagination } from "../components/pagination";
import { RagKey } from "../components/rag-key";
import { TableHead } from "../components/table-head";
import { RagTag, StatusTag } from "../components/tags";
import { daysOverdue, daysUntilDue } from "../domain/rag";
import { type OverdueRow, pageOverdueAndDueSoon } from "../models/progress.server";
import { councilSettings, requireContext } from "../utils/context.server";
import { formatDate } from "../utils/dates";
import { TableScroll } from "../components/table-scroll";
import { storedInteger } from "../utils/record-id";

const QuerySchema = z.object({
  authority: storedInteger().optional().catch(undefined),
  page: storedInteger().max(100_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await requireContext(request);
  const { actor, today } = context;
  const { authority, page } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const settings = await councilSettings(context, actor.role === "admin" ? authority : undefined);
  const result = await pageOverdueAndDueSoon(actor, today, settings.amberWindowDays, { authorityId: authority, page });
  const rows = result.items;
  return json({
    overdue: rows
      .filter((r) => r.target_date! < today)
      .map((r) => ({ ...r, days: daysOverdue(r.target_date!, today) })),
    dueSoon: rows
      .filter((r) => r.target_date! >= today)
      .map((r) => ({ ...r, days: daysUntilDue(r.target_date!, today) })),
    overdueCount: result.overdueCount,
    dueSoonCount: result.dueSoonCount,
    page: result.page,
    pageCount: result.pageCount,
    today,
    amberWindowDays: settings.amberWindowDays,
  });
}

function ActionsTable({
  caption,
  rows,
  daysLabel,
}: {
  caption: string;
  rows: (OverdueRow & { days: number })[];
  daysLabel: string;
}) {
  return (
    <TableScroll caption={caption} captionClassName="govuk-table__caption govuk-table__caption--m">
      <TableHead
        columns={["Action", "Recommendation", "Owner", "Target date", { numeric: daysLabel }, "Status", "RAG"]}
      />
      <tbody className="govuk-table__body">
        {rows.map((r) => (
          <tr className="govuk-table__row" key={r.id}>
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={`/actions/${r.id}`}>
                {r.title}
              </Link>
              <br />
              <span className="govuk-body-s">{r.authority_name}</span>
            </td>
            <td className="govuk-table__cell govuk-body-s">
              <strong>{r.reference}</strong>{" "}
              {r.recommendation_text.length > 160 ? `${r.recommendation_text.slice(0, 157)}…` : r.recommendation_text}
            </td>
            <td className="govuk-table__cell">{r.owner_name ?? <strong>Not assigned</strong>}</td>
            <td className="govuk-table__cell">{formatDate(r.target_date)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{r.days}</td>
            <td className="govuk-table__cell">
              <StatusTag status={r.status} />
            </td>
            <td className="govuk-table__cell">
              <RagTag rag={r.rag} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableScroll>
  );
}

export default function Overdue() {
  const { overdue, dueSoon, overdueCount, dueSoonCount, page, pageCount, today, amberWindowDays } =
    useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Overdue and due soon</h1>
      <p className="govuk-body">
        As at {formatDate(today)}: {overdueCount} overdue, {dueSoonCount} due in the next {amberWindowDays} days
        {pageCount > 1 ? ` (page ${page} of ${pageCount}, oldest target date first)` : ""}.
      </p>
      {overdueCount === 0 ? <p className="govuk-body">No actions are overdue.</p> : null}
      {overdue.length > 0 ? (
        <ActionsTable
          caption={pageCount > 1 ? `Overdue actions (page ${page} of ${pageCount})` : "Overdue actions"}
          rows={overdue}
          daysLabel="Days overdue"
        />
      ) : null}
      {dueSoon.length > 0 ? (
        <ActionsTable
          caption={`Due in the next ${amberWindowDays} days${pageCount > 1 ? ` (page ${page} of ${pageCount})` : ""}`}
          rows={dueSoon}
          daysLabel="Days left"
        />
      ) : null}
      {dueSoonCount === 0 ? <p className="govuk-body">Nothing is due in the next {amberWindowDays} days.</p> : null}
      <Pagination page={page} pageCount={pageCount} />
      <RagKey amberWindowDays={amberWindowDays} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Overdue and due soon") }];
