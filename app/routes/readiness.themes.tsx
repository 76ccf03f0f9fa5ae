import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { ReadinessAuthorityPicker } from "../components/readiness-authority-picker";
import { ReadinessNav } from "../components/readiness-nav";
import { ThemeGroupSection, ThemeRules } from "../components/theme-groups";
import { findRecurringThemes } from "../domain/themes";
import { listVisibleAuthorities } from "../models/authority.server";
import { listThemeInputs } from "../models/themes.server";
import { requireContext } from "../utils/context.server";
import { storedInteger } from "../utils/record-id";

const QuerySchema = z.object({ authority: storedInteger().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const { authority } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const authorities = await listVisibleAuthorities(actor);
  // Asking for an authority you may not see is an error, not a silent switch to your own.
  if (authority !== undefined && !authorities.some((a) => a.id === authority)) {
    throw new Response("Not found", { status: 404 });
  }
  const chosen = authorities.find((a) => a.id === authority) ?? authorities[0] ?? null;
  const inputs = chosen ? await listThemeInputs(actor, chosen.id) : [];
  return json({
    authorities,
    chosen,
    inspectionCount: new Set(inputs.map((i) => i.inspectionId)).size,
    recommendationCount: inputs.length,
    groups: findRecurringThemes(inputs),
  });
}

export default function RecurringThemes() {
  const { authorities, chosen, inspectionCount, recommendationCount, groups } = useLoaderData<typeof loader>();
  return (
    <>
      <ReadinessNav />
      <h1 className="govuk-heading-l">Recurring themes{chosen ? `: ${chosen.name}` : ""}</h1>
      <p className="govuk-body">
        Inspectors look at whether the same weaknesses come back. These are the recommendations from different
        inspections that are about the same thing, with the words that put them together.
      </p>
      <ReadinessAuthorityPicker authorities={authorities} chosenId={chosen?.id} button="Show themes" />
      {chosen === null ? (
        <p className="govuk-body">There is no authority for you to see yet.</p>
      ) : (
        <p className="govuk-body">
          {recommendationCount} {recommendationCount === 1 ? "recommendation" : "recommendations"} from{" "}
          {inspectionCount} {inspectionCount === 1 ? "inspection" : "inspections"} compared.{" "}
          {groups.length === 0
            ? inspectionCount < 2
              ? "Themes can only recur once there are at least two inspections."
              : "No theme recurs across inspections."
            : `${groups.length} recurring ${groups.length === 1 ? "theme" : "themes"} found.`}
        </p>
      )}
      {groups.length > 0 ? (
        <nav aria-labelledby="themes-contents" className="govuk-!-margin-bottom-6">
          <h2 className="govuk-heading-s" id="themes-contents">
            Themes on this page
          </h2>
          <ul className="govuk-list">
            {groups.map((g) => (
              <li key={g.key}>
                <a className="govuk-link" href={`#theme-${g.key}`}>
                  {g.label}
                </a>{" "}
                ({g.inspections.map((i) => i.label).join(", ")})
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {groups.map((g) => (
        <ThemeGroupSection key={g.key} group={g} />
      ))}
      <ThemeRules />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Recurring themes") }];
