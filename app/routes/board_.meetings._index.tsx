import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, pageTitle, SelectField, SubmitButton, TextField } from "../components/forms";
import { listVisibleAuthorities } from "../models/authority.server";
import { listBoardMeetings, recordBoardMeeting } from "../models/board-meetings.server";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { formatDate, parseUkDate } from "../utils/dates";
import { parseForm } from "../utils/forms";
import { flash } from "../utils/session.server";
import { TableHead } from "../components/table-head";
import { TableScroll } from "../components/table-scroll";
import { storedInteger } from "../utils/record-id";

const BOARD_NAME_MAX = 120;

const MeetingSchema = z.object({
  boardName: z
    .string()
    .trim()
    .min(1, "Enter the board's name")
    .max(BOARD_NAME_MAX, `The board's name must be ${BOARD_NAME_MAX} characters or fewer`),
  meetingDate: z
    .string()
    .transform((value) => parseUkDate(value))
    .refine((value): value is string => value !== null, "Enter the meeting date, for example 1/7/2024 or 1 July 2024"),
  authorityId: storedInteger().optional().catch(undefined),
});

const canRecord = (role: string) => role === "admin" || role === "improvement_lead";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const [meetings, authorities] = await Promise.all([listBoardMeetings(actor), listVisibleAuthorities(actor)]);
  return json({ meetings, authorities, canRecord: canRecord(actor.role) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireContext(request);
  if (!canRecord(actor.role)) throw forbidden("Only an improvement lead or administrator can record a board meeting.");
  const formData = await request.formData();
  const parsed = parseForm(MeetingSchema, formData);
  const authorities = await listVisibleAuthorities(actor);
  const authorityId = authorities.length === 1 ? authorities[0].id : parsed.ok ? parsed.data.authorityId : undefined;
  const errors = parsed.ok ? {} : { ...parsed.errors };
  if (authorityId === undefined) errors.authorityId = "Choose the authority";
  if (!parsed.ok || authorityId === undefined) return json({ errors }, { status: 400 });
  const result = await recordBoardMeeting(actor, authorityId, parsed.data, new Date());
  if (!result.ok) throw result.reason === "forbidden" ? forbidden() : notFound();
  return redirect(`/board/meetings/${result.meetingId}`, {
    headers: { "Set-Cookie": await flash(request, "Board meeting recorded") },
  });
}

export default function BoardMeetings() {
  const { meetings, authorities, canRecord } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Board meetings</h1>
      <p className="govuk-body">
        A meeting&apos;s pack is the live plan until the meeting is marked held; then it is frozen as at the meeting
        date and downloads the same ever after.{" "}
        <Link className="govuk-link" to="/board/pack">
          See today&apos;s board pack
        </Link>
        .
      </p>
      {canRecord ? (
        <p className="govuk-body">
          On a planned meeting&apos;s page you choose what its pack covers and write the executive summary and the
          commentary on exceptions. The protective marking printed on every page is set under{" "}
          <Link className="govuk-link" to="/board/settings">
            council settings
          </Link>
          .
        </p>
      ) : null}
      {meetings.length === 0 ? (
        <p className="govuk-body">No board meetings have been recorded yet.</p>
      ) : (
        <TableScroll caption="Meetings" captionClassName="govuk-table__caption govuk-table__caption--m">
          <TableHead columns={["Date", "Board", ...(authorities.length > 1 ? ["Authority"] : []), "Pack"]} />
          <tbody className="govuk-table__body">
            {meetings.map((m) => (
              <tr className="govuk-table__row" key={m.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/board/meetings/${m.id}`}>
                    {formatDate(m.meeting_date)}
                  </Link>
                </td>
                <td className="govuk-table__cell">{m.board_name}</td>
                {authorities.length > 1 ? <td className="govuk-table__cell">{m.authority_name}</td> : null}
                <td className="govuk-table__cell">
                  {m.status === "held" ? "Frozen (meeting held)" : "Live (planned)"}
                </td>
              </tr>
            ))}
          </tbody>
        </TableScroll>
      )}
      {canRecord ? (
        <Form method="post" noValidate>
          <h2 className="govuk-heading-m">Record a meeting</h2>
          {authorities.length > 1 ? (
            <SelectField
              name="authorityId"
              label="Authority"
              error={errors?.authorityId}
              options={[
                { value: "", label: "Choose an authority" },
                ...authorities.map((a) => ({ value: String(a.id), label: a.name })),
              ]}
            />
          ) : null}
          <TextField name="boardName" label="Board" hint="For example, Improvement Board" error={errors?.boardName} />
          <TextField
            name="meetingDate"
            label="Meeting date"
            hint="For example, 1/7/2024 or 1 July 2024"
            error={errors?.meetingDate}
            width={10}
          />
          <SubmitButton>Record meeting</SubmitButton>
        </Form>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Board meetings") }];
