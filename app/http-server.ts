// The production HTTP server: what remix-serve does (static files, compression, a request log,
// the Remix request handler) plus one thing it cannot: a form sent from another site's page is
// refused with a 403 page before Remix sees it. (Remix's own check would stop such a request too,
// but answers with an empty 500.) Run with `tsx app/http-server.ts [build/index.js]`; PORT and
// HOST as for remix-serve.

import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type RequestHandler } from "express";
import morgan from "morgan";
import { CROSS_ORIGIN_MESSAGE, isCrossOriginWrite } from "./utils/same-origin";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";

const REFUSAL_PAGE = `<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Form refused – Followthrough</title>
<link rel="stylesheet" href="/styles/app.css">
</head>
<body class="govuk-template__body">
<main class="govuk-main-wrapper govuk-width-container" id="main-content">
<h1 class="govuk-heading-l">Form refused</h1>
<p class="govuk-body">${CROSS_ORIGIN_MESSAGE} Nothing was saved.</p>
<p class="govuk-body">If you were using Followthrough, <a class="govuk-link" href="/">go back to your dashboard</a> and try again.</p>
</main>
</body>
</html>
`;

/** Refuses a state-changing request sent from another site's page, before Remix sees it. */
export const refuseCrossOriginWrites: RequestHandler = (request, response, next) => {
  if (!isCrossOriginWrite(request.method, (name) => request.get(name), request.get("host") ?? "")) return next();
  response.status(403).type("html").set("Cache-Control", "no-store").send(REFUSAL_PAGE);
};

/** The app for a server build: static assets, then the cross-origin refusal, then Remix. */
export function createApp(build: ServerBuild) {
  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.use(morgan("tiny"));
  app.use(refuseCrossOriginWrites);
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));
  return app;
}

async function main() {
  installGlobals();
  const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
  const build = (await import(url.pathToFileURL(buildPath).href)) as ServerBuild;
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST;
  const onListen = () => console.log(`[followthrough] http://${host ?? "localhost"}:${port}`);
  const server = host ? createApp(build).listen(port, host, onListen) : createApp(build).listen(port, onListen);
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => server.close(console.error));
}

if (process.argv[1] && path.resolve(process.argv[1]) === url.fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
