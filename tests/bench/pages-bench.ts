/**
 * npm run bench:pages — where a page's time goes, without HTTP or concurrency: the production
 * build's Remix handler is called directly, one request at a time, on the scale database. For each
 * page of `npm run bench` (and /healthz and the signed-in static page) it prints the median time of
 * the whole request and of the page's loader alone (its queries, cached or not, and the session
 * look-up); the difference is rendering and Remix's own work. Run by hand, after `npm run build`
 * and `npm run seed:scale`, not in CI.
 *
 *   npm run bench:pages [-- --database data/scale.db --requests 150]
 *
 *   bench-pages <name> request_ms=<median> loader_ms=<median> bytes=<page size>
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { credentialsFile, type ScaleCredentials } from "../../db/seed-scale";
import { PAGES, percentile } from "./bench";
import { parseOptions } from "../../db/cli-options";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ORIGIN = "http://127.0.0.1:3300";

function parseArgs(argv: string[]) {
  const args = parseOptions(argv);
  return {
    database: path.resolve(args.get("database") ?? "data/scale.db"),
    requests: Math.max(10, Number(args.get("requests") ?? 150)),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.database)) throw new Error(`${args.database} does not exist: run npm run seed:scale first`);
  const buildFile = path.join(repo, "build/index.js");
  if (!fs.existsSync(buildFile)) throw new Error("No production build: run npm run build first");
  // Before the build (and React with it) is loaded.
  process.env.NODE_ENV = "production";
  process.env.DATABASE_PATH = args.database;
  process.env.DEMO_DATA = "false";
  const { createRequestHandler, installGlobals } = await import("@remix-run/node");
  installGlobals();
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  const handle = createRequestHandler(build, "production");
  const credentials = JSON.parse(fs.readFileSync(credentialsFile(args.database), "utf8")) as ScaleCredentials;

  const signIn = async (email: string) => {
    const response = await handle(
      new Request(`${ORIGIN}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, Host: new URL(ORIGIN).host },
        body: new URLSearchParams({ email, password: credentials.password, redirectTo: "" }),
      }),
    );
    const cookie = response.headers.get("Set-Cookie")?.split(";")[0];
    if (response.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed: ${response.status}`);
    return cookie;
  };
  const cookies = { admin: await signIn(credentials.admin), lead: await signIn(credentials.lead) };

  const median = async (run: () => Promise<number>) => {
    for (let i = 0; i < 10; i++) await run();
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < args.requests; i++) {
      const start = performance.now();
      bytes = await run();
      times.push(performance.now() - start);
    }
    return { ms: percentile(times, 50), bytes };
  };
  const request = (route: string, cookie?: string) =>
    new Request(`${ORIGIN}${route}`, { headers: cookie ? { Cookie: cookie } : {} });

  const measured: [name: string, route: string, cookie?: string][] = [
    ["healthz", "/healthz"],
    ["static-page", "/accessibility", cookies.lead],
    ...(["admin", "lead"] as const).flatMap((role) =>
      PAGES.map(([page, route]): [string, string, string] => [`${page}-${role}`, route, cookies[role]]),
    ),
  ];
  for (const [name, route, cookie] of measured) {
    const whole = await median(async () => {
      const response = await handle(request(route, cookie));
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
      return text.length;
    });
    // The page's own route: every measured page is a top-level route named by its path.
    const pathname = new URL(`${ORIGIN}${route}`).pathname.slice(1);
    const match = Object.values(build.routes).find((r) => r.parentId === "root" && r.path === pathname);
    const loader = match?.module.loader;
    const loaderOnly = loader
      ? await median(async () => {
          const result: unknown = await loader({ request: request(route, cookie), params: {}, context: {} });
          return result instanceof Response ? (await result.text()).length : 0;
        })
      : undefined;
    console.log(
      `bench-pages ${name} request_ms=${whole.ms.toFixed(2)} loader_ms=${loaderOnly ? loaderOnly.ms.toFixed(2) : "-"} bytes=${whole.bytes}`,
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
