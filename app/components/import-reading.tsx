import { Link } from "@remix-run/react";
import { DRAFT_LIFETIME_DAYS, MAX_OPEN_DRAFTS } from "../domain/import-draft";
import { formatDateTime } from "../utils/dates";

/** Seconds between the reading page's refreshes without JavaScript (with it, the page asks every second). */
export const READING_REFRESH_SECONDS = 2;

const STATUS_LABELS: Record<string, string> = {
  reading: "Being read",
  ready: "Ready to check",
  failed: "Could not be read",
};

/** The imports this person has started and not finished, so one can be picked up again. */
export function OpenDrafts({
  drafts,
}: {
  drafts: readonly { id: number; status: string; file_name: string | null; source_kind: string; updated_at: string }[];
}) {
  if (drafts.length === 0) return null;
  return (
    <div className="app-card">
      <h2 className="govuk-heading-s">Imports you have started</h2>
      <ul className="govuk-list">
        {drafts.map((draft) => (
          <li key={draft.id}>
            <Link className="govuk-link" to={`/import/drafts/${draft.id}`}>
              {draft.file_name ?? "Pasted text"}
            </Link>{" "}
            – {STATUS_LABELS[draft.status] ?? draft.status}, last changed {formatDateTime(draft.updated_at)}
          </li>
        ))}
      </ul>
      <p className="govuk-body-s">
        Imports not confirmed are deleted {DRAFT_LIFETIME_DAYS} days after they were last changed; only your{" "}
        {MAX_OPEN_DRAFTS} latest are kept.
      </p>
    </div>
  );
}

/**
 * The page while a worker reads the upload. Without JavaScript it refreshes itself (a refresh
 * inside <noscript>, so it never fires when the page polls by itself); with JavaScript the route
 * polls and the status line above announces the result.
 */
export function ReadingReport({
  draftId,
  fileName,
  since,
  waiting,
}: {
  draftId: number;
  fileName: string | null;
  since: string;
  waiting: number;
}) {
  return (
    <>
      <noscript>
        <meta httpEquiv="refresh" content={String(READING_REFRESH_SECONDS)} />
      </noscript>
      <p className="govuk-body">
        {fileName ? <>The file “{fileName}”</> : "The pasted text"} is being read (sent {formatDateTime(since)}). A
        report usually takes a few seconds; a long PDF can take longer.
        {waiting > 0 ? ` ${waiting} other report${waiting === 1 ? " is" : "s are"} waiting to be read first.` : ""}
      </p>
      <p className="govuk-body">
        This page shows the report as soon as it has been read.{" "}
        <a className="govuk-link" href={`/import/drafts/${draftId}`}>
          Check again
        </a>
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/import">
          Import a different report
        </Link>
      </p>
    </>
  );
}

/** Why the upload could not be read, and the way back. */
export function ReadFailed({ failure }: { failure: string }) {
  return (
    <>
      <div className="govuk-error-summary" role="alert" tabIndex={-1}>
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <p className="govuk-body">{failure}</p>
        </div>
      </div>
      <p className="govuk-body">Nothing has been saved to the plan.</p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/import">
          Import another file or paste the report&rsquo;s text
        </Link>
      </p>
    </>
  );
}
