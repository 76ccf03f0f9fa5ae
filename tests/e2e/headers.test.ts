import { describe, expect, inject, it } from "vitest";

// The production server's pages carry the security headers of the README's security section: a
// Content-Security-Policy whose script nonce is new for every response and carried by every script
// the page has, styles only from our style sheet (no inline style anywhere in the page), no framing,
// and the usual companions. Checked on the sign-in page and on signed-in pages of each kind of
// content (tables, charts, forms).

const baseUrl = inject("baseUrl");
const users = inject("users");

async function signIn(email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
    body: new URLSearchParams({ email, password, redirectTo: "" }),
  });
  expect(response.status).toBe(302);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

async function page(path: string, cookie?: string) {
  const response = await fetch(`${baseUrl}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  expect(response.status, `${path} answered ${response.status}`).toBe(200);
  return { headers: response.headers, html: await response.text() };
}

function checkPage(path: string, headers: Headers, html: string): string {
  expect(headers.get("Content-Type")).toBe("text/html; charset=utf-8");
  expect(headers.get("X-Frame-Options")).toBe("DENY");
  expect(headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(headers.get("Referrer-Policy")).toBe("same-origin");
  expect(headers.get("Cross-Origin-Opener-Policy")).toBe("same-origin");
  expect(headers.get("Permissions-Policy")).toContain("camera=()");

  const csp = directives(headers.get("Content-Security-Policy") ?? "");
  expect(csp.get("default-src")).toEqual(["'self'"]);
  expect(csp.get("style-src"), `${path}: styles only from our own style sheet`).toEqual(["'self'"]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("form-action")).toEqual(["'self'"]);
  const scriptSrc = csp.get("script-src") ?? [];
  expect(scriptSrc.filter((s) => s !== "'self'")).toHaveLength(1);
  const nonce = /^'nonce-([A-Za-z0-9+/=]{16,})'$/.exec(scriptSrc.find((s) => s.startsWith("'nonce-")) ?? "")?.[1];
  expect(nonce, `${path}: script-src has a nonce`).toBeDefined();

  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length, `${path}: the page has scripts`).toBeGreaterThan(0);
  for (const tag of scripts) {
    // Our own bundles load from 'self'; every inline script must carry this response's nonce.
    if (!/\bsrc="\//.test(tag)) expect(tag, `${path}: inline script without the nonce`).toContain(`nonce="${nonce}"`);
  }
  expect(html, `${path}: an inline style attribute (refused by the policy)`).not.toMatch(/<[a-z][^>]*\sstyle="/i);
  expect(html, `${path}: an inline style element (refused by the policy)`).not.toMatch(/<style[\s>]/i);
  return nonce!;
}

describe("security headers on every kind of page", () => {
  it("the sign-in page, with a new nonce on every response", async () => {
    const first = await page("/login");
    const second = await page("/login");
    const a = checkPage("/login", first.headers, first.html);
    const b = checkPage("/login", second.headers, second.html);
    expect(a).not.toBe(b);
  });

  it("signed-in pages with tables, charts and forms, for a lead and an administrator", async () => {
    const lead = await signIn(users.lead.email, users.lead.password);
    for (const path of ["/dashboard", "/board", "/actions", "/overdue", "/readiness", "/reminders", "/calendar"]) {
      const { headers, html } = await page(path, lead);
      checkPage(path, headers, html);
    }
    const admin = await signIn(users.admin.email, users.admin.password);
    for (const path of ["/dashboard", "/admin/users", "/audit"]) {
      const { headers, html } = await page(path, admin);
      checkPage(path, headers, html);
    }
  });
});
