import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConflictNotice } from "../components/conflict-notice";
import { CorrectionConfirmation, CurrentValues } from "../components/corrections";
import { ErrorSummary, pageTitle, RadiosField, SelectField, SubmitButton, TextField } from "../components/forms";
import { BASIS_KIND_LABELS, type BasisKind } from "../domain/due-dates";
import { REPORT_KIND_LABELS } from "../domain/import-plan";
import { canManagePlan } from "../domain/permissions";
import {
  correctInspection,
  getInspectionForCorrection,
  planInspectionCorrection,
} from "../models/inspection-corrections.server";
import { forbidden, notFound } from "../utils/auth.server";
import { councilSettings, requireContext } from "../utils/context.server";
import { inspectionCorrection, InspectionCorrectionSchema } from "../utils/correction-forms";
import { correctionRefusalResponse, readMovesAnswer } from "../utils/correction-responses.server";
import { formatDate } from "../utils/dates";
import { parseForm, submittedValues } from "../utils/forms";
import { removedInspectionResponse } from "../utils/removed.server";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

const FIELDS = ["title", "kind", "inspectionStart", "inspectionEnd", "published", "received", "basisKind"] as const;

async function loadInspection(request: Request, params: { inspectionId?: string }) {
  const context = await requireContext(request);
  const id = storedInteger().safeParse(params.inspectionId);
  if (!id.success) throw notFound();
  const inspection = await getInspectionForCorrection(context.actor, id.data);
  if (!inspection) throw notFound("There is no inspection with that number that you can see.");
  if (!canManagePlan(context.actor, inspection.authorityId)) {
    throw forbidden("Only an improvement lead or administrator can correct an inspection.");
  }
  if (inspection.removed) throw await removedInspectionResponse(context.actor, inspection.id);
  return { ...context, settings: await councilSettings(context, inspection.authorityId), inspection };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { inspection } = await loadInspection(request, params);
  return json({ inspection });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, inspection, settings } = await loadInspection(request, params);
  const formData = await request.formData();
  const submitted = submittedValues(formData);
  const parsed = parseForm(InspectionCorrectionSchema, formData);
  if (!parsed.ok) {
    return json({ errors: parsed.errors, submitted, conflict: null, confirm: null, chosen: null }, { status: 400 });
  }
  const input = {
    inspectionId: inspection.id,
    version: parsed.data.version,
    correction: inspectionCorrection(parsed.data),
  };
  const grace = settings.immediateGraceDays;
  const confirming = formData.get("intent") === "confirm";
  const answer = confirming ? readMovesAnswer(formData) : null;

  // Which target dates move is asked before anything is saved, and asked again if the answer is incomplete.
  if (!confirming || !answer?.ok) {
    const planned = await planInspectionCorrection(actor, input, grace);
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
  const result = await correctInspection(actor, { ...input, ...moves }, grace, new Date());
  if (!result.ok) return correctionRefusalResponse(actor, result, submitted);
  const { changes, dueDates } = result.plan;
  const message =
    changes.length === 0
      ? "Nothing was changed"
      : [
          "Inspection corrected",
          dueDates.length > 0 ? `${dueDates.length} due ${dueDates.length === 1 ? "date" : "dates"} recomputed` : null,
          result.moved > 0 ? `${result.moved} target ${result.moved === 1 ? "date" : "dates"} moved` : null,
        ]
          .filter(Boolean)
          .join("; ");
  return redirect(`/inspections/${inspection.id}`, { headers: { "Set-Cookie": await flash(request, message) } });
}

export default function CorrectInspection() {
  const { inspection } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitted: Record<string, string> = result?.submitted ?? {};
  const errors = result?.errors ?? {};
  const confirm = result?.confirm;

  if (confirm) {
    return (
      <CorrectionConfirmation
        caption={inspection.values.title ?? ""}
        intro="Your correction changes the date the recommendations' due dates are counted from, so their due dates change."
        subject="Inspection"
        confirm={confirm}
        submitted={submitted}
        fields={FIELDS}
        version={inspection.version}
        chosen={result?.chosen ?? null}
        errors={errors}
        cancelTo={`/inspections/${inspection.id}`}
      />
    );
  }

  const values = inspection.values;
  const value = (name: (typeof FIELDS)[number], current: string | null) => (result ? submitted[name] : current) ?? "";
  return (
    <>
      <ErrorSummary errors={errors} />
      {result?.conflict ? <ConflictNotice conflict={result.conflict} subject="This inspection" /> : null}
      {result?.conflict ? <CurrentValues values={inspection.values} /> : null}
      <span className="govuk-caption-l">{inspection.authorityName}</span>
      <h1 className="govuk-heading-l">Correct the inspection</h1>
      <p className="govuk-body">
        Correct what the report reader got wrong. Every correction is recorded in the audit log with what it was before.
        If the date due dates are counted from changes, you will see which target dates would move and choose before
        anything is saved.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="version" value={inspection.version} />
        <TextField name="title" label="Title" defaultValue={value("title", values.title)} error={errors.title} />
        <SelectField
          name="kind"
          label="Kind of report"
          options={Object.entries(REPORT_KIND_LABELS).map(([kind, label]) => ({ value: kind, label }))}
          defaultValue={value("kind", values.kind)}
          error={errors.kind}
        />
        <DateField
          name="inspectionStart"
          label="First day of the inspection"
          current={value("inspectionStart", formatDate(values.inspection_start))}
          error={errors.inspectionStart}
        />
        <DateField
          name="inspectionEnd"
          label="Last day of the inspection"
          current={value("inspectionEnd", formatDate(values.inspection_end))}
          error={errors.inspectionEnd}
        />
        <DateField
          name="published"
          label="Publication date"
          hint="ILACS reports do not print it: type it from the report's page on Ofsted's website. For example, 20/07/2024"
          current={value("published", formatDate(values.published))}
          error={errors.published}
        />
        <DateField
          name="received"
          label="Date the council received the report"
          current={value("received", formatDate(values.received))}
          error={errors.received}
        />
        <RadiosField
          name="basisKind"
          legend="Count due dates from"
          hint="Recommendations with a timescale are due that long after this date."
          options={(Object.entries(BASIS_KIND_LABELS) as [BasisKind, string][]).map(([kind, label]) => ({
            value: kind,
            label,
          }))}
          defaultValue={value("basisKind", values.basis_kind)}
          error={errors.basisKind}
        />
        <div className="govuk-button-group">
          <SubmitButton>Save the correction</SubmitButton>
          <Link className="govuk-link" to={`/inspections/${inspection.id}`}>
            Cancel
          </Link>
        </div>
      </Form>
    </>
  );
}

function DateField(props: { name: string; label: string; hint?: string; current: string; error?: string }) {
  return (
    <TextField
      name={props.name}
      label={props.label}
      hint={props.hint ?? "For example, 14/06/2024. Leave it blank if it is not known."}
      defaultValue={props.current}
      error={props.error}
      width={20}
    />
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Correct the inspection") }];
