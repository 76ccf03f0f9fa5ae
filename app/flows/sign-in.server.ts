import { hasSecondFactor, isSecondFactorRequired } from "../models/second-factor.server";
import { passwordSignInAllowed } from "../models/sso.server";
import { recordSignIn, type SignInMethod } from "../models/user.server";
import { SECOND_FACTOR_SETUP_PATH } from "../utils/auth.server";
import { awaitSecondFactor, signIn } from "../utils/session.server";

// What happens once a person has proved who they are, by password (then perhaps a code) or
// through their council's provider: the sign-in is recorded (time and method, audited), a session
// starts, and someone who must set up a second factor is sent to do that before anything else.

/** How long after the password the code may be typed. */
export const SECOND_FACTOR_MINUTES = 5;
export const SECOND_FACTOR_PATH = "/login/code";

export async function finishSignIn(
  request: Request,
  userId: number,
  options: {
    method: SignInMethod;
    redirectTo: string;
    knownBrowser?: { email: string; id: string | null };
    ssoAuthorityId?: number;
  },
) {
  const now = new Date();
  await recordSignIn(userId, now, options.method);
  // A council's provider applies the council's own multi-factor rules; a password here needs ours.
  const needsSecondFactor =
    options.method === "password" && (await isSecondFactorRequired()) && !(await hasSecondFactor(userId));
  return signIn(request, userId, needsSecondFactor ? SECOND_FACTOR_SETUP_PATH : options.redirectTo, {
    knownBrowser: options.knownBrowser,
    ssoAuthorityId: options.ssoAuthorityId ?? null,
    needsSecondFactor,
    flash: needsSecondFactor ? "Set up a second factor to finish signing in" : undefined,
  });
}

/**
 * The password was right: go on to the code when the person has a second factor, otherwise sign
 * in. Null when their council lets its people in only through its provider (the caller refuses
 * as for a wrong password, so the page says nothing more than it would have).
 */
export async function afterPassword(
  request: Request,
  input: { userId: number; email: string; browser: string | null; redirectTo: string },
  now: Date,
): Promise<Response | null> {
  if (!(await passwordSignInAllowed(input.userId))) return null;
  if (await hasSecondFactor(input.userId)) {
    const until = now.getTime() + SECOND_FACTOR_MINUTES * 60_000;
    return awaitSecondFactor(request, { ...input, until }, SECOND_FACTOR_PATH);
  }
  return finishSignIn(request, input.userId, {
    method: "password",
    redirectTo: input.redirectTo,
    knownBrowser: { email: input.email, id: input.browser },
  });
}
