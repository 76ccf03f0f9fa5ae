import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionForms } from "../components/action-forms";
import { ActionHistory } from "../components/action-history";
import { ActionSummary } from "../components/action-summary";
import { ConflictNotice } from "../components/conflict-notice";
import { ErrorSummary, pageTitle } from "../components/forms";
import { actionCapabilities, evidenceWithdrawalRefusal } from "../domain/permissions";
import { changeActionServiceArea, getActionServiceArea } from "../models/action-changes.server";
import { getActionDetail } from "../models/action.server";
import { getSendBack } from "../models/follow-up.server";
import { SendBackBanner } from "../components/send-back-banner";
import { ActionComments } from "../components/action-comments";
import { canComment } from "../domain/comments";
import { addActionComment, listActionComments, listMentionablePeople } from "../models/comments.server";
import { CommentSchema } from "../utils/comment-form";
import { listRemovableOnAction } from "../models/redaction.server";
import { RedactionList } from "../components/redaction-list";
import { listAssignableUsers } from "../models/user.server";
import { type ActionChangeOutcome, ActionChangeSchema, applyActionChange } from "../utils/action-change.server";
import { serviceAreaField } from "../utils/action-form";
import { notFound } from "../utils/auth.server";
import { recordSettings, requireContext } from "../utils/context.server";
import { parseForm, submittedValues } from "../utils/forms";
import { removedInspectionResponse } from "../utils/removed.server";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

const IdSchema = storedInteger();

// The service area has its own small form (and schema) beside the shared action-change ones.
const ServiceAreaSchema = z.object({
  intent: z.literal("service_area"),
  version: storedInteger(),
  serviceArea: serviceAreaField,
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const context = await requireContext(request);
  const { actor, today } = context;
  const id = IdSchema.safeParse(params.actionId);
  if (!id.success) throw notFound();
  const settings = await recordSettings(context, "action", id.data);
  const action = await getActionDetail(actor, id.data, today, settings.amberWindowDays);
  if (!action) throw notFound("There is no action with that number that you can see.");
  if (action.inspection_removed_at) throw await removedInspectionResponse(actor, action.inspection_id);
  const scope = { authorityId: action.authority_id, ownerId: action.owner_id, status: action.status };
  const can = actionCapabilities(actor, scope);
  const withdrawableEvidenceIds = action.evidence
    .filter((e) => evidenceWithdrawalRefusal(actor, scope, e.added_by_id) === null)
    .map((e) => e.id);
  const commenting = canComment(actor, action.authority_id) && !action.inspection_removed_at;
  const [assignable, serviceArea, removable, sendBack, comments, people] = await Promise.all([
    can.manage ? listAssignableUsers(action.authority_id) : Promise.resolve([]),
    getActionServiceArea(actor, action.id),
    // Only administrators remove personal data entered by mistake.
    actor.role === "admin" ? listRemovableOnAction(action.id) : Promise.resolve(null),
    getSendBack(action.id),
    listActionComments(action.id),
    commenting ? listMentionablePeople(action.authority_id, actor.id) : Promise.resolve([]),
  ]);
  return json({
    action,
    serviceArea: serviceArea ?? null,
    can,
    withdrawableEvidenceIds,
    assignable,
    removable,
    sendBack,
    isOwner: action.owner_id === actor.id,
    comments,
    people,
    commenting,
    today,
    amberWindowDays: settings.amberWindowDays,
    graceDays: settings.immediateGraceDays,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireContext(request);
  const id = IdSchema.safeParse(params.actionId);
  if (!id.success) throw notFound();
  const formData = await request.formData();
  // What the user typed goes back with every refusal so the form can show it again.
  const submitted = submittedValues(formData);
  if (submitted.intent === "comment") {
    const parsedComment = parseForm(CommentSchema, formData);
    if (!parsedComment.ok) {
      return json({ intent: "comment", errors: parsedComment.errors, submitted, conflict: null }, { status: 400 });
    }
    const { comment, notify } = parsedComment.data;
    const added = await addActionComment(
      actor,
      { actionId: id.data, body: comment, notifyUserId: notify === "" ? null : notify },
      new Date(),
    );
    return respond(
      request,
      id.data,
      "comment",
      added.ok
        ? { ok: true, message: "Comment added" }
        : added.reason === "invalid"
          ? { ...added, field: added.message.startsWith("Choose") ? "notify" : "comment" }
          : added,
      submitted,
    );
  }
  if (submitted.intent === "service_area") {
    const parsedArea = parseForm(ServiceAreaSchema, formData);
    if (!parsedArea.ok) {
      return json({ intent: "service_area", errors: parsedArea.errors, submitted, conflict: null }, { status: 400 });
    }
    const changed = await changeActionServiceArea(
      actor,
      { actionId: id.data, version: parsedArea.data.version, serviceArea: parsedArea.data.serviceArea },
      new Date(),
    );
    return respond(
      request,
      id.data,
      "service_area",
      changed.ok
        ? { ok: true, message: "Service area saved" }
        : changed.reason === "invalid"
          ? { ...changed, field: "serviceArea" }
          : changed,
      submitted,
    );
  }
  const parsed = parseForm(ActionChangeSchema, formData);
  if (!parsed.ok) {
    return json({ intent: submitted.intent ?? "", errors: parsed.errors, submitted, conflict: null }, { status: 400 });
  }
  const result = await applyActionChange(actor, id.data, parsed.data, new Date());
  return respond(request, id.data, parsed.data.intent, result, submitted);
}

/** Redirects after a change, or explains a refusal with the form's values. */
async function respond(
  request: Request,
  actionId: number,
  intent: string,
  result: ActionChangeOutcome,
  submitted: Record<string, string>,
) {
  if (result.ok) {
    return redirect(`/actions/${actionId}`, { headers: { "Set-Cookie": await flash(request, result.message) } });
  }
  switch (result.reason) {
    case "not_found":
      throw notFound("There is no action with that number that you can see.");
    case "forbidden":
      throw new Response(result.message, { status: 403 });
    case "invalid":
      return json({ intent, errors: { [result.field]: result.message }, submitted, conflict: null }, { status: 400 });
    case "conflict":
      return json(
        {
          intent,
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
  const {
    action: detail,
    serviceArea,
    can,
    withdrawableEvidenceIds,
    assignable,
    removable,
    sendBack,
    isOwner,
    comments,
    people,
    commenting,
    today,
    amberWindowDays,
    graceDays,
  } = useLoaderData<typeof loader>();
  return (
    <>
      <ErrorSummary errors={actionData?.errors} />
      {actionData?.conflict ? <ConflictNotice conflict={actionData.conflict} /> : null}
      {sendBack ? <SendBackBanner sendBack={sendBack} ownerName={detail.owner_name} isOwner={isOwner} /> : null}
      <span className="govuk-caption-l">
        {detail.authority_name} · {detail.reference}
      </span>
      <h1 className="govuk-heading-l">{detail.title}</h1>
      <ActionSummary action={detail} today={today} amberWindowDays={amberWindowDays} graceDays={graceDays} />
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Service area</dt>
          <dd className="govuk-summary-list__value">{serviceArea ?? "Not set"}</dd>
        </div>
      </dl>
      <ActionForms
        action={detail}
        serviceArea={serviceArea}
        can={can}
        withdrawableEvidenceIds={withdrawableEvidenceIds}
        assignable={assignable}
        failed={
          actionData ? { intent: actionData.intent, errors: actionData.errors, submitted: actionData.submitted } : null
        }
      />
      <ActionComments
        comments={comments}
        people={people}
        canComment={commenting}
        failed={
          actionData?.intent === "comment" ? { errors: actionData.errors, submitted: actionData.submitted } : null
        }
      />
      <ActionHistory action={detail} />
      {removable ? <RedactionList items={removable} /> : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? data.action.title : "Action") },
];
