import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { AreaReadinessTag, ReadinessRules, RecommendationTaskList } from "../components/readiness-areas";
import { ReadinessAuthorityPicker } from "../components/readiness-authority-picker";
import { InspectionWindowCard } from "../components/inspection-window-card";
import { ReadinessNav } from "../components/readiness-nav";
import { TableHead } from "../components/table-head";
import { TableScroll } from "../components/table-scroll";
import { summariseInspectionWindows } from "../domain/deadlines";
import { summariseEventsByAuthority } from "../domain/inspection-events";
import { READINESS_AREA_LABELS, READINESS_LABELS, type RecommendationReadiness } from "../domain/readiness-areas";
import { listVisibleAuthorities } from "../models/authority.server";
import { listInspectionEventsByAuthority } from "../models/inspection-events.server";
import { listReadinessByArea } from "../models/readiness-areas.server";
import { listInspectionClocks } from "../models/readiness.server";
import { requireContext } from "../utils/context.server";
import { formatDate } from "../utils/dates";
import { storedInteger } from "../utils/record-id";

const QuerySchema = z.object({ authority: storedInteger().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, today } = await requireContext(request);
  const { authority } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const authorities = await listVisibleAuthorities(actor);
  const chosen = authorities.find((a) => a.id === authority) ?? authorities[0] ?? null;
  const [areas, clocks, events] = chosen
    ? await Promise.all([
        listReadinessByArea(actor, chosen.id, today),
        listInspectionClocks(actor, { authorityIds: [chosen.id] }),
        listInspectionEventsByAuthority(actor, [chosen.id]),
      ])
    : [null, [], []];
  const window = chosen
    ? summariseInspectionWindows(clocks, today).find((w) => w.authorityId === chosen.id)
    : undefined;
  return json({
    authorities,
    chosen,
    today,
    areas: areas ?? [],
    window,
    events: chosen
      ? summariseEventsByAuthority(events, window ? [window] : [], [chosen.id], today)[0].summary
      : undefined,
  });
}

const COUNTED: readonly RecommendationReadiness[] = [
  "signed_off_with_impact",
  "signed_off_without_impact",
  "open",
  "overdue",
  "no_owner",
  "no_target_date",
];

export default function ReadinessByArea() {
  const { authorities, chosen, today, areas, window, events } = useLoaderData<typeof loader>();
  return (
    <>
      <ReadinessNav />
      <h1 className="govuk-heading-l">Readiness by judgement area{chosen ? `: ${chosen.name}` : ""}</h1>
      <p className="govuk-body">
        Every recommendation from every inspection, placed under the current ILACS judgement area it will be judged in,
        with where it stands as at {formatDate(today)}. Inspectors look for whether the areas for improvement from the
        last inspection have been acted on and made a difference to children.
      </p>
      <ReadinessAuthorityPicker authorities={authorities} chosenId={chosen?.id} button="Show readiness" />
      {chosen === null ? <p className="govuk-body">There is no authority for you to see yet.</p> : null}
      {chosen ? (
        <InspectionWindowCard authorityId={chosen.id} summary={window} events={events} headingLevel={2} />
      ) : null}
      {areas.length > 0 ? (
        <TableScroll caption="Summary by area" captionClassName="govuk-table__caption govuk-table__caption--m">
          <TableHead columns={["Area", "Readiness", ...COUNTED.map((s) => ({ numeric: READINESS_LABELS[s] }))]} />
          <tbody className="govuk-table__body">
            {areas.map((a) => (
              <tr className="govuk-table__row" key={a.area}>
                <th scope="row" className="govuk-table__header">
                  <a className="govuk-link" href={`#area-${a.area}`}>
                    {READINESS_AREA_LABELS[a.area]}
                  </a>
                </th>
                <td className="govuk-table__cell">
                  <AreaReadinessTag readiness={a.summary.readiness} />
                </td>
                {COUNTED.map((s) => (
                  <td className="govuk-table__cell govuk-table__cell--numeric" key={s}>
                    {a.summary.counts[s]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </TableScroll>
      ) : null}
      {areas.map((a) => (
        <section key={a.area} aria-labelledby={`area-${a.area}`} className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id={`area-${a.area}`}>
            {READINESS_AREA_LABELS[a.area]}
          </h2>
          <p className="govuk-body">
            <AreaReadinessTag readiness={a.summary.readiness} /> {a.summary.explanation}
          </p>
          {a.recommendations.length > 0 ? (
            <RecommendationTaskList area={a.area} recommendations={a.recommendations} />
          ) : null}
        </section>
      ))}
      {chosen ? (
        <section aria-labelledby="rules">
          <h2 className="govuk-heading-m" id="rules">
            How readiness is decided
          </h2>
          <ReadinessRules />
          <p className="govuk-body">
            <Link className="govuk-link" to={`/readiness/report?authority=${chosen.id}`}>
              Readiness report to print or download
            </Link>
          </p>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Readiness by judgement area") }];
