import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseCrossOriginWrites, withoutSecrets } from "../../app/http-server";
import { tooLargePage } from "../../app/server-pages";
import { loader as readyLoader } from "../../app/routes/readyz";
import { processCount } from "../../app/supervisor";
import { logLevel, requestId, shutdownGraceMs } from "../../app/utils/logger.server";
import { bodyLimitFor } from "../../app/utils/body-limits";
import { isCrossOriginWrite } from "../../app/utils/same-origin";
import { normaliseAddress, trustProxySetting } from "../../app/utils/trust-proxy";

describe("isCrossOriginWrite", () => {
  const headers = (values: Record<string, string>) => (name: string) => values[name] ?? null;

  it.each([
    ["a GET from anywhere", "GET", { origin: "https://attacker.example", "sec-fetch-site": "cross-site" }, false],
    ["a POST from our own page", "POST", { origin: "http://app.test", "sec-fetch-site": "same-origin" }, false],
    ["a POST with no Origin (not a browser's cross-site request)", "POST", {}, false],
    ["a POST typed into the address bar", "POST", { "sec-fetch-site": "none" }, false],
    ["a POST from another site", "POST", { origin: "https://attacker.example" }, true],
    ["a POST a browser marks cross-site", "POST", { "sec-fetch-site": "cross-site" }, true],
    ["a POST a browser marks same-site (a sibling subdomain)", "POST", { "sec-fetch-site": "same-site" }, true],
    ["a POST from an opaque origin", "POST", { origin: "null" }, true],
    ["a POST with a malformed Origin", "POST", { origin: "not a url" }, true],
    ["a POST from another port", "POST", { origin: "http://app.test:8080" }, true],
    ["a DELETE from another site", "DELETE", { origin: "https://attacker.example" }, true],
    [
      "a POST through a proxy naming our host",
      "POST",
      { origin: "https://plans.council.gov.uk", "x-forwarded-host": "plans.council.gov.uk" },
      false,
    ],
  ])("%s", (_name, method, values, refused) => {
    expect(isCrossOriginWrite(method, headers(values), "app.test")).toBe(refused);
  });
});

describe("the HTTP server's cross-origin refusal", () => {
  let baseUrl = "";
  let server: ReturnType<ReturnType<typeof express>["listen"]>;
  const reached: string[] = [];

  beforeAll(async () => {
    const app = express();
    app.use(refuseCrossOriginWrites);
    app.all("*", (request, response) => {
      reached.push(`${request.method} ${request.path}`);
      response.send("handled");
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, "127.0.0.1", resolve);
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers a form from another site with a 403 page saying why, before the app sees it", async () => {
    reached.length = 0;
    const response = await fetch(`${baseUrl}/actions/1`, {
      method: "POST",
      headers: { Origin: "https://attacker.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=edit&title=Hijacked",
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const page = await response.text();
    expect(page).toContain("Forms can only be sent from Followthrough's own pages.");
    expect(page).toContain("Nothing was saved.");
    expect(reached).toEqual([]);
  });

  it("passes our own pages' forms and every read through", async () => {
    reached.length = 0;
    const own = await fetch(`${baseUrl}/actions/1`, { method: "POST", headers: { Origin: baseUrl }, body: "x=1" });
    const read = await fetch(`${baseUrl}/board`, { headers: { "Sec-Fetch-Site": "cross-site" } });
    expect([own.status, read.status]).toEqual([200, 200]);
    expect(reached).toEqual(["POST /actions/1", "GET /board"]);
  });
});

describe("request body limits", () => {
  it.each([
    ["/login", 64 * 1024],
    ["/logout", 64 * 1024],
    ["/set-password/abc", 64 * 1024],
    ["/actions/12", 1024 * 1024],
    ["/actions/12/evidence", 26 * 1024 * 1024],
    ["/actions/12/evidence/", 26 * 1024 * 1024],
    ["/import", 21 * 1024 * 1024 + 4_000_000],
    ["/import/drafts/3", 4 * 1024 * 1024],
    ["/import/plan", 21 * 1024 * 1024],
    // The plan import's later steps post the lead's choices only: the sheet stays on the server.
    ["/import/plan/3", 1024 * 1024],
    ["/admin/users/new", 1024 * 1024],
    // An Ofsted letter beside a visit's or meeting's form.
    ["/readiness/events/new", 11 * 1024 * 1024],
    ["/readiness/events/7", 11 * 1024 * 1024],
    ["/readiness/events", 1024 * 1024],
    ["/readiness/events/7/letter", 1024 * 1024],
    // Only the exact upload addresses get a file's allowance.
    ["/actions/12/evidence/extra", 1024 * 1024],
    ["/actions/x/evidence", 1024 * 1024],
    ["/import/anything", 1024 * 1024],
    ["/import/drafts/x", 1024 * 1024],
  ])("%s may send %i bytes", (pathname, bytes) => {
    expect(bodyLimitFor(pathname).bytes).toBe(bytes);
  });

  it("says the limit on the 413 page, and where to go back to", () => {
    const page = tooLargePage(bodyLimitFor("/actions/7/evidence"));
    expect(page).toContain("An evidence file can be up to 25 MB");
    expect(page).toContain('href="/actions/7"');
    expect(tooLargePage(bodyLimitFor("/login"))).toContain("A sign-in form can be up to 64 KB");
  });
});

describe("TRUST_PROXY", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["0", false],
    ["false", false],
    ["1", 1],
    ["2", 2],
  ])("%j trusts %j hops", (value, expected) => {
    expect(trustProxySetting(value)).toBe(expected);
  });

  it.each(["yes", "true", "-1", "1.5", "10.0.0.1", "loopback"])("refuses %j", (value) => {
    expect(() => trustProxySetting(value)).toThrow(/TRUST_PROXY must be the number of proxies/);
  });

  it("writes IPv4 clients of a dual-stack socket as IPv4", () => {
    expect(normaliseAddress("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(normaliseAddress("2001:db8::1")).toBe("2001:db8::1");
    expect(normaliseAddress(undefined)).toBeNull();
  });
});

describe("the supervisor", () => {
  it("runs WEB_CONCURRENCY processes, by default one per core and at least two", () => {
    expect(processCount({ WEB_CONCURRENCY: "3" })).toBe(3);
    expect(processCount({})).toBeGreaterThanOrEqual(2);
    expect(() => processCount({ WEB_CONCURRENCY: "lots" })).toThrow(/WEB_CONCURRENCY/);
  });
});

describe("the request log", () => {
  it("keeps no bearer token: calendar and set-password links, and the reference to a new link, are left out", () => {
    expect(withoutSecrets("/calendar/AbC-123_xyz0123456789abcdef.ics")).toBe("/calendar/….ics");
    expect(withoutSecrets("/set-password/AbC-123_xyz?x=1")).toBe("/set-password/…?x=1");
    expect(withoutSecrets("/admin/users/4?link=secretref&_data=routes")).toBe("/admin/users/4?link=…&_data=routes");
    expect(withoutSecrets("/actions?status=open&page=2")).toBe("/actions?status=open&page=2");
    expect(withoutSecrets("/auth/sso/callback?code=0.AbC-xyz&state=s7a9&session_state=e1")).toBe(
      "/auth/sso/callback?code=…&state=…&session_state=…",
    );
  });
});

describe("operations settings and checks", () => {
  it("takes a request id only from a trusted proxy, and only a plain token", () => {
    expect(requestId("proxy-7f3a.42", true)).toBe("proxy-7f3a.42");
    expect(requestId("proxy-7f3a.42", false)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestId("two words", true)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestId("x".repeat(129), true)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestId(["first", "second"], true)).toBe("first");
    expect(requestId(undefined, true)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a log level or shutdown grace it does not know", () => {
    expect(logLevel({})).toBe("info");
    expect(logLevel({ LOG_LEVEL: " Warn " })).toBe("warn");
    expect(() => logLevel({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL must be one of/);
    expect(shutdownGraceMs({})).toBe(10_000);
    expect(shutdownGraceMs({ SHUTDOWN_GRACE_MS: "2500" })).toBe(2500);
    expect(() => shutdownGraceMs({ SHUTDOWN_GRACE_MS: "10s" })).toThrow(/SHUTDOWN_GRACE_MS/);
  });

  it("says ready while the database answers, and 503 while the server is shutting down", async () => {
    const ask = (draining: boolean) =>
      readyLoader({
        request: new Request("http://app.test/readyz"),
        params: {},
        context: { draining: () => draining },
      });
    const ready = await ask(false);
    expect([ready.status, await ready.text()]).toEqual([200, "ready"]);
    const going = await ask(true);
    expect([going.status, await going.text()]).toEqual([503, "shutting down"]);
  });
});
