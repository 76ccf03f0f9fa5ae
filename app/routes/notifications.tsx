import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { Pagination } from "../components/pagination";
import { actionReference } from "../domain/references";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationItem,
} from "../models/notifications.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { formatDate, formatDateTime } from "../utils/dates";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

const QuerySchema = z.object({ page: storedInteger().max(100_000).catch(1) });

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: storedInteger() }),
  z.object({ intent: z.literal("read_all") }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const { page } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await listNotifications(actor, page));
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireContext(request);
  const parsed = IntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Choose a notification to mark as read.", { status: 400 });
  const now = new Date();
  let message: string;
  if (parsed.data.intent === "read") {
    // Another person's notification is not there for this one.
    if (!(await markNotificationRead(actor, parsed.data.id, now))) throw notFound("There is no such notification.");
    message = "Notification marked as read";
  } else {
    const n = await markAllNotificationsRead(actor, now);
    message = n === 1 ? "1 notification marked as read" : `${n} notifications marked as read`;
  }
  return redirect(new URL(request.url).pathname + new URL(request.url).search, {
    headers: { "Set-Cookie": await flash(request, message) },
  });
}

function describe(n: NotificationItem): string {
  const by = n.by_name ?? "Someone";
  switch (n.kind) {
    case "assigned":
      return `${by} assigned this action to you`;
    case "sent_back":
      return `${by} sent this action back to you`;
    case "submitted":
      return `${by} submitted this action for your sign-off`;
    case "mentioned":
      return `${by} mentioned you in a comment`;
    case "due_soon":
      return `Due on ${formatDate(n.target_date)}`;
    case "overdue":
      return `Overdue: the target date was ${formatDate(n.target_date)}`;
  }
}

export default function Notifications() {
  const { items, total, page, pageCount } = useLoaderData<typeof loader>();
  const unread = items.filter((n) => !n.read_at).length;
  return (
    <>
      <h1 className="govuk-heading-l">Notifications</h1>
      <p className="govuk-body">
        Actions assigned to you, sent back to you or submitted for your sign-off, comments that mention you, and your
        actions that are due soon or overdue. Reminder e-mails are still sent as before.
      </p>
      {total === 0 ? <p className="govuk-body">You have no notifications.</p> : null}
      {unread > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="read_all" />
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Mark all as read
          </button>
        </Form>
      ) : null}
      {items.length > 0 ? (
        <ul className="govuk-list app-notifications">
          {items.map((n) => (
            <li key={n.id} className="app-comment">
              <p className="govuk-body govuk-!-margin-bottom-1">
                {n.read_at ? null : <strong className="govuk-tag govuk-tag--blue">Unread</strong>}{" "}
                <strong>{describe(n)}</strong>
              </p>
              <p className="govuk-body govuk-!-margin-bottom-1">
                <Link
                  className="govuk-link"
                  to={`/actions/${n.action_id}${n.comment_id ? `#comment-${n.comment_id}` : ""}`}
                >
                  {actionReference(n.inspection_short_name, n.recommendation_position, n.sequence)} {n.action_title}
                </Link>
              </p>
              <p className="govuk-body-s app-comment__meta govuk-!-margin-bottom-1">{formatDateTime(n.created_at)}</p>
              {n.read_at ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="govuk-link govuk-body-s app-link-button">
                    Mark as read
                    <span className="govuk-visually-hidden">
                      : {describe(n)}, {n.action_title}
                    </span>
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Notifications") }];
