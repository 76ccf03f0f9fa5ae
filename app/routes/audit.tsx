import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { describeAuditEvent } from "../components/audit-text";
import { ErrorSummary, pageTitle, SelectField, TextField } from "../components/forms";
import { Pagination } from "../components/pagination";
import { listVisibleAuthorities } from "../models/authority.server";
import { canViewAuditLog, listAuditEvents, listAuditFilterOptions } from "../models/audit-log.server";
import { AUDIT_ENTITY_TYPES } from "../utils/audit-filters";
import { parseAuditQuery } from "../utils/audit-filters";
import { forbidden } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { formatDateTime } from "../utils/dates";
import { TableHead } from "../components/table-head";
import { TableScroll } from "../components/table-scroll";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  if (!canViewAuditLog(actor)) throw forbidden("The audit log is for improvement leads and administrators.");
  const { filters, page, values, errors } = parseAuditQuery(new URL(request.url).searchParams);
  const [result, options, authorities] = await Promise.all([
    listAuditEvents(actor, filters, page),
    listAuditFilterOptions(actor),
    listVisibleAuthorities(actor),
  ]);
  return json({ ...result, options, authorities, isAdmin: actor.role === "admin", values, errors });
}

const any = { value: "", label: "Any" };

/** Where an event's subject lives in the app, when it has a page. */
function entityLink(entityType: string, entityId: number): { to: string; label: string } | null {
  if (entityType === "action") return { to: `/actions/${entityId}`, label: `Action ${entityId}` };
  if (entityType === "inspection") return { to: `/inspections/${entityId}`, label: `Inspection ${entityId}` };
  if (entityType === "inspection_event")
    return { to: `/readiness/events/${entityId}`, label: `Visit or meeting ${entityId}` };
  if (entityType === "recommendation")
    return { to: `/recommendations/${entityId}`, label: `Recommendation ${entityId}` };
  return null;
}

export default function AuditLog() {
  const { items, total, page, pageCount, options, authorities, isAdmin, values, errors } =
    useLoaderData<typeof loader>();
  const location = useLocation();
  const csvParams = new URLSearchParams(location.search);
  csvParams.delete("page");
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        Every change made in Followthrough, newest first. Entries are never edited or removed.
      </p>
      <Form method="get" className="app-filters" aria-label="Filter the audit log">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            {isAdmin ? (
              <SelectField
                name="authority"
                label="Authority"
                options={[any, ...authorities.map((a) => ({ value: String(a.id), label: a.name }))]}
                defaultValue={values.authority}
              />
            ) : null}
            <SelectField
              name="entity"
              label="About"
              options={[any, ...Object.entries(AUDIT_ENTITY_TYPES).map(([value, label]) => ({ value, label }))]}
              defaultValue={values.entity}
            />
            <SelectField
              name="event"
              label="Event"
              options={[any, ...options.events.map((e) => ({ value: e, label: e }))]}
              defaultValue={values.event}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <SelectField
              name="user"
              label="Who"
              options={[any, ...options.users.map((u) => ({ value: String(u.id), label: u.name }))]}
              defaultValue={values.user}
            />
            <TextField
              name="action"
              label="Action number"
              width={10}
              defaultValue={values.action}
              error={errors.action}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <TextField
              name="from"
              label="From"
              hint="For example, 1/4/2025"
              width={10}
              defaultValue={values.from}
              error={errors.from}
            />
            <TextField
              name="to"
              label="To"
              hint="For example, 30/6/2025"
              width={10}
              defaultValue={values.to}
              error={errors.to}
            />
          </div>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Apply filters
          </button>
          <Link className="govuk-link" to="/audit">
            Clear filters
          </Link>
          <a className="govuk-link" href={`/audit.csv${csvParams.size > 0 ? `?${csvParams}` : ""}`} download>
            Download as CSV
          </a>
        </div>
      </Form>
      <p className="govuk-body" role="status">
        {total === 1 ? "1 entry" : `${total.toLocaleString("en-GB")} entries`}
        {pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}
      </p>
      {items.length === 0 ? (
        <p className="govuk-body">No entries match these filters.</p>
      ) : (
        <TableScroll caption="Audit log entries, newest first" captionClassName="govuk-visually-hidden">
          <TableHead columns={["When", "Who", ...(isAdmin ? ["Authority"] : []), "About", "What happened"]} />
          <tbody className="govuk-table__body">
            {items.map((row) => {
              const link = entityLink(row.entity_type, row.entity_id);
              return (
                <tr className="govuk-table__row" key={row.id}>
                  <td className="govuk-table__cell">{formatDateTime(row.at)}</td>
                  <td className="govuk-table__cell">{row.user_name ?? "System"}</td>
                  {isAdmin ? <td className="govuk-table__cell">{row.authority_name ?? "–"}</td> : null}
                  <td className="govuk-table__cell">
                    {link ? (
                      <Link className="govuk-link" to={link.to}>
                        {link.label}
                      </Link>
                    ) : row.entity_id === 0 ? (
                      // About nothing recorded here (a refused sign-in that named no council).
                      "–"
                    ) : (
                      `${AUDIT_ENTITY_TYPES[row.entity_type as keyof typeof AUDIT_ENTITY_TYPES] ?? row.entity_type} ${row.entity_id}`
                    )}
                  </td>
                  <td className="govuk-table__cell">{describeAuditEvent(row.event, row.before, row.after)}</td>
                </tr>
              );
            })}
          </tbody>
        </TableScroll>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Audit log") }];
