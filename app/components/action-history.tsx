import { formatDate, formatDateTime } from "../utils/dates";
import { describeStoredFile } from "../utils/evidence-form";
import type { ActionView } from "./action-summary";
import { describeAuditEvent } from "./audit-text";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

export function ActionHistory({ action }: { action: ActionView }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h2 className="govuk-heading-m">Progress updates</h2>
        {action.updates.length === 0 ? (
          <p className="govuk-body">No progress updates yet.</p>
        ) : (
          <ul className="govuk-list">
            {action.updates.map((u) => (
              <li key={u.id} className="app-recommendation">
                <p className="govuk-body-s govuk-!-margin-bottom-1">
                  {formatDateTime(u.created_at)} – {u.author_name ?? "Unknown"}
                </p>
                <p className="govuk-body">{u.body}</p>
              </li>
            ))}
          </ul>
        )}

        <h2 className="govuk-heading-m">Evidence</h2>
        {action.evidence.length === 0 ? (
          <p className="govuk-body">No evidence yet. At least one item is needed before submitting for sign-off.</p>
        ) : (
          <TableScroll caption="Evidence for this action" captionClassName="govuk-visually-hidden">
            <TableHead columns={["Evidence", "Shows", "Dated", "Added"]} />
            <tbody className="govuk-table__body">
              {action.evidence.map((e) => (
                <tr className="govuk-table__row" key={e.id}>
                  <td className="govuk-table__cell">
                    <EvidenceDescription evidence={e} />
                  </td>
                  <td className="govuk-table__cell">{e.purpose === "impact" ? "Impact" : "Completion"}</td>
                  <td className="govuk-table__cell">{formatDate(e.evidence_date, "–")}</td>
                  <td className="govuk-table__cell">
                    {formatDateTime(e.created_at)} by {e.added_by_name ?? "Unknown"}
                  </td>
                </tr>
              ))}
            </tbody>
          </TableScroll>
        )}

        <h2 className="govuk-heading-m">History</h2>
        {action.history.length === 0 ? (
          <p className="govuk-body">No changes recorded yet.</p>
        ) : (
          <TableScroll caption="Every change to this action, newest first" captionClassName="govuk-visually-hidden">
            <TableHead columns={["When", "Who", "What"]} />
            <tbody className="govuk-table__body">
              {action.history.map((h) => (
                <tr className="govuk-table__row" key={h.id}>
                  <td className="govuk-table__cell">{formatDateTime(h.at)}</td>
                  <td className="govuk-table__cell">{h.user_name ?? "System"}</td>
                  <td className="govuk-table__cell">{describeAuditEvent(h.event, h.before, h.after)}</td>
                </tr>
              ))}
            </tbody>
          </TableScroll>
        )}
      </div>
    </div>
  );
}

/** A link opens the document where it is kept; a file downloads (signed-in users of the authority only). */
function EvidenceDescription({ evidence: e }: { evidence: ActionView["evidence"][number] }) {
  if (e.kind === "link" && e.url) {
    return (
      <a className="govuk-link" href={e.url} rel="noreferrer noopener">
        {e.description}
      </a>
    );
  }
  if (e.kind === "file" && e.file_name && e.file_type && e.file_size !== null) {
    return (
      <>
        {e.description}
        <br />
        <a className="govuk-link" href={`/evidence/${e.id}/download`} download>
          {e.file_name}
        </a>{" "}
        <span className="govuk-body-s">({describeStoredFile(e.file_type, e.file_size)})</span>
      </>
    );
  }
  return <>{e.description}</>;
}
