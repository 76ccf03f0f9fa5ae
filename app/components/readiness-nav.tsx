import { Link, useLocation } from "@remix-run/react";

/** The readiness pages, in the order a lead would read them before re-inspection. */
export const READINESS_PAGES = [
  { to: "/readiness/judgements", label: "Judgement history" },
  { to: "/readiness/events", label: "Visits and meetings" },
  { to: "/readiness", label: "Readiness by area" },
  { to: "/readiness/themes", label: "Recurring themes" },
  { to: "/readiness/report", label: "Readiness report" },
] as const;

/**
 * Sub-navigation shared by the readiness pages. Keeps the current query string (the chosen
 * authority) when moving between them, and marks the current page with aria-current.
 */
export function ReadinessNav() {
  const { pathname, search } = useLocation();
  const authority = new URLSearchParams(search).get("authority");
  const query = authority ? `?${new URLSearchParams({ authority }).toString()}` : "";
  return (
    <nav aria-label="Readiness pages" className="govuk-service-navigation govuk-!-margin-bottom-6 app-no-print">
      <div className="govuk-service-navigation__container">
        <ul className="govuk-service-navigation__list">
          {READINESS_PAGES.map((page) => {
            const current = pathname.replace(/\/$/, "") === page.to;
            return (
              <li
                key={page.to}
                className={`govuk-service-navigation__item${current ? " govuk-service-navigation__item--active" : ""}`}
              >
                <Link
                  className="govuk-service-navigation__link"
                  to={`${page.to}${query}`}
                  aria-current={current ? "page" : undefined}
                >
                  {current ? (
                    <strong className="govuk-service-navigation__active-fallback">{page.label}</strong>
                  ) : (
                    page.label
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      </div>
    </nav>
  );
}
