import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, pageTitle, TextArea } from "../components/forms";
import { OpenDrafts } from "../components/import-reading";
import { uploadReport } from "../flows/import-upload.server";
import { READ_LIMITS } from "../import/read-limits";
import { listOpenImportDrafts } from "../models/import-drafts.server";
import { requireImporter } from "../flows/import-access.server";
import { requireContext } from "../utils/context.server";
import { MAX_REPORT_LABEL } from "../utils/upload-limits";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireContext(request);
  requireImporter(user);
  const drafts = await listOpenImportDrafts(user.actor, new Date());
  return json({ drafts });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireContext(request);
  requireImporter(user);
  const upload = await uploadReport(user.actor, request, new Date());
  if (!upload.ok) return json({ errors: upload.errors, text: upload.text }, { status: upload.status });
  return redirect(`/import/drafts/${upload.draftId}`);
}

export default function Import() {
  const { drafts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formAction === "/import";
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
        <OpenDrafts drafts={drafts} />
        <Form method="post" encType="multipart/form-data">
          <div className={`govuk-form-group${errors?.report ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label govuk-label--s" htmlFor="report">
              Upload a report file
            </label>
            <div id="report-hint" className="govuk-hint">
              The report as Ofsted published it: PDF, Word (.docx) or plain text, up to {MAX_REPORT_LABEL} and{" "}
              {READ_LIMITS.pdfPages} pages.
            </div>
            {errors?.report ? (
              <p id="report-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errors.report}
              </p>
            ) : null}
            <input
              className={`govuk-file-upload${errors?.report ? " govuk-file-upload--error" : ""}`}
              id="report"
              name="report"
              type="file"
              accept=".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
              aria-describedby={`report-hint${errors?.report ? " report-error" : ""}`}
              aria-invalid={errors?.report ? true : undefined}
            />
          </div>
          <TextArea
            name="text"
            label="Or paste the report's text"
            rows={10}
            defaultValue={result?.text}
            error={errors?.text}
          />
          <button
            type="submit"
            className="govuk-button"
            data-module="govuk-button"
            disabled={busy}
            aria-disabled={busy}
          >
            Preview
          </button>
          {/* Announced as soon as the form is sent: reading a long PDF takes a few seconds. */}
          <p className="govuk-body" role="status" aria-live="polite">
            {busy ? "Uploading and reading the report… this usually takes a few seconds." : ""}
          </p>
        </Form>
        <h2 className="govuk-heading-m">Already have an action plan in Excel?</h2>
        <p className="govuk-body">
          Once the report is imported,{" "}
          <Link className="govuk-link" to="/import/plan">
            import your spreadsheet plan
          </Link>{" "}
          (.xlsx or CSV): its actions, leads, target dates and progress are added under the report’s recommendations.
        </p>
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
