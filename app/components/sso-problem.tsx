import { Link } from "@remix-run/react";

/** What each refused single sign-on says, in words a council's staff and its IT can act on. */
export const SSO_PROBLEMS: Record<string, string> = {
  state:
    "This sign-in has already been used, has expired, or was started in another browser. Start again from the sign-in page.",
  wrong_issuer:
    "The identity provider did not identify itself as the issuer configured for your council. Ask your council's IT to check the single sign-on settings.",
  bad_signature:
    "The identity provider's token was not signed with the provider's published keys, so it cannot be trusted.",
  expired: "The identity provider's token had expired. Check the clock of the computer you use, then start again.",
  nonce: "The identity provider's token was not issued for this sign-in, so it cannot be used.",
  bad_token: "The identity provider's answer could not be checked, so it cannot be trusted.",
  unreachable: "Your council's identity provider could not be reached. Try again in a few minutes.",
  provider_refused: "Your council's identity provider did not sign you in.",
  not_configured: "Single sign-on is not set up for your council any more. Start again from the sign-in page.",
  no_verified_email: "Your council's identity provider did not give a verified e-mail address for you.",
  other_domain:
    "Your council's identity provider signed you in with an e-mail address that is not one of your council's.",
  wrong_tenant: "You signed in with an account from another organisation's directory than your council's.",
  other_council:
    "Your account here belongs to another council, so your council's identity provider cannot sign you in.",
  administrator: "Administrators sign in with their password here, not through a council's identity provider.",
  deactivated: "Your account has been deactivated. Ask your improvement lead or an administrator.",
  throttled: "There have been too many attempts to sign in from this network.",
};

export function SsoProblem({
  problem,
  council,
  minutes = null,
}: {
  problem: string;
  council: string | null;
  /** How long a throttled client waits. */
  minutes?: number | null;
}) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You could not be signed in</h1>
        {council ? <p className="govuk-body">Single sign-on through {council}.</p> : null}
        <p className="govuk-body" data-problem={problem}>
          {SSO_PROBLEMS[problem] ?? SSO_PROBLEMS.bad_token}
          {problem === "throttled" && minutes !== null
            ? ` Wait ${minutes} ${minutes === 1 ? "minute" : "minutes"}, then try again.`
            : null}
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
