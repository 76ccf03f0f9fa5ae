import { redirect } from "@remix-run/node";
import type { Actor } from "../domain/permissions";
import type { SessionUser } from "../models/session.server";
import { getSessionUser } from "./session.server";

export type CurrentUser = SessionUser & { actor: Actor };

/**
 * State-changing requests must come from our own pages. Browsers name the page's origin on
 * every POST (Origin, and Sec-Fetch-Site in current browsers); a request without either is not
 * a cross-site browser request.
 */
export function refuseCrossOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const site = request.headers.get("Sec-Fetch-Site");
  if (site && site !== "same-origin" && site !== "none")
    throw forbidden("Forms can only be sent from Followthrough's own pages.");
  const origin = request.headers.get("Origin");
  if (origin === null) return;
  const host = request.headers.get("X-Forwarded-Host") ?? new URL(request.url).host;
  let originHost: string | null = null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (originHost !== host) throw forbidden("Forms can only be sent from Followthrough's own pages.");
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  refuseCrossOrigin(request);
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
    throw redirect(`/login?${params}`);
  }
  return { ...user, actor: { id: user.id, role: user.role, authorityId: user.authority_id } };
}

export function forbidden(message = "You do not have permission to do that."): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "Page not found"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/** Only same-site relative paths; anything else goes to the dashboard. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//")) return fallback;
  return to;
}
