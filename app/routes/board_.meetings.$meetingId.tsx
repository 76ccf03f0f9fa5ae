import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BoardChanges } from "../components/board-changes";
import { ErrorSummary, pageTitle, SubmitButton } from "../components/forms";
import { canManagePlan } from "../domain/permissions";
import { getMeetingChanges } from "../models/board-changes.server";
import { getBoardMeeting, markBoardMeetingHeld } from "../models/board-meetings.server";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { formatDate, formatDateTime } from "../utils/dates";
import { flash } from "../utils/session.server";

const ParamsSchema = z.object({ meetingId: z.coerce.number().int().positive() });

async function requireMeeting(request: Request, params: Record<string, string | undefined>) {
  const context = await requireContext(request);
  const parsed = ParamsSchema.safeParse(params);
  const meeting = parsed.success ? await getBoardMeeting(context.actor, parsed.data.meetingId) : undefined;
  if (!meeting) throw notFound();
  return { ...context, meeting };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, meeting, today, settings } = await requireMeeting(request, params);
  const changes = await getMeetingChanges(actor, meeting.id, { today, amberWindowDays: settings.amberWindowDays });
  return json({ meeting, today, changes, canManage: canManagePlan(actor, meeting.authority_id) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, meeting, today, settings } = await requireMeeting(request, params);
  if (!canManagePlan(actor, meeting.authority_id)) {
    throw forbidden("Only an improvement lead or administrator can mark a meeting held.");
  }
  const result = await markBoardMeetingHeld(actor, meeting.id, { today, amberWindowDays: settings.amberWindowDays }, new Date());
  if (!result.ok) {
    if (result.reason === "not_found") throw notFound();
    if (result.reason === "forbidden") throw forbidden();
    const message =
      result.reason === "not_yet"
        ? "A meeting can only be marked held on or after its date"
        : "This meeting has already been marked held";
    return json({ errors: { held: message } }, { status: result.reason === "not_yet" ? 400 : 409 });
  }
  return redirect(`/board/meetings/${meeting.id}`, {
    headers: { "Set-Cookie": await flash(request, "Meeting marked held; its pack is frozen") },
  });
}

const FORMATS = [
  { format: "docx", label: "Word (.docx)" },
  { format: "xlsx", label: "Excel (.xlsx)" },
  { format: "csv", label: "CSV" },
] as const;

export default function BoardMeetingPage() {
  const { meeting, today, changes, canManage } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  const held = meeting.status === "held";
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{meeting.authority_name}</span>
        {meeting.board_name}, {formatDate(meeting.meeting_date)}
      </h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            {held ? `Held; pack frozen on ${formatDateTime(meeting.held_at ?? "")}` : "Planned"}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Pack</dt>
          <dd className="govuk-summary-list__value">
            {held
              ? `The plan as at ${formatDate(meeting.meeting_date)}, exactly as frozen when the meeting was marked held.`
              : `The live plan as at ${formatDate(meeting.meeting_date < today ? meeting.meeting_date : today)}; it is frozen when the meeting is marked held.`}
          </dd>
        </div>
      </dl>
      <h2 className="govuk-heading-m">Download the pack</h2>
      <ul className="govuk-list">
        {FORMATS.map(({ format, label }) => (
          <li key={format}>
            <a className="govuk-link" href={`/board/meetings/${meeting.id}/pack/${format}`} download>
              {label}
            </a>
          </li>
        ))}
        <li>
          <Link className="govuk-link" to={`/board/pack?authority=${meeting.authority_id}`}>
            Printable page (today&apos;s plan)
          </Link>
        </li>
      </ul>
      {changes ? <BoardChanges changes={changes} /> : null}
      {canManage && !held ? (
        <Form method="post">
          <input type="hidden" name="intent" value="held" />
          <p className="govuk-body">Marking the meeting held freezes its pack as at the meeting date.</p>
          <SubmitButton>Mark as held</SubmitButton>
        </Form>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/board/meetings">
          All board meetings
        </Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Board meeting") }];
