import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, pageTitle, SelectField, SubmitButton, TextField } from "../components/forms";
import { PROTECTIVE_MARKING_MAX } from "../domain/protective-marking";
import { listProtectiveMarkings, setProtectiveMarking } from "../models/protective-marking.server";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { parseForm, submittedValues } from "../utils/forms";
import { flash } from "../utils/session.server";

// /board/settings: the protective marking an authority prints on every page of its Word files (board
// pack, statement of action, readiness report) and printed spreadsheets. Leads set their own
// authority's; administrators choose the authority.

const MarkingSchema = z.object({
  authorityId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
  marking: z
    .string()
    .trim()
    .min(1, "Enter the protective marking, for example OFFICIAL")
    .max(PROTECTIVE_MARKING_MAX, `Keep the marking under ${PROTECTIVE_MARKING_MAX} characters`)
    .regex(/^[^\p{Cc}]*$/u, "Use letters, numbers and punctuation only"),
});

const canSet = (role: string) => role === "admin" || role === "improvement_lead";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  if (!canSet(actor.role)) throw forbidden("Document settings are for improvement leads and administrators.");
  const authorities = await listProtectiveMarkings(actor);
  const chosen = Number(new URL(request.url).searchParams.get("authority"));
  return json({
    authorities,
    chosen: authorities.some((a) => a.id === chosen) ? chosen : (authorities[0]?.id ?? null),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireContext(request);
  if (!canSet(actor.role)) throw forbidden("Only an improvement lead or administrator can change document settings.");
  const formData = await request.formData();
  const parsed = parseForm(MarkingSchema, formData);
  const authorityId = actor.role === "admin" ? (parsed.ok ? parsed.data.authorityId : undefined) : actor.authorityId;
  const errors = parsed.ok ? {} : { ...parsed.errors };
  if (authorityId === undefined || authorityId === null) errors.authorityId = "Choose the authority";
  if (!parsed.ok || authorityId === undefined || authorityId === null) {
    return json({ errors, submitted: submittedValues(formData) }, { status: 400 });
  }
  const result = await setProtectiveMarking(actor, authorityId, parsed.data.marking, new Date());
  if (!result.ok) throw result.reason === "forbidden" ? forbidden() : notFound();
  return redirect(`/board/settings?authority=${authorityId}`, {
    headers: {
      "Set-Cookie": await flash(request, result.changed ? "Protective marking saved" : "Protective marking unchanged"),
    },
  });
}

export default function DocumentSettings() {
  const { authorities, chosen } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors = failed?.errors ?? {};
  const current = authorities.find((a) => a.id === chosen);
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Document settings</h1>
      <p className="govuk-body">
        The protective marking is printed at the top and bottom of every page of the board pack, the statement of action
        and the readiness report, and on printed spreadsheets. Most councils use OFFICIAL; a pack naming staff in
        sensitive circumstances may need OFFICIAL-SENSITIVE.
      </p>
      {authorities.length === 0 ? (
        <p className="govuk-body">There is no authority to set a marking for yet.</p>
      ) : (
        <Form method="post" noValidate>
          {authorities.length > 1 ? (
            <SelectField
              name="authorityId"
              label="Authority"
              options={authorities.map((a) => ({
                value: String(a.id),
                label: `${a.name} (now ${a.protective_marking})`,
              }))}
              defaultValue={failed?.submitted.authorityId ?? (chosen === null ? null : String(chosen))}
              error={errors.authorityId}
            />
          ) : null}
          <TextField
            name="marking"
            label="Protective marking"
            hint={`For example OFFICIAL or OFFICIAL-SENSITIVE. Up to ${PROTECTIVE_MARKING_MAX} characters.`}
            defaultValue={failed?.submitted.marking ?? current?.protective_marking ?? "OFFICIAL"}
            error={errors.marking}
            width={20}
          />
          <SubmitButton>Save protective marking</SubmitButton>
        </Form>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Document settings") }];
