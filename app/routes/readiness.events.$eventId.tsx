import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ConflictNotice } from "../components/conflict-notice";
import { ErrorSummary, type FieldErrors, pageTitle, SubmitButton, TextArea } from "../components/forms";
import { InspectionEventForm } from "../components/inspection-event-form";
import { LetterLink } from "../components/inspection-events-table";
import { eventDates, INSPECTION_EVENT_KIND_LABELS } from "../domain/inspection-events";
import { canManagePlan } from "../domain/permissions";
import { checkEventSubmission, readEventForm } from "../flows/inspection-event-form.server";
import {
  type EventRefusal,
  getInspectionEvent,
  removeInspectionEvent,
  eventChangeRefusal,
  updateInspectionEvent,
} from "../models/inspection-events.server";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { formatDate, formatDateTime } from "../utils/dates";
import { describeStoredFile } from "../utils/evidence-form";
import { parseForm } from "../utils/forms";
import { RemoveInspectionEventSchema } from "../utils/inspection-event-form";
import { flash } from "../utils/session.server";
import { RecordIdParam, storedInteger } from "../utils/record-id";

// /readiness/events/:eventId: one monitoring visit or annual engagement meeting. Its authority's
// lead (or an administrator) changes it, replaces its letter or removes it as recorded in error.

const IdSchema = RecordIdParam;

async function loadEvent(request: Request, eventIdParam: string | undefined) {
  const context = await requireContext(request);
  const id = IdSchema.safeParse(eventIdParam);
  if (!id.success) throw notFound();
  const event = await getInspectionEvent(context.actor, id.data);
  if (!event) throw notFound("There is no visit or meeting with that number that you can see.");
  return { ...context, event, canManage: canManagePlan(context.actor, event.authorityId) && event.removed === null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, canManage } = await loadEvent(request, params.eventId);
  return json({ event, canManage });
}

const IntentSchema = z.object({ intent: z.enum(["save", "remove"]), version: storedInteger() });

type Failure = { intent: "save" | "remove" | null; errors: FieldErrors; submitted: Record<string, string> };

function refused(result: EventRefusal, failure: Failure) {
  if (result.reason === "forbidden") throw forbidden();
  if (result.reason === "not_found") throw notFound("There is no visit or meeting with that number that you can see.");
  return json({ ...failure, conflict: { changedBy: result.changedBy, changedAt: result.changedAt } }, { status: 409 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Permission is checked before the body is read, so nobody else can put files on disk.
  const { actor, today, event, canManage } = await loadEvent(request, params.eventId);
  if (event.removed) throw notFound("This visit or meeting was removed.");
  if (!canManage) throw forbidden("Only an improvement lead or administrator can change Ofsted visits and meetings.");
  const read = await readEventForm(request);
  if (!read.ok)
    return json(
      { intent: "save" as const, errors: read.errors, submitted: read.submitted, conflict: null },
      { status: read.status },
    );
  const { submitted } = read;
  const intent = IntentSchema.safeParse(submitted);
  if (!intent.success) {
    return json(
      {
        intent: null,
        errors: { form: "The form was out of date. Reload the page and try again." } as FieldErrors,
        submitted,
        conflict: null,
      },
      { status: 400 },
    );
  }
  const now = new Date();
  if (intent.data.intent === "remove") {
    const parsed = parseForm(RemoveInspectionEventSchema, read.form);
    if (!parsed.ok)
      return json({ intent: "remove" as const, errors: parsed.errors, submitted, conflict: null }, { status: 400 });
    const result = await removeInspectionEvent(
      actor,
      { eventId: event.id, version: intent.data.version, reason: parsed.data.reason },
      now,
    );
    if (!result.ok) return refused(result, { intent: "remove", errors: {}, submitted });
    return redirect(`/readiness/events?authority=${event.authorityId}`, {
      headers: { "Set-Cookie": await flash(request, `${event.title} removed`) },
    });
  }
  // A form from before someone else's change is refused before its letter is stored: nothing is left behind.
  const stale = await eventChangeRefusal(actor, event.id, intent.data.version);
  if (stale) return refused(stale, { intent: "save", errors: {}, submitted });
  const checked = await checkEventSubmission(read.form, today);
  if (!checked.ok)
    return json(
      {
        intent: "save" as const,
        errors: checked.errors,
        submitted,
        conflict: null,
        letterChosen: checked.letterChosen,
      },
      { status: 400 },
    );
  const result = await updateInspectionEvent(
    actor,
    { eventId: event.id, version: intent.data.version, ...checked.event, letter: checked.letter },
    now,
  );
  if (!result.ok) return refused(result, { intent: "save", errors: {}, submitted });
  return redirect(`/readiness/events/${event.id}`, {
    headers: { "Set-Cookie": await flash(request, result.changed ? "Changes saved" : "Nothing was changed") },
  });
}

export default function InspectionEventPage() {
  const { event, canManage } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const saveFailed = failed?.intent === "save" ? failed : null;
  const removeFailed = failed?.intent === "remove" ? failed : null;
  const kindLabel = INSPECTION_EVENT_KIND_LABELS[event.kind];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={failed?.errors} />
        {failed?.conflict ? (
          <ConflictNotice conflict={failed.conflict} subject={`This ${kindLabel.toLowerCase()}`} />
        ) : null}
        <span className="govuk-caption-l">
          {event.authorityName} · {kindLabel}
        </span>
        <h1 className="govuk-heading-l">{event.title}</h1>
        {event.removed ? (
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Removed as recorded in error by {event.removed.by ?? "a former user"} on{" "}
              {formatDateTime(event.removed.at)}: {event.removed.reason}. It is in no list, card or report.
            </strong>
          </div>
        ) : null}
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Date</dt>
            <dd className="govuk-summary-list__value">{eventDates(event)}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">What</dt>
            <dd className="govuk-summary-list__value">{kindLabel}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Summary</dt>
            <dd className="govuk-summary-list__value app-pre-line">{event.summary || "None written"}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Letter</dt>
            <dd className="govuk-summary-list__value">
              {event.removed ? (event.letterName ?? "No letter uploaded") : <LetterLink event={event} />}
              {event.letterName && event.letterType && event.letterSize !== null ? (
                <span className="govuk-body-s"> ({describeStoredFile(event.letterType, event.letterSize)})</span>
              ) : null}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Recorded</dt>
            <dd className="govuk-summary-list__value">
              By {event.createdByName ?? "a former user"} on {formatDateTime(event.createdAt)}
              {event.updatedAt ? `; last changed ${formatDateTime(event.updatedAt)}` : ""}
            </dd>
          </div>
        </dl>
        {canManage ? (
          <>
            <h2 className="govuk-heading-m">Change this {kindLabel.toLowerCase()}</h2>
            <InspectionEventForm
              values={
                saveFailed?.submitted ?? {
                  kind: event.kind,
                  date: formatDate(event.date),
                  endDate: event.endDate ? formatDate(event.endDate) : "",
                  title: event.title,
                  summary: event.summary,
                }
              }
              errors={saveFailed?.errors}
              hidden={{ intent: "save", version: String(event.version) }}
              currentLetter={event.letterName}
              letterChosen={
                saveFailed !== null && "letterChosen" in saveFailed ? Boolean(saveFailed.letterChosen) : false
              }
              submit="Save changes"
            />
            <h2 className="govuk-heading-m">Remove it</h2>
            <p className="govuk-body">
              Only if it was recorded in error: it leaves the lists, the dashboard and the readiness report; the audit
              log keeps what it was.
            </p>
            <Form method="post" encType="multipart/form-data" noValidate>
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="version" value={event.version} />
              <TextArea
                name="reason"
                label="Why is it being removed?"
                rows={2}
                defaultValue={removeFailed?.submitted.reason}
                error={removeFailed?.errors.reason}
              />
              <SubmitButton warning>Remove this {kindLabel.toLowerCase()}</SubmitButton>
            </Form>
          </>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/readiness/events?authority=${event.authorityId}`}>
            Back to visits and meetings
          </Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? data.event.title : "Visit or meeting") },
];
