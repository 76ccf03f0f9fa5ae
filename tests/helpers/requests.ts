import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createSession } from "../../app/models/session.server";
import { commitCookieSession, getCookieSession } from "../../app/utils/session.server";

const ORIGIN = "http://localhost";

/** A real session cookie for a user, as the sign-in action would set it. */
export async function sessionCookie(userId: number): Promise<string> {
  const { token } = await createSession(userId, new Date());
  const request = new Request(ORIGIN);
  const session = await getCookieSession(request);
  session.set("sessionToken", token);
  const setCookie = await commitCookieSession(request, session);
  return setCookie.split(";")[0];
}

export function getRequest(path: string, cookie?: string): Request {
  return new Request(ORIGIN + path, { headers: cookie ? { Cookie: cookie } : {} });
}

export function postRequest(path: string, fields: Record<string, string>, cookie?: string): Request {
  return new Request(ORIGIN + path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;

/**
 * Calls a loader or action as Remix would; thrown Responses (redirects, 403s) are returned, not thrown.
 * `context` is what the HTTP server hands the routes (e.g. `{ clientAddress }`).
 */
export async function call(
  handler: Handler,
  request: Request,
  params: Record<string, string> = {},
  context: Record<string, unknown> = {},
): Promise<Response> {
  try {
    const result = await handler({ request, params, context });
    if (!(result instanceof Response)) throw new Error("handler did not return a Response");
    return result;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
