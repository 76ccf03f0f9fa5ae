import type { SerializeFrom } from "@remix-run/node";
import type { SendBack } from "../models/follow-up.server";
import { formatDateTime } from "../utils/dates";

/**
 * A GOV.UK notification banner at the top of an action sent back (or reopened) to its owner: who,
 * when and why, until the owner acts on it. The owner reads "to you"; anyone else, the owner's name.
 */
export function SendBackBanner({
  sendBack,
  ownerName,
  isOwner,
}: {
  sendBack: SerializeFrom<SendBack>;
  ownerName: string | null;
  isOwner: boolean;
}) {
  const to = isOwner ? "you" : (ownerName ?? "its owner");
  const verb = sendBack.reopened ? "Reopened and sent back" : "Sent back";
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="send-back-title">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="send-back-title">
          {verb} to {to}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">
          {sendBack.by ?? "Someone"} {sendBack.reopened ? "reopened" : "sent back"} this action on{" "}
          {formatDateTime(sendBack.at)}
          {sendBack.reason ? ":" : "."}
        </p>
        {sendBack.reason ? (
          <blockquote className="govuk-inset-text govuk-!-margin-top-2">{sendBack.reason}</blockquote>
        ) : null}
        <p className="govuk-body">
          {isOwner
            ? "Add a progress update or evidence, or submit it for sign-off again when it is ready. This notice stays until you do."
            : "This notice stays until the owner adds a progress update or evidence, or submits it again."}
        </p>
      </div>
    </div>
  );
}
