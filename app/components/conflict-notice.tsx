import { formatDateTime } from "../utils/dates";

/**
 * Shown with HTTP 409 when the action (or `subject`, e.g. "This inspection") changed after the form
 * was opened; the form below keeps the user's input.
 */
export function ConflictNotice({
  conflict,
  subject = "This action",
}: {
  conflict: { changedBy: string | null; changedAt: string | null };
  subject?: string;
}) {
  return (
    <div className="govuk-notification-banner" role="alert" aria-labelledby="conflict-title">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="conflict-title">
          Not saved
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">
          {subject} was changed by {conflict.changedBy ?? "someone else"}
          {conflict.changedAt ? ` at ${formatDateTime(conflict.changedAt)}` : ""} since you opened it.
        </p>
        <p className="govuk-body">
          Your change has not been saved, so nothing was overwritten. Check {subject.replace(/^This /, "the ")} as it is
          now below; what you entered is still in the form, ready to submit again.
        </p>
      </div>
    </div>
  );
}
