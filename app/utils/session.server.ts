import { createCookieSessionStorage, redirect } from "@remix-run/node";
import {
  createSession,
  deleteSession,
  findSessionUser,
  SESSION_LIFETIME_DAYS,
  type SessionUser,
} from "../models/session.server";
import { sessionSecret } from "./env.server";

interface SessionData {
  sessionId: string;
}
interface FlashData {
  message: string;
  /** A one-time set-password link, shown once to the administrator who issued it. */
  invitation: string;
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
    user = lookUpSessionUser(request);
    usersByRequest.set(request, user);
  }
  return user;
}

async function lookUpSessionUser(request: Request) {
  const session = await getCookieSession(request);
  const sessionId = session.get("sessionId");
  if (typeof sessionId !== "string") return null;
  return (await findSessionUser(sessionId, new Date())) ?? null;
}

/** Starts a server-side session and redirects, setting the cookie (and an optional flash message). */
export async function signIn(request: Request, userId: number, redirectTo: string, options: { flash?: string } = {}) {
  const session = await getCookieSession(request);
  const { id } = await createSession(userId, new Date());
  session.set("sessionId", id);
  if (options.flash) session.flash("message", options.flash);
  return redirect(redirectTo, { headers: { "Set-Cookie": await commitCookieSession(request, session) } });
}

/**
 * The client's address as far as a request can tell: the first X-Forwarded-For entry, set by a
 * reverse proxy (remix-serve hands loaders no socket address). Without a proxy that overwrites
 * the header a client can choose it, so per-address limits are a backstop to per-e-mail ones.
 */
export function clientAddress(request: Request): string | null {
  const first = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return first ? first.slice(0, 64) : null;
}

export async function signOut(request: Request) {
  const session = await getCookieSession(request);
  const sessionId = session.get("sessionId");
  if (typeof sessionId === "string") await deleteSession(sessionId);
  return redirect("/login", {
    headers: { "Set-Cookie": await sessionStorage().destroySession(session, { secure: isHttps(request) }) },
  });
}

export async function flash(request: Request, message: string): Promise<string> {
  const session = await getCookieSession(request);
  session.flash("message", message);
  return commitCookieSession(request, session);
}

/** Keeps a set-password link for the next page only; no other flash message goes with it. */
export async function flashInvitation(request: Request, url: string): Promise<string> {
  const session = await getCookieSession(request);
  session.flash("invitation", url);
  return commitCookieSession(request, session);
}

/** Reads and clears a set-password link left by `flashInvitation`. */
export async function takeInvitation(request: Request): Promise<{ url: string | null; setCookie: string }> {
  const session = await getCookieSession(request);
  const url = session.get("invitation");
  return { url: typeof url === "string" ? url : null, setCookie: await commitCookieSession(request, session) };
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
