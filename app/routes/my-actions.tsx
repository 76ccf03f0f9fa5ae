import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "../components/forms";
import { RagKey } from "../components/rag-key";
import { RagTag, StatusTag } from "../components/tags";
import { daysOverdue, daysUntilDue, RAG_ORDER } from "../domain/rag";
import { actionReference } from "../domain/references";
import { listOwnedActions } from "../models/action.server";
import { listAwaitingMySignOff, listSentBackToMe } from "../models/follow-up.server";
import { AwaitingSignOffTable } from "../components/awaiting-sign-off";
import { requireContext } from "../utils/context.server";
import { formatDate, formatDateTime } from "../utils/dates";
import { TableHead } from "../components/table-head";
import { TableScroll } from "../components/table-scroll";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, today, settings } = await requireContext(request);
  const [actions, sentBack, awaiting] = await Promise.all([
    listOwnedActions(actor, today, settings.amberWindowDays),
    listSentBackToMe(actor, today, settings.amberWindowDays),
    listAwaitingMySignOff(actor),
  ]);
  return json({ actions, sentBack, awaiting, today, amberWindowDays: settings.amberWindowDays });
}

const GROUP_HEADINGS = {
  red: "Red: overdue or off track",
  amber: "Amber: due soon or at risk",
  grey: "Not scheduled: no target date yet",
  green: "Green: on track, or done and awaiting sign-off",
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
  const { actions: owned, sentBack, awaiting, today, amberWindowDays } = useLoaderData<typeof loader>();
  // An action sent back is listed first, under its own heading, and not again below.
  const sentBackIds = new Set(sentBack.map((a) => a.id));
  const actions = owned.filter((a) => !sentBackIds.has(a.id));
  return (
    <>
      <h1 className="govuk-heading-l">My actions</h1>
      {sentBack.length > 0 ? (
        <TableScroll
          caption={<>Sent back to you ({sentBack.length})</>}
          captionClassName="govuk-table__caption govuk-table__caption--m"
        >
          <TableHead columns={["Action", "Sent back", "Target date", "RAG"]} />
          <tbody className="govuk-table__body">
            {sentBack.map((a) => (
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
                <td className="govuk-table__cell">{a.sent_back_at ? formatDateTime(a.sent_back_at) : ""}</td>
                <td className="govuk-table__cell">
                  {formatDate(a.target_date, "Not set")}
                  <br />
                  <span className="govuk-body-s">{when(a.target_date, today)}</span>
                </td>
                <td className="govuk-table__cell">
                  <RagTag rag={a.rag} />
                </td>
              </tr>
            ))}
          </tbody>
        </TableScroll>
      ) : null}
      {awaiting.total > 0 ? <AwaitingSignOffTable awaiting={awaiting} /> : null}
      {actions.length === 0 ? (
        sentBack.length === 0 ? (
          <p className="govuk-body">No actions are assigned to you.</p>
        ) : null
      ) : (
        <p className="govuk-body">
          {owned.filter((a) => a.status !== "signed_off").length} open actions assigned to you
          {sentBack.length > 0 ? ` (${sentBack.length} sent back to you, listed first)` : ""}; the others by RAG,
          soonest first.
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
