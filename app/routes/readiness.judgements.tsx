import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { InspectionEventsTable } from "../components/inspection-events-table";
import { JudgementStepChart } from "../components/judgement-chart";
import { ReadinessAuthorityPicker } from "../components/readiness-authority-picker";
import { ReadinessNav } from "../components/readiness-nav";
import { emptyAreaText, JudgementTimelineTable } from "../components/judgement-timeline";
import {
  buildJudgementTimeline,
  FRAMEWORK_LABELS,
  GRADE_SCALES,
  MAPPING_RULES,
  type Framework,
} from "../domain/judgement-areas";
import { listVisibleAuthorities } from "../models/authority.server";
import { listInspectionEvents } from "../models/inspection-events.server";
import { listJudgementHistory } from "../models/readiness.server";
import { requireContext } from "../utils/context.server";
import { storedInteger } from "../utils/record-id";

const QuerySchema = z.object({ authority: storedInteger().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const { authority } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const authorities = await listVisibleAuthorities(actor);
  const chosen = authorities.find((a) => a.id === authority) ?? authorities[0] ?? null;
  const [history, events] = chosen
    ? await Promise.all([listJudgementHistory(actor, chosen.id), listInspectionEvents(actor, chosen.id)])
    : [[], []];
  // Oldest first, like the judgements.
  return json({ authorities, chosen, timeline: buildJudgementTimeline(history), events: [...events].reverse() });
}

const FRAMEWORKS: readonly Framework[] = ["slac", "lac_2013", "sif", "ilacs", "ilacs_2026"];

export default function JudgementHistory() {
  const { authorities, chosen, timeline, events } = useLoaderData<typeof loader>();
  return (
    <>
      <ReadinessNav />
      <h1 className="govuk-heading-l">Judgement history{chosen ? `: ${chosen.name}` : ""}</h1>
      <p className="govuk-body">
        Every imported inspection&rsquo;s judgements, grouped under the current ILACS judgement areas. Older frameworks
        judged different areas on different scales: each judgement keeps its own wording and grade, and is compared on
        one scale from 1 (outstanding) to 4 (inadequate).
      </p>
      <ReadinessAuthorityPicker authorities={authorities} chosenId={chosen?.id} button="Show history" />
      {timeline.areas.map((area) => (
        <section key={area.area} aria-labelledby={`area-${area.area}`}>
          <h2 className="govuk-heading-m" id={`area-${area.area}`}>
            {area.label}
          </h2>
          {emptyAreaText(area) ? <p className="govuk-body">{emptyAreaText(area)}</p> : null}
          {area.entries.length > 0 ? (
            <>
              <JudgementTimelineTable
                caption={`${area.label}: judgements mapped to this area`}
                entries={area.entries}
              />
              <JudgementStepChart id={`chart-${area.area}`} timeline={area} />
            </>
          ) : null}
        </section>
      ))}
      {chosen ? (
        <section aria-labelledby="events">
          <h2 className="govuk-heading-m" id="events">
            Monitoring visits and annual engagement meetings
          </h2>
          <p className="govuk-body">
            Ofsted&rsquo;s visits and meetings between inspections, with their letters.{" "}
            <Link className="govuk-link" to={`/readiness/events?authority=${chosen.id}`}>
              All visits and meetings
            </Link>
          </p>
          {events.length === 0 ? (
            <p className="govuk-body">None is recorded.</p>
          ) : (
            <InspectionEventsTable caption="Visits and meetings, oldest first" events={events} />
          )}
        </section>
      ) : null}
      {timeline.unmapped.length > 0 ? (
        <section aria-labelledby="unmapped">
          <h2 className="govuk-heading-m" id="unmapped">
            Judgements not mapped to a current area
          </h2>
          <JudgementTimelineTable caption="Shown separately, not compared" entries={timeline.unmapped} />
        </section>
      ) : null}
      <section aria-labelledby="mapping">
        <h2 className="govuk-heading-m" id="mapping">
          How older judgements are mapped
        </h2>
        <ul className="govuk-list govuk-list--bullet">
          {MAPPING_RULES.map((rule) => (
            <li key={rule.description}>{rule.description}</li>
          ))}
        </ul>
        <h3 className="govuk-heading-s">Grade scales, best first</h3>
        <dl className="govuk-summary-list">
          {FRAMEWORKS.map((f) => (
            <div className="govuk-summary-list__row" key={f}>
              <dt className="govuk-summary-list__key">{FRAMEWORK_LABELS[f]}</dt>
              <dd className="govuk-summary-list__value">
                {GRADE_SCALES[f].join(", ")}
                {f === "ilacs_2026" ? " (no overall effectiveness judgement)" : ""}
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Judgement history") }];
