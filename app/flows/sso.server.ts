import { createCookie, redirect } from "@remix-run/node";
import * as oidc from "openid-client";
import { verifiedEmail } from "../domain/sso";
import { matchSsoUser, saveSsoSignIn, takeSsoSignIn } from "../models/sso-users.server";
import { type SsoClientSettings, ssoClientSettings } from "../models/sso.server";
import { safeRedirect } from "../utils/auth.server";
import { sessionSecret } from "../utils/env.server";
import { absoluteAppUrl } from "../utils/mailer.server";
import { finishSignIn } from "./sign-in.server";

// OpenID Connect sign-in through a council's provider (Microsoft Entra ID or any certified one),
// with openid-client: authorization code flow with PKCE, a state bound to this browser and used
// once, a nonce, and the ID token's signature, issuer, audience and times checked by the library.

export const CALLBACK_PATH = "/auth/sso/callback";

export type SsoProblem =
  | "state"
  | "wrong_issuer"
  | "bad_signature"
  | "expired"
  | "nonce"
  | "bad_token"
  | "unreachable"
  | "provider_refused"
  | "not_configured"
  | "no_verified_email"
  | "other_domain"
  | "wrong_tenant"
  | "other_council"
  | "administrator"
  | "deactivated";

export class SsoError extends Error {
  constructor(
    readonly problem: SsoProblem,
    readonly council: string | null = null,
    options?: ErrorOptions,
  ) {
    super(problem, options);
  }
}

const isLoopback = (url: URL) => url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);

const configurations = new Map<number, { key: string; config: Promise<oidc.Configuration> }>();

/** The provider's metadata, discovered once per configuration (again after a failure or a change). */
function providerConfiguration(settings: SsoClientSettings): Promise<oidc.Configuration> {
  const key = `${settings.updatedAt}|${settings.issuer}|${settings.clientId}`;
  const cached = configurations.get(settings.authorityId);
  if (cached && cached.key === key) return cached.config;
  const issuer = new URL(settings.issuer);
  const config = oidc.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
    // The ID token's signature is checked against the provider's published keys too (the library
    // skips it by default for a token fetched over TLS): a token not signed by the provider is refused.
    // Only a provider on this machine (the browser tests') may speak plain HTTP.
    execute: isLoopback(issuer)
      ? [oidc.enableNonRepudiationChecks, oidc.allowInsecureRequests]
      : [oidc.enableNonRepudiationChecks],
    timeout: 10,
  });
  configurations.set(settings.authorityId, { key, config });
  config.catch(() => {
    if (configurations.get(settings.authorityId)?.config === config) configurations.delete(settings.authorityId);
  });
  return config;
}

/**
 * What went wrong, from openid-client's (oauth4webapi's) errors: openid-client wraps the library's
 * error (a generic message) around the specific one, so the whole chain of causes is read.
 */
function classify(error: unknown): SsoProblem {
  if (error instanceof SsoError) return error.problem;
  const codes: string[] = [];
  const messages: string[] = [];
  const claims: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const e = current as { code?: unknown; message?: unknown; claim?: unknown; attribute?: unknown; cause?: unknown };
    if (typeof e.code === "string") codes.push(e.code);
    if (typeof e.message === "string") messages.push(e.message);
    if (typeof e.claim === "string") claims.push(e.claim);
    if (typeof e.attribute === "string") claims.push(e.attribute);
    current = e.cause;
  }
  const message = messages.join(" | ");
  if (codes.includes("OAUTH_AUTHORIZATION_RESPONSE_ERROR")) return "provider_refused";
  if (codes.includes("OAUTH_JWT_TIMESTAMP_CHECK_FAILED")) return "expired";
  if (codes.includes("OAUTH_KEY_SELECTION_FAILED") || /signature/i.test(message)) return "bad_signature";
  if (claims.includes("nonce") || /"nonce"/.test(message)) return "nonce";
  if (claims.includes("iss") || claims.includes("issuer") || /"iss"|issuer/i.test(message)) return "wrong_issuer";
  if (/state/i.test(message)) return "state";
  if (codes.some((c) => c.startsWith("OAUTH_") || c.startsWith("ERR_JW"))) return "bad_token";
  return "unreachable";
}

let stateCookie: ReturnType<typeof createCookie> | undefined;

// The state also travels in this browser's cookie: a provider's answer is accepted only in the
// browser that started the sign-in, so nobody can sign someone else in as themselves.
function ssoStateCookie() {
  stateCookie ??= createCookie("__followthrough_sso", {
    httpOnly: true,
    sameSite: "lax",
    path: "/auth/sso",
    secrets: [sessionSecret()],
    maxAge: 10 * 60,
  });
  return stateCookie;
}

const secure = (request: Request) =>
  new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";

/** Sends the person to their council's provider. */
export async function startSsoSignIn(
  request: Request,
  input: { authorityId: number; email: string | null; redirectTo: string },
): Promise<Response> {
  const settings = await ssoClientSettings(input.authorityId);
  if (!settings) throw new SsoError("not_configured");
  let config: oidc.Configuration;
  try {
    config = await providerConfiguration(settings);
  } catch (error) {
    throw new SsoError(classify(error) === "wrong_issuer" ? "wrong_issuer" : "unreachable", settings.authorityName, {
      cause: error,
    });
  }
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await saveSsoSignIn(
    {
      state,
      nonce,
      codeVerifier,
      authorityId: settings.authorityId,
      redirectTo: safeRedirect(input.redirectTo, "/dashboard"),
    },
    new Date(),
  );
  const parameters: Record<string, string> = {
    redirect_uri: absoluteAppUrl(CALLBACK_PATH, request),
    scope: "openid email profile",
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  };
  if (input.email) parameters.login_hint = input.email;
  const url = oidc.buildAuthorizationUrl(config, parameters);
  return redirect(url.href, {
    headers: { "Set-Cookie": await ssoStateCookie().serialize(state, { secure: secure(request) }) },
  });
}

export type SsoOutcome = { kind: "signed_in"; response: Response } | { kind: "pending"; council: string };

/** The provider sent the person back: check everything, then sign them in (or say they wait for access). */
export async function completeSsoSignIn(request: Request): Promise<SsoOutcome> {
  const now = new Date();
  const url = new URL(request.url);
  const state = url.searchParams.get("state") ?? "";
  const cookieState: unknown = await ssoStateCookie().parse(request.headers.get("Cookie"));
  // Unknown, used, too old, or not this browser's.
  const started = state && cookieState === state ? await takeSsoSignIn(state, now) : null;
  if (!started) throw new SsoError("state");
  const settings = await ssoClientSettings(started.authorityId);
  if (!settings) throw new SsoError("not_configured");
  const council = settings.authorityName;
  let claims: Record<string, unknown>;
  try {
    const config = await providerConfiguration(settings);
    const callbackUrl = new URL(absoluteAppUrl(CALLBACK_PATH, request));
    callbackUrl.search = url.search;
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: started.codeVerifier,
      expectedState: state,
      expectedNonce: started.nonce,
      idTokenExpected: true,
    });
    claims = (tokens.claims() ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new SsoError(classify(error), council, { cause: error });
  }
  const email = verifiedEmail(claims, { domains: settings.domains, tenantId: settings.tenantId });
  if (!email.ok) throw new SsoError(email.problem, council);
  const name = typeof claims.name === "string" ? claims.name : null;
  const matched = await matchSsoUser(settings, { email: email.email, name, claims }, now);
  if (!matched.ok) {
    if (matched.reason === "pending") return { kind: "pending", council };
    throw new SsoError(matched.reason, council);
  }
  const response = await finishSignIn(request, matched.userId, {
    method: "single sign-on",
    redirectTo: started.redirectTo,
    ssoAuthorityId: settings.authorityId,
  });
  response.headers.append("Set-Cookie", await ssoStateCookie().serialize("", { maxAge: 0, secure: secure(request) }));
  return { kind: "signed_in", response };
}

/** The provider's own sign-out address, when it has one, to offer after signing out here. */
export async function providerSignOutUrl(
  request: Request,
  authorityId: number,
): Promise<{ council: string; url: string } | null> {
  const settings = await ssoClientSettings(authorityId);
  if (!settings) return null;
  try {
    const config = await providerConfiguration(settings);
    if (!config.serverMetadata().end_session_endpoint) return null;
    const url = oidc.buildEndSessionUrl(config, {
      client_id: settings.clientId,
      post_logout_redirect_uri: absoluteAppUrl("/login", request),
    });
    return { council: settings.authorityName, url: url.href };
  } catch {
    return null;
  }
}
