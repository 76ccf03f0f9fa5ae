import type { LoaderFunctionArgs } from "@remix-run/node";
import { databaseAnswers } from "../models/health.server";

// A readiness check for load balancers and orchestrators: 200 when this server can serve pages
// (its database answers), 503 when it cannot or is shutting down (so a proxy sends it no more
// requests while it finishes those in flight). Public, no session; it says nothing about the
// installation beyond ready or not. /healthz is the liveness check: the process answers at all.
export async function loader({ context }: LoaderFunctionArgs) {
  const draining = (context as { draining?: () => boolean }).draining?.() ?? false;
  const ready = !draining && (await databaseAnswers());
  return new Response(ready ? "ready" : draining ? "shutting down" : "database unavailable", {
    status: ready ? 200 : 503,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
