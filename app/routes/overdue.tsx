import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { RagKey } from "../components/rag-key";
import { RagTag, StatusTag } from "../components/tags";
import { daysOverdue, daysUntilDue } from "../domain/rag";
import { listOverdueAndDueSoon, type OverdueRow } from "../models/progress.server";
import { requireContext } from "../utils/context.server";
import { formatDate } from "../utils/dates";

const QuerySchema = z.object({ authority: z.coerce.number().int().positive().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, today, settings } = await requireContext(request);
  const { authority } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await listOverdueAndDueSoon(actor, today, settings.amberWindowDays, authority);
  return json({
    overdue: rows.filter((r) => r.target_date! < today).map((r) => ({ ...r, days: daysOverdue(r.target_date!, today) })),
    dueSoon: rows.filter((r) => r.target_date! >= today).map((r) => ({ ...r, days: daysUntilDue(r.target_date!, today) })),
    today,
    amberWindowDays: settings.amberWindowDays,
  });
}

function ActionsTable({ caption, rows, daysLabel }: { caption: string; rows: (OverdueRow & { days: number })[]; daysLabel: string }) {
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Action</th>
          <th scope="col" className="govuk-table__header">Recommendation</th>
          <th scope="col" className="govuk-table__header">Owner</th>
          <th scope="col" className="govuk-table__header">Target date</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">{daysLabel}</th>
          <th scope="col" className="govuk-table__header">Status</th>
          <th scope="col" className="govuk-table__header">RAG</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((r) => (
          <tr className="govuk-table__row" key={r.id}>
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={`/actions/${r.id}`}>{r.title}</Link>
              <br />
              <span className="govuk-body-s">{r.authority_name}</span>
            </td>
            <td className="govuk-table__cell govuk-body-s">
              <strong>{r.reference}</strong> {r.recommendation_text.length > 160 ? `${r.recommendation_text.slice(0, 157)}…` : r.recommendation_text}
            </td>
            <td className="govuk-table__cell">{r.owner_name ?? <strong>Not assigned</strong>}</td>
            <td className="govuk-table__cell">{formatDate(r.target_date)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{r.days}</td>
            <td className="govuk-table__cell"><StatusTag status={r.status} /></td>
            <td className="govuk-table__cell"><RagTag rag={r.rag} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Overdue() {
  const { overdue, dueSoon, today, amberWindowDays } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Overdue and due soon</h1>
      <p className="govuk-body">
        As at {formatDate(today)}: {overdue.length} overdue, {dueSoon.length} due in the next {amberWindowDays} days.
      </p>
      {overdue.length > 0 ? (
        <ActionsTable caption="Overdue actions" rows={overdue} daysLabel="Days overdue" />
      ) : (
        <p className="govuk-body">No actions are overdue.</p>
      )}
      {dueSoon.length > 0 ? (
        <ActionsTable caption={`Due in the next ${amberWindowDays} days`} rows={dueSoon} daysLabel="Days left" />
      ) : (
        <p className="govuk-body">Nothing is due in the next {amberWindowDays} days.</p>
      )}
      <RagKey amberWindowDays={amberWindowDays} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Overdue and due soon") }];
