import { isRouteErrorResponse, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "There is a problem with the request",
  403: "You do not have permission to see or do this",
  404: "Page not found",
  409: "This was changed by someone else",
  413: "What you sent is too large",
};

/** One error page for thrown responses; unexpected errors never show a stack trace. */
export function AppErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const title = TITLES[error.status] ?? "Sorry, there is a problem";
    return (
      <>
        <title>{`${title} – Followthrough`}</title>
        <h1 className="govuk-heading-l">{title}</h1>
        {typeof error.data === "string" && error.data ? <p className="govuk-body">{error.data}</p> : null}
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
