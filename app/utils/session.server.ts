import crypto from "node:crypto";
import { type AppLoadContext, createCookie, createCookieSessionStorage, redirect } from "@remix-run/node";
import {
  createSession,
  deleteSession,
  findSessionUser,
  SESSION_LIFETIME_DAYS,
  type SessionUser,
} from "../models/session.server";
import { sessionSecret } from "./env.server";
import { oncePerRequest } from "./request-memo.server";

interface SessionData {
  /** The session's token; the database keeps only its hash (app/models/session.server.ts). */
  sessionToken: string;
  /** A password was right and a second factor is still to come (app/flows/sign-in.server.ts). */
  pendingSignIn: PendingSignIn;
}

export interface PendingSignIn {
  userId: number;
  email: string;
  redirectTo: string;
  /** The known-browser id the password was checked with, so the code is throttled the same way. */
  browser: string | null;
  /** Epoch ms after which the password must be typed again. */
  until: number;
}
interface FlashData {
  message: string;
}

let storage: ReturnType<typeof createCookieSessionStorage<SessionData, FlashData>> | undefined;

function sessionStorage() {
  storage ??= createCookieSessionStorage<SessionData, FlashData>({
    cookie: {
      name: "__followthrough",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secrets: [sessionSecret()],
      maxAge: SESSION_LIFETIME_DAYS * 24 * 60 * 60,
    },
  });
  return storage;
}

/** Secure cookies whenever the request reached us over HTTPS (directly or through a proxy). */
function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

export async function getCookieSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

export async function commitCookieSession(request: Request, session: Awaited<ReturnType<typeof getCookieSession>>) {
  return sessionStorage().commitSession(session, { secure: isHttps(request) });
}

const usersByRequest = new WeakMap<Request, Promise<SessionUser | null>>();

/**
 * The signed-in user for this request, or null, looked up once per Request object (code that asks
 * twice with one request gets one answer). Remix hands the root loader and the page's loader
 * copies of the request, so each of them looks the user up.
 */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  let user = usersByRequest.get(request);
  if (!user) {
    // The loaders of one page request share one look-up (app/utils/request-memo.server.ts).
    user = oncePerRequest(`session-user ${request.headers.get("Cookie") ?? ""}`, () => lookUpSessionUser(request));
    usersByRequest.set(request, user);
  }
  return user;
}

async function lookUpSessionUser(request: Request) {
  const session = await getCookieSession(request);
  const token = session.get("sessionToken");
  if (typeof token !== "string") return null;
  return (await findSessionUser(token, new Date())) ?? null;
}

/**
 * Starts a server-side session and redirects, setting the cookie (and an optional flash message).
 * With `knownBrowser`, the browser is also remembered as one this e-mail address signs in on (see
 * app/models/sign-in.server.ts), unless it already is.
 */
export async function signIn(
  request: Request,
  userId: number,
  redirectTo: string,
  options: {
    flash?: string;
    knownBrowser?: { email: string; id: string | null };
    ssoAuthorityId?: number | null;
    needsSecondFactor?: boolean;
  } = {},
) {
  const session = await getCookieSession(request);
  const { token } = await createSession(userId, new Date(), undefined, {
    ssoAuthorityId: options.ssoAuthorityId,
    needsSecondFactor: options.needsSecondFactor,
  });
  session.set("sessionToken", token);
  session.unset("pendingSignIn");
  if (options.flash) session.flash("message", options.flash);
  const headers = new Headers({ "Set-Cookie": await commitCookieSession(request, session) });
  if (options.knownBrowser && options.knownBrowser.id === null) {
    headers.append("Set-Cookie", await rememberKnownBrowser(request, options.knownBrowser.email));
  }
  return redirect(redirectTo, { headers });
}

/**
 * The client's address, as the HTTP server worked it out (app/http-server.ts: the socket's, or
 * X-Forwarded-For's as far as TRUST_PROXY trusts it); null when unknown (under remix-serve, in
 * development). Never read from the request's headers here: any client can write those.
 */
export function clientAddress(context: AppLoadContext | undefined): string | null {
  const address = (context as { clientAddress?: unknown } | undefined)?.clientAddress;
  return typeof address === "string" && address !== "" ? address.slice(0, 64) : null;
}

let browserCookie: ReturnType<typeof createCookie> | undefined;

// A browser where someone signed in carries this: a hash of the e-mail address (the address itself
// need not sit in the browser) and a random id, signed. Attempts from it are throttled on their
// own, so a guesser elsewhere cannot lock the person out.
function knownBrowserCookie() {
  browserCookie ??= createCookie("__followthrough_browser", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secrets: [sessionSecret()],
    maxAge: 365 * 24 * 60 * 60,
  });
  return browserCookie;
}

/** The id of this browser if it is known for `email` (a valid cookie naming that address), or null. */
export async function knownBrowserId(request: Request, email: string): Promise<string | null> {
  const value: unknown = await knownBrowserCookie().parse(request.headers.get("Cookie"));
  if (typeof value !== "object" || value === null) return null;
  const { e, id } = value as { e?: unknown; id?: unknown };
  return typeof e === "string" && typeof id === "string" && e === emailHash(email) ? id : null;
}

const emailHash = (email: string) => crypto.createHash("sha256").update(email.trim().toLowerCase()).digest("hex");

async function rememberKnownBrowser(request: Request, email: string): Promise<string> {
  const value = { e: emailHash(email), id: crypto.randomBytes(18).toString("base64url") };
  return knownBrowserCookie().serialize(value, { secure: isHttps(request) });
}

/** Remembers a sign-in waiting for its second factor and sends the person to type their code. */
export async function awaitSecondFactor(request: Request, pending: PendingSignIn, to: string) {
  const session = await getCookieSession(request);
  session.set("pendingSignIn", pending);
  return redirect(to, { headers: { "Set-Cookie": await commitCookieSession(request, session) } });
}

/** The sign-in waiting for its second factor, unless it has run out. */
export async function pendingSignIn(request: Request, now: Date): Promise<PendingSignIn | null> {
  const session = await getCookieSession(request);
  const pending = session.get("pendingSignIn") as PendingSignIn | undefined;
  if (!pending || typeof pending.userId !== "number" || typeof pending.until !== "number") return null;
  return pending.until > now.getTime() ? pending : null;
}

/**
 * Ends the session here and goes to `to` (the sign-in page, or the signed-out page that offers the
 * council's provider's sign-out).
 */
export async function signOut(request: Request, to = "/login") {
  const session = await getCookieSession(request);
  const token = session.get("sessionToken");
  if (typeof token === "string") await deleteSession(token);
  return redirect(to, {
    headers: { "Set-Cookie": await sessionStorage().destroySession(session, { secure: isHttps(request) }) },
  });
}

export async function flash(request: Request, message: string): Promise<string> {
  const session = await getCookieSession(request);
  session.flash("message", message);
  return commitCookieSession(request, session);
}

/**
 * Reads and clears the flash message; when there was one, the returned cookie (without it) must
 * be set on the response.
 */
export async function takeFlash(request: Request): Promise<{ message: string | null; setCookie: string | null }> {
  const session = await getCookieSession(request);
  const message = session.get("message");
  if (typeof message !== "string") return { message: null, setCookie: null };
  return { message, setCookie: await commitCookieSession(request, session) };
}
