import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, type FieldErrors, pageTitle, SubmitButton } from "../components/forms";
import { MeasureSparkline, MeasureValuesTable } from "../components/measure-chart";
import { MeasureFields, MeasureSchema, MeasureValueFields, MeasureValueSchema } from "../components/measure-form";
import { DIRECTION_LABELS, formatMeasureValue, summariseMeasure } from "../domain/measures";
import { canManagePlan } from "../domain/permissions";
import {
  getMeasure,
  listLinkableRecommendations,
  recordMeasureValue,
  setMeasureRecommendations,
  updateMeasure,
} from "../models/measures.server";
import { canRemoveMeasureNotes } from "../models/redaction.server";
import { redactionPath } from "../domain/redaction";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { parseForm, submittedValues } from "../utils/forms";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

async function loadMeasure(request: Request, params: { measureId?: string }) {
  const { actor } = await requireContext(request);
  const id = storedInteger().safeParse(params.measureId);
  if (!id.success) throw notFound();
  const measure = await getMeasure(actor, id.data);
  if (!measure) throw notFound("There is no measure with that number that you can see.");
  return { actor, measure, canManage: canManagePlan(actor, measure.authority_id) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, measure, canManage } = await loadMeasure(request, params);
  return json({
    measure,
    summary: summariseMeasure(measure),
    canManage,
    linkable: canManage ? await listLinkableRecommendations(measure.authority_id) : [],
    // Only administrators remove personal data entered by mistake.
    canRemoveNotes: actor.role === "admin" && (await canRemoveMeasureNotes(measure.id)),
  });
}

const IntentSchema = z.object({ intent: z.enum(["details", "value", "links"]) });
/** More recommendations than any plan has: a longer list is refused (400) before it reaches the database. */
const MAX_LINKED_RECOMMENDATIONS = 2000;
const LinksSchema = z
  .array(storedInteger())
  .max(
    MAX_LINKED_RECOMMENDATIONS,
    `Choose at most ${MAX_LINKED_RECOMMENDATIONS.toLocaleString("en-GB")} recommendations`,
  );

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, measure, canManage } = await loadMeasure(request, params);
  if (!canManage) throw forbidden("Only an improvement lead or administrator can change measures.");
  const formData = await request.formData();
  const submitted = submittedValues(formData);
  const intent = IntentSchema.safeParse(submitted);
  if (!intent.success)
    return json({ intent: null, errors: { form: "Choose what to change" } as FieldErrors, submitted }, { status: 400 });
  const now = new Date();
  let result;
  let message: string;
  if (intent.data.intent === "details") {
    const parsed = parseForm(MeasureSchema, formData);
    if (!parsed.ok) return json({ intent: "details", errors: parsed.errors, submitted }, { status: 400 });
    result = await updateMeasure(actor, measure.id, parsed.data, now);
    message = "Measure changed";
  } else if (intent.data.intent === "value") {
    const parsed = parseForm(MeasureValueSchema, formData);
    if (!parsed.ok) return json({ intent: "value", errors: parsed.errors, submitted }, { status: 400 });
    result = await recordMeasureValue(actor, measure.id, parsed.data, now);
    message = `Value for ${parsed.data.period} recorded`;
  } else {
    const ids = LinksSchema.safeParse(formData.getAll("recommendationId"));
    if (!ids.success) {
      const tooMany = ids.error.issues.some((issue) => issue.code === "too_big");
      const message = tooMany ? ids.error.issues[0].message : "Choose recommendations from the list";
      return json(
        { intent: "links", errors: { recommendationId: message } as FieldErrors, submitted },
        { status: 400 },
      );
    }
    result = await setMeasureRecommendations(actor, measure.id, ids.data, now);
    message = "Linked recommendations saved";
  }
  if (!result.ok) throw result.reason === "forbidden" ? forbidden() : notFound();
  return redirect(`/measures/${measure.id}`, { headers: { "Set-Cookie": await flash(request, message) } });
}

const asText = (v: number | null) => (v === null ? "" : String(v));

export default function MeasureDetail() {
  const { measure, summary, canManage, linkable, canRemoveNotes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : undefined);
  const submittedFor = (intent: string) => (result?.intent === intent ? result.submitted : undefined);
  const linked = new Set(measure.recommendations.map((r) => r.id));
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      <span className="govuk-caption-l">{measure.authority_name}</span>
      <h1 className="govuk-heading-l">{measure.name}</h1>
      <MeasureSparkline name={measure.name} unit={measure.unit} values={measure.values} width={480} height={120} />
      <dl className="govuk-summary-list">
        {[
          ["Latest", summary.latest ? `${summary.latest.formatted} (${summary.latest.period})` : "No values yet"],
          ["Direction of travel", summary.direction ? DIRECTION_LABELS[summary.direction] : "Not enough values yet"],
          ["Better is", measure.higher_is_better ? "Higher" : "Lower"],
          [
            "Baseline",
            measure.baseline_value === null
              ? "Not set"
              : `${formatMeasureValue(measure.baseline_value, measure.unit)}${measure.baseline_period ? ` (${measure.baseline_period})` : ""}`,
          ],
          ["Target", summary.target],
          ["Statistical neighbours", summary.neighbours],
          ["England", summary.england],
          ["Notes", measure.notes || "None"],
        ].map(([key, value]) => (
          <div className="govuk-summary-list__row" key={key}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      {canRemoveNotes ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={redactionPath("measure_notes", measure.id)}>
            Remove the notes as personal data entered by mistake
          </Link>
        </p>
      ) : null}
      {measure.values.length > 0 ? (
        <MeasureValuesTable
          caption="Values by period"
          captionClass="govuk-table__caption--m"
          unit={measure.unit}
          values={measure.values}
        />
      ) : (
        <p className="govuk-body">No values recorded yet.</p>
      )}

      <h2 className="govuk-heading-m">Linked recommendations</h2>
      {measure.recommendations.length === 0 ? (
        <p className="govuk-body">Not linked to a recommendation yet.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet">
          {measure.recommendations.map((r) => (
            <li key={r.id}>
              <Link className="govuk-link" to={`/recommendations/${r.id}`}>
                {r.reference}
              </Link>{" "}
              ({r.inspection_title}): {r.text}
            </li>
          ))}
        </ul>
      )}

      {canManage ? (
        <>
          <h2 className="govuk-heading-m">Add a value for a period</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="value" />
            <MeasureValueFields values={submittedFor("value") ?? {}} errors={errorsFor("value")} />
            <SubmitButton>Record value</SubmitButton>
          </Form>

          <h2 className="govuk-heading-m">Link recommendations</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="links" />
            <div className="govuk-form-group">
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
                  Which recommendations does this measure show the impact of?
                </legend>
                {linkable.length === 0 ? (
                  <p className="govuk-body">This authority has no recommendations yet.</p>
                ) : null}
                <div className="govuk-checkboxes govuk-checkboxes--small">
                  {linkable.map((r) => (
                    <div className="govuk-checkboxes__item" key={r.id}>
                      <input
                        className="govuk-checkboxes__input"
                        id={`recommendation-${r.id}`}
                        name="recommendationId"
                        type="checkbox"
                        value={r.id}
                        defaultChecked={linked.has(r.id)}
                      />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={`recommendation-${r.id}`}>
                        {r.reference} ({r.inspection_title}):{" "}
                        {r.text.length > 140 ? `${r.text.slice(0, 140)}…` : r.text}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <SubmitButton secondary>Save links</SubmitButton>
          </Form>

          <details className="govuk-details" open={result?.intent === "details"}>
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">Change the measure</span>
            </summary>
            <div className="govuk-details__text">
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="details" />
                <MeasureFields
                  errors={errorsFor("details")}
                  values={
                    submittedFor("details") ?? {
                      name: measure.name,
                      unit: measure.unit,
                      higherIsBetter: measure.higher_is_better ? "yes" : "no",
                      baselineValue: asText(measure.baseline_value),
                      baselinePeriod: measure.baseline_period,
                      targetValue: asText(measure.target_value),
                      targetPeriod: measure.target_period,
                      notes: measure.notes,
                    }
                  }
                />
                <SubmitButton secondary>Save changes</SubmitButton>
              </Form>
            </div>
          </details>
        </>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/measures">
          All measures
        </Link>
      </p>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? data.measure.name : "Measure") },
];
