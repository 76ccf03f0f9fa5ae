import { redirect } from "@remix-run/node";
import type { Actor } from "../domain/permissions";
import type { SessionUser } from "../models/session.server";
import { CROSS_ORIGIN_MESSAGE, isCrossOriginWrite } from "./same-origin";
import { getSessionUser } from "./session.server";

export const SECOND_FACTOR_SETUP_PATH = "/account/second-factor";

export type CurrentUser = SessionUser & { actor: Actor };

/** Refuses (403) a state-changing request sent from another site's page. */
export function refuseCrossOrigin(request: Request): void {
  const header = (name: string) => request.headers.get(name);
  if (isCrossOriginWrite(request.method, header, new URL(request.url).host)) throw forbidden(CROSS_ORIGIN_MESSAGE);
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
  // Until a required second factor is set up, its set-up page is the only one that opens.
  if (user.needs_second_factor && new URL(request.url).pathname !== SECOND_FACTOR_SETUP_PATH) {
    throw redirect(SECOND_FACTOR_SETUP_PATH);
  }
  return { ...user, actor: { id: user.id, role: user.role, authorityId: user.authority_id } };
}

export function forbidden(message = "You do not have permission to do that."): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "Page not found"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/**
 * Only a path on this site; anything else goes to `fallback`. A browser reads "/\evil.example"
 * and "/%09/evil.example" (tab and newline are dropped from URLs) as "//evil.example", another site,
 * so the path must start with one "/" followed by neither "/" nor "\", contain no backslash or
 * control character (raw or percent-encoded), and resolve to this site's own origin.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length > 2000 || !/^\/(?![/\\])/.test(to)) return fallback;
  let decoded = to;
  for (let i = 0; i < 3; i++) {
    // Decoded a few times over, so "%255C" (an encoded "%5C") is caught too.
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      return fallback;
    }
  }
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(decoded) || /^\/[/\\]/.test(decoded)) return fallback;
  const base = "http://followthrough.invalid";
  try {
    const resolved = new URL(to, base);
    if (resolved.origin !== base) return fallback;
    return resolved.pathname + resolved.search + resolved.hash;
  } catch {
    return fallback;
  }
}
