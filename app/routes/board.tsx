import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { type Counts, percentSignedOff, RagCountCells, RagHeaderCells } from "../components/progress-table";
import { RagKey } from "../components/rag-key";
import { TIMESCALE_LABELS } from "../domain/due-dates";
import { sectionLabel } from "../domain/references";
import { progressByOwner, progressByRecommendationGroup } from "../models/progress.server";
import { requireContext } from "../utils/context.server";
import { formatDate } from "../utils/dates";

const QuerySchema = z.object({ authority: z.coerce.number().int().positive().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, today, settings } = await requireContext(request);
  const { authority } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [groups, owners] = await Promise.all([
    progressByRecommendationGroup(actor, today, settings.amberWindowDays, authority),
    progressByOwner(actor, today, settings.amberWindowDays, authority),
  ]);
  return json({ groups, owners, today, amberWindowDays: settings.amberWindowDays });
}

function StatusCells({ c }: { c: Counts }) {
  return (
    <>
      <td className="govuk-table__cell govuk-table__cell--numeric">{c.not_started}</td>
      <td className="govuk-table__cell govuk-table__cell--numeric">{c.in_progress}</td>
      <td className="govuk-table__cell govuk-table__cell--numeric">{c.awaiting_sign_off}</td>
      <td className="govuk-table__cell govuk-table__cell--numeric">{c.signed_off}</td>
      <td className="govuk-table__cell govuk-table__cell--numeric">{percentSignedOff(c)}</td>
      <td className="govuk-table__cell govuk-table__cell--numeric">{c.overdue}</td>
    </>
  );
}

function CountHeaders({ first }: { first: string[] }) {
  return (
    <thead className="govuk-table__head">
      <tr className="govuk-table__row">
        {first.map((h) => (
          <th key={h} scope="col" className="govuk-table__header">{h}</th>
        ))}
        {["Not started", "In progress", "Awaiting sign-off", "Signed off", "% signed off", "Overdue"].map((h) => (
          <th key={h} scope="col" className="govuk-table__header govuk-table__header--numeric">{h}</th>
        ))}
        <RagHeaderCells />
      </tr>
    </thead>
  );
}

export default function Board() {
  const { groups, owners, today, amberWindowDays } = useLoaderData<typeof loader>();
  const inspections = [...new Map(groups.map((g) => [g.inspection_id, g])).values()];
  return (
    <>
      <h1 className="govuk-heading-l">Board progress</h1>
      <p className="govuk-body">Progress of the improvement plan as at {formatDate(today)}.</p>
      {inspections.length === 0 ? <p className="govuk-body">There is no plan to report on yet.</p> : null}
      {inspections.map((inspection) => {
        const rows = groups.filter((g) => g.inspection_id === inspection.inspection_id);
        return (
          <table className="govuk-table" key={inspection.inspection_id}>
            <caption className="govuk-table__caption govuk-table__caption--m">
              {inspection.authority_name}: {inspection.inspection_title}
            </caption>
            <CountHeaders first={["Section", "Timescale"]} />
            <tbody className="govuk-table__body">
              {rows.map((g) => {
                const base = `/actions?inspection=${g.inspection_id}&section=${g.section ?? "none"}&timescale=${g.timescale ?? "none"}`;
                return (
                  <tr className="govuk-table__row" key={`${g.section}|${g.timescale}`}>
                    <th scope="row" className="govuk-table__header">{sectionLabel(g.section)}</th>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" to={base}>{g.timescale ? TIMESCALE_LABELS[g.timescale] : "No timescale given"}</Link>
                    </td>
                    <StatusCells c={g} />
                    <RagCountCells counts={g} filterBase={base} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      })}
      {owners.length > 0 ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Progress by owner</caption>
          <CountHeaders first={["Owner", "Authority"]} />
          <tbody className="govuk-table__body">
            {owners.map((o) => {
              const base = `/actions?owner=${o.owner_id ?? "none"}`;
              return (
                <tr className="govuk-table__row" key={`${o.authority_name}|${o.owner_id}`}>
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={base}>{o.owner_name ?? "Not assigned"}</Link>
                  </th>
                  <td className="govuk-table__cell">{o.authority_name}</td>
                  <StatusCells c={o} />
                  <RagCountCells counts={o} filterBase={base} />
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <RagKey amberWindowDays={amberWindowDays} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Board progress") }];
