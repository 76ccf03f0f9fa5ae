// The production HTTP server: what remix-serve does (static files, compression, a request log,
// the Remix request handler) plus what it cannot:
// - a form sent from another site's page is refused with a 403 page before Remix sees it (Remix's
//   own check would stop such a request too, but answers with an empty 500);
// - every request body is limited by the kind of page it goes to (app/utils/body-limits.ts),
//   counting the bytes as they arrive: over the limit, the server answers 413 with a page that
//   says the limit and stops reading;
// - the client's address comes from the socket, or from X-Forwarded-For only as far as TRUST_PROXY
//   says proxies can be trusted, and reaches the routes as `context.clientAddress`;
// - a request whose address and headers are too long to read gets a page, not a bare refusal.
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
  type Request as ExpressRequest,
  type RequestHandler,
  type Response as ExpressResponse,
} from "express";
import morgan from "morgan";
import { ADDRESS_TOO_LONG_PAGE, CROSS_ORIGIN_PAGE, tooLargeMessage, tooLargePage } from "./server-pages";
import { type BodyLimit, bodyLimitFor } from "./utils/body-limits";
import { isCrossOriginWrite } from "./utils/same-origin";
import { normaliseAddress, trustProxySetting } from "./utils/trust-proxy";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";

/** Refuses a state-changing request sent from another site's page, before Remix sees it. */
export const refuseCrossOriginWrites: RequestHandler = (request, response, next) => {
  if (!isCrossOriginWrite(request.method, (name) => request.get(name), request.get("host") ?? "")) return next();
  response.status(403).type("html").set("Cache-Control", "no-store").send(CROSS_ORIGIN_PAGE);
};

const hasBody = (method: string) => method !== "GET" && method !== "HEAD";

/** An address as the request log may keep it: bearer tokens in it replaced by "…". */
export function withoutSecrets(address: string): string {
  return address
    .replace(/^\/calendar\/[^/?#]+\.ics/i, "/calendar/….ics")
    .replace(/^\/set-password\/[^/?#]+/i, "/set-password/…")
    .replace(/([?&]link=)[^&#]*/g, "$1…");
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
      const context: AppLoadContext = { clientAddress: normaliseAddress(request.ip) };
      const remixResponse = await handle(remixRequest(request, response, controller), context);
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
    // Refused before the request log is reached: said here instead.
    console.log(`${request.method} ${withoutSecrets(request.originalUrl)} 413 (declared ${length} bytes)`);
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
  // The request log: method, address, status, size, time. No client addresses; the secret part of
  // calendar and set-password links, and the one-time reference to a new link, are left out.
  morgan.token("url", (request: http.IncomingMessage) => withoutSecrets(request.url ?? ""));
  app.use(morgan("tiny"));
  app.use(refuseCrossOriginWrites);
  app.all("*", remixHandler(build));
  return app;
}

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
      console.log(`${request.method} ${withoutSecrets(request.url ?? "")} 413 (declared ${length} bytes, not sent)`);
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
  const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
  const build = (await import(url.pathToFileURL(buildPath).href)) as ServerBuild;
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST;
  const server = createServer(createApp(build));
  const onListen = () => console.log(`[followthrough] http://${host ?? "localhost"}:${port} (process ${process.pid})`);
  if (host) server.listen(port, host, onListen);
  else server.listen(port, onListen);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () =>
      server.close((error) => {
        if (error) console.error(error);
        process.exit(0);
      }),
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === url.fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
