import { isRouteErrorResponse, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "There is a problem with the request",
  403: "You do not have permission to see or do this",
  404: "Page not found",
  409: "This was changed by someone else",
  410: "This is no longer in the plan",
  413: "What you sent is too large",
};

/** A thrown response's body: plain text, or a message with a link onwards (e.g. to a removed inspection's page). */
interface Notice {
  message: string;
  link?: { href: string; text: string };
}

function noticeOf(data: unknown): Notice | null {
  if (typeof data === "string") return data ? { message: data } : null;
  if (data !== null && typeof data === "object" && typeof (data as Notice).message === "string") {
    const link = (data as Notice).link;
    return {
      message: (data as Notice).message,
      link: link && typeof link.href === "string" && link.href.startsWith("/") ? link : undefined,
    };
  }
  return null;
}

/** One error page for thrown responses; unexpected errors never show a stack trace. */
export function AppErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const title = TITLES[error.status] ?? "Sorry, there is a problem";
    const notice = noticeOf(error.data);
    return (
      <>
        <title>{`${title} – Followthrough`}</title>
        <h1 className="govuk-heading-l">{title}</h1>
        {notice ? <p className="govuk-body">{notice.message}</p> : null}
        {notice?.link ? (
          <p className="govuk-body">
            <a className="govuk-link" href={notice.link.href}>
              {notice.link.text}
            </a>
          </p>
        ) : null}
        <p className="govuk-body">
          <a className="govuk-link" href="/dashboard">
            Go to the dashboard
          </a>
        </p>
      </>
    );
  }
  return (
    <>
      <title>Sorry, there is a problem with the service – Followthrough</title>
      <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">Try again later. Nothing you entered has been half-saved.</p>
    </>
  );
}
