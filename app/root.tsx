import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData } from "@remix-run/react";
import { AppErrorBoundary } from "./components/error-boundary";
import { Layout as PageLayout } from "./components/layout";
import { useNonce } from "./utils/nonce";
import { getSessionUser, takeFlash } from "./utils/session.server";
import { countUnreadNotifications, refreshDeadlineNotifications } from "./models/notifications.server";
import { getSettings } from "./models/settings.server";
import { todayInLondon } from "./utils/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const { message, setCookie } = await takeFlash(request);
  let unread = 0;
  if (user) {
    // The header's count: what became due today is written now, so no job has to run first.
    const actor = { id: user.id, role: user.role, authorityId: user.authority_id };
    const now = new Date();
    const settings = await getSettings(user.authority_id);
    await refreshDeadlineNotifications(actor, todayInLondon(now), settings.amberWindowDays, now);
    unread = await countUnreadNotifications(actor);
  }
  return json(
    {
      user: user ? { name: user.name, role: user.role, authorityName: user.authority_name, unread } : null,
      flash: message,
    },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/app.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en" className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, flash } = useLoaderData<typeof loader>();
  return (
    <PageLayout user={user} flash={flash}>
      <Outlet />
    </PageLayout>
  );
}

export function ErrorBoundary() {
  return (
    <PageLayout user={null} flash={null}>
      <AppErrorBoundary />
    </PageLayout>
  );
}
