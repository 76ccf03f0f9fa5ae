import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "../components/forms";
import { providerSignOutUrl } from "../flows/sso.server";
import { storedInteger } from "../utils/record-id";

// After signing out of a session a council's provider started: signed out here, and the offer to
// sign out of the council account too (otherwise the next sign-in goes straight through).

export async function loader({ request }: LoaderFunctionArgs) {
  const council = storedInteger().safeParse(new URL(request.url).searchParams.get("council"));
  const provider = council.success ? await providerSignOutUrl(request, council.data) : null;
  return json({ provider });
}

export default function SignedOut() {
  const { provider } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You have signed out of Followthrough</h1>
        {provider ? (
          <>
            <p className="govuk-body">
              You are still signed in to your {provider.council} account, which signs you in to Followthrough again
              without asking. On a shared computer, sign out of it too.
            </p>
            <a href={provider.url} className="govuk-button" data-module="govuk-button">
              Sign out of your council account
            </a>
          </>
        ) : null}
        <p className="govuk-body">
          <Link to="/login" className="govuk-link">
            Sign in again
          </Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("You have signed out") }];
