import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { z } from "zod";
import { ErrorSummary, type FieldErrors, pageTitle, SubmitButton, TextField } from "../components/forms";
import { groupedSecret, totpUri } from "../domain/second-factor";
import {
  confirmEnrolment,
  enrolmentSecret,
  isSecondFactorRequired,
  removeSecondFactor,
  renewRecoveryCodes,
  secondFactorStatus,
} from "../models/second-factor.server";
import { attemptSecondFactor } from "../models/sign-in.server";
import { requireUser } from "../utils/auth.server";
import { parseForm } from "../utils/forms";
import { clientAddress, flash, knownBrowserId } from "../utils/session.server";

// A person's own second factor: set up an authenticator app (QR code, or the key typed by hand),
// confirm it with a first code, and keep the recovery codes shown once. Also new recovery codes,
// and turning it off where the installation does not require it.

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("confirm"),
    code: z
      .string()
      .trim()
      .min(1, "Enter the 6-digit code from your authenticator app")
      .max(40, "Enter a shorter code"),
  }),
  z.object({ intent: z.literal("renew") }),
  // Turning it off asks for proof the person still holds it (as GitHub and Microsoft do): a
  // session left open on a shared computer must not be enough to take it away.
  z.object({
    intent: z.literal("remove"),
    currentCode: z
      .string()
      .trim()
      .min(1, "Enter the code from your authenticator app, or a recovery code")
      .max(40, "Enter a shorter code"),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const now = new Date();
  const [status, required] = await Promise.all([secondFactorStatus(user.id), isSecondFactorRequired()]);
  let setup: { qrSvg: string; key: string } | null = null;
  if (!status.enabled) {
    const secret = await enrolmentSecret(user.id, now);
    if (secret) {
      const qrSvg = await QRCode.toString(totpUri(secret, user.email), { type: "svg", margin: 2 });
      setup = { qrSvg, key: groupedSecret(secret) };
    }
  }
  return json(
    { status, required, setup, mustSetUp: user.needs_second_factor },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(ActionSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, recoveryCodes: null }, { status: 400 });
  const now = new Date();
  const refuse = (errors: FieldErrors) => json({ errors, recoveryCodes: null }, { status: 400 });
  switch (parsed.data.intent) {
    case "confirm": {
      const result = await confirmEnrolment(user.id, parsed.data.code, now);
      if (!result.ok) {
        return refuse({
          code:
            result.reason === "no_enrolment"
              ? "Your second factor is already set up"
              : "Enter the current 6-digit code from your authenticator app",
        });
      }
      return json({ errors: null, recoveryCodes: result.recoveryCodes }, { headers: { "Cache-Control": "no-store" } });
    }
    case "renew": {
      const codes = await renewRecoveryCodes(user.id, now);
      if (!codes) return refuse({ renew: "Set up a second factor first" });
      return json({ errors: null, recoveryCodes: codes }, { headers: { "Cache-Control": "no-store" } });
    }
    case "remove": {
      if (await isSecondFactorRequired())
        return refuse({ remove: "A second factor is required for everyone who signs in with a password" });
      const proof = await attemptSecondFactor(
        {
          email: user.email,
          ip: clientAddress(context),
          browser: await knownBrowserId(request, user.email),
          userId: user.id,
          code: parsed.data.currentCode,
        },
        now,
      );
      if (!proof.ok) {
        if (proof.reason === "throttled") {
          const minutes = Math.max(1, Math.ceil((proof.retryAt.getTime() - now.getTime()) / 60_000));
          const errors: FieldErrors = {
            currentCode: `There have been too many wrong codes. Wait ${minutes} ${minutes === 1 ? "minute" : "minutes"}, then try again`,
          };
          return json({ errors, recoveryCodes: null }, { status: 429 });
        }
        return refuse({
          currentCode:
            proof.reason === "reused"
              ? "That code has already been used. Wait for the next code from your authenticator app"
              : "Enter the current code from your authenticator app, or a recovery code",
        });
      }
      await removeSecondFactor(user.actor, user.id, now, proof.method === "code" ? "code" : "recovery code");
      return redirect("/account/second-factor", {
        headers: { "Set-Cookie": await flash(request, "Your second factor has been turned off") },
      });
    }
  }
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <>
      <div className="govuk-panel govuk-panel--confirmation">
        <h1 className="govuk-panel__title">Save your recovery codes</h1>
      </div>
      <p className="govuk-body">
        Each code signs you in once if you do not have your phone. Keep them somewhere safe (a password manager, or on
        paper): they are shown only now.
      </p>
      <ul className="govuk-list govuk-list--bullet" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p className="govuk-body">
        <Link to="/dashboard" className="govuk-link">
          I have saved my codes: go to the dashboard
        </Link>
      </p>
    </>
  );
}

export default function SecondFactor() {
  const { status, required, setup, mustSetUp } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? undefined;
  if (actionData?.recoveryCodes) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <RecoveryCodes codes={actionData.recoveryCodes} />
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Second factor</h1>
        {status.enabled ? (
          <>
            <p className="govuk-body">
              Your second factor is on: after your password you enter a code from your authenticator app. You have{" "}
              {status.recoveryCodesLeft} unused recovery {status.recoveryCodesLeft === 1 ? "code" : "codes"}.
            </p>
            <Form method="post">
              <p className="govuk-body" id="renew">
                New recovery codes replace all the old ones.
              </p>
              <SubmitButton name="intent" value="renew" secondary>
                Make new recovery codes
              </SubmitButton>
            </Form>
            {required ? (
              <p className="govuk-body" id="remove">
                Your administrator requires a second factor for everyone who signs in with a password.
              </p>
            ) : (
              <Form method="post" noValidate>
                <h2 className="govuk-heading-m">Turn off your second factor</h2>
                <p className="govuk-body">
                  Turning it off means your password alone signs you in. To show it is you, enter the current code from
                  your authenticator app or one of your recovery codes.
                </p>
                <TextField
                  name="currentCode"
                  label="Code from your authenticator app, or a recovery code"
                  autoComplete="one-time-code"
                  width={20}
                  error={errors?.currentCode}
                />
                <button
                  type="submit"
                  name="intent"
                  value="remove"
                  className="govuk-button govuk-button--warning"
                  data-module="govuk-button"
                >
                  Turn off second factor
                </button>
              </Form>
            )}
          </>
        ) : setup ? (
          <>
            {mustSetUp ? (
              <div className="govuk-inset-text">
                Your administrator requires a second factor for everyone who signs in with a password. Set it up to
                carry on.
              </div>
            ) : null}
            <p className="govuk-body">
              A second factor keeps your account safe if someone learns your password: after your password you enter a
              code from an authenticator app on your phone (such as Microsoft Authenticator or Google Authenticator).
            </p>
            <h2 className="govuk-heading-m">1. Add Followthrough to your app</h2>
            <p className="govuk-body">Scan this QR code with your authenticator app.</p>
            <div
              className="app-qr-code"
              role="img"
              aria-label="QR code to add Followthrough to an authenticator app"
              dangerouslySetInnerHTML={{ __html: setup.qrSvg }}
            />
            <p className="govuk-body">If you cannot scan it, enter this key in the app instead:</p>
            <p className="govuk-body">
              <code data-testid="setup-key">{setup.key}</code>
            </p>
            <h2 className="govuk-heading-m">2. Enter the code it shows</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="confirm" />
              <TextField
                name="code"
                label="6-digit code"
                autoComplete="one-time-code"
                width={10}
                error={errors?.code}
              />
              <SubmitButton>Turn on second factor</SubmitButton>
            </Form>
          </>
        ) : null}
        <p className="govuk-body">
          <Link to="/account" className="govuk-link">
            Back to your account
          </Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Second factor") }];
