// The production HTTP server: what remix-serve does (static files, compression, a request log,
// the Remix request handler) plus what it cannot:
// - a form sent from another site's page is refused with a 403 page before Remix sees it (Remix's
//   own check would stop such a request too, but answers with an empty 500);
// - every request body is limited by the kind of page it goes to (app/utils/body-limits.ts),
//   counting the bytes as they arrive: over the limit, the server answers 413 with a page that
//   says the limit and stops reading;
// - the client's address comes from the socket, or from X-Forwarded-For only as far as TRUST_PROXY
//   says proxies can be trusted, and reaches the routes as `context.clientAddress`;
// - a request whose address and headers are too long to read gets a page, not a bare refusal;
// - every request is logged as one JSON line under a request id (app/utils/logger.server.ts), which
//   the answer carries as X-Request-Id and the routes get as `context.requestId`;
// - on SIGTERM or SIGINT it stops taking connections, tells /readyz callers it is going (503), lets
//   the requests in flight finish (up to SHUTDOWN_GRACE_MS, default 10 s) and exits.
// Run with `node build/server.js [build/index.js]` (one process; `build/supervisor.js` runs and
// restarts several); PORT and HOST as for remix-serve.

import http from "node:http";
import path from "node:path";
import url from "node:url";
import {
  type AppLoadContext,
  createRequestHandler as createRemixHandler,
  installGlobals,
  type ServerBuild,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import compression from "compression";
import express, {
  type ErrorRequestHandler,
  type Request as ExpressRequest,
  type RequestHandler,
  type Response as ExpressResponse,
} from "express";
import { ADDRESS_TOO_LONG_PAGE, CROSS_ORIGIN_PAGE, tooLargeMessage, tooLargePage } from "./server-pages";
import { type BodyLimit, bodyLimitFor } from "./utils/body-limits";
import { isCrossOriginWrite } from "./utils/same-origin";
import { logger, requestId, shutdownGraceMs } from "./utils/logger.server";
import { normaliseAddress, trustProxySetting } from "./utils/trust-proxy";
import { withRequestMemo } from "./utils/request-memo.server";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";

/** Refuses a state-changing request sent from another site's page, before Remix sees it. */
export const refuseCrossOriginWrites: RequestHandler = (request, response, next) => {
  if (!isCrossOriginWrite(request.method, (name) => request.get(name), request.get("host") ?? "")) return next();
  response.status(403).type("html").set("Cache-Control", "no-store").send(CROSS_ORIGIN_PAGE);
};

const hasBody = (method: string) => method !== "GET" && method !== "HEAD";

/** An address as the request log may keep it: bearer tokens in it replaced by "…". */
export function withoutSecrets(address: string): string {
  return (
    address
      .replace(/^\/calendar\/[^/?#]+\.ics/i, "/calendar/….ics")
      .replace(/^\/set-password\/[^/?#]+/i, "/set-password/…")
      .replace(/([?&]link=)[^&#]*/g, "$1…")
      // A provider's answer to single sign-on: its one-time code, state and any token.
      .replace(/([?&](?:code|state|id_token|access_token|session_state)=)[^&#]*/g, "$1…")
  );
}

/** The declared length of a request's body, or null when it does not declare one (chunked). */
function declaredLength(request: http.IncomingMessage): number | null {
  const header = request.headers["content-length"];
  if (header === undefined || !/^\d+$/.test(header)) return null;
  return Number(header);
}

// After refusing a body (or answering without reading it) the server reads no more of it into
// anything, but it cannot hang up at once: closing a connection the client is still sending on
// resets it, and the reset can destroy the answer before the browser reads it (it would show
// "connection reset" instead of the 413 page). So what still arrives is thrown away, for a short
// while and up to a bound; past either, the connection is closed whatever the client is doing (as
// web servers' "lingering close" does). A client that finishes sending in time keeps its connection.
const LINGER_MS = 10_000;
const LINGER_BYTES = 64 * 1024 * 1024;

/** Throws away the rest of a request's body, closing the connection if it goes on too long (see above). */
export function discardRest(request: http.IncomingMessage): void {
  const socket = request.socket;
  if (socket.destroyed || request.complete) return;
  request.unpipe();
  request.removeAllListeners("data");
  let discarded = 0;
  const close = () => socket.destroy();
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  const done = () => clearTimeout(timer);
  request.once("end", done);
  socket.once("close", done);
  request.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) close();
  });
  request.resume();
}

/**
 * Answers 413 (if nothing has been answered yet) with a page saying the limit, and stops reading the
 * body. `bodySent` false: the client is waiting for "100 Continue" and has sent none of it.
 */
export function refuseTooLarge(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  limit: BodyLimit,
  { bodySent = true } = {},
) {
  if (response.headersSent) {
    request.socket.destroy();
    return;
  }
  // A form sent by the page's script (Remix asks for `_data`) gets the message alone, marked as
  // Remix marks a refusal a route throws, so the app shows it on its own error page; a form sent by
  // the browser itself gets the whole page.
  const fromScript = /[?&]_data=/.test(request.url ?? "");
  const page = fromScript ? tooLargeMessage(limit) : tooLargePage(limit);
  response.writeHead(413, "Content Too Large", {
    ...(fromScript ? { "X-Remix-Catch": "yes" } : {}),
    "Content-Type": `${fromScript ? "text/plain" : "text/html"}; charset=utf-8`,
    "Content-Length": Buffer.byteLength(page),
    "Cache-Control": "no-store",
    ...(bodySent ? {} : { Connection: "close" }),
  });
  response.end(page);
  if (bodySent) discardRest(request);
}

/**
 * The request's body as a web stream that errors, and has the server answer 413, as soon as more
 * than `limit.bytes` have arrived. Reading pauses while Remix is not asking for more.
 */
function limitedBody(
  request: http.IncomingMessage,
  limit: BodyLimit,
  onTooLarge: () => void,
): ReadableStream<Uint8Array> {
  let received = 0;
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        request.on("data", (chunk: Buffer) => {
          if (settled) return;
          received += chunk.length;
          if (received > limit.bytes) {
            settled = true;
            onTooLarge();
            controller.error(new Error(`The request body is larger than ${limit.label}`));
            return;
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) request.pause();
        });
        request.once("end", () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        request.once("close", () => {
          if (settled) return;
          settled = true;
          controller.error(new Error("The client closed the connection before sending the whole request"));
        });
      },
      pull() {
        if (!settled) request.resume();
      },
      cancel() {
        settled = true;
        request.pause();
      },
    },
    { highWaterMark: 256 * 1024, size: (chunk) => chunk.byteLength },
  );
}

function remixHeaders(incoming: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, values] of Object.entries(incoming)) {
    if (values === undefined) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(name, value);
  }
  return headers;
}

async function sendRemixResponse(response: ExpressResponse, remixResponse: Response): Promise<void> {
  response.statusMessage = remixResponse.statusText;
  response.status(remixResponse.status);
  for (const [name, value] of remixResponse.headers.entries()) response.append(name, value);
  if (remixResponse.body) await writeReadableStreamToWritable(remixResponse.body, response);
  else response.end();
}

/** The Remix request for an Express request, with its body limited. */
function remixRequest(request: ExpressRequest, response: ExpressResponse, controller: AbortController): Request {
  const [, forwardedPort] = request.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = request.get("host")?.split(":") ?? [];
  const port = [forwardedPort, hostPort].map((p) => Number.parseInt(p ?? "", 10)).find(Number.isSafeInteger);
  const address = new URL(`${request.protocol}://${request.hostname}${port ? `:${port}` : ""}${request.originalUrl}`);
  const init: RequestInit & { duplex?: "half" } = {
    method: request.method,
    headers: remixHeaders(request.headers),
    signal: controller.signal,
  };
  if (hasBody(request.method)) {
    const limit = bodyLimitFor(request.path);
    init.body = limitedBody(request, limit, () => {
      // Aborting first tells Remix the request is gone, so it logs nothing about the failed read.
      controller.abort();
      refuseTooLarge(request, response, limit);
    });
    init.duplex = "half";
  }
  return new Request(address.href, init);
}

/**
 * Remix's request handler, as @remix-run/express's, but reading the body through its limit and
 * handing the routes the client's address. When the server has already answered (413), whatever
 * Remix makes of the cut-off request is dropped.
 */
export function remixHandler(build: ServerBuild): RequestHandler {
  const handle = createRemixHandler(build, process.env.NODE_ENV);
  return async (request, response, next) => {
    let controller: AbortController | null = new AbortController();
    response.on("finish", () => (controller = null));
    response.on("close", () => controller?.abort());
    try {
      // The client's address as far as this server can tell (see TRUST_PROXY), or null.
      const context: AppLoadContext = {
        clientAddress: normaliseAddress(request.ip),
        requestId: response.locals.requestId as string,
        draining: () => draining,
      };
      // The page's loaders share what they all read (the user, settings, change tokens).
      const remixResponse = await withRequestMemo(request.method, () =>
        handle(remixRequest(request, response, controller!), context),
      );
      if (response.headersSent || response.destroyed) return;
      await sendRemixResponse(response, remixResponse);
      // A body the page did not read (a redirect to sign in, say) is not read afterwards either.
      if (hasBody(request.method)) discardRest(request);
    } catch (error) {
      if (response.headersSent || response.destroyed) return;
      next(error);
    }
  };
}

/**
 * Refuses at once a body whose declared length is over its page's limit, before reading any of it
 * (whatever the method: a GET has no business sending one). A body nobody read, once the answer is
 * out (a static file asked for with a body), is thrown away and the connection closed.
 */
export const refuseDeclaredTooLarge: RequestHandler = (request, response, next) => {
  const limit = bodyLimitFor(request.path);
  const length = declaredLength(request);
  if (length !== null && length > limit.bytes) {
    logger().info(
      {
        reqId: response.locals.requestId as string,
        method: request.method,
        url: withoutSecrets(request.originalUrl),
        status: 413,
        declared: length,
      },
      "request refused: body declared too large",
    );
    return refuseTooLarge(request, response, limit);
  }
  if (!hasBody(request.method)) response.once("finish", () => discardRest(request));
  next();
};

/** The app for a server build: a body declared too large refused, static assets, the cross-site refusal, Remix. */
export function createApp(build: ServerBuild, env: NodeJS.ProcessEnv = process.env) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxySetting(env.TRUST_PROXY));
  app.use(logRequests(trustProxySetting(env.TRUST_PROXY) !== false));
  app.use(refuseDeclaredTooLarge);
  app.use(compression());
  app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  // Browsers ask for /favicon.ico whatever the page names (on an error page, say): the same icon.
  app.get("/favicon.ico", (_request, response) => {
    response
      .set("Cache-Control", "public, max-age=3600")
      .type("image/svg+xml")
      .sendFile(path.resolve("public/favicon.svg"));
  });
  app.use(refuseCrossOriginWrites);
  app.all("*", remixHandler(build));
  app.use(logErrors);
  return app;
}

/** Set once the server is shutting down: /readyz then answers 503 so a proxy sends no more. */
let draining = false;

/**
 * The request log: a request id for each request (X-Request-Id), and one line when it is answered
 * or abandoned: method, address, status, size, time. No client addresses; the secret part of
 * calendar and set-password links, and the one-time reference to a new link, are left out.
 */
function logRequests(trustProxy: boolean): RequestHandler {
  return (request, response, next) => {
    const id = requestId(request.headers["x-request-id"], trustProxy);
    response.locals.requestId = id;
    response.setHeader("X-Request-Id", id);
    if (draining) response.setHeader("Connection", "close");
    const started = process.hrtime.bigint();
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const bytes = Number(response.getHeader("Content-Length") ?? 0) || undefined;
      logger().info(
        {
          reqId: id,
          method: request.method,
          url: withoutSecrets(request.originalUrl),
          status: response.headersSent ? response.statusCode : undefined,
          bytes,
          ms: Math.round(ms * 10) / 10,
          ...(response.writableFinished ? {} : { aborted: true }),
        },
        "request",
      );
    };
    response.once("finish", log);
    response.once("close", log);
    next();
  };
}

/** An error no page caught: logged with its request's id, answered with a plain 500 page. */
const logErrors: ErrorRequestHandler = (error: unknown, request, response, next) => {
  logger().error({ reqId: response.locals.requestId as string, err: error }, "request failed");
  if (response.headersSent) return next(error);
  response.status(500).type("text").set("Cache-Control", "no-store").send("Something went wrong. Try again.");
};

/**
 * The HTTP server around the app: a client that says it will send a body too large for its page
 * (Expect: 100-continue) is refused before it sends it, and a request too long to read gets a page.
 */
export function createServer(app: ReturnType<typeof createApp>): http.Server {
  const server = http.createServer(app);
  server.on("checkContinue", (request: http.IncomingMessage, response: http.ServerResponse) => {
    const limit = bodyLimitFor(new URL(request.url ?? "/", "http://localhost").pathname);
    const length = declaredLength(request);
    if (length !== null && length > limit.bytes) {
      logger().info(
        { method: request.method, url: withoutSecrets(request.url ?? ""), status: 413, declared: length },
        "request refused: body declared too large, not sent",
      );
      return refuseTooLarge(request, response, limit, { bodySent: false });
    }
    response.writeContinue();
    app(request, response);
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const page = error.code === "HPE_HEADER_OVERFLOW" ? ADDRESS_TOO_LONG_PAGE : null;
    const head = page
      ? `HTTP/1.1 400 Bad Request\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(page)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n`
      : "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    socket.end(head + (page ?? ""));
  });
  return server;
}

async function main() {
  installGlobals();
  const log = logger();
  const grace = shutdownGraceMs();
  const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
  const build = (await import(url.pathToFileURL(buildPath).href)) as ServerBuild;
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST;
  const server = createServer(createApp(build));
  const onListen = () => log.info(`listening on http://${host ?? "localhost"}:${port} (process ${process.pid})`);
  if (host) server.listen(port, host, onListen);
  else server.listen(port, onListen);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      draining = true;
      log.info(`${signal}: finishing the requests in flight, then stopping (at most ${grace / 1000} s)`);
      // No new connections; idle keep-alive ones close now, busy ones once their answer is sent.
      server.close((error) => {
        if (error) log.error({ err: error }, "closing the server failed");
        log.info("stopped");
        process.exit(0);
      });
      // A keep-alive connection that was busy goes idle once its answer is sent: close it then too.
      const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
      closeIdle.unref();
      server.closeIdleConnections();
      const force = setTimeout(() => {
        log.warn("requests still in flight after the grace period: stopping anyway");
        server.closeAllConnections();
        process.exit(1);
      }, grace);
      force.unref();
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === url.fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    logger().fatal({ err: error }, "the server could not start");
    process.exit(1);
  });
}
