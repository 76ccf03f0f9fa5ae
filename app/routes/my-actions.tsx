import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "../components/forms";
import { RagKey } from "../components/rag-key";
import { RagTag, StatusTag } from "../components/tags";
import { daysOverdue, daysUntilDue, RAG_ORDER } from "../domain/rag";
import { actionReference } from "../domain/references";
import { listOwnedActions } from "../models/action.server";
import { requireContext } from "../utils/context.server";
import { formatDate } from "../utils/dates";
import { TableHead } from "../components/table-head";
import { TableScroll } from "../components/table-scroll";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, today, settings } = await requireContext(request);
  const actions = await listOwnedActions(actor, today, settings.amberWindowDays);
  return json({ actions, today, amberWindowDays: settings.amberWindowDays });
}

const GROUP_HEADINGS = {
  red: "Red: overdue or off track",
  amber: "Amber: due soon, awaiting sign-off, no target date or at risk",
  green: "Green: on track",
  blue: "Blue: signed off",
} as const;

function when(targetDate: string | null, today: string): string {
  if (!targetDate) return "No target date";
  const overdue = daysOverdue(targetDate, today);
  if (overdue > 0) return `${overdue} ${overdue === 1 ? "day" : "days"} overdue`;
  const left = daysUntilDue(targetDate, today);
  return left === 0 ? "Due today" : `${left} ${left === 1 ? "day" : "days"} left`;
}

export default function MyActions() {
  const { actions, today, amberWindowDays } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">My actions</h1>
      {actions.length === 0 ? (
        <p className="govuk-body">No actions are assigned to you.</p>
      ) : (
        <p className="govuk-body">
          {actions.filter((a) => a.status !== "signed_off").length} open actions assigned to you, soonest first.
        </p>
      )}
      {RAG_ORDER.map((rag) => {
        const group = actions.filter((a) => a.rag === rag);
        if (group.length === 0) return null;
        return (
          <TableScroll
            key={rag}
            caption={
              <>
                {GROUP_HEADINGS[rag]} ({group.length})
              </>
            }
            captionClassName="govuk-table__caption govuk-table__caption--m"
          >
            <TableHead columns={["Action", "Target date", "Status", "RAG"]} />
            <tbody className="govuk-table__body">
              {group.map((a) => (
                <tr className="govuk-table__row" key={a.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/actions/${a.id}`}>
                      {actionReference(a.inspection_short_name, a.recommendation_position, a.sequence)} {a.title}
                    </Link>
                    <br />
                    <span className="govuk-body-s">
                      {a.reference} · {a.authority_name}: {a.inspection_title}
                    </span>
                  </td>
                  <td className="govuk-table__cell">
                    {formatDate(a.target_date, "Not set")}
                    {a.status !== "signed_off" ? (
                      <>
                        <br />
                        <span className="govuk-body-s">{when(a.target_date, today)}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell">
                    <StatusTag status={a.status} />
                  </td>
                  <td className="govuk-table__cell">
                    <RagTag rag={a.rag} />
                  </td>
                </tr>
              ))}
            </tbody>
          </TableScroll>
        );
      })}
      <RagKey amberWindowDays={amberWindowDays} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("My actions") }];
