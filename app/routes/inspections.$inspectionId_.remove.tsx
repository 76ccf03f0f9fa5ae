import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConflictNotice } from "../components/conflict-notice";
import { ErrorSummary, pageTitle, SubmitButton, TextArea } from "../components/forms";
import { REPORT_KIND_LABELS } from "../domain/import-plan";
import { canManagePlan } from "../domain/permissions";
import type { ReportKind } from "../import/types";
import { describeRemoval, removeInspection } from "../models/inspection-removal.server";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { REMOVAL_REASON_MAX, RemovalSchema } from "../utils/correction-forms";
import { formatDate, formatDateTime } from "../utils/dates";
import { parseForm, submittedValues } from "../utils/forms";
import { removedInspectionResponse } from "../utils/removed.server";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

async function loadInspection(request: Request, params: { inspectionId?: string }) {
  const context = await requireContext(request);
  const id = storedInteger().safeParse(params.inspectionId);
  if (!id.success) throw notFound();
  const inspection = await describeRemoval(context.actor, id.data, context.today);
  if (!inspection) throw notFound("There is no inspection with that number that you can see.");
  if (!canManagePlan(context.actor, inspection.authority_id)) {
    throw forbidden("Only an improvement lead or administrator can remove an inspection.");
  }
  if (inspection.removed_at) throw await removedInspectionResponse(context.actor, inspection.id);
  return { ...context, inspection };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { inspection } = await loadInspection(request, params);
  return json({ inspection });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, inspection } = await loadInspection(request, params);
  const formData = await request.formData();
  const submitted = submittedValues(formData);
  const parsed = parseForm(RemovalSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, submitted, conflict: null }, { status: 400 });
  const result = await removeInspection(actor, { inspectionId: inspection.id, ...parsed.data }, new Date());
  if (result.ok) {
    return redirect("/inspections", {
      headers: { "Set-Cookie": await flash(request, `“${inspection.title}” removed from the plan`) },
    });
  }
  switch (result.reason) {
    case "not_found":
      throw notFound("There is no inspection with that number that you can see.");
    case "forbidden":
      throw forbidden(result.message);
    case "invalid":
      return json({ errors: { reason: result.message }, submitted, conflict: null }, { status: 400 });
    case "conflict":
      return json(
        { errors: {}, submitted, conflict: { changedBy: result.changedBy, changedAt: result.changedAt } },
        { status: 409 },
      );
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export default function RemoveInspection() {
  const { inspection } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      {result?.conflict ? <ConflictNotice conflict={result.conflict} subject="This inspection" /> : null}
      <span className="govuk-caption-l">{inspection.authority_name}</span>
      <h1 className="govuk-heading-l">Remove “{inspection.title}” from the plan?</h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Kind of report</dt>
          <dd className="govuk-summary-list__value">
            {REPORT_KIND_LABELS[inspection.kind as ReportKind] ?? inspection.kind}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Published</dt>
          <dd className="govuk-summary-list__value">{formatDate(inspection.published, "Not printed in the report")}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Imported</dt>
          <dd className="govuk-summary-list__value">{formatDateTime(inspection.imported_at)}</dd>
        </div>
      </dl>
      <h2 className="govuk-heading-m">What will leave the plan</h2>
      <ul className="govuk-list govuk-list--bullet">
        <li>{plural(inspection.recommendations, "recommendation")}</li>
        <li>
          {plural(inspection.actions, "action")}: {inspection.openActions} open, {inspection.overdueActions} overdue
        </li>
        <li>{plural(inspection.evidence, "evidence item")}</li>
        <li>{plural(inspection.measureLinks, "link", "links")} to performance measures</li>
      </ul>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          They will no longer appear in the plan&apos;s counts, dashboards, action and overdue lists, my actions, boards
          and board packs, readiness, judgement history, recurring themes, reminders or calendar feeds.
        </strong>
      </div>
      <p className="govuk-body">
        Nothing is deleted. The inspection stays in the audit log, and boards and packs as at a date before today still
        show it. Its report can be imported again. An administrator can restore it exactly as it was.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="version" value={inspection.version} />
        <TextArea
          name="reason"
          label="Why is it being removed?"
          hint={`For example, “Another council's focused visit, imported by mistake”. Up to ${REMOVAL_REASON_MAX} characters.`}
          rows={3}
          defaultValue={result?.submitted.reason}
          error={result?.errors && "reason" in result.errors ? result.errors.reason : undefined}
        />
        <div className="govuk-button-group">
          <SubmitButton warning>Remove the inspection</SubmitButton>
          <Link className="govuk-link" to={`/inspections/${inspection.id}`}>
            Cancel
          </Link>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Remove ${data.inspection.title}` : "Remove an inspection") },
];
