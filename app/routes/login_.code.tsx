import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, type FieldErrors, pageTitle, SubmitButton, TextField } from "../components/forms";
import { finishSignIn } from "../flows/sign-in.server";
import { attemptSecondFactor } from "../models/sign-in.server";
import { refuseCrossOrigin } from "../utils/auth.server";
import { parseForm } from "../utils/forms";
import { clientAddress, pendingSignIn } from "../utils/session.server";

// The second step of a password sign-in for someone with a second factor: a code from their
// authenticator app, or one of their recovery codes. Throttled like the password.

const CodeSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, "Enter the code from your authenticator app, or a recovery code")
    .max(40, "Enter a shorter code"),
});

const START_AGAIN = "/login?expired=1";

export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await pendingSignIn(request, new Date()))) throw redirect(START_AGAIN);
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  refuseCrossOrigin(request);
  const now = new Date();
  const parsed = parseForm(CodeSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const pending = await pendingSignIn(request, now);
  if (!pending) throw redirect(START_AGAIN);
  const result = await attemptSecondFactor(
    {
      email: pending.email,
      ip: clientAddress(context),
      browser: pending.browser,
      userId: pending.userId,
      code: parsed.data.code,
    },
    now,
  );
  if (result.ok) {
    return finishSignIn(request, pending.userId, {
      method: result.method === "code" ? "password and code" : "password and recovery code",
      redirectTo: pending.redirectTo,
      knownBrowser: { email: pending.email, id: pending.browser },
    });
  }
  let errors: FieldErrors;
  if (result.reason === "throttled") {
    const minutes = Math.max(1, Math.ceil((result.retryAt.getTime() - now.getTime()) / 60_000));
    errors = {
      code: `There have been too many attempts to sign in. Wait ${minutes} ${minutes === 1 ? "minute" : "minutes"}, then try again`,
    };
    return json({ errors }, { status: 429 });
  }
  errors = {
    code:
      result.reason === "reused"
        ? "That code has already been used. Wait for the next code in your app, or use a recovery code you have not used"
        : "Enter the current code from your authenticator app, or a recovery code",
  };
  return json({ errors }, { status: 400 });
}

export default function SecondFactorCode() {
  const errors = useActionData<typeof action>()?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Enter your security code</h1>
        <p className="govuk-body">
          Open the authenticator app on your phone and enter the 6-digit code it shows for Followthrough.
        </p>
        <Form method="post" noValidate>
          <TextField
            name="code"
            label="Security code"
            hint="A 6-digit code from your app, or one of your recovery codes (like abcd-efgh-jkmn-pqrs)"
            autoComplete="one-time-code"
            width={20}
            error={errors?.code}
          />
          <SubmitButton>Continue</SubmitButton>
        </Form>
        <p className="govuk-body">
          Lost your phone and your recovery codes? Ask an administrator to reset your second factor.{" "}
          <Link to="/login" className="govuk-link">
            Start again
          </Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Enter your security code") }];
