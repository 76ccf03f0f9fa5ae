import type { MeetingChanges } from "../models/board-changes.server";
import { formatDate, formatDateTime } from "../utils/dates";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

const RAG_LABELS: Record<string, string> = { red: "Red", amber: "Amber", green: "Green", blue: "Blue" };

function ActionList({
  title,
  items,
}: {
  title: string;
  items: { actionId: number; reference: string; title: string }[];
}) {
  return (
    <>
      <h3 className="govuk-heading-s">{title}</h3>
      {items.length === 0 ? (
        <p className="govuk-body">None.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet">
          {items.map((a) => (
            <li key={a.actionId}>
              <a className="govuk-link" href={`/actions/${a.actionId}`}>
                {a.reference ? `${a.reference}: ` : ""}
                {a.title}
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** "Changes since the last board": what moved in the plan between two meetings of one board. */
export function BoardChanges({ changes }: { changes: MeetingChanges }) {
  const { previousMeeting } = changes;
  return (
    <section aria-labelledby="board-changes">
      <h2 className="govuk-heading-m" id="board-changes">
        {previousMeeting
          ? `Changes since the last board (${formatDate(previousMeeting.meetingDate)})`
          : "Changes since the last board"}
      </h2>
      <p className="govuk-body">
        {previousMeeting
          ? `From the end of ${formatDate(previousMeeting.meetingDate)} to the end of ${formatDate(changes.until)}.`
          : `No earlier held meeting of this board: changes from the start of the plan to the end of ${formatDate(changes.until)}.`}
      </p>
      <ActionList title="Newly signed off" items={changes.newlySignedOff} />
      <ActionList title="Newly overdue" items={changes.newlyOverdue} />

      <h3 className="govuk-heading-s">RAG changes</h3>
      {changes.ragChanges.length === 0 ? (
        <p className="govuk-body">None.</p>
      ) : (
        <TableScroll caption="RAG changes" captionClassName="govuk-visually-hidden">
          <TableHead columns={["Action", "From", "To"]} />
          <tbody className="govuk-table__body">
            {changes.ragChanges.map((c) => (
              <tr className="govuk-table__row" key={c.actionId}>
                <td className="govuk-table__cell">{c.reference ? `${c.reference}: ${c.title}` : c.title}</td>
                <td className="govuk-table__cell">{RAG_LABELS[c.from]}</td>
                <td className="govuk-table__cell">{RAG_LABELS[c.to]}</td>
              </tr>
            ))}
          </tbody>
        </TableScroll>
      )}

      <h3 className="govuk-heading-s">Target dates moved</h3>
      {changes.targetDatesMoved.length === 0 ? (
        <p className="govuk-body">None.</p>
      ) : (
        <TableScroll caption="Target dates moved" captionClassName="govuk-visually-hidden">
          <TableHead columns={["Action", "From", "To", "Reason", "Who, when"]} />
          <tbody className="govuk-table__body">
            {changes.targetDatesMoved.map((m, i) => (
              <tr className="govuk-table__row" key={`${m.actionId}-${i}`}>
                <td className="govuk-table__cell">{m.reference ? `${m.reference}: ${m.title}` : m.title}</td>
                <td className="govuk-table__cell">{formatDate(m.from, "Not set")}</td>
                <td className="govuk-table__cell">{formatDate(m.to, "Not set")}</td>
                <td className="govuk-table__cell">{m.reason}</td>
                <td className="govuk-table__cell">
                  {m.by ?? "Unknown"}, {formatDateTime(m.at)}
                </td>
              </tr>
            ))}
          </tbody>
        </TableScroll>
      )}

      <h3 className="govuk-heading-s">New recommendations</h3>
      {changes.newRecommendations.length === 0 ? (
        <p className="govuk-body">None.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet">
          {changes.newRecommendations.map((r, i) => (
            <li key={`${r.reference}-${i}`}>
              {r.inspectionTitle}, {r.reference}: {r.text}
            </li>
          ))}
        </ul>
      )}

      <h3 className="govuk-heading-s">New evidence</h3>
      {changes.newEvidence.length === 0 ? (
        <p className="govuk-body">None.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet">
          {changes.newEvidence.map((e, i) => (
            <li key={`${e.actionId}-${i}`}>
              {e.description} ({e.reference ? `${e.reference}: ` : ""}
              {e.title}, added {formatDateTime(e.createdAt)})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
