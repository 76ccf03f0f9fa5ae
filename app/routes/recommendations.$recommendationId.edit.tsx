import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConflictNotice } from "../components/conflict-notice";
import { CorrectionConfirmation, CurrentValues } from "../components/corrections";
import { ErrorSummary, pageTitle, RadiosField, SubmitButton, TextArea, TextField } from "../components/forms";
import { computeDueDate, describeDueDateRule, type DueDateRule, TIMESCALE_LABELS } from "../domain/due-dates";
import { canManagePlan } from "../domain/permissions";
import { SECTION_LABELS } from "../domain/references";
import {
  correctRecommendation,
  getRecommendation,
  planRecommendationCorrection,
} from "../models/recommendation.server";
import { forbidden, notFound } from "../utils/auth.server";
import { councilSettings, requireContext } from "../utils/context.server";
import {
  AGENCIES_MAX,
  PARAGRAPH_NUMBER_MAX,
  recommendationCorrection,
  RecommendationCorrectionSchema,
  RECOMMENDATION_TEXT_MAX,
} from "../utils/correction-forms";
import { correctionRefusalResponse, readMovesAnswer } from "../utils/correction-responses.server";
import { formatDate } from "../utils/dates";
import { parseForm, submittedValues } from "../utils/forms";
import { removedInspectionResponse } from "../utils/removed.server";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

const FIELDS = ["text", "section", "timescale", "agencies", "paragraphNumber", "dueDate"] as const;

async function loadRecommendation(request: Request, params: { recommendationId?: string }) {
  const context = await requireContext(request);
  const id = storedInteger().safeParse(params.recommendationId);
  if (!id.success) throw notFound();
  const recommendation = await getRecommendation(context.actor, id.data);
  if (!recommendation) throw notFound("There is no recommendation with that number that you can see.");
  if (!canManagePlan(context.actor, recommendation.authority_id)) {
    throw forbidden("Only an improvement lead or administrator can correct a recommendation.");
  }
  if (recommendation.inspection_removed_at) {
    throw await removedInspectionResponse(context.actor, recommendation.inspection_id);
  }
  return { ...context, settings: await councilSettings(context, recommendation.authority_id), recommendation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { recommendation, settings } = await loadRecommendation(request, params);
  const grace = settings.immediateGraceDays;
  const ruled = computeDueDate({
    timescale: recommendation.timescale,
    basisDate: recommendation.basis_date,
    immediateGraceDays: grace,
  });
  return json({
    recommendation,
    ruled: { ...ruled, described: describeDueDateRule(ruled.rule, grace, recommendation.basis_kind) },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, recommendation, settings } = await loadRecommendation(request, params);
  const formData = await request.formData();
  const submitted = submittedValues(formData);
  const parsed = parseForm(RecommendationCorrectionSchema, formData);
  if (!parsed.ok) {
    return json({ errors: parsed.errors, submitted, conflict: null, confirm: null, chosen: null }, { status: 400 });
  }
  const input = {
    recommendationId: recommendation.id,
    version: parsed.data.version,
    correction: recommendationCorrection(parsed.data),
  };
  const grace = settings.immediateGraceDays;
  const confirming = formData.get("intent") === "confirm";
  const answer = confirming ? readMovesAnswer(formData) : null;

  // Which target dates move is asked before anything is saved, and asked again if the answer is incomplete.
  if (!confirming || !answer?.ok) {
    const planned = await planRecommendationCorrection(actor, input, grace);
    if (!planned.ok) return correctionRefusalResponse(actor, planned, submitted);
    if (confirming || planned.plan.moves.length > 0) {
      return json(
        {
          errors: answer?.ok === false ? answer.errors : {},
          submitted,
          conflict: null,
          confirm: planned.plan,
          chosen: confirming ? formData.getAll("move").map(String) : null,
        },
        { status: confirming ? 400 : 200 },
      );
    }
  }
  const moves = answer?.ok ? answer : { moves: [], reason: "" };
  const result = await correctRecommendation(actor, { ...input, ...moves }, grace, new Date());
  if (!result.ok) return correctionRefusalResponse(actor, result, submitted);
  const message =
    result.plan.changes.length === 0
      ? "Nothing was changed"
      : `Recommendation corrected${result.moved > 0 ? `; ${result.moved} target ${result.moved === 1 ? "date" : "dates"} moved` : ""}`;
  return redirect(`/recommendations/${recommendation.id}`, {
    headers: { "Set-Cookie": await flash(request, message) },
  });
}

export default function CorrectRecommendation() {
  const { recommendation, ruled } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitted: Record<string, string> = result?.submitted ?? {};
  const errors = result?.errors ?? {};
  const confirm = result?.confirm;

  if (confirm) {
    return (
      <CorrectionConfirmation
        caption={`Recommendation ${recommendation.reference}`}
        intro={`Your correction changes the recommendation's due date from ${formatDate(confirm.dueDate.from, "none")} to ${formatDate(confirm.dueDate.to, "none")}.`}
        subject={`Recommendation ${recommendation.reference}`}
        confirm={confirm}
        submitted={submitted}
        fields={FIELDS}
        version={recommendation.version}
        chosen={result?.chosen ?? null}
        errors={errors}
        cancelTo={`/recommendations/${recommendation.id}`}
      />
    );
  }

  const value = (name: (typeof FIELDS)[number], current: string | null) => (result ? submitted[name] : current) ?? "";
  const leadSetDate = recommendation.due_date_rule === ("set_by_lead" satisfies DueDateRule);
  return (
    <>
      <ErrorSummary errors={errors} />
      {result?.conflict ? <ConflictNotice conflict={result.conflict} subject="This recommendation" /> : null}
      {result?.conflict ? (
        <CurrentValues
          values={{
            text: recommendation.text,
            section: recommendation.section,
            timescale: recommendation.timescale,
            agencies: recommendation.agencies,
            paragraph_number: recommendation.paragraph_number,
            due_date: recommendation.due_date,
          }}
        />
      ) : null}
      <span className="govuk-caption-l">
        {recommendation.authority_name} · {recommendation.inspection_title}
      </span>
      <h1 className="govuk-heading-l">Correct recommendation {recommendation.reference}</h1>
      <p className="govuk-body">
        Correct what the report reader got wrong. The text as extracted is kept and shown on the recommendation&apos;s
        page, and every correction is recorded in the audit log. If the due date changes, you will see which target
        dates would move and choose before anything is saved.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="version" value={recommendation.version} />
        <TextArea
          name="text"
          label="Text"
          hint={`As the report words it. Up to ${RECOMMENDATION_TEXT_MAX} characters.`}
          rows={6}
          defaultValue={value("text", recommendation.text)}
          error={errors.text}
        />
        <RadiosField
          name="section"
          legend="Section of the report"
          hint="A section you choose here decides the readiness area over the recommendation's wording."
          options={[
            ...Object.entries(SECTION_LABELS).map(([section, label]) => ({ value: section, label })),
            { value: "none", label: "Whole report (no section)" },
          ]}
          defaultValue={value("section", recommendation.section ?? "none")}
          error={errors.section}
        />
        <RadiosField
          name="timescale"
          legend="Timescale"
          hint="The due date is worked out from it, unless you set one below."
          options={[
            ...Object.entries(TIMESCALE_LABELS).map(([timescale, label]) => ({ value: timescale, label })),
            { value: "none", label: "No timescale given" },
          ]}
          defaultValue={value("timescale", recommendation.timescale ?? "none")}
          error={errors.timescale}
        />
        <TextArea
          name="agencies"
          label="Partner agencies"
          hint={`One per line, in the report's own words (up to ${AGENCIES_MAX}). Leave it empty if none is named.`}
          rows={3}
          defaultValue={value("agencies", recommendation.agencies.join("\n"))}
          error={errors.agencies}
        />
        <TextField
          name="paragraphNumber"
          label="Report paragraph"
          hint={`The paragraph number the report gives it, if any (up to ${PARAGRAPH_NUMBER_MAX} characters).`}
          defaultValue={value("paragraphNumber", recommendation.paragraph_number)}
          error={errors.paragraphNumber}
          width={10}
        />
        <TextField
          name="dueDate"
          label="Due date (optional)"
          hint={`Leave it blank to work it out from the timescale: now ${
            ruled.dueDate ? `${formatDate(ruled.dueDate)} (${ruled.described})` : `none (${ruled.described})`
          }. For example, 31/03/2025.`}
          defaultValue={value("dueDate", leadSetDate ? formatDate(recommendation.due_date) : "")}
          error={errors.dueDate}
          width={20}
        />
        <div className="govuk-button-group">
          <SubmitButton>Save the correction</SubmitButton>
          <Link className="govuk-link" to={`/recommendations/${recommendation.id}`}>
            Cancel
          </Link>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Correct recommendation ${data.recommendation.reference}` : "Correct a recommendation") },
];
