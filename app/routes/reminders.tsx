import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle, SelectField } from "../components/forms";
import { Pagination } from "../components/pagination";
import { DIGEST_KIND_LABELS, OUTBOX_STATUS_LABELS, OUTBOX_STATUSES, type OutboxStatus } from "../domain/reminders";
import { listOutbox, listOwnDigests } from "../models/reminders.server";
import { requireUser } from "../utils/auth.server";
import { formatDate, formatDateTime } from "../utils/dates";
import { isMailConfigured } from "../utils/mailer.server";
import { TableHead } from "../components/table-head";
import { TableScroll } from "../components/table-scroll";

const OutboxQuery = z.object({
  status: z.enum(OUTBOX_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const seesOutbox = user.role === "admin" || user.role === "improvement_lead";
  const query = OutboxQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [digests, outbox] = await Promise.all([
    listOwnDigests(user.id),
    seesOutbox ? listOutbox(user.actor, query) : null,
  ]);
  return json({
    digests,
    outbox,
    status: query.status ?? null,
    scope: user.role === "admin" ? "everyone" : (user.authority_name ?? "your authority"),
    mailConfigured: isMailConfigured(),
  });
}

const STATUS_TAG_CLASSES: Record<OutboxStatus, string> = {
  queued: "govuk-tag--grey",
  sent: "govuk-tag--green",
  failed: "govuk-tag--red",
  not_sent_no_smtp: "govuk-tag--yellow",
};

function OutboxStatusTag({ status }: { status: OutboxStatus }) {
  return <strong className={`govuk-tag ${STATUS_TAG_CLASSES[status]}`}>{OUTBOX_STATUS_LABELS[status]}</strong>;
}

export default function Reminders() {
  const { digests, outbox, status, scope, mailConfigured } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Reminders</h1>
      <p className="govuk-body">
        Each morning you get one reminder listing your actions that are overdue, due soon or sent back to you, and, if
        you sign off actions, those waiting for you. Nobody gets a reminder when there is nothing to tell them.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/calendar">
          Add the target dates of your actions to your calendar
        </Link>
      </p>
      {mailConfigured ? null : (
        <div className="govuk-inset-text">E-mail is not set up for this service, so reminders are shown here only.</div>
      )}

      <h2 className="govuk-heading-m">Your reminders</h2>
      {digests.length === 0 ? (
        <p className="govuk-body">You have had no reminders yet.</p>
      ) : (
        digests.map((digest) => (
          <details className="govuk-details" key={digest.id}>
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">
                {formatDate(digest.digest_date)}: {digest.subject}
              </span>
            </summary>
            <div className="govuk-details__text">
              <p className="govuk-body">
                <OutboxStatusTag status={digest.status} />
                {digest.sent_at ? ` E-mailed ${formatDateTime(digest.sent_at)}.` : null}
              </p>
              {/* The plain-text version, shown as text: the HTML version is for e-mail clients only. */}
              <pre className="govuk-inset-text govuk-body-s app-pre-wrap">{digest.body_text}</pre>
            </div>
          </details>
        ))
      )}

      {outbox ? (
        <>
          <h2 className="govuk-heading-m">Outbox for {scope}</h2>
          <Form method="get" aria-label="Filter the outbox">
            <SelectField
              name="status"
              label="Status"
              defaultValue={status ?? ""}
              options={[
                { value: "", label: "Any" },
                ...OUTBOX_STATUSES.map((s) => ({ value: s, label: OUTBOX_STATUS_LABELS[s] })),
              ]}
            />
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              Filter
            </button>
          </Form>
          <p className="govuk-body" role="status">
            {outbox.total} {outbox.total === 1 ? "message" : "messages"}
          </p>
          {outbox.items.length > 0 ? (
            <TableScroll caption="Reminder messages, latest first" captionClassName="govuk-visually-hidden">
              <TableHead columns={["Day", "To", "Reminder", "Status"]} />
              <tbody className="govuk-table__body">
                {outbox.items.map((item) => (
                  <tr className="govuk-table__row" key={item.id}>
                    <td className="govuk-table__cell">{formatDate(item.digest_date)}</td>
                    <td className="govuk-table__cell">{item.user_name}</td>
                    <td className="govuk-table__cell">
                      {item.subject}
                      <br />
                      <span className="govuk-body-s">{DIGEST_KIND_LABELS[item.kind]}</span>
                    </td>
                    <td className="govuk-table__cell">
                      <OutboxStatusTag status={item.status} />
                      {item.error ? (
                        <>
                          <br />
                          <span className="govuk-body-s">{item.error}</span>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </TableScroll>
          ) : null}
          <Pagination page={outbox.page} pageCount={outbox.pageCount} />
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Reminders") }];
