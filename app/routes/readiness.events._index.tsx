import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { InspectionEventsTable } from "../components/inspection-events-table";
import { ReadinessAuthorityPicker } from "../components/readiness-authority-picker";
import { ReadinessNav } from "../components/readiness-nav";
import { INSPECTION_EVENTS_SOURCE } from "../domain/inspection-events";
import { canManagePlan } from "../domain/permissions";
import { listVisibleAuthorities } from "../models/authority.server";
import { listInspectionEvents } from "../models/inspection-events.server";
import { requireContext } from "../utils/context.server";
import { storedInteger } from "../utils/record-id";

// /readiness/events: an authority's monitoring visits and annual engagement meetings, newest first.

const QuerySchema = z.object({ authority: storedInteger().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const { authority } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const authorities = await listVisibleAuthorities(actor);
  const chosen = authorities.find((a) => a.id === authority) ?? authorities[0] ?? null;
  const events = chosen ? await listInspectionEvents(actor, chosen.id) : [];
  return json({ authorities, chosen, events, canRecord: chosen ? canManagePlan(actor, chosen.id) : false });
}

export default function InspectionEvents() {
  const { authorities, chosen, events, canRecord } = useLoaderData<typeof loader>();
  return (
    <>
      <ReadinessNav />
      <h1 className="govuk-heading-l">Ofsted visits and meetings{chosen ? `: ${chosen.name}` : ""}</h1>
      <p className="govuk-body">
        Between inspections Ofsted keeps in touch with every authority: an annual engagement meeting each year to
        discuss the authority&rsquo;s self-evaluation, and, after an Inadequate judgement, monitoring visits until it
        re-inspects, each followed by a published letter. They show in the judgement history, on the dashboard and in
        the readiness report.
      </p>
      <p className="govuk-body-s">Source: {INSPECTION_EVENTS_SOURCE}.</p>
      <ReadinessAuthorityPicker authorities={authorities} chosenId={chosen?.id} button="Show visits and meetings" />
      {canRecord && chosen ? (
        <p className="govuk-body">
          <Link className="govuk-button" to={`/readiness/events/new?authority=${chosen.id}`}>
            Record a visit or meeting
          </Link>
        </p>
      ) : null}
      {chosen === null ? <p className="govuk-body">There is no authority for you to see yet.</p> : null}
      {chosen && events.length === 0 ? (
        <p className="govuk-body">No monitoring visit or annual engagement meeting is recorded for {chosen.name}.</p>
      ) : null}
      {events.length > 0 ? <InspectionEventsTable caption="Visits and meetings, newest first" events={events} /> : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Ofsted visits and meetings") }];
