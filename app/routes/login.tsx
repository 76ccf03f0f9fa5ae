import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, type FieldErrors, pageTitle, SubmitButton, TextField } from "../components/forms";
import { verifyLogin } from "../models/user.server";
import { safeRedirect } from "../utils/auth.server";
import { parseForm } from "../utils/forms";
import { getSessionUser, signIn } from "../utils/session.server";

const LoginSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(254, "Enter a shorter email address"),
  password: z.string().min(1, "Enter your password").max(1000, "Enter a shorter password"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/dashboard");
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(LoginSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const user = await verifyLogin(parsed.data.email, parsed.data.password);
  if (!user) {
    const errors: FieldErrors = { email: "Enter a correct email address and password" };
    return json({ errors }, { status: 400 });
  }
  return signIn(request, user.id, safeRedirect(parsed.data.redirectTo, "/dashboard"));
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
        <p className="govuk-body">Track your Ofsted improvement plan: recommendations, actions, evidence and board progress.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextField name="email" label="Email address" type="email" autoComplete="email" error={errors?.email} />
          <TextField name="password" label="Password" type="password" autoComplete="current-password" error={errors?.password} />
          <SubmitButton>Sign in</SubmitButton>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader, Record<string, never>> = ({ data }) => [
  { title: pageTitle("Sign in", Boolean(data && "errors" in data)) },
];
