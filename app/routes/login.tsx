import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { ErrorSummary, type FieldErrors, pageTitle, SubmitButton, TextField } from "../components/forms";
import { afterPassword } from "../flows/sign-in.server";
import { attemptPassword } from "../models/sign-in.server";
import { ssoForEmail } from "../models/sso.server";
import { refuseCrossOrigin, safeRedirect } from "../utils/auth.server";
import { parseForm } from "../utils/forms";
import { clientAddress, getSessionUser, knownBrowserId } from "../utils/session.server";

// E-mail first: people of a council with single sign-on go to its provider (decided by the
// address's domain alone, so the page never tells whether an account exists); everyone else is
// asked for their password. Without JavaScript these are two pages; with it, one.

const email = z.string().trim().min(1, "Enter your email address").max(254, "Enter a shorter email address");
const EmailSchema = z.object({ email, redirectTo: z.string().optional() });
const LoginSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password").max(1000, "Enter a shorter password"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/dashboard");
  return json({});
}

type ActionData =
  | { step: "email"; errors: FieldErrors; email?: string }
  | { step: "password"; email: string; errors?: FieldErrors }
  | { step: "sso"; email: string; startUrl: string };

export async function action({ request, context }: ActionFunctionArgs) {
  refuseCrossOrigin(request);
  const formData = await request.formData();
  if (!formData.has("password")) {
    const parsed = parseForm(EmailSchema, formData);
    if (!parsed.ok) return json<ActionData>({ step: "email", errors: parsed.errors }, { status: 400 });
    const sso = await ssoForEmail(parsed.data.email);
    if (sso) {
      const params = new URLSearchParams({
        council: String(sso.authorityId),
        email: parsed.data.email,
        redirectTo: safeRedirect(parsed.data.redirectTo, "/dashboard"),
      });
      return json<ActionData>({ step: "sso", email: parsed.data.email, startUrl: `/auth/sso/start?${params}` });
    }
    return json<ActionData>({ step: "password", email: parsed.data.email });
  }
  const parsed = parseForm(LoginSchema, formData);
  if (!parsed.ok) {
    const typed = String(formData.get("email") ?? "").slice(0, 254);
    const step = parsed.errors.email ? "email" : "password";
    return json<ActionData>({ step, email: typed, errors: parsed.errors }, { status: 400 });
  }
  const now = new Date();
  const { password, redirectTo } = parsed.data;
  const typedEmail = parsed.data.email;
  const browser = await knownBrowserId(request, typedEmail);
  const result = await attemptPassword({ email: typedEmail, password, ip: clientAddress(context), browser }, now);
  if (result.ok) {
    const to = safeRedirect(redirectTo, "/dashboard");
    const response = await afterPassword(
      request,
      { userId: result.userId, email: typedEmail, browser, redirectTo: to },
      now,
    );
    if (response) return response;
  }
  if (!result.ok && result.reason === "throttled") {
    const minutes = Math.max(1, Math.ceil((result.retryAt.getTime() - now.getTime()) / 60_000));
    const errors: FieldErrors = {
      email: `There have been too many attempts to sign in. Wait ${minutes} ${minutes === 1 ? "minute" : "minutes"}, then try again`,
    };
    return json<ActionData>({ step: "password", email: typedEmail, errors }, { status: 429 });
  }
  const errors: FieldErrors = { email: "Enter a correct email address and password" };
  return json<ActionData>({ step: "password", email: typedEmail, errors }, { status: 400 });
}

export default function Login() {
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  const startUrl = actionData?.step === "sso" ? actionData.startUrl : null;
  // With JavaScript the person goes straight on to their council's provider.
  useEffect(() => {
    if (startUrl) window.location.assign(startUrl);
  }, [startUrl]);

  if (actionData?.step === "sso") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Sign in with your council account</h1>
          <p className="govuk-body">
            Your council signs you in to Followthrough with the account you use for its other services.
          </p>
          <a href={actionData.startUrl} className="govuk-button" data-module="govuk-button">
            Continue to your council&apos;s sign-in
          </a>
          <p className="govuk-body">
            <Link to={`/login${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ""}`} className="govuk-link">
              Use another email address
            </Link>
          </p>
        </div>
      </div>
    );
  }

  const passwordStep = actionData?.step === "password";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Sign in to Followthrough</h1>
        <p className="govuk-body">
          Track your Ofsted improvement plan: recommendations, actions, evidence and board progress.
        </p>
        <Form method="post" noValidate key={passwordStep ? "password" : "email"}>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <TextField
            name="email"
            label="Email address"
            type="email"
            autoComplete={passwordStep ? "username" : "email"}
            defaultValue={actionData && "email" in actionData ? actionData.email : undefined}
            error={errors?.email}
          />
          {passwordStep ? (
            <>
              <TextField
                name="password"
                label="Password"
                type="password"
                autoComplete="current-password"
                error={errors?.password}
              />
              <SubmitButton>Sign in</SubmitButton>
            </>
          ) : (
            <SubmitButton>Continue</SubmitButton>
          )}
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader, Record<string, never>> = ({ data }) => [
  { title: pageTitle("Sign in", Boolean(data && "errors" in data)) },
];
