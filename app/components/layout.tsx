import { NavLink, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ROLE_LABELS, type Role } from "../domain/permissions";

export interface LayoutUser {
  name: string;
  role: Role;
  authorityName: string | null;
  /** Unread notifications, shown beside the person's name. */
  unread?: number;
}

const NAVIGATION = [
  { to: "/dashboard", label: "Dashboard" },
  { to: "/my-actions", label: "My actions", roles: ["service_manager", "improvement_lead"] },
  { to: "/inspections", label: "Inspections" },
  { to: "/actions", label: "Actions" },
  { to: "/overdue", label: "Overdue" },
  { to: "/board", label: "Board progress" },
  { to: "/measures", label: "Measures" },
  { to: "/readiness", label: "Readiness" },
  { to: "/reminders", label: "Reminders" },
];

/** GOV.UK Frontend's desktop breakpoint: below it the header's navigation folds behind "Menu". */
const DESKTOP = "(min-width: 48.0625em)";

/**
 * Whether the header's navigation is folded behind a "Menu" button, and a toggle for it, as GOV.UK
 * Frontend's header script does: only once JavaScript runs, and only on a screen narrower than
 * the desktop breakpoint (followed as the window is resized); following a link folds it again.
 * Without JavaScript, and on the server, the whole list shows and there is no button.
 */
function useFoldedMenu() {
  const [narrow, setNarrow] = useState(false);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const desktop = window.matchMedia(DESKTOP);
    const follow = () => {
      setNarrow(!desktop.matches);
      setOpen(false);
    };
    follow();
    desktop.addEventListener("change", follow);
    return () => desktop.removeEventListener("change", follow);
  }, []);
  // Following a link folds it again.
  const { key } = useLocation();
  useEffect(() => setOpen(false), [key]);
  return { narrow, open, toggle: () => setOpen((value) => !value) };
}

export function Layout({
  user,
  flash,
  children,
}: {
  user: LayoutUser | null;
  flash: string | null;
  children: React.ReactNode;
}) {
  const canImport = user?.role === "admin" || user?.role === "improvement_lead";
  const menu = useFoldedMenu();
  return (
    <>
      <a href="#main-content" className="govuk-skip-link">
        Skip to main content
      </a>
      <header className={`govuk-header${menu.narrow ? " govuk-header--with-js-navigation" : ""}`} role="banner">
        <div className="govuk-header__container govuk-width-container">
          <div className="govuk-header__logo">
            <a href="/" className="govuk-header__link govuk-header__service-name app-header__service-name">
              Followthrough
            </a>
          </div>
          {user ? (
            <div className="govuk-header__content">
              <nav aria-label="Menu" className="govuk-header__navigation">
                <button
                  type="button"
                  className="govuk-header__menu-button"
                  aria-controls="navigation"
                  aria-expanded={menu.open}
                  hidden={!menu.narrow}
                  onClick={menu.toggle}
                >
                  Menu
                </button>
                <ul id="navigation" className="govuk-header__navigation-list" hidden={menu.narrow && !menu.open}>
                  {[
                    ...NAVIGATION,
                    ...(canImport
                      ? [
                          { to: "/import", label: "Import a report" },
                          { to: "/audit", label: "Audit log" },
                          { to: "/board/settings", label: "Settings" },
                        ]
                      : []),
                    ...(user.role === "admin"
                      ? [
                          { to: "/admin/users", label: "Users" },
                          { to: "/admin/councils", label: "Councils" },
                        ]
                      : []),
                    ...(user.role === "improvement_lead" ? [{ to: "/people", label: "People" }] : []),
                  ]
                    .filter(
                      (item) => !("roles" in item) || (user && (item.roles as readonly string[]).includes(user.role)),
                    )
                    .map((item) => (
                      <li key={item.to} className="govuk-header__navigation-item">
                        <NavLink to={item.to} className="govuk-header__link">
                          {item.label}
                        </NavLink>
                      </li>
                    ))}
                </ul>
              </nav>
            </div>
          ) : null}
        </div>
      </header>
      <div className="govuk-width-container">
        {user ? (
          <div className="govuk-!-margin-top-3 govuk-body-s">
            Signed in as <strong>{user.name}</strong> ({ROLE_LABELS[user.role]}
            {user.authorityName ? `, ${user.authorityName}` : ""}).{" "}
            <NavLink to="/notifications" className="govuk-link app-notifications-link">
              Notifications
              {user.unread ? (
                <>
                  {" "}
                  <strong className="app-count">{user.unread}</strong>
                  <span className="govuk-visually-hidden"> unread</span>
                </>
              ) : null}
            </NavLink>{" "}
            <NavLink to="/account" className="govuk-link">
              Your account
            </NavLink>{" "}
            <form method="post" action="/logout" className="app-inline-form">
              <button type="submit" className="govuk-link govuk-body-s app-link-button">
                Sign out
              </button>
            </form>
          </div>
        ) : null}
        <main className="govuk-main-wrapper" id="main-content" role="main">
          {flash ? (
            <div
              className="govuk-notification-banner govuk-notification-banner--success"
              role="alert"
              aria-labelledby="flash-title"
            >
              <div className="govuk-notification-banner__header">
                <h2 className="govuk-notification-banner__title" id="flash-title">
                  Success
                </h2>
              </div>
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">{flash}</p>
              </div>
            </div>
          ) : null}
          {children}
        </main>
      </div>
      <footer className="govuk-footer" role="contentinfo">
        <div className="govuk-width-container">
          <p className="govuk-footer__meta-custom govuk-body-s">
            <a className="govuk-footer__link" href="/accessibility">
              Accessibility statement
            </a>
            <br />
            Followthrough holds no information about individual children. Evidence notes should point to documents, not
            describe children.
          </p>
        </div>
      </footer>
    </>
  );
}
