import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { Pagination } from "../components/pagination";
import { percentSignedOff, RagCountCells, RagHeaderCells } from "../components/progress-table";
import { InspectionWindowCard } from "../components/inspection-window-card";
import { MeasuresSummaryTable } from "../components/measure-summary";
import { RagKey } from "../components/rag-key";
import { summariseInspectionWindows } from "../domain/deadlines";
import { listMeasures } from "../models/measures.server";
import { DASHBOARD_PAGE_SIZE, pageAuthoritiesWithPlans, summariseAuthorities } from "../models/progress.server";
import { listInspectionClocks } from "../models/readiness.server";
import { requireContext } from "../utils/context.server";
import { formatDate } from "../utils/dates";

const QuerySchema = z.object({ page: z.coerce.number().int().positive().max(100_000).catch(1) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, today, settings } = await requireContext(request);
  const { page } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  // An administrator sees every authority: a page of them at a time, counted in SQL.
  const listed = await pageAuthoritiesWithPlans(actor, page);
  const authorityIds = listed.authorities.map((a) => a.id);
  const [authorities, clocks, measures] = await Promise.all([
    summariseAuthorities(actor, today, settings.amberWindowDays, authorityIds),
    listInspectionClocks(actor, { authorityIds }),
    listMeasures(actor, { authorityIds }),
  ]);
  const windows = summariseInspectionWindows(clocks, today);
  return json({
    authorities,
    windows,
    measures,
    today,
    amberWindowDays: settings.amberWindowDays,
    total: listed.total,
    page: listed.page,
    pageCount: listed.pageCount,
    pageSize: DASHBOARD_PAGE_SIZE,
  });
}

export default function Dashboard() {
  const { authorities, windows, measures, today, amberWindowDays, total, page, pageCount, pageSize } =
    useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Dashboard</h1>
      <p className="govuk-body">
        Improvement plan position on {formatDate(today)}. &ldquo;Due soon&rdquo; means due within the next{" "}
        {amberWindowDays} days.
        {pageCount > 1
          ? ` Authorities ${(page - 1) * pageSize + 1} to ${(page - 1) * pageSize + authorities.length} of ${total}, by name.`
          : ""}
      </p>
      {total === 0 ? (
        <p className="govuk-body">
          There are no actions yet.{" "}
          <Link className="govuk-link" to="/import">
            Import an inspection report
          </Link>{" "}
          to start a plan.
        </p>
      ) : null}
      {authorities.map((a) => {
        const base = `/actions?authority=${a.id}`;
        return (
          <section key={a.id} className="app-card" aria-labelledby={`authority-${a.id}`}>
            <h2 className="govuk-heading-m" id={`authority-${a.id}`}>
              {a.name}
            </h2>
            <dl className="govuk-grid-row">
              {[
                { label: "Open actions", value: a.total - a.signed_off, to: `${base}&open=1` },
                { label: "Overdue", value: a.overdue, to: `${base}&overdue=1` },
                {
                  label: `Due in the next ${amberWindowDays} days`,
                  value: a.due_soon,
                  to: `/overdue?authority=${a.id}`,
                },
                { label: "Signed off", value: a.signed_off, to: `${base}&status=signed_off` },
              ].map((stat) => (
                <div className="govuk-grid-column-one-quarter" key={stat.label}>
                  <dt className="govuk-body-s govuk-!-margin-bottom-1">{stat.label}</dt>
                  <dd className="govuk-!-margin-left-0">
                    <Link className="govuk-link app-stat" to={stat.to}>
                      {stat.value}
                      <span className="govuk-visually-hidden"> {stat.label.toLowerCase()}</span>
                    </Link>
                  </dd>
                </div>
              ))}
            </dl>
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">
                Actions by RAG rating ({percentSignedOff(a)} signed off, {a.no_target_date} open without a target date)
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <RagHeaderCells />
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    All actions
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                <tr className="govuk-table__row">
                  <RagCountCells counts={a} filterBase={base} />
                  <td className="govuk-table__cell govuk-table__cell--numeric">
                    <Link className="govuk-link" to={base}>
                      {a.total}
                    </Link>
                  </td>
                </tr>
              </tbody>
            </table>
            <InspectionWindowCard authorityId={a.id} summary={windows.find((w) => w.authorityId === a.id)} />
            <MeasuresSummaryTable
              measures={measures.filter((m) => m.authority_id === a.id)}
              caption="Performance measures: evidence of impact"
            />
          </section>
        );
      })}
      <Pagination page={page} pageCount={pageCount} />
      <RagKey amberWindowDays={amberWindowDays} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Dashboard") }];
