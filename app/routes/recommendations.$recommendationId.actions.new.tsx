import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  ErrorSummary,
  type FieldErrors,
  pageTitle,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
} from "../components/forms";
import { canManagePlan } from "../domain/permissions";
import { SERVICE_AREA_MAX } from "../domain/service-area";
import { addAction } from "../models/action-create.server";
import { getRecommendation } from "../models/recommendation.server";
import { listAssignableUsers } from "../models/user.server";
import { actionTextFields, serviceAreaField } from "../utils/action-form";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { formatDate, parseUkDate } from "../utils/dates";
import { parseForm, submittedValues } from "../utils/forms";
import { removedInspectionResponse } from "../utils/removed.server";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

const NewActionSchema = z.object({
  title: actionTextFields.title,
  description: actionTextFields.description,
  ownerId: z.union([z.literal("none"), storedInteger()], { message: "Choose an owner" }),
  targetDate: z
    .string()
    .trim()
    .default("")
    .transform((v, ctx) => {
      if (v === "") return null;
      const iso = parseUkDate(v);
      if (!iso)
        ctx.addIssue({ code: "custom", message: "Enter a real date, for example 31/03/2025, or leave it blank" });
      return iso;
    }),
  partnerAgency: actionTextFields.partnerAgency,
  serviceArea: serviceAreaField,
  successMeasure: actionTextFields.successMeasure,
});

async function loadRecommendation(request: Request, params: { recommendationId?: string }) {
  const context = await requireContext(request);
  const id = storedInteger().safeParse(params.recommendationId);
  if (!id.success) throw notFound();
  const recommendation = await getRecommendation(context.actor, id.data);
  if (!recommendation) throw notFound("There is no recommendation with that number that you can see.");
  if (!canManagePlan(context.actor, recommendation.authority_id)) {
    throw forbidden("Only an improvement lead or administrator can add actions.");
  }
  if (recommendation.inspection_removed_at) {
    throw await removedInspectionResponse(context.actor, recommendation.inspection_id);
  }
  return { ...context, recommendation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { recommendation } = await loadRecommendation(request, params);
  return json({ recommendation, assignable: await listAssignableUsers(recommendation.authority_id) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, recommendation } = await loadRecommendation(request, params);
  const formData = await request.formData();
  const submitted = submittedValues(formData);
  const parsed = parseForm(NewActionSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, submitted }, { status: 400 });
  const { ownerId, ...rest } = parsed.data;
  const result = await addAction(
    actor,
    { recommendationId: recommendation.id, ...rest, ownerId: ownerId === "none" ? null : ownerId },
    new Date(),
  );
  if (!result.ok) {
    if (result.reason === "invalid") {
      // The form checks the service area first, so a refusal here is about the owner.
      const errors: FieldErrors = { ownerId: result.message };
      return json({ errors, submitted }, { status: 400 });
    }
    throw new Response("This action could not be added.", { status: result.reason === "forbidden" ? 403 : 404 });
  }
  return redirect(`/actions/${result.actionId}`, { headers: { "Set-Cookie": await flash(request, "Action added") } });
}

export default function NewAction() {
  const { recommendation, assignable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const value = (name: string) => result?.submitted[name];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">
          {recommendation.authority_name} · {recommendation.reference}
        </span>
        <h1 className="govuk-heading-l">Add an action</h1>
        <p className="govuk-inset-text">
          {recommendation.text}
          {recommendation.due_date ? ` (due ${formatDate(recommendation.due_date)})` : ""}
        </p>
        <Form method="post" noValidate>
          <TextField name="title" label="Title" freeText defaultValue={value("title")} error={errors?.title} />
          <TextArea
            name="description"
            label="Description (optional)"
            rows={3}
            defaultValue={value("description")}
            error={errors?.description}
          />
          <SelectField
            name="ownerId"
            label="Owner"
            defaultValue={value("ownerId") ?? "none"}
            error={errors?.ownerId}
            options={[
              { value: "none", label: "Not assigned yet" },
              ...assignable.map((u) => ({ value: String(u.id), label: u.name })),
            ]}
          />
          <TextField
            name="targetDate"
            label="Target date (optional)"
            hint="For example, 31/03/2025"
            width={10}
            defaultValue={value("targetDate")}
            error={errors?.targetDate}
          />
          <TextField
            name="partnerAgency"
            label="Partner agency (optional)"
            defaultValue={value("partnerAgency")}
            error={errors?.partnerAgency}
          />
          <TextField
            name="serviceArea"
            label="Service area (optional)"
            hint={`The service that delivers the action, for example Children in care or Early help. The board groups progress by it. Up to ${SERVICE_AREA_MAX} characters.`}
            defaultValue={value("serviceArea")}
            error={errors?.serviceArea}
          />
          <TextArea
            name="successMeasure"
            label="What good looks like (optional)"
            rows={3}
            defaultValue={value("successMeasure")}
            error={errors?.successMeasure}
          />
          <div className="govuk-button-group">
            <SubmitButton>Add action</SubmitButton>
            <Link className="govuk-link" to={`/inspections/${recommendation.inspection_id}`}>
              Cancel
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Add an action") }];
