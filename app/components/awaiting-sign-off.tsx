import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { actionReference } from "../domain/references";
import type { AwaitingSignOff } from "../models/follow-up.server";
import { formatDate } from "../utils/dates";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

/** The actions waiting for this lead's sign-off, longest waiting first, with a link to them all. */
export function AwaitingSignOffTable({
  awaiting,
  authorityId,
}: {
  awaiting: { items: SerializeFrom<AwaitingSignOff>[]; total: number };
  authorityId?: number;
}) {
  const all = `/actions?${authorityId ? `authority=${authorityId}&` : ""}status=awaiting_sign_off`;
  return (
    <>
      <TableScroll
        caption={<>Awaiting your sign-off ({awaiting.total})</>}
        captionClassName="govuk-table__caption govuk-table__caption--m"
      >
        <TableHead columns={["Action", "Owner", "Target date"]} />
        <tbody className="govuk-table__body">
          {awaiting.items.map((a) => (
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
              <td className="govuk-table__cell">{a.owner_name ?? "No owner"}</td>
              <td className="govuk-table__cell">{formatDate(a.target_date, "Not set")}</td>
            </tr>
          ))}
        </tbody>
      </TableScroll>
      {awaiting.total > awaiting.items.length ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={all}>
            See all {awaiting.total} actions awaiting sign-off
          </Link>
        </p>
      ) : null}
    </>
  );
}
