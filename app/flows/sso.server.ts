import { createCookie, json, redirect } from "@remix-run/node";
import * as oidc from "openid-client";
import { verifiedEmail } from "../domain/sso";
import { recordFailedSsoStart, reserveSsoAttempt, settleSsoAttempt, ssoBlockedUntil } from "../models/sign-in.server";
import {
  matchSsoUser,
  recordSsoRefusal,
  saveSsoSignIn,
  ssoSignInCouncil,
  takeSsoSignIn,
} from "../models/sso-users.server";
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
  | "deactivated"
  | "throttled";

export class SsoError extends Error {
  constructor(
    readonly problem: SsoProblem,
    readonly council: string | null = null,
    options?: ErrorOptions & {
      /** The council whose provider it was, when known: its log records the refusal. */
      authorityId?: number;
      /** The verified address the provider's token gave, when it got that far. */
      email?: string;
      /** When a throttled client may try again. */
      retryAt?: Date;
    },
  ) {
    super(problem, options);
    this.authorityId = options?.authorityId ?? null;
    this.email = options?.email ?? null;
    this.retryAt = options?.retryAt ?? null;
  }
  readonly authorityId: number | null;
  readonly email: string | null;
  readonly retryAt: Date | null;
}

/** The page data and status of a refused single sign-on (the page says why; never cached). */
export function ssoRefusal<Extra extends Record<string, unknown>>(error: SsoError, now: Date, extra?: Extra) {
  const minutes = error.retryAt ? Math.max(1, Math.ceil((error.retryAt.getTime() - now.getTime()) / 60_000)) : null;
  const status = error.problem === "unreachable" ? 502 : error.problem === "throttled" ? 429 : 400;
  return json(
    { ...(extra as Extra), problem: error.problem, council: error.council, minutes },
    { status, headers: { "Cache-Control": "no-store" } },
  );
}

/** A provider that cannot be reached is nobody's attempt: it is audited but locks no one out. */
const countsAsFailure = (problem: SsoProblem) => problem !== "unreachable";

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

/**
 * Sends the person to their council's provider; refused (and audited, and counted like a wrong
 * password) when the council's provider cannot be used, and refused at once while the client
 * address is locked out.
 */
export async function startSsoSignIn(
  request: Request,
  input: { authorityId: number; email: string | null; redirectTo: string; ip: string | null },
  now: Date,
): Promise<Response> {
  const retryAt = await ssoBlockedUntil(input.ip, now);
  if (retryAt) throw new SsoError("throttled", null, { retryAt });
  try {
    return await redirectToProvider(request, input, now);
  } catch (error) {
    if (!(error instanceof SsoError)) throw error;
    // A link naming no council with single sign-on refers to nothing to audit.
    if (error.authorityId !== null) {
      await recordSsoRefusal(
        { authorityId: error.authorityId, reason: error.problem, stage: "start", email: null },
        now,
      );
    }
    if (countsAsFailure(error.problem)) await recordFailedSsoStart(input.ip, now);
    throw error;
  }
}

async function redirectToProvider(
  request: Request,
  input: { authorityId: number; email: string | null; redirectTo: string },
  now: Date,
): Promise<Response> {
  const settings = await ssoClientSettings(input.authorityId);
  if (!settings) throw new SsoError("not_configured");
  let config: oidc.Configuration;
  try {
    config = await providerConfiguration(settings);
  } catch (error) {
    throw new SsoError(classify(error) === "wrong_issuer" ? "wrong_issuer" : "unreachable", settings.authorityName, {
      cause: error,
      authorityId: settings.authorityId,
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
    now,
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

export type SsoOutcome =
  { kind: "signed_in"; response: Response; email: string } | { kind: "pending"; council: string; email: string };

/**
 * The provider sent the person back: check everything, then sign them in (or say they wait for
 * access). Throttled like passwords: a refused answer counts as a failed sign-in from this client
 * address, and is audited with its reason.
 */
export async function completeSsoSignIn(
  request: Request,
  client: { ip: string | null },
  now: Date,
): Promise<SsoOutcome> {
  const reservation = await reserveSsoAttempt(client.ip, now);
  if (!reservation.ok) throw new SsoError("throttled", null, { retryAt: reservation.retryAt });
  try {
    const outcome = await checkProviderAnswer(request, now);
    await settleSsoAttempt(reservation.attemptId, { outcome: "succeeded", email: outcome.email });
    return outcome;
  } catch (error) {
    if (!(error instanceof SsoError)) throw error;
    await settleSsoAttempt(
      reservation.attemptId,
      countsAsFailure(error.problem) ? { outcome: "failed", email: error.email } : { outcome: "not_counted" },
    );
    const state = new URL(request.url).searchParams.get("state") ?? "";
    await recordSsoRefusal(
      {
        authorityId: error.authorityId ?? (await ssoSignInCouncil(state)),
        reason: error.problem,
        stage: "callback",
        email: error.email,
      },
      now,
    );
    throw error;
  }
}

async function checkProviderAnswer(request: Request, now: Date): Promise<SsoOutcome> {
  const url = new URL(request.url);
  const state = url.searchParams.get("state") ?? "";
  const cookieState: unknown = await ssoStateCookie().parse(request.headers.get("Cookie"));
  // Unknown, used, too old, or not this browser's.
  const started = state && cookieState === state ? await takeSsoSignIn(state, now) : null;
  if (!started) throw new SsoError("state");
  const settings = await ssoClientSettings(started.authorityId);
  if (!settings) throw new SsoError("not_configured", null, { authorityId: started.authorityId });
  const council = settings.authorityName;
  const authorityId = settings.authorityId;
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
    throw new SsoError(classify(error), council, { cause: error, authorityId });
  }
  const email = verifiedEmail(claims, { domains: settings.domains, tenantId: settings.tenantId });
  if (!email.ok) throw new SsoError(email.problem, council, { authorityId });
  const name = typeof claims.name === "string" ? claims.name : null;
  const matched = await matchSsoUser(settings, { email: email.email, name, claims }, now);
  if (!matched.ok) {
    if (matched.reason === "pending") return { kind: "pending", council, email: email.email };
    throw new SsoError(matched.reason, council, { authorityId, email: email.email });
  }
  const response = await finishSignIn(request, matched.userId, {
    method: "single sign-on",
    redirectTo: started.redirectTo,
    ssoAuthorityId: settings.authorityId,
  });
  response.headers.append("Set-Cookie", await ssoStateCookie().serialize("", { maxAge: 0, secure: secure(request) }));
  return { kind: "signed_in", response, email: email.email };
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
