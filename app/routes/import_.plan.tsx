// `import_.plan` (not `import.plan`): the trailing underscore keeps /import/plan from rendering
// inside the report import page, which has no <Outlet />.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, pageTitle, SelectField, SubmitButton } from "../components/forms";
import { PlanImportMapping } from "../components/plan-import-mapping";
import { PlanImportPreview } from "../components/plan-import-preview";
import { listPlanImportInspections } from "../models/plan-import.server";
import { type CurrentUser, forbidden } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import type { FieldErrors } from "../utils/forms";
import { confirmPlan, previewPlan, showMapping, uploadPlan } from "../utils/plan-import-flow.server";
import { readPlanImportForm } from "../utils/plan-import-request.server";
import { MAX_PLAN_LABEL } from "../utils/upload-limits";
import { flash } from "../utils/session.server";

function requirePlanImporter(user: CurrentUser) {
  if (user.role !== "admin" && user.role !== "improvement_lead") {
    throw forbidden("Only an improvement lead or administrator can import a plan.");
  }
}

const intentSchema = z.enum(["upload", "columns", "mapping", "preview", "confirm"]).catch("upload");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireContext(request);
  requirePlanImporter(user);
  const selected = new URL(request.url).searchParams.get("inspectionId") ?? "";
  return json({ inspections: await listPlanImportInspections(user.actor), selected, isAdmin: user.role === "admin" });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireContext(request);
  requirePlanImporter(user);
  const read = await readPlanImportForm(request);
  if (!read.ok)
    return json({ stage: "start" as const, errors: { plan: read.error } as FieldErrors }, { status: read.status });
  const intent = intentSchema.parse(read.form.get("intent"));
  if (intent === "confirm") {
    const result = await confirmPlan(user.actor, read.form, new Date());
    if (!result.ok) return json(result.step.body, { status: result.step.status });
    const message = `Plan imported: ${result.actions} ${result.actions === 1 ? "action" : "actions"} added${
      result.pendingUsers
        ? `, and ${result.pendingUsers} pending ${result.pendingUsers === 1 ? "user" : "users"} for an administrator to set up`
        : ""
    }`;
    return redirect(`/inspections/${result.inspectionId}`, {
      headers: { "Set-Cookie": await flash(request, message) },
    });
  }
  const step =
    intent === "upload"
      ? await uploadPlan(user.actor, read.form, read.upload)
      : intent === "preview"
        ? await previewPlan(user.actor, read.form)
        : await showMapping(user.actor, read.form, intent === "columns");
  return json(step.body, { status: step.status });
}

export default function ImportPlan() {
  const { inspections, selected, isAdmin } = useLoaderData<typeof loader>();
  const step = useActionData<typeof action>();
  if (step?.stage === "mapping") return <PlanImportMapping step={step} />;
  if (step?.stage === "preview") return <PlanImportPreview step={step} />;
  const errors = step?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">Import a spreadsheet plan: step 1 of 3</span>
        <h1 className="govuk-heading-l">Import an existing action plan</h1>
        <p className="govuk-body">
          Upload the plan you keep in Excel. You will match its columns – recommendation, action, lead, target date,
          progress, RAG and evidence – and see every row before anything is saved.
        </p>
        {inspections.length === 0 ? (
          <p className="govuk-body">
            There are no inspections to add a plan to yet.{" "}
            <Link className="govuk-link" to="/import">
              Import the inspection report
            </Link>{" "}
            first.
          </p>
        ) : (
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="upload" />
            <SelectField
              name="inspectionId"
              label="Inspection the plan is for"
              hint="The plan’s actions are added under this inspection’s recommendations."
              defaultValue={selected}
              error={errors?.inspectionId}
              options={[
                { value: "", label: "Choose an inspection" },
                ...inspections.map((i) => ({
                  value: String(i.id),
                  label: isAdmin ? `${i.authority_name}: ${i.title}` : i.title,
                })),
              ]}
            />
            <div className={`govuk-form-group${errors?.plan ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label govuk-label--s" htmlFor="plan">
                Upload the plan
              </label>
              <div id="plan-hint" className="govuk-hint">
                An Excel workbook (.xlsx) or a CSV file, up to {MAX_PLAN_LABEL}.
              </div>
              {errors?.plan ? (
                <p id="plan-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {errors.plan}
                </p>
              ) : null}
              <input
                className={`govuk-file-upload${errors?.plan ? " govuk-file-upload--error" : ""}`}
                id="plan"
                name="plan"
                type="file"
                accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-describedby={`plan-hint${errors?.plan ? " plan-error" : ""}`}
              />
            </div>
            <SubmitButton>Continue</SubmitButton>
          </Form>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to="/import">
            Import an inspection report instead
          </Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Import an existing action plan") }];
