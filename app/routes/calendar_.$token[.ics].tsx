import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCalendarFeed } from "../exports/calendar.server";
import { findCalendarFeedOwner, listCalendarActions } from "../models/calendar-feed.server";
import { notFound } from "../utils/auth.server";
import { requestBaseUrl } from "../utils/mailer.server";

// /calendar/<token>.ics: a person's target dates for their calendar app. No session: the secret
// token is the credential, so an unknown, revoked or deactivated person's token is simply not found.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const owner = await findCalendarFeedOwner(params.token ?? "");
  if (!owner) throw notFound();
  const body = buildCalendarFeed(await listCalendarActions(owner), requestBaseUrl(request));
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="followthrough.ics"',
      // The feed is personal: shared caches must not keep it.
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
