import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { SsoProblem } from "../components/sso-problem";
import { SsoError, ssoRefusal, startSsoSignIn } from "../flows/sso.server";
import { clientAddress } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

// Sends the person to their council's identity provider (a link from the sign-in page: a redirect
// after a form post to another site would be blocked by the page's form-action policy).

const StartSchema = z.object({
  council: storedInteger(),
  email: z.string().trim().max(254).optional(),
  redirectTo: z.string().max(2000).optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const parsed = StartSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return json({ problem: "not_configured", council: null, minutes: null }, { status: 400 });
  const now = new Date();
  try {
    return await startSsoSignIn(
      request,
      {
        authorityId: parsed.data.council,
        email: parsed.data.email || null,
        redirectTo: parsed.data.redirectTo ?? "/dashboard",
        ip: clientAddress(context),
      },
      now,
    );
  } catch (error) {
    if (!(error instanceof SsoError)) throw error;
    return ssoRefusal(error, now);
  }
}

export default function StartSso() {
  const { problem, council, minutes } = useLoaderData<typeof loader>();
  return <SsoProblem problem={problem} council={council} minutes={minutes} />;
}

export const meta: MetaFunction = () => [{ title: pageTitle("You could not be signed in") }];
