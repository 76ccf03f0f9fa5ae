import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "../components/forms";
import { REPORT_KIND_LABELS } from "../domain/import-plan";
import { canManagePlan } from "../domain/permissions";
import type { ReportKind } from "../import/types";
import { listInspections } from "../models/inspection.server";
import { listRemovedInspections } from "../models/inspection-removal.server";
import { requireUser } from "../utils/auth.server";
import { formatDate, londonDateOf } from "../utils/dates";
import { TableHead } from "../components/table-head";
import { TableScroll } from "../components/table-scroll";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [inspections, removed] = await Promise.all([listInspections(user.actor), listRemovedInspections(user.actor)]);
  const canImport =
    user.role === "admin" || (user.authority_id !== null && canManagePlan(user.actor, user.authority_id));
  return json({ inspections, removed, canImport, showAuthority: user.role === "admin" });
}

export default function Inspections() {
  const { inspections, removed, canImport, showAuthority } = useLoaderData<typeof loader>();
  const authorities = [...new Map(inspections.map((i) => [i.authority_id, i.authority_name])).entries()];
  return (
    <>
      <h1 className="govuk-heading-l">Inspections</h1>
      <p className="govuk-body">
        <Link className="govuk-link" to="/readiness/judgements">
          Judgement history across inspections
        </Link>
      </p>
      {canImport ? (
        <div className="govuk-button-group">
          <Link to="/import" className="govuk-button">
            Import a report
          </Link>
        </div>
      ) : null}
      {inspections.length === 0 ? (
        <p className="govuk-body">
          {removed.length === 0 ? "No inspection reports have been imported yet." : "No inspection is in the plan."}
        </p>
      ) : null}
      {authorities.map(([authorityId, authorityName]) => (
        <TableScroll
          key={authorityId}
          caption={<>{authorityName}: inspection history</>}
          captionClassName="govuk-table__caption govuk-table__caption--m"
        >
          <TableHead
            columns={[
              "Inspected",
              "Report",
              "Overall effectiveness",
              { numeric: "Recommendations" },
              { numeric: "Open actions" },
            ]}
          />
          <tbody className="govuk-table__body">
            {inspections
              .filter((i) => i.authority_id === authorityId)
              .map((i) => (
                <tr className="govuk-table__row" key={i.id}>
                  <td className="govuk-table__cell">
                    {i.inspection_start
                      ? `${formatDate(i.inspection_start)} to ${formatDate(i.inspection_end, "?")}`
                      : formatDate(i.published, "Not known")}
                  </td>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/inspections/${i.id}`}>
                      {i.title}
                    </Link>
                    <br />
                    <span className="govuk-body-s">
                      {REPORT_KIND_LABELS[i.kind as ReportKind] ?? i.kind}
                      {i.published ? ` · published ${formatDate(i.published)}` : ""}
                    </span>
                  </td>
                  <td className="govuk-table__cell">{i.overall_grade ?? "Not given"}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{i.recommendation_count}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{i.open_action_count}</td>
                </tr>
              ))}
          </tbody>
        </TableScroll>
      ))}
      {removed.length > 0 ? (
        <TableScroll
          caption="Removed from the plan (imported in error)"
          captionClassName="govuk-table__caption govuk-table__caption--m"
        >
          <TableHead columns={["Report", ...(showAuthority ? ["Authority"] : []), "Removed", "Why"]} />
          <tbody className="govuk-table__body">
            {removed.map((i) => (
              <tr className="govuk-table__row" key={i.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/inspections/${i.id}`}>
                    {i.title}
                  </Link>
                </td>
                {showAuthority ? <td className="govuk-table__cell">{i.authority_name}</td> : null}
                <td className="govuk-table__cell">
                  {i.removed_at ? formatDate(londonDateOf(i.removed_at)) : ""} by {i.removed_by_name ?? "a former user"}
                </td>
                <td className="govuk-table__cell">{i.removed_reason}</td>
              </tr>
            ))}
          </tbody>
        </TableScroll>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Inspections") }];
