import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { createSession, deleteSession, findSessionUser, SESSION_LIFETIME_DAYS } from "../models/session.server";
import { sessionSecret } from "./env.server";

interface SessionData {
  sessionId: string;
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

/** The signed-in user for this request, or null. */
export async function getSessionUser(request: Request, now = new Date()) {
  const session = await getCookieSession(request);
  const sessionId = session.get("sessionId");
  if (typeof sessionId !== "string") return null;
  return (await findSessionUser(sessionId, now)) ?? null;
}

/** Starts a server-side session and redirects, setting the cookie. */
export async function signIn(request: Request, userId: number, redirectTo: string) {
  const session = await getCookieSession(request);
  const { id } = await createSession(userId, new Date());
  session.set("sessionId", id);
  return redirect(redirectTo, { headers: { "Set-Cookie": await commitCookieSession(request, session) } });
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

/** Reads and clears the flash message; the returned cookie must be set on the response. */
export async function takeFlash(request: Request): Promise<{ message: string | null; setCookie: string }> {
  const session = await getCookieSession(request);
  const message = session.get("message");
  return {
    message: typeof message === "string" ? message : null,
    setCookie: await commitCookieSession(request, session),
  };
}
