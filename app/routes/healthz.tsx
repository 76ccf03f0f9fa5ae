// A liveness check for load balancers and the scale benchmark's baseline: public, no session,
// no database, and it says nothing about the installation beyond "the server answers".
export function loader() {
  return new Response("ok", {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
