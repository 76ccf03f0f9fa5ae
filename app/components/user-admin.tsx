import type { UserDetail } from "../models/user.server";
import { formatDateTime } from "../utils/dates";
import { roleLabel, UserStatusTag } from "./user-fields";

/** The one time a set-password link is visible: only its hash is stored. */
export function InvitationPanel({ name, url, expiresAt }: { name: string; url: string; expiresAt: string | null }) {
  return (
    <div
      className="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby="invitation-title"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="invitation-title">
          Link created
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">Send {name} this link to choose a password:</p>
        <p className="govuk-body">
          <code className="app-break-all">{url}</code>
        </p>
        <p className="govuk-body">
          It works once{expiresAt ? `, until ${formatDateTime(expiresAt)}` : ""}. Copy it now: it will not be shown
          again. Anyone with the link can set the password, so send it only to {name}&apos;s work email address.
        </p>
      </div>
    </div>
  );
}

export function UserAccessSummary({
  user,
  openInvitation,
  sessions,
}: {
  user: Pick<UserDetail, "email" | "role" | "authority_name" | "status" | "last_signed_in_at" | "created_at">;
  openInvitation: { expires_at: string } | null | undefined;
  sessions: number;
}) {
  const rows: [string, React.ReactNode][] = [
    ["Email", user.email],
    ["Role", roleLabel(user.role)],
    ["Authority", user.authority_name ?? "All authorities"],
    ["Status", <UserStatusTag key="status" status={user.status} />],
    ["Last signed in", user.last_signed_in_at ? formatDateTime(user.last_signed_in_at) : "Never"],
    ["Signed in now on", sessions === 0 ? "No devices" : `${sessions} ${sessions === 1 ? "device" : "devices"}`],
    [
      "Set-password link",
      openInvitation ? `Unused, works until ${formatDateTime(openInvitation.expires_at)}` : "None open",
    ],
    ["Added", formatDateTime(user.created_at)],
  ];
  return (
    <dl className="govuk-summary-list">
      {rows.map(([key, value]) => (
        <div className="govuk-summary-list__row" key={key}>
          <dt className="govuk-summary-list__key">{key}</dt>
          <dd className="govuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
