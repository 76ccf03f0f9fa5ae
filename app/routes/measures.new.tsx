import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, type FieldErrors, pageTitle, SelectField, SubmitButton } from "../components/forms";
import { MeasureFields, MeasureSchema } from "../components/measure-form";
import { listVisibleAuthorities } from "../models/authority.server";
import { createMeasure } from "../models/measures.server";
import { forbidden } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { parseForm, submittedValues } from "../utils/forms";
import { flash } from "../utils/session.server";

/** Leads add measures for their own authority; administrators choose one. */
async function requireMeasureAuthor(request: Request) {
  const { actor } = await requireContext(request);
  if (actor.role !== "admin" && actor.role !== "improvement_lead") {
    throw forbidden("Only an improvement lead or administrator can add measures.");
  }
  return { actor, authorities: await listVisibleAuthorities(actor) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { authorities } = await requireMeasureAuthor(request);
  return json({ authorities });
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, authorities } = await requireMeasureAuthor(request);
  const formData = await request.formData();
  const submitted = submittedValues(formData);
  const authorityId = authorities.length === 1 ? authorities[0].id : z.coerce.number().int().safeParse(submitted.authorityId).data;
  const parsed = parseForm(MeasureSchema, formData);
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  if (!authorities.some((a) => a.id === authorityId)) errors.authorityId = "Choose the authority";
  if (!parsed.ok || Object.keys(errors).length > 0 || authorityId === undefined) return json({ errors, submitted }, { status: 400 });
  const result = await createMeasure(actor, authorityId, parsed.data, new Date());
  if (!result.ok) throw forbidden();
  return redirect(`/measures/${result.measureId}`, { headers: { "Set-Cookie": await flash(request, "Measure added") } });
}

export default function NewMeasure() {
  const { authorities } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Add a measure</h1>
        <Form method="post" noValidate>
          {authorities.length > 1 ? (
            <SelectField
              name="authorityId"
              label="Authority"
              defaultValue={result?.submitted.authorityId}
              error={errors?.authorityId}
              options={[{ value: "", label: "Choose an authority" }, ...authorities.map((a) => ({ value: String(a.id), label: a.name }))]}
            />
          ) : null}
          <MeasureFields values={result?.submitted ?? {}} errors={errors} />
          <div className="govuk-button-group">
            <SubmitButton>Add measure</SubmitButton>
            <Link className="govuk-link" to="/measures">
              Cancel
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Add a measure") }];
