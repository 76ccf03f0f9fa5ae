import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "../components/forms";
import { MeasureSparkline, MeasureValuesTable } from "../components/measure-chart";
import { DIRECTION_LABELS, formatMeasureValue, summariseMeasure } from "../domain/measures";
import { listMeasures } from "../models/measures.server";
import { requireContext } from "../utils/context.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const measures = (await listMeasures(actor)).map((m) => ({ ...m, summary: summariseMeasure(m) }));
  return json({ measures, canAdd: actor.role === "admin" || actor.role === "improvement_lead" });
}

export default function Measures() {
  const { measures, canAdd } = useLoaderData<typeof loader>();
  const authorities = [...new Set(measures.map((m) => m.authority_name))];
  return (
    <>
      <h1 className="govuk-heading-l">Performance measures</h1>
      <p className="govuk-body">
        Evidence of impact: the indicators that show whether the plan is changing children's experiences, against target,
        statistical neighbours and England.
      </p>
      {canAdd ? (
        <p className="govuk-body">
          <Link className="govuk-button" to="/measures/new">
            Add a measure
          </Link>
        </p>
      ) : null}
      {measures.length === 0 ? <p className="govuk-body">No measures yet.</p> : null}
      {authorities.map((authority) => (
        <section key={authority} aria-labelledby={`authority-${authorities.indexOf(authority)}`}>
          <h2 className="govuk-heading-m" id={`authority-${authorities.indexOf(authority)}`}>
            {authority}
          </h2>
          {measures
            .filter((m) => m.authority_name === authority)
            .map((m) => (
              <div key={m.id} className="govuk-!-margin-bottom-6">
                <h3 className="govuk-heading-s">
                  <Link className="govuk-link" to={`/measures/${m.id}`}>
                    {m.name}
                  </Link>
                </h3>
                <div className="govuk-grid-row">
                  <div className="govuk-grid-column-one-quarter">
                    <MeasureSparkline name={m.name} unit={m.unit} values={m.values} />
                  </div>
                  <div className="govuk-grid-column-three-quarters">
                    <dl className="govuk-summary-list govuk-summary-list--no-border">
                      {[
                        ["Latest", m.summary.latest ? `${m.summary.latest.formatted} (${m.summary.latest.period})` : "No values yet"],
                        ["Direction of travel", m.summary.direction ? DIRECTION_LABELS[m.summary.direction] : "Not enough values yet"],
                        ["Baseline", m.baseline_value === null ? "Not set" : `${formatMeasureValue(m.baseline_value, m.unit)}${m.baseline_period ? ` (${m.baseline_period})` : ""}`],
                        ["Target", m.summary.target],
                        ["Statistical neighbours", m.summary.neighbours],
                        ["England", m.summary.england],
                        ["Better is", m.higher_is_better ? "Higher" : "Lower"],
                      ].map(([key, value]) => (
                        <div className="govuk-summary-list__row" key={key}>
                          <dt className="govuk-summary-list__key">{key}</dt>
                          <dd className="govuk-summary-list__value">{value}</dd>
                        </div>
                      ))}
                      <div className="govuk-summary-list__row">
                        <dt className="govuk-summary-list__key">Recommendations</dt>
                        <dd className="govuk-summary-list__value">
                          {m.recommendations.length === 0
                            ? "Not linked to a recommendation"
                            : m.recommendations.map((r, i) => (
                                <span key={r.id}>
                                  {i > 0 ? ", " : ""}
                                  <Link className="govuk-link" to={`/recommendations/${r.id}`}>
                                    {r.reference}
                                  </Link>{" "}
                                  ({r.inspection_title})
                                </span>
                              ))}
                        </dd>
                      </div>
                    </dl>
                    {m.values.length > 0 ? (
                      <details className="govuk-details">
                        <summary className="govuk-details__summary">
                          <span className="govuk-details__summary-text">Figures behind the chart</span>
                        </summary>
                        <div className="govuk-details__text">
                          <MeasureValuesTable caption={m.name} unit={m.unit} values={m.values} />
                        </div>
                      </details>
                    ) : null}
                  </div>
                </div>
              </div>
            ))}
        </section>
      ))}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Performance measures") }];
