import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, type FieldErrors, pageTitle, SubmitButton, TextField } from "../components/forms";
import { attemptSignIn } from "../models/sign-in.server";
import { safeRedirect, refuseCrossOrigin } from "../utils/auth.server";
import { parseForm } from "../utils/forms";
import { clientAddress, getSessionUser, knownBrowserId, signIn } from "../utils/session.server";

const LoginSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(254, "Enter a shorter email address"),
  password: z.string().min(1, "Enter your password").max(1000, "Enter a shorter password"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/dashboard");
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  refuseCrossOrigin(request);
  const parsed = parseForm(LoginSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const now = new Date();
  const { email, password, redirectTo } = parsed.data;
  const browser = await knownBrowserId(request, email);
  const result = await attemptSignIn({ email, password, ip: clientAddress(context), browser }, now);
  if (result.ok) {
    return signIn(request, result.userId, safeRedirect(redirectTo, "/dashboard"), {
      knownBrowser: { email, id: browser },
    });
  }
  if (result.reason === "throttled") {
    const minutes = Math.max(1, Math.ceil((result.retryAt.getTime() - now.getTime()) / 60_000));
    const errors: FieldErrors = {
      email: `There have been too many attempts to sign in. Wait ${minutes} ${minutes === 1 ? "minute" : "minutes"}, then try again`,
    };
    return json({ errors }, { status: 429 });
  }
  const errors: FieldErrors = { email: "Enter a correct email address and password" };
  return json({ errors }, { status: 400 });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors = actionData?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Sign in to Followthrough</h1>
        <p className="govuk-body">
          Track your Ofsted improvement plan: recommendations, actions, evidence and board progress.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextField name="email" label="Email address" type="email" autoComplete="email" error={errors?.email} />
          <TextField
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            error={errors?.password}
          />
          <SubmitButton>Sign in</SubmitButton>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader, Record<string, never>> = ({ data }) => [
  { title: pageTitle("Sign in", Boolean(data && "errors" in data)) },
];
