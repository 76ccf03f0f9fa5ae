import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, pageTitle, RadiosField, SubmitButton } from "../components/forms";
import { isSecondFactorRequired, setSecondFactorRequired } from "../models/second-factor.server";
import { requireAdmin } from "../utils/admin.server";
import { parseForm } from "../utils/forms";
import { flash } from "../utils/session.server";

// Installation-wide sign-in security: whether everyone who signs in with a password here must use
// a second factor. Councils with single sign-on apply their own rules through their provider.

const RequirementSchema = z.object({
  required: z.enum(["yes", "no"], { error: "Select whether a second factor is required" }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ required: await isSecondFactorRequired() });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const parsed = parseForm(RequirementSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const required = parsed.data.required === "yes";
  await setSecondFactorRequired(admin.actor, required, new Date());
  const message = required
    ? "A second factor is now required: people without one set it up when they next sign in with a password"
    : "A second factor is no longer required";
  return redirect("/admin/sign-in", { headers: { "Set-Cookie": await flash(request, message) } });
}

export default function SignInSecurity() {
  const { required } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Link to="/admin/councils" className="govuk-back-link">
          Back to councils
        </Link>
        <h1 className="govuk-heading-l">Sign-in security</h1>
        <p className="govuk-body">
          People sign in with a password here, or through their council&apos;s identity provider when the council has
          single sign-on (set up under each council). A second factor is a code from an authenticator app after the
          password; anyone can set one up under Your account.
        </p>
        <Form method="post" noValidate>
          <RadiosField
            name="required"
            legend="Require a second factor for everyone who signs in with a password?"
            hint="People without one are asked to set it up when they next sign in, before anything else."
            options={[
              { value: "yes", label: "Yes, require it" },
              { value: "no", label: "No, let each person choose" },
            ]}
            defaultValue={required ? "yes" : "no"}
            error={errors?.required}
          />
          <SubmitButton>Save</SubmitButton>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Sign-in security") }];
