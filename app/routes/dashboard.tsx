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
import { summariseEventsByAuthority } from "../domain/inspection-events";
import { listInspectionEventsByAuthority } from "../models/inspection-events.server";
import { listMeasures } from "../models/measures.server";
import {
  DASHBOARD_PAGE_SIZE,
  pageAuthoritiesWithPlans,
  type ProgressCounts,
  summariseAuthorities,
} from "../models/progress.server";
import { listInspectionClocks } from "../models/readiness.server";
import { listAwaitingMySignOff } from "../models/follow-up.server";
import { AwaitingSignOffTable } from "../components/awaiting-sign-off";
import { councilSettings, requireContext } from "../utils/context.server";
import { formatDate } from "../utils/dates";
import { TableScroll } from "../components/table-scroll";
import { storedInteger } from "../utils/record-id";

const QuerySchema = z.object({
  page: storedInteger().max(100_000).catch(1),
  authority: storedInteger().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await requireContext(request);
  const { actor, today } = context;
  const { page, authority } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  // An administrator's table of every council counts with the default window; one council's dashboard with its own.
  const { amberWindowDays } = await councilSettings(context, actor.role === "admin" ? authority : undefined);
  if (actor.role === "admin" && authority === undefined) {
    // An administrator sees every authority: a table of them, a page at a time, counted in SQL.
    // Each name opens that authority's full dashboard.
    const listed = await pageAuthoritiesWithPlans(actor, page);
    const overview = await summariseAuthorities(
      actor,
      today,
      amberWindowDays,
      listed.authorities.map((a) => a.id),
    );
    return json({
      ...listed,
      overview,
      // The overview has no per-authority cards; an authority's own dashboard shows them.
      windows: [] as ReturnType<typeof summariseInspectionWindows>,
      events: [] as ReturnType<typeof summariseEventsByAuthority>,
      measures: [] as Awaited<ReturnType<typeof listMeasures>>,
      awaiting: null,
      today,
      amberWindowDays,
      pageSize: DASHBOARD_PAGE_SIZE,
    });
  }
  // Everyone else sees their own authority (another one's number shows nothing).
  const authorityIds = authority === undefined ? undefined : [authority];
  const [authorities, clocks, measures, awaiting, events] = await Promise.all([
    summariseAuthorities(actor, today, amberWindowDays, authorityIds),
    listInspectionClocks(actor, { authorityIds }),
    listMeasures(actor, { authorityIds }),
    // What waits for a lead (or an administrator looking at one authority) to sign off.
    listAwaitingMySignOff(actor, { authorityId: authority }),
    listInspectionEventsByAuthority(actor, authorityIds),
  ]);
  const windows = summariseInspectionWindows(clocks, today);
  return json({
    authorities,
    overview: null,
    windows,
    // Monitoring visits and annual engagement meetings, for each authority's inspection card.
    events: summariseEventsByAuthority(
      events,
      windows,
      authorities.map((a) => a.id),
      today,
    ),
    measures,
    awaiting: actor.role === "improvement_lead" || actor.role === "admin" ? awaiting : null,
    authorityId: authority ?? null,
    today,
    amberWindowDays,
    total: authorities.length,
    page: 1,
    pageCount: 1,
    pageSize: DASHBOARD_PAGE_SIZE,
  });
}

function AuthorityOverview({ overview }: { overview: ProgressCounts[] }) {
  return (
    <TableScroll caption="Plans by authority" captionClassName="govuk-table__caption govuk-table__caption--m">
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Authority
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Open
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Overdue
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Due soon
          </th>
          <RagHeaderCells />
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Signed off
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {overview.map((a) => {
          const base = `/actions?authority=${a.id}`;
          return (
            <tr className="govuk-table__row" key={a.id}>
              <th scope="row" className="govuk-table__header">
                <Link className="govuk-link" to={`/dashboard?authority=${a.id}`}>
                  {a.name}
                </Link>
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                <Link className="govuk-link" to={`${base}&open=1`}>
                  {a.total - a.signed_off}
                </Link>
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                <Link className="govuk-link" to={`${base}&overdue=1`}>
                  {a.overdue}
                </Link>
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                <Link className="govuk-link" to={`/overdue?authority=${a.id}`}>
                  {a.due_soon}
                </Link>
              </td>
              <RagCountCells counts={a} filterBase={base} />
              <td className="govuk-table__cell govuk-table__cell--numeric">{percentSignedOff(a)}</td>
            </tr>
          );
        })}
      </tbody>
    </TableScroll>
  );
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { today, amberWindowDays, total, page, pageCount, pageSize, overview, windows, events, measures, awaiting } =
    data;
  const authorities = overview ? [] : data.authorities;
  return (
    <>
      <h1 className="govuk-heading-l">Dashboard</h1>
      <p className="govuk-body">
        Improvement plan position on {formatDate(today)}. &ldquo;Due soon&rdquo; means due within the next{" "}
        {amberWindowDays} days.
        {overview && pageCount > 1
          ? ` Authorities ${(page - 1) * pageSize + 1} to ${(page - 1) * pageSize + overview.length} of ${total}, by name.`
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
      {overview ? <AuthorityOverview overview={overview} /> : null}
      {awaiting ? (
        awaiting.total > 0 ? (
          <AwaitingSignOffTable
            awaiting={awaiting}
            authorityId={"authorityId" in data ? (data.authorityId ?? undefined) : undefined}
          />
        ) : (
          <p className="govuk-body">Nothing is awaiting your sign-off.</p>
        )
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
            <TableScroll
              caption={
                <>
                  Actions by RAG rating ({percentSignedOff(a)} signed off, {a.no_target_date} open without a target
                  date)
                </>
              }
              captionClassName="govuk-table__caption govuk-table__caption--s"
            >
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
            </TableScroll>
            <InspectionWindowCard
              authorityId={a.id}
              summary={windows.find((w) => w.authorityId === a.id)}
              events={events.find((e) => e.authorityId === a.id)?.summary}
            />
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
