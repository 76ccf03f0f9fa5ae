import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { EvidenceForm } from "../components/evidence-form";
import { ErrorSummary, pageTitle } from "../components/forms";
import { type Actor, canWorkOnAction } from "../domain/permissions";
import { addEvidence, getEvidenceTarget } from "../models/evidence.server";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { readEvidenceSubmission } from "../utils/evidence-request.server";
import { removedInspectionResponse } from "../utils/removed.server";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

// The page is /actions/:actionId/evidence; the trailing underscore keeps it out of the action
// page's layout (that page renders no outlet).

const IdSchema = storedInteger();

async function requireEvidenceTarget(actor: Actor, actionIdParam: string | undefined) {
  const id = IdSchema.safeParse(actionIdParam);
  if (!id.success) throw notFound();
  const target = await getEvidenceTarget(actor, id.data);
  if (!target) throw notFound("There is no action with that number that you can see.");
  if (!canWorkOnAction(actor, target))
    throw forbidden("Only the action's owner or an improvement lead can add evidence.");
  if (target.inspectionRemovedAt) throw await removedInspectionResponse(actor, target.inspectionId);
  return target;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const target = await requireEvidenceTarget(actor, params.actionId);
  return json({
    action: { id: target.id, title: target.title, reference: target.reference, authorityName: target.authorityName },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireContext(request);
  // Permission is checked before the body is read, so nobody else can put files on disk.
  const target = await requireEvidenceTarget(actor, params.actionId);
  const submission = await readEvidenceSubmission(request);
  if (!submission.ok) {
    return json({ errors: submission.errors, submitted: submission.submitted }, { status: submission.status });
  }
  const result = await addEvidence(actor, { actionId: target.id, ...submission.evidence }, new Date());
  if (result.ok) {
    const message = result.duplicate
      ? "This evidence was already added a moment ago; it has been saved once"
      : "Evidence added";
    return redirect(`/actions/${target.id}`, { headers: { "Set-Cookie": await flash(request, message) } });
  }
  if (result.reason === "not_found") throw notFound("There is no action with that number that you can see.");
  if (result.reason === "forbidden") throw forbidden(result.message);
  const message = result.reason === "invalid" ? result.message : "The action changed; try again.";
  return json({ errors: { description: message }, submitted: {} as Record<string, string> }, { status: 400 });
}

export default function AddEvidence() {
  const { action: target } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={failed?.errors} />
        <span className="govuk-caption-l">
          {target.authorityName} · {target.reference}
        </span>
        <h1 className="govuk-heading-l">Add evidence</h1>
        <p className="govuk-body">
          For{" "}
          <Link className="govuk-link" to={`/actions/${target.id}`}>
            {target.title}
          </Link>
          . Evidence of completion shows the work was done; evidence of impact shows children&apos;s experiences
          improved.
        </p>
        <EvidenceForm actionId={target.id} errors={failed?.errors} values={failed?.submitted} />
        <p className="govuk-body">
          <Link className="govuk-link" to={`/actions/${target.id}`}>
            Back to the action
          </Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data }) => [
  { title: pageTitle(data ? `Add evidence: ${data.action.title}` : "Add evidence") },
];
