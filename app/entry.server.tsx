import crypto from "node:crypto";
import type { ActionFunctionArgs, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { logger } from "./utils/logger.server";
import { NonceContext } from "./utils/nonce";

/**
 * Only our own scripts (and the inline ones Remix writes, carrying this response's nonce) run;
 * nothing is framed, forms post only here. Styles come only from our style sheet: no inline styles.
 */
function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers every page carries; see the README's security section. */
export function setSecurityHeaders(headers: Headers) {
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Referrer-Policy", "same-origin");
  headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
}

/**
 * Renders the whole page to one string before sending, so loaders' status codes (404, 409) always
 * reach the browser. No route defers data, so there is nothing to stream; one string is much
 * cheaper than a stream of 2 KB chunks.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const nonce = crypto.randomBytes(16).toString("base64");
  const html = renderToString(
    <NonceContext.Provider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceContext.Provider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  setSecurityHeaders(responseHeaders);
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}

/** Data requests (client-side navigation) carry the same protective headers as pages. */
export function handleDataRequest(response: Response) {
  setSecurityHeaders(response.headers);
  return response;
}

/**
 * A page that failed: logged as JSON under its request's id (the request line, with the address,
 * is logged under the same id by the HTTP server). A request the browser gave up on is not an error.
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  const reqId = (context as { requestId?: string }).requestId;
  logger().error({ reqId, method: request.method, err: error }, "page failed");
}
