/**
 * State-changing requests must come from our own pages. Browsers name the page's origin on
 * every POST (Origin, and Sec-Fetch-Site in current browsers); a request without either is not
 * a cross-site browser request. Used by the HTTP server before Remix sees a request, and by the
 * route actions themselves.
 */

export const CROSS_ORIGIN_MESSAGE = "Forms can only be sent from Followthrough's own pages.";

/** Reads one request header, whatever the server's request type. */
type HeaderReader = (name: string) => string | null | undefined;

/** True when a request that may change something was sent from another site's page. */
export function isCrossOriginWrite(method: string, header: HeaderReader, requestHost: string): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  const site = header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = header("origin");
  if (origin === null || origin === undefined) return false;
  const host = header("x-forwarded-host")?.split(",")[0]?.trim() || requestHost;
  let originHost: string | null = null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host;
  } catch {
    originHost = null;
  }
  return originHost !== host;
}
