import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "../components/forms";
import { SsoProblem } from "../components/sso-problem";
import { completeSsoSignIn, SsoError, ssoRefusal } from "../flows/sso.server";
import { clientAddress } from "../utils/session.server";

// Where a council's identity provider sends the person back (registered with the provider as the
// redirect address). Everything is checked in app/flows/sso.server.ts; a refusal says why.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const now = new Date();
  try {
    const outcome = await completeSsoSignIn(request, { ip: clientAddress(context) }, now);
    if (outcome.kind === "signed_in") return outcome.response;
    return json({ pending: true as const, council: outcome.council, problem: null, minutes: null });
  } catch (error) {
    if (!(error instanceof SsoError)) throw error;
    return ssoRefusal(error, now, { pending: false as const });
  }
}

export default function SsoCallback() {
  const data = useLoaderData<typeof loader>();
  if (data.pending) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Your account is waiting for access</h1>
          <p className="govuk-body">
            {data.council} signed you in, and your account here has been made. Your improvement lead or an administrator
            gives you a role; then you can sign in.
          </p>
          <p className="govuk-body">
            <Link to="/login" className="govuk-link">
              Go to the sign-in page
            </Link>
          </p>
        </div>
      </div>
    );
  }
  return <SsoProblem problem={data.problem ?? "bad_token"} council={data.council} minutes={data.minutes} />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data?.pending ? "Your account is waiting for access" : "You could not be signed in") },
];
