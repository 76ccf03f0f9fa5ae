import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BoardChanges } from "../components/board-changes";
import {
  CommentaryForm,
  ExecutiveSummaryForm,
  PackChoicesForm,
  PackChoicesSummary,
} from "../components/board-pack-choices";
import { ErrorSummary, pageTitle, SubmitButton } from "../components/forms";
import { COMMENTARY_MAX, EXECUTIVE_SUMMARY_MAX, storedPackChoices } from "../domain/board-pack-options";
import { canManagePlan } from "../domain/permissions";
import { applyMeetingForm } from "../flows/board-meeting-forms.server";
import { getMeetingChanges } from "../models/board-changes.server";
import { getBoardMeeting, meetingPackRequest } from "../models/board-meetings.server";
import { buildBoardPackFrame } from "../models/board-pack.server";
import { forbidden, notFound } from "../utils/auth.server";
import { councilSettings, requireContext } from "../utils/context.server";
import { formatDate, formatDateTime } from "../utils/dates";
import { submittedValues } from "../utils/forms";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

const ParamsSchema = z.object({ meetingId: storedInteger() });

async function requireMeeting(request: Request, params: Record<string, string | undefined>) {
  const context = await requireContext(request);
  const parsed = ParamsSchema.safeParse(params);
  const meeting = parsed.success ? await getBoardMeeting(context.actor, parsed.data.meetingId) : undefined;
  if (!meeting) throw notFound();
  return { ...context, settings: await councilSettings(context, meeting.authority_id), meeting };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, meeting, today, settings } = await requireMeeting(request, params);
  const amberWindowDays = settings.amberWindowDays;
  const held = meeting.status === "held";
  const [changes, frame] = await Promise.all([
    getMeetingChanges(actor, meeting.id, { today, amberWindowDays }),
    held
      ? null
      : meetingPackRequest(meeting, { today, amberWindowDays }).then((r) =>
          buildBoardPackFrame(actor, meeting.authority_id, r),
        ),
  ]);
  const pack = frame
    ? {
        coverage: frame.coverage,
        executiveSummary: frame.executiveSummary,
        exceptions: frame.exceptions.map(({ actionId, number, title, reason, commentary }) => ({
          actionId,
          number,
          title,
          reason,
          commentary,
        })),
      }
    : null;
  return json({
    meeting,
    today,
    changes,
    choices: storedPackChoices(meeting),
    pack,
    canManage: canManagePlan(actor, meeting.authority_id),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, meeting, today, settings } = await requireMeeting(request, params);
  if (!canManagePlan(actor, meeting.authority_id)) {
    throw forbidden("Only an improvement lead or administrator can prepare or hold a board meeting.");
  }
  const formData = await request.formData();
  const outcome = await applyMeetingForm(
    actor,
    meeting,
    formData,
    { today, amberWindowDays: settings.amberWindowDays },
    new Date(),
  );
  if (outcome.ok) {
    return redirect(`/board/meetings/${meeting.id}`, {
      headers: { "Set-Cookie": await flash(request, outcome.message) },
    });
  }
  if (outcome.status === 404) throw notFound();
  if (outcome.status === 403) throw forbidden();
  return json(
    { intent: outcome.intent, errors: outcome.errors, submitted: submittedValues(formData) },
    { status: outcome.status },
  );
}

const FORMATS = [
  { format: "docx", label: "Word (.docx)" },
  { format: "xlsx", label: "Excel (.xlsx)" },
  { format: "csv", label: "CSV" },
] as const;

export default function BoardMeetingPage() {
  const { meeting, today, changes, choices, pack, canManage } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors = failed?.errors ?? {};
  const mine = (intent: string) => (failed?.intent === intent ? errors : {});
  const held = meeting.status === "held";
  const asAt = meeting.meeting_date < today ? meeting.meeting_date : today;
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
              : `The live plan as at ${formatDate(asAt)}; it is frozen, as at the meeting date, when the meeting is marked held.`}
          </dd>
        </div>
      </dl>
      <h2 className="govuk-heading-m">Download the pack</h2>
      <ul className="govuk-list">
        {FORMATS.map(({ format, label }) => (
          <li key={format}>
            <a className="govuk-link" href={`/board/meetings/${meeting.id}/pack/${format}`} download>
              {label} <span className="govuk-visually-hidden">board pack</span>
            </a>
          </li>
        ))}
        <li>
          <Link className="govuk-link" to={`/board/pack?authority=${meeting.authority_id}`}>
            Printable page (today&apos;s plan)
          </Link>
        </li>
      </ul>
      {pack && canManage ? (
        <>
          <PackChoicesForm choices={choices} coverage={pack.coverage} errors={mine("choices")} />
          <ExecutiveSummaryForm
            summary={pack.executiveSummary}
            max={EXECUTIVE_SUMMARY_MAX}
            error={mine("summary").executiveSummary}
            submitted={failed?.intent === "summary" ? failed.submitted.executiveSummary : undefined}
          />
          <CommentaryForm
            exceptions={pack.exceptions}
            max={COMMENTARY_MAX}
            errors={mine("commentary")}
            submitted={failed?.intent === "commentary" ? failed.submitted : undefined}
          />
        </>
      ) : pack ? (
        <>
          <h2 className="govuk-heading-m">What the pack covers</h2>
          <PackChoicesSummary choices={choices} coverage={pack.coverage} />
        </>
      ) : null}
      {changes ? <BoardChanges changes={changes} /> : null}
      {canManage && !held ? (
        <Form method="post">
          <input type="hidden" name="intent" value="held" />
          {errors.held ? (
            <p id="held" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.held}
            </p>
          ) : null}
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
