import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, pageTitle, SubmitButton, TextArea } from "../components/forms";
import { type Actor, evidenceWithdrawalRefusal } from "../domain/permissions";
import { getEvidenceItem, withdrawEvidence } from "../models/evidence.server";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { WithdrawEvidenceSchema } from "../utils/evidence-form";
import { parseForm } from "../utils/forms";
import { flash } from "../utils/session.server";
import { RecordIdParam } from "../utils/record-id";

// Withdrawing evidence: a confirmation page with a reason. The row and file are kept for the
// history; the item leaves the action's evidence list. Who may, and when: evidenceWithdrawalRefusal.

const IdSchema = RecordIdParam;

async function requireWithdrawable(actor: Actor, evidenceIdParam: string | undefined) {
  const id = IdSchema.safeParse(evidenceIdParam);
  if (!id.success) throw notFound();
  const item = await getEvidenceItem(actor, id.data);
  if (!item || item.deleted_at !== null) throw notFound("There is no evidence with that number that you can see.");
  const refusal = evidenceWithdrawalRefusal(actor, item, item.addedBy);
  if (refusal?.reason === "forbidden") throw forbidden(refusal.message);
  return { ...item, notNow: refusal?.message ?? null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const item = await requireWithdrawable(actor, params.evidenceId);
  return json({
    item: {
      id: item.id,
      description: item.description,
      fileName: item.file_name,
      url: item.url,
      actionId: item.actionId,
      actionTitle: item.actionTitle,
    },
    notNow: item.notNow,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireContext(request);
  const item = await requireWithdrawable(actor, params.evidenceId);
  if (item.notNow) return json({ errors: { reason: item.notNow }, reason: "" }, { status: 400 });
  const formData = await request.formData();
  const parsed = parseForm(WithdrawEvidenceSchema, formData);
  const typed = String(formData.get("reason") ?? "");
  if (!parsed.ok) return json({ errors: parsed.errors, reason: typed }, { status: 400 });
  const result = await withdrawEvidence(actor, { evidenceId: item.id, reason: parsed.data.reason }, new Date());
  if (result.ok) {
    return redirect(`/actions/${item.actionId}`, {
      headers: { "Set-Cookie": await flash(request, "Evidence withdrawn") },
    });
  }
  if (result.reason === "not_found") throw notFound("There is no evidence with that number that you can see.");
  if (result.reason === "forbidden") throw forbidden(result.message);
  return json(
    {
      errors: {
        reason:
          result.reason === "invalid" ? result.message : "The action changed while you were here. Please try again.",
      },
      reason: typed,
    },
    { status: 400 },
  );
}

export default function WithdrawEvidence() {
  const { item, notNow } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={failed?.errors} />
        <h1 className="govuk-heading-l">Withdraw evidence</h1>
        <p className="govuk-body">
          <strong>{item.description}</strong>
          {item.fileName ? ` (${item.fileName})` : ""}, for{" "}
          <Link className="govuk-link" to={`/actions/${item.actionId}`}>
            {item.actionTitle}
          </Link>
          .
        </p>
        {notNow ? (
          <p className="govuk-inset-text">{notNow}</p>
        ) : (
          <>
            <p className="govuk-body">
              Withdrawn evidence no longer counts towards sign-off and leaves the evidence list. It stays in the
              action&apos;s history, with your reason.
            </p>
            <Form method="post">
              <TextArea
                name="reason"
                label="Why is it being withdrawn?"
                rows={3}
                defaultValue={failed?.reason}
                error={failed?.errors.reason}
              />
              <SubmitButton>Withdraw evidence</SubmitButton>
            </Form>
          </>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/actions/${item.actionId}`}>
            Back to the action
          </Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Withdraw evidence") }];
