import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorSummary, pageTitle } from "../components/forms";
import { PlanEditor } from "../components/plan-editor";
import { canManagePlan } from "../domain/permissions";
import { submitPlanEditor } from "../flows/plan-editor-form.server";
import { getPlanForEditor } from "../models/plan-editor.server";
import { listAssignableUsers } from "../models/user.server";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { removedInspectionResponse } from "../utils/removed.server";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

async function loadPlan(request: Request, params: { inspectionId?: string }) {
  const { actor } = await requireContext(request);
  const id = storedInteger().safeParse(params.inspectionId);
  if (!id.success) throw notFound();
  const plan = await getPlanForEditor(actor, id.data);
  if (!plan) throw notFound("There is no inspection with that number that you can see.");
  if (!canManagePlan(actor, plan.authority_id)) {
    throw forbidden("Only an improvement lead or administrator can edit the plan.");
  }
  if (plan.removed_at) throw await removedInspectionResponse(actor, plan.id);
  return { actor, plan };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { plan } = await loadPlan(request, params);
  const people = await listAssignableUsers(plan.authority_id);
  return json({ plan, people: people.map((p) => ({ id: p.id, name: p.name })) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, plan } = await loadPlan(request, params);
  const result = await submitPlanEditor(actor, plan, await request.formData(), new Date());
  if (result.kind === "saved") {
    const parts = [
      result.created > 0 ? `${result.created} ${result.created === 1 ? "action" : "actions"} added` : null,
      result.changed > 0 ? `${result.changed} changed` : null,
    ].filter(Boolean);
    const message = parts.length > 0 ? `Plan saved: ${parts.join(", ")}` : "Nothing had changed";
    return redirect(`/inspections/${plan.id}/plan`, { headers: { "Set-Cookie": await flash(request, message) } });
  }
  return json(result.body, { status: result.status });
}

export default function EditPlan() {
  const { plan, people } = useLoaderData<typeof loader>();
  const response = useActionData<typeof action>();
  const location = useLocation();
  const saved = response ? response.saved.created + response.saved.changed : 0;
  return (
    <>
      <ErrorSummary errors={response?.errors} />
      <span className="govuk-caption-l">{plan.authority_name}</span>
      <h1 className="govuk-heading-l">Build the plan: {plan.title}</h1>
      {saved > 0 ? (
        <p className="govuk-inset-text" role="status">
          {saved} {saved === 1 ? "row was" : "rows were"} saved. The rows with a problem are shown below as you typed
          them; nothing in them was saved.
        </p>
      ) : null}
      <p className="govuk-body">
        Give each recommendation the actions that will meet it: a title saying what will be done, an owner and a target
        date. Empty rows are left out. Every row is saved on its own, so a problem in one row does not stop the others.
      </p>
      <p className="govuk-body">
        In lists that mix inspections and in every export, this plan&apos;s actions are numbered{" "}
        <strong>{plan.short_name} 1.1</strong>, <strong>{plan.short_name} 1.2</strong> and so on.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/inspections/${plan.id}`}>
          Back to the inspection
        </Link>
      </p>
      <PlanEditor key={response?.attempt ?? location.key} plan={plan} people={people} response={response} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Build the plan") }];
