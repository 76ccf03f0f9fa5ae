import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { roleLabel, UserStatusTag } from "../components/user-fields";
import { listVisibleAuthorities } from "../models/authority.server";
import { listUsers } from "../models/user.server";
import { requireAdmin } from "../utils/admin.server";
import { formatDateTime } from "../utils/dates";
import { TableHead } from "../components/table-head";
import { TableScroll } from "../components/table-scroll";
import { storedInteger } from "../utils/record-id";

const FilterSchema = z.object({ authority: storedInteger().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const filter = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [users, authorities] = await Promise.all([
    listUsers({ authorityId: filter.authority }),
    listVisibleAuthorities(admin.actor),
  ]);
  return json({ users, authorities, authorityId: filter.authority ?? null });
}

export default function AdminUsers() {
  const { users, authorities, authorityId } = useLoaderData<typeof loader>();
  const authorityName = authorities.find((a) => a.id === authorityId)?.name;
  return (
    <>
      <h1 className="govuk-heading-l">Users</h1>
      <p className="govuk-body">
        People are never deleted: a deactivated user cannot sign in, but history keeps their name and the actions they
        own stay assigned to them until someone reassigns them.
      </p>
      <Link to="/admin/users/new" className="govuk-button" data-module="govuk-button">
        Add a user
      </Link>

      <Form method="get">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="authority">
            Authority
          </label>
          <select className="govuk-select" id="authority" name="authority" defaultValue={authorityId ?? ""}>
            <option value="">All authorities</option>
            {authorities.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>{" "}
          <button
            type="submit"
            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
            data-module="govuk-button"
          >
            Filter
          </button>
        </div>
      </Form>

      <TableScroll
        caption={
          <>
            {users.length} {users.length === 1 ? "user" : "users"}
            {authorityName ? ` in ${authorityName}` : ""}
          </>
        }
        captionClassName="govuk-table__caption govuk-table__caption--m"
      >
        <TableHead
          columns={["Name", "Email", "Role", "Authority", "Status", { numeric: "Open actions" }, "Last signed in"]}
        />
        <tbody className="govuk-table__body">
          {users.map((user) => (
            <tr key={user.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                <Link to={`/admin/users/${user.id}`} className="govuk-link">
                  {user.name}
                </Link>
                {user.status === "deactivated" ? " (deactivated)" : ""}
              </td>
              <td className="govuk-table__cell">{user.email}</td>
              <td className="govuk-table__cell">{roleLabel(user.role)}</td>
              <td className="govuk-table__cell">{user.authority_name ?? "All authorities"}</td>
              <td className="govuk-table__cell">
                <UserStatusTag status={user.status} />
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{user.open_actions}</td>
              <td className="govuk-table__cell">
                {user.last_signed_in_at ? formatDateTime(user.last_signed_in_at) : "Never"}
              </td>
            </tr>
          ))}
        </tbody>
      </TableScroll>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Users") }];
