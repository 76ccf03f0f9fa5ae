// `import_.plan` (not `import.plan`): the trailing underscore keeps /import/plan from rendering
// inside the report import page, which has no <Outlet />.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, pageTitle, SelectField, SubmitButton } from "../components/forms";
import { requirePlanImporter, uploadPlan } from "../flows/plan-import.server";
import { PLAN_READ_LIMITS } from "../import/spreadsheet/limits";
import { listPlanImportInspections } from "../models/plan-import.server";
import { requireContext } from "../utils/context.server";
import { MAX_PLAN_LABEL } from "../utils/upload-limits";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireContext(request);
  requirePlanImporter(user);
  const selected = new URL(request.url).searchParams.get("inspectionId") ?? "";
  return json({ inspections: await listPlanImportInspections(user.actor), selected, isAdmin: user.role === "admin" });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireContext(request);
  requirePlanImporter(user);
  const outcome = await uploadPlan(user.actor, request, new Date());
  if (outcome.ok) return redirect(`/import/plan/${outcome.draftId}`);
  return json({ errors: outcome.errors }, { status: outcome.status });
}

export default function ImportPlan() {
  const { inspections, selected, isAdmin } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
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
                An Excel workbook (.xlsx) or a CSV file, up to {MAX_PLAN_LABEL}, with at most{" "}
                {PLAN_READ_LIMITS.rows.toLocaleString("en-GB")} rows and{" "}
                {PLAN_READ_LIMITS.cellCharacters.toLocaleString("en-GB")} characters in a cell.
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
