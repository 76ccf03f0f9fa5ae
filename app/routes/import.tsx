import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, pageTitle, SubmitButton, TextArea } from "../components/forms";
import { ImportPreview } from "../components/import-preview";
import { canManagePlan } from "../domain/permissions";
import { listVisibleAuthorities } from "../models/authority.server";
import { forbidden } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { confirmImport, previewImport } from "../utils/import-flow.server";
import { readImportForm } from "../utils/import-request.server";
import { MAX_REPORT_LABEL } from "../utils/upload-limits";
import { flash } from "../utils/session.server";

function requireImporter(user: Awaited<ReturnType<typeof requireContext>>["user"]) {
  const allowed = user.role === "admin" || (user.authority_id !== null && canManagePlan(user.actor, user.authority_id));
  if (!allowed) throw forbidden("Only an improvement lead or administrator can import inspection reports.");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireContext(request);
  requireImporter(user);
  return json({ authorities: await listVisibleAuthorities(user.actor), isAdmin: user.role === "admin" });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, settings } = await requireContext(request);
  requireImporter(user);
  const read = await readImportForm(request);
  if (!read.ok) return json({ stage: "start" as const, errors: { report: read.error } }, { status: read.status });
  if (!read.text) {
    return json(
      { stage: "start" as const, errors: { text: "Paste the report's text or choose a text file" } },
      { status: 400 },
    );
  }
  const intent = read.form.get("intent");
  if (intent === "confirm") {
    const result = await confirmImport(user.actor, read.form, read.text, read.fileName, settings, new Date());
    if (!result.ok) return json(result.body, { status: result.status });
    const message =
      result.status === "duplicate"
        ? "This report was already imported, so nothing new was created"
        : "Report imported: one action was created for each recommendation";
    return redirect(`/inspections/${result.inspectionId}`, {
      headers: { "Set-Cookie": await flash(request, message) },
    });
  }
  // Buttons on the preview page post an "op" (merge, split, add, recalculate); the first upload posts none.
  const step = read.form.has("op") ? "edit" : "preview";
  const preview = await previewImport(user.actor, read.form, read.text, read.fileName, settings, step);
  return json(preview.body, { status: preview.status });
}

export default function Import() {
  const { authorities, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result && result.stage === "preview")
    return <ImportPreview preview={result} authorities={authorities} isAdmin={isAdmin} />;
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Import an inspection report</h1>
        <p className="govuk-body">
          Upload the Ofsted report as it was published (PDF, Word or text), or paste its text. You will see what was
          found – recommendations, timescales, judgements and due dates – before anything is saved.
        </p>
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="preview" />
          <div className={`govuk-form-group${errors && "report" in errors ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label govuk-label--s" htmlFor="report">
              Upload a report file
            </label>
            <div id="report-hint" className="govuk-hint">
              The report as Ofsted published it: PDF, Word (.docx) or plain text, up to {MAX_REPORT_LABEL}.
            </div>
            {errors && "report" in errors ? (
              <p id="report-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errors.report}
              </p>
            ) : null}
            <input
              className="govuk-file-upload"
              id="report"
              name="report"
              type="file"
              accept=".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
              aria-describedby={`report-hint${errors && "report" in errors ? " report-error" : ""}`}
            />
          </div>
          <TextArea
            name="text"
            label="Or paste the report's text"
            rows={10}
            error={errors && "text" in errors ? errors.text : undefined}
          />
          <SubmitButton>Preview</SubmitButton>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/inspections">
            Back to inspections
          </Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Import an inspection report") }];
