import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { pageTitle } from "../components/forms";
import { ImportPreview } from "../components/import-preview";
import { ReadFailed, ReadingReport } from "../components/import-reading";
import { requireImporter } from "../flows/import-access.server";
import { changeDraft, loadDraftPage } from "../flows/import-draft.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

const IdSchema = storedInteger();
const NOT_FOUND =
  "There is no import with that number that you can see. Imports not confirmed are deleted after a week.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, settings } = await requireContext(request);
  requireImporter(user);
  const id = IdSchema.safeParse(params.draftId);
  if (!id.success) throw notFound(NOT_FOUND);
  const page = await loadDraftPage(user.actor, id.data, settings, () => new Date());
  if (!page) throw notFound(NOT_FOUND);
  if (page.stage === "imported")
    throw redirect(page.inspectionId ? `/inspections/${page.inspectionId}` : "/inspections");
  return json(page, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, settings } = await requireContext(request);
  requireImporter(user);
  const id = IdSchema.safeParse(params.draftId);
  if (!id.success) throw notFound(NOT_FOUND);
  const outcome = await changeDraft(user.actor, id.data, request, settings, new Date());
  switch (outcome.kind) {
    case "not_found":
      throw notFound(NOT_FOUND);
    case "refused":
      return json(
        { conflict: outcome.status === 409, errors: outcome.errors, posted: outcome.posted, unsaved: outcome.unsaved },
        { status: outcome.status },
      );
    case "saved":
      // Back to the item the change concerned.
      return redirect(`/import/drafts/${id.data}${outcome.focusKey ? `#item-${outcome.focusKey}` : ""}`, {
        headers: { "Set-Cookie": await flash(request, outcome.message) },
      });
    case "imported": {
      const message = outcome.duplicate
        ? "This report was already imported, so nothing new was created"
        : outcome.recommendations > 0
          ? "Report imported: each recommendation has an action to write; build the plan next"
          : "Report imported: its dates and judgements were saved; it has no recommendations, so no actions were created";
      return redirect(`/inspections/${outcome.inspectionId}`, {
        headers: { "Set-Cookie": await flash(request, message) },
      });
    }
  }
}

/** Asks the server again every second while the report is being read. */
function usePollWhileReading(reading: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!reading || revalidator.state !== "idle") return;
    const timer = setTimeout(() => revalidator.revalidate(), 1000);
    return () => clearTimeout(timer);
  }, [reading, revalidator]);
}

export default function ImportDraftPage() {
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  usePollWhileReading(page.stage === "reading");
  const status =
    page.stage === "reading"
      ? "Reading the report…"
      : page.stage === "failed"
        ? "The report could not be read."
        : `The report has been read: ${page.items.length} recommendation${page.items.length === 1 ? "" : "s"} found.`;
  return (
    <>
      {page.stage === "reading" ? <h1 className="govuk-heading-l">Reading the report</h1> : null}
      {page.stage === "failed" ? <h1 className="govuk-heading-l">The report could not be read</h1> : null}
      {/* One live region for every stage, so the change from reading to read is announced. */}
      <p
        role="status"
        aria-live="polite"
        className={page.stage === "reading" ? "govuk-body-l" : "govuk-visually-hidden"}
      >
        {status}
      </p>
      {page.stage === "reading" ? <ReadingReport {...page} /> : null}
      {page.stage === "failed" ? <ReadFailed failure={page.failure} /> : null}
      {page.stage === "preview" ? <ImportPreview preview={page} failed={failed} /> : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(
      data?.stage === "reading"
        ? "Reading the report"
        : data?.stage === "failed"
          ? "The report could not be read"
          : data?.stage === "preview"
            ? `Check the import: ${data.title}`
            : "Import",
    ),
  },
];
