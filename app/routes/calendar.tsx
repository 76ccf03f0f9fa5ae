import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle, SubmitButton } from "../components/forms";
import { createCalendarFeed, findActiveCalendarFeed, revokeCalendarFeed } from "../models/calendar-feed.server";
import { requireUser } from "../utils/auth.server";
import { formatDateTime } from "../utils/dates";
import { absoluteAppUrl } from "../utils/mailer.server";
import { flash } from "../utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const feed = await findActiveCalendarFeed(user.id);
  return json({ feedCreatedAt: feed?.created_at ?? null });
}

const CalendarIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create") }),
  z.object({ intent: z.literal("revoke") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = CalendarIntent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unknown request", { status: 400 });
  const now = new Date();
  if (parsed.data.intent === "revoke") {
    const revoked = await revokeCalendarFeed(user.actor, now);
    const message = revoked
      ? "Your calendar link has been turned off. Calendars using it will stop updating."
      : "You had no calendar link.";
    return redirect("/calendar", { headers: { "Set-Cookie": await flash(request, message) } });
  }
  // The link is shown in this response only and never stored, so it is not put in a redirect or cookie.
  const feed = await createCalendarFeed(user.actor, now);
  return json({ feedUrl: absoluteAppUrl(feed.path, request), replaced: feed.replaced });
}

export default function Calendar() {
  const { feedCreatedAt } = useLoaderData<typeof loader>();
  const created = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Calendar feed</h1>
        <p className="govuk-body">
          Add the target dates of your open actions to Outlook, Google Calendar or another calendar app. Each action
          shows as an all-day event on its target date and moves when the date changes.
        </p>
        <p className="govuk-body">
          The link is secret: anyone who has it can see the titles and dates of your actions. You can turn it off at any
          time.
        </p>

        {created ? (
          <div className="govuk-panel govuk-panel--confirmation" role="status">
            <h2 className="govuk-panel__title">{created.replaced ? "Your new calendar link" : "Your calendar link"}</h2>
            <div className="govuk-panel__body">
              <p className="govuk-body govuk-!-margin-bottom-2 app-colour-inherit">
                Copy it now: it will not be shown again.
              </p>
              <code className="app-break-anywhere" data-testid="feed-url">
                {created.feedUrl}
              </code>
            </div>
          </div>
        ) : null}
        {created?.replaced ? (
          <div className="govuk-inset-text">Your previous link no longer works. Update any calendar that used it.</div>
        ) : null}

        {feedCreatedAt ? (
          <>
            {created ? null : (
              <p className="govuk-body">You made a calendar link on {formatDateTime(feedCreatedAt)}.</p>
            )}
            <Form method="post">
              <input type="hidden" name="intent" value="create" />
              <SubmitButton secondary>Replace the link</SubmitButton>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
                Turn off the link
              </button>
            </Form>
          </>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="create" />
            <SubmitButton>Create a calendar link</SubmitButton>
          </Form>
        )}
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Calendar feed") }];
