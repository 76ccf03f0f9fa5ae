import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionForms } from "../components/action-forms";
import { ActionHistory } from "../components/action-history";
import { ActionSummary } from "../components/action-summary";
import { ConflictNotice } from "../components/conflict-notice";
import { ErrorSummary, pageTitle } from "../components/forms";
import { actionCapabilities } from "../domain/permissions";
import { getActionDetail } from "../models/action.server";
import { listAssignableUsers } from "../models/user.server";
import { ActionChangeSchema, applyActionChange } from "../utils/action-change.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { parseForm, submittedValues } from "../utils/forms";
import { flash } from "../utils/session.server";

const IdSchema = z.coerce.number().int().positive();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, today, settings } = await requireContext(request);
  const id = IdSchema.safeParse(params.actionId);
  if (!id.success) throw notFound();
  const action = await getActionDetail(actor, id.data, today, settings.amberWindowDays);
  if (!action) throw notFound("There is no action with that number that you can see.");
  const can = actionCapabilities(actor, { authorityId: action.authority_id, ownerId: action.owner_id, status: action.status });
  const assignable = can.manage ? await listAssignableUsers(action.authority_id) : [];
  return json({ action, can, assignable, today, amberWindowDays: settings.amberWindowDays, graceDays: settings.immediateGraceDays });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireContext(request);
  const id = IdSchema.safeParse(params.actionId);
  if (!id.success) throw notFound();
  const formData = await request.formData();
  // What the user typed goes back with every refusal so the form can show it again.
  const submitted = submittedValues(formData);
  const parsed = parseForm(ActionChangeSchema, formData);
  if (!parsed.ok) {
    return json({ intent: submitted.intent ?? "", errors: parsed.errors, submitted, conflict: null }, { status: 400 });
  }
  const result = await applyActionChange(actor, id.data, parsed.data, new Date());
  if (result.ok) {
    return redirect(`/actions/${id.data}`, { headers: { "Set-Cookie": await flash(request, result.message) } });
  }
  switch (result.reason) {
    case "not_found":
      throw notFound("There is no action with that number that you can see.");
    case "forbidden":
      throw new Response(result.message, { status: 403 });
    case "invalid":
      return json(
        { intent: parsed.data.intent, errors: { [result.field]: result.message }, submitted, conflict: null },
        { status: 400 },
      );
    case "conflict":
      return json(
        {
          intent: parsed.data.intent,
          errors: {},
          submitted,
          conflict: { changedBy: result.changedBy, changedAt: result.changedAt },
        },
        { status: 409 },
      );
  }
}

export default function ActionPage() {
  const actionData = useActionData<typeof action>();
  const { action: detail, can, assignable, today, amberWindowDays, graceDays } = useLoaderData<typeof loader>();
  return (
    <>
      <ErrorSummary errors={actionData?.errors} />
      {actionData?.conflict ? <ConflictNotice conflict={actionData.conflict} /> : null}
      <span className="govuk-caption-l">
        {detail.authority_name} · {detail.reference}
      </span>
      <h1 className="govuk-heading-l">{detail.title}</h1>
      <ActionSummary action={detail} today={today} amberWindowDays={amberWindowDays} graceDays={graceDays} />
      <ActionForms
        action={detail}
        can={can}
        assignable={assignable}
        failed={actionData ? { intent: actionData.intent, errors: actionData.errors, submitted: actionData.submitted } : null}
      />
      <ActionHistory action={detail} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? data.action.title : "Action") }];
