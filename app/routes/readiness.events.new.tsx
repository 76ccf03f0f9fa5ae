import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, pageTitle } from "../components/forms";
import { InspectionEventForm } from "../components/inspection-event-form";
import { checkEventSubmission, readEventForm } from "../flows/inspection-event-form.server";
import { listVisibleAuthorities } from "../models/authority.server";
import { createInspectionEvent } from "../models/inspection-events.server";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

// /readiness/events/new: a lead records a monitoring visit or annual engagement meeting for their
// own authority; an administrator chooses the authority.

async function requireEventAuthor(request: Request) {
  const context = await requireContext(request);
  const { actor } = context;
  if (actor.role !== "admin" && actor.role !== "improvement_lead") {
    throw forbidden("Only an improvement lead or administrator can record Ofsted visits and meetings.");
  }
  return { ...context, authorities: await listVisibleAuthorities(actor) };
}

const AuthorityQuery = z.object({ authority: storedInteger().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { authorities } = await requireEventAuthor(request);
  const { authority } = AuthorityQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({ authorities, authorityId: authorities.some((a) => a.id === authority) ? authority : undefined });
}

export async function action({ request }: ActionFunctionArgs) {
  // Permission is checked before the body is read, so nobody else can put files on disk.
  const { actor, today, authorities } = await requireEventAuthor(request);
  const read = await readEventForm(request);
  if (!read.ok) {
    return json({ errors: read.errors, submitted: read.submitted, letterChosen: false }, { status: read.status });
  }
  const { submitted } = read;
  const chosen = authorities.length === 1 ? authorities[0].id : storedInteger().safeParse(submitted.authorityId).data;
  const authorityId = authorities.find((a) => a.id === chosen)?.id;
  const checked = await checkEventSubmission(read.form, today);
  if (!checked.ok || authorityId === undefined) {
    const errors = {
      ...(authorityId === undefined ? { authorityId: "Choose the authority" } : {}),
      ...(checked.ok ? {} : checked.errors),
    };
    return json({ errors, submitted, letterChosen: !checked.ok && checked.letterChosen }, { status: 400 });
  }
  const result = await createInspectionEvent(
    actor,
    authorityId,
    { ...checked.event, letter: checked.letter },
    new Date(),
  );
  if (!result.ok) throw result.reason === "forbidden" ? forbidden() : notFound();
  return redirect(`/readiness/events/${result.eventId}`, {
    headers: { "Set-Cookie": await flash(request, "Visit or meeting recorded") },
  });
}

export default function NewInspectionEvent() {
  const { authorities, authorityId } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const back = authorityId ? `/readiness/events?authority=${authorityId}` : "/readiness/events";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={failed?.errors} />
        <h1 className="govuk-heading-l">Record a visit or meeting</h1>
        <p className="govuk-body">
          A monitoring visit or an annual engagement meeting with Ofsted, with the letter or note Ofsted sent after it.
        </p>
        <InspectionEventForm
          values={failed?.submitted ?? { authorityId: authorityId ? String(authorityId) : undefined }}
          errors={failed?.errors}
          authorities={authorities}
          letterChosen={failed?.letterChosen}
          submit="Record it"
        />
        <p className="govuk-body">
          <Link className="govuk-link" to={back}>
            Back to visits and meetings
          </Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Record a visit or meeting") }];
