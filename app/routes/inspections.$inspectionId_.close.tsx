import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  ErrorSummary,
  type FieldErrors,
  pageTitle,
  RadiosField,
  SelectField,
  SubmitButton,
  TextArea,
} from "../components/forms";
import { canManagePlan } from "../domain/permissions";
import { CLOSE_REASON_MAX } from "../domain/plan-closure";
import { closePlan, getPlanClosure, reopenPlan } from "../models/plan-closure.server";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { formatDate, formatDateTime, londonDateOf } from "../utils/dates";
import { parseForm } from "../utils/forms";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

// Closing an inspection's plan (and reopening it): see app/domain/plan-closure.ts.

const IdSchema = storedInteger();
const version = storedInteger();
const ClosureSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("close"),
    version,
    reason: z.string().trim().max(CLOSE_REASON_MAX, `Keep the reason under ${CLOSE_REASON_MAX} characters`).default(""),
    supersededBy: z.union([z.literal(""), storedInteger()]).default(""),
    openActions: z.enum(["carry_over", "withdraw", ""]).default(""),
  }),
  z.object({ intent: z.literal("reopen"), version }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const id = IdSchema.safeParse(params.inspectionId);
  if (!id.success) throw notFound();
  const closure = await getPlanClosure(actor, id.data);
  if (!closure || closure.inspection.removed_at) throw notFound("There is no plan with that number that you can see.");
  return json({ ...closure, canManage: canManagePlan(actor, closure.inspection.authority_id) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireContext(request);
  const id = IdSchema.safeParse(params.inspectionId);
  if (!id.success) throw notFound();
  const formData = await request.formData();
  const values = Object.fromEntries([...formData].map(([k, v]) => [k, String(v)]));
  const parsed = parseForm(ClosureSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, values }, { status: 400 });
  const now = new Date();
  const input = parsed.data;
  const result =
    input.intent === "close"
      ? await closePlan(
          actor,
          {
            inspectionId: id.data,
            version: input.version,
            reason: input.reason,
            supersededBy: input.supersededBy === "" ? null : input.supersededBy,
            openActions: input.openActions === "" ? null : input.openActions,
          },
          now,
        )
      : await reopenPlan(actor, { inspectionId: id.data, version: input.version }, now);
  if (result.ok) {
    const message =
      input.intent === "reopen"
        ? "Plan reopened"
        : `Plan closed${result.carried ? `; ${result.carried} open actions carried over` : ""}${result.withdrawn ? `; ${result.withdrawn} open actions withdrawn` : ""}`;
    return redirect(`/inspections/${id.data}/close`, { headers: { "Set-Cookie": await flash(request, message) } });
  }
  switch (result.reason) {
    case "not_found":
      throw notFound("There is no plan with that number that you can see.");
    case "forbidden":
      throw forbidden(result.message);
    case "conflict": {
      const errors: FieldErrors = { reason: "Someone changed this plan while you were looking at it: check it again" };
      return json({ errors, values }, { status: 409 });
    }
    case "invalid": {
      const errors: FieldErrors = { [result.field]: result.message };
      return json({ errors, values }, { status: 400 });
    }
  }
}

export default function ClosePlan() {
  const { inspection, openActions, newer, canManage } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors = failed?.errors;
  const values = failed?.values ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Link to={`/inspections/${inspection.id}`} className="govuk-back-link">
          Back to the inspection
        </Link>
        <span className="govuk-caption-l">{inspection.title}</span>
        <h1 className="govuk-heading-l">{inspection.closed_at ? "This plan is closed" : "Close this plan"}</h1>
        {inspection.closed_at ? (
          <>
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Closed</dt>
                <dd className="govuk-summary-list__value">
                  {formatDateTime(inspection.closed_at)} by {inspection.closed_by_name ?? "a former user"}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Why</dt>
                <dd className="govuk-summary-list__value app-pre-wrap">{inspection.closed_reason}</dd>
              </div>
              {inspection.superseded_by ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Superseded by</dt>
                  <dd className="govuk-summary-list__value">
                    <Link className="govuk-link" to={`/inspections/${inspection.superseded_by}`}>
                      {inspection.superseded_by_title}
                    </Link>
                  </dd>
                </div>
              ) : null}
            </dl>
            <p className="govuk-body">
              It is out of the dashboards, the action and overdue lists, reminders and the board pack of today. Its
              history, its place in readiness and judgement history, and the board and pack as at a date before{" "}
              {formatDate(londonDateOf(inspection.closed_at))} still show it.
            </p>
            {canManage ? (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="reopen" />
                <input type="hidden" name="version" value={inspection.version} />
                <p className="govuk-body">
                  Reopening puts it back into today&apos;s plan. Actions withdrawn or carried over when it closed stay
                  as they are; reinstate any you need on their own pages.
                </p>
                <SubmitButton secondary>Reopen this plan</SubmitButton>
              </Form>
            ) : null}
          </>
        ) : !canManage ? (
          <p className="govuk-body">Only an improvement lead or administrator can close a plan.</p>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="close" />
            <input type="hidden" name="version" value={inspection.version} />
            <p className="govuk-body">
              A closed plan leaves the dashboards, the action and overdue lists, reminders and the board pack of today,
              and stays in the history, readiness and the plan as at earlier dates. A lead can reopen it.
            </p>
            {openActions.length === 0 ? (
              <p className="govuk-body">Every action is signed off or withdrawn, so the plan can close.</p>
            ) : (
              <>
                <p className="govuk-body">
                  {openActions.length === 1 ? "1 action is" : `${openActions.length} actions are`} still open. The plan
                  can close only when a newer inspection supersedes it:
                </p>
                <ul className="govuk-list govuk-list--bullet">
                  {openActions.slice(0, 10).map((a) => (
                    <li key={a.id}>
                      <Link className="govuk-link" to={`/actions/${a.id}`}>
                        {a.number} {a.title}
                      </Link>
                    </li>
                  ))}
                  {openActions.length > 10 ? <li>and {openActions.length - 10} more</li> : null}
                </ul>
                <SelectField
                  name="supersededBy"
                  label="Superseded by"
                  hint="The newer inspection whose plan takes over."
                  options={[
                    { value: "", label: "Choose an inspection" },
                    ...newer.map((n) => ({ value: String(n.id), label: n.title })),
                  ]}
                  defaultValue={values.supersededBy ?? ""}
                  error={errors?.supersededBy}
                />
                <RadiosField
                  name="openActions"
                  legend="What happens to the open actions?"
                  options={[
                    {
                      value: "carry_over",
                      label: "Carry them over to the newer plan",
                      hint: "Each becomes an action of the newer plan with the same owner, dates and details; the old one is withdrawn saying where it went.",
                    },
                    {
                      value: "withdraw",
                      label: "Close them with the reason below",
                      hint: "They are withdrawn and stay in the history.",
                    },
                  ]}
                  defaultValue={values.openActions ?? null}
                  error={errors?.openActions}
                />
              </>
            )}
            <TextArea
              name="reason"
              label="Why is the plan being closed?"
              hint="For example, every action is complete, or the 2024 inspection's plan replaces it."
              rows={3}
              defaultValue={values.reason}
              error={errors?.reason}
            />
            <SubmitButton>Close the plan</SubmitButton>
          </Form>
        )}
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Close the plan: ${data.inspection.title}` : "Close the plan") },
];
