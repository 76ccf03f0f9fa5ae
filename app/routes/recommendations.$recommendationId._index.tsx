import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, pageTitle, RadiosField, SubmitButton, TextArea } from "../components/forms";
import { ImpactTag } from "../components/impact-tag";
import { MeasureSparkline } from "../components/measure-chart";
import { RecommendationArea } from "../components/readiness-area-form";
import { ActionsTable } from "../components/actions-table";
import { RecommendationSummary } from "../components/recommendation-summary";
import { DIRECTION_LABELS, IMPACT_LABELS, IMPACT_LEVELS, summariseMeasure } from "../domain/measures";
import { canManagePlan } from "../domain/permissions";
import { READINESS_AREA_LABELS, READINESS_AREAS } from "../domain/readiness-areas";
import { actionNumber } from "../domain/references";
import { listImpactJudgements, listRecommendationActions, recordImpactJudgement } from "../models/impact.server";
import { listMeasuresForRecommendation } from "../models/measures.server";
import { getRecommendationArea, setRecommendationAreaOverride } from "../models/readiness-areas.server";
import { getRecommendation } from "../models/recommendation.server";
import { forbidden, notFound } from "../utils/auth.server";
import { councilSettings, requireContext } from "../utils/context.server";
import { formatDateTime } from "../utils/dates";
import { parseForm, submittedValues } from "../utils/forms";
import { removedInspectionResponse } from "../utils/removed.server";
import { flash } from "../utils/session.server";
import { TableHead } from "../components/table-head";
import { TableScroll } from "../components/table-scroll";
import { storedInteger } from "../utils/record-id";

const RATIONALE_MAX = 4000;

const ImpactSchema = z.object({
  level: z.enum(IMPACT_LEVELS, { message: "Choose the evidence of impact" }),
  rationale: z
    .string()
    .trim()
    .min(1, "Say what evidence this judgement is based on")
    .max(RATIONALE_MAX, `Keep the evidence under ${RATIONALE_MAX} characters`),
});

/** "rule" hands the recommendation back to the automatic placing. */
const AreaSchema = z.object({
  area: z.enum([...READINESS_AREAS, "rule"], { message: "Choose the judgement area" }),
});

async function loadRecommendation(request: Request, params: { recommendationId?: string }) {
  const context = await requireContext(request);
  const id = storedInteger().safeParse(params.recommendationId);
  if (!id.success) throw notFound();
  const recommendation = await getRecommendation(context.actor, id.data);
  if (!recommendation) throw notFound("There is no recommendation with that number that you can see.");
  if (recommendation.inspection_removed_at) {
    throw await removedInspectionResponse(context.actor, recommendation.inspection_id);
  }
  return { ...context, settings: await councilSettings(context, recommendation.authority_id), recommendation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, today, settings, recommendation } = await loadRecommendation(request, params);
  const [actions, measures, judgements, area] = await Promise.all([
    listRecommendationActions(actor, recommendation.id, today, settings.amberWindowDays),
    listMeasuresForRecommendation(actor, recommendation.id),
    listImpactJudgements(actor, recommendation.id),
    getRecommendationArea(actor, recommendation.id),
  ]);
  if (!area) throw notFound();
  return json({
    recommendation,
    actions,
    measures: measures.map((m) => ({ ...m, summary: summariseMeasure(m) })),
    judgements,
    area,
    canManage: canManagePlan(actor, recommendation.authority_id),
    graceDays: settings.immediateGraceDays,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, recommendation } = await loadRecommendation(request, params);
  if (!canManagePlan(actor, recommendation.authority_id))
    throw forbidden("Only an improvement lead or administrator can judge impact.");
  const formData = await request.formData();
  const submitted = submittedValues(formData);
  // The impact form predates the area form and posts no intent.
  if (formData.get("intent") === "area") {
    const parsedArea = parseForm(AreaSchema, formData);
    if (!parsedArea.ok) return json({ errors: parsedArea.errors, submitted }, { status: 400 });
    const area = parsedArea.data.area === "rule" ? null : parsedArea.data.area;
    const result = await setRecommendationAreaOverride(
      actor,
      { recommendationId: recommendation.id, area },
      new Date(),
    );
    if (!result.ok) throw result.reason === "forbidden" ? forbidden() : notFound();
    const message = !result.changed
      ? "Judgement area unchanged"
      : area === null
        ? "Judgement area handed back to the rule"
        : `Judgement area set to ${READINESS_AREA_LABELS[area]}`;
    return redirect(`/recommendations/${recommendation.id}`, {
      headers: { "Set-Cookie": await flash(request, message) },
    });
  }
  const parsed = parseForm(ImpactSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, submitted }, { status: 400 });
  const result = await recordImpactJudgement(
    actor,
    { recommendationId: recommendation.id, ...parsed.data },
    new Date(),
  );
  if (!result.ok) throw result.reason === "forbidden" ? forbidden() : notFound();
  return redirect(`/recommendations/${recommendation.id}`, {
    headers: { "Set-Cookie": await flash(request, "Impact judgement recorded") },
  });
}

export default function RecommendationPage() {
  const { recommendation, actions, measures, judgements, area, canManage, graceDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const current = judgements[0];
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">
        {recommendation.authority_name} ·{" "}
        <Link className="govuk-link" to={`/inspections/${recommendation.inspection_id}`}>
          {recommendation.inspection_title}
        </Link>
      </span>
      <h1 className="govuk-heading-l">Recommendation {recommendation.reference}</h1>
      <p className="govuk-inset-text app-pre-line">{recommendation.text}</p>
      {recommendation.extracted_text !== null && recommendation.extracted_text !== recommendation.text ? (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Text as extracted</span>
          </summary>
          <div className="govuk-details__text app-pre-line">
            <p className="govuk-body">The text as the report reader first extracted it, before it was corrected:</p>
            {recommendation.extracted_text}
          </div>
        </details>
      ) : null}
      <RecommendationSummary recommendation={recommendation} canManage={canManage} graceDays={graceDays} />
      <p className="govuk-body">
        Evidence of impact: <ImpactTag level={current?.level} />
      </p>

      {/* Absent only in render tests that predate judgement areas. */}
      {area ? (
        <RecommendationArea area={area} canManage={canManage} submitted={result?.submitted} error={errors?.area} />
      ) : null}

      <h2 className="govuk-heading-m">Actions (delivery)</h2>
      {actions.length === 0 ? (
        <p className="govuk-body">No actions yet.</p>
      ) : (
        <ActionsTable
          caption={`Actions for ${recommendation.reference}`}
          actions={actions.map((a) => ({
            ...a,
            number: actionNumber(a.position, a.sequence),
            inspectionShortName: a.inspection_short_name,
          }))}
        />
      )}

      <h2 className="govuk-heading-m">Performance measures</h2>
      {measures.length === 0 ? (
        <p className="govuk-body">No measures linked yet. Link them from a measure's page.</p>
      ) : (
        <ul className="govuk-list">
          {measures.map((m) => (
            <li key={m.id} className="govuk-!-margin-bottom-4">
              <Link className="govuk-link" to={`/measures/${m.id}`}>
                {m.name}
              </Link>
              <br />
              <MeasureSparkline name={m.name} unit={m.unit} values={m.values} />
              <span className="govuk-body-s govuk-!-margin-left-2">
                {m.summary.latest ? `${m.summary.latest.formatted} (${m.summary.latest.period})` : "No values yet"}
                {m.summary.direction ? ` · ${DIRECTION_LABELS[m.summary.direction]}` : ""} · {m.summary.target}
              </span>
            </li>
          ))}
        </ul>
      )}

      <h2 className="govuk-heading-m">Impact judgements</h2>
      {judgements.length === 0 ? (
        <p className="govuk-body">No judgement of impact yet.</p>
      ) : (
        <TableScroll caption="Impact judgements, newest first" captionClassName="govuk-visually-hidden">
          <TableHead columns={["When", "Judgement", "Evidence it rests on", "By"]} />
          <tbody className="govuk-table__body">
            {judgements.map((j) => (
              <tr className="govuk-table__row" key={j.id}>
                <td className="govuk-table__cell">{formatDateTime(j.judged_at)}</td>
                <td className="govuk-table__cell">{IMPACT_LABELS[j.level]}</td>
                <td className="govuk-table__cell app-pre-line">{j.rationale}</td>
                <td className="govuk-table__cell">{j.judged_by_name ?? "Unknown"}</td>
              </tr>
            ))}
          </tbody>
        </TableScroll>
      )}

      {canManage ? (
        <Form method="post" noValidate>
          <h3 className="govuk-heading-s">Record a judgement of impact</h3>
          <RadiosField
            name="level"
            legend="Is there evidence that this recommendation is improving children's experiences?"
            defaultValue={result?.submitted.level}
            error={errors?.level}
            options={IMPACT_LEVELS.map((level) => ({ value: level, label: IMPACT_LABELS[level] }))}
          />
          <TextArea
            name="rationale"
            label="What evidence is this based on?"
            hint="For example, audit findings, performance measures or survey results, summarised for the service as a whole"
            rows={4}
            defaultValue={result?.submitted.rationale}
            error={errors?.rationale}
          />
          <SubmitButton>Record judgement</SubmitButton>
        </Form>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Recommendation ${data.recommendation.reference}` : "Recommendation") },
];
