import { Link } from "@remix-run/react";
import type { ActionStatus, Rag } from "../domain/rag";
import { formatDate } from "../utils/dates";
import { TableHead } from "./table-head";
import { RagTag, StatusTag } from "./tags";
import { TableScroll } from "./table-scroll";

export interface ActionsTableRow {
  id: number;
  /** "1.2": the recommendation's position and the action's sequence. */
  number: string;
  /** The inspection's short name, said before the number to screen readers (the page is about that inspection). */
  inspectionShortName?: string;
  title: string;
  owner_name: string | null;
  target_date: string | null;
  status: string;
  rag: Rag;
  withdrawn_at: string | null;
}

/** An action's owner, target date, status and RAG: the last cells of a row in a list of actions. */
export function OwnerToRagCells({
  action,
}: {
  action: Pick<ActionsTableRow, "owner_name" | "target_date" | "status" | "rag">;
}) {
  return (
    <>
      <td className="govuk-table__cell">{action.owner_name ?? "Not assigned"}</td>
      <td className="govuk-table__cell">{formatDate(action.target_date, "Not set")}</td>
      <td className="govuk-table__cell">
        <StatusTag status={action.status as ActionStatus} />
      </td>
      <td className="govuk-table__cell">
        <RagTag rag={action.rag} />
      </td>
    </>
  );
}

/** One recommendation's actions: number and title (linked), owner, target date, status and RAG. */
export function ActionsTable({ caption, actions }: { caption: string; actions: readonly ActionsTableRow[] }) {
  return (
    <TableScroll caption={caption} captionClassName="govuk-visually-hidden">
      <TableHead columns={["Action", "Owner", "Target date", "Status", "RAG"]} />
      <tbody className="govuk-table__body">
        {actions.map((a) => (
          <tr className="govuk-table__row" key={a.id}>
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={`/actions/${a.id}`}>
                {a.inspectionShortName ? <span className="govuk-visually-hidden">{a.inspectionShortName} </span> : null}
                {a.number} {a.title}
              </Link>
              {a.withdrawn_at ? (
                <strong className="govuk-tag govuk-tag--grey govuk-!-margin-left-1">Withdrawn</strong>
              ) : null}
            </td>
            <OwnerToRagCells action={a} />
          </tr>
        ))}
      </tbody>
    </TableScroll>
  );
}
