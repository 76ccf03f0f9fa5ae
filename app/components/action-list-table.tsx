import { Link } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import { actionReference } from "../domain/references";
import type { ActionListItem } from "../models/action.server";
import { OwnerToRagCells } from "./actions-table";
import { ChooseAllHeader, ChooseCell } from "./bulk-changes";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

/** The table of actions; with a tick box on each row when they can be changed together. */
export function ActionListTable({
  items,
  chosen,
  choose,
}: {
  items: SerializeFrom<ActionListItem>[];
  chosen: number[];
  choose: boolean;
}) {
  return (
    <TableScroll caption="Actions matching the filters" captionClassName="govuk-visually-hidden">
      {choose ? (
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <ChooseAllHeader />
            {["No.", "Action", "Owner", "Target date", "Status", "RAG"].map((c) => (
              <th key={c} scope="col" className="govuk-table__header">
                {c}
              </th>
            ))}
          </tr>
        </thead>
      ) : (
        <TableHead columns={["No.", "Action", "Owner", "Target date", "Status", "RAG"]} />
      )}
      <tbody className="govuk-table__body">
        {items.map((a) => (
          <tr className="govuk-table__row" key={a.id}>
            {choose ? (
              <ChooseCell
                actionId={a.id}
                version={a.version}
                label={`${actionReference(a.inspection_short_name, a.recommendation_position, a.sequence)} ${a.title}`}
                chosen={chosen.includes(a.id)}
              />
            ) : null}
            <td className="govuk-table__cell">
              {actionReference(a.inspection_short_name, a.recommendation_position, a.sequence)}
              <br />
              <span className="govuk-body-s">{a.reference}</span>
            </td>
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={`/actions/${a.id}`}>
                {a.title}
              </Link>
              <br />
              <span className="govuk-body-s">
                {a.authority_name}: {a.inspection_title}
              </span>
            </td>
            <OwnerToRagCells action={a} />
          </tr>
        ))}
      </tbody>
    </TableScroll>
  );
}
