import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT } from "jose";
import Provider from "oidc-provider";
import { Secret, TOTP } from "otpauth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { checkAccessibility } from "./browser";
import { expectFlash, openBrowserSession, signIn } from "./helpers";
import { bin, root, run } from "./server";

// Single sign-on through a real OpenID provider (oidc-provider, configured like an Entra tenant:
// issuer with the tenant id, a tid claim, a groups claim) on loopback, and a second factor for a
// local account. Each refusal must be a clear page.

const baseUrl = inject("baseUrl");
const users = inject("users");
const TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
const CLIENT_SECRET = "test client secret 6f1c";
const SUTTON = "London Borough of Sutton";
const MERTON = "London Borough of Merton";
const KINGSTON = "Royal Borough of Kingston";
const LOCAL = {
  name: "Tess Two",
  email: "tess.two@sutton-local.example.gov.uk",
  password: "a long local passphrase 42",
};

const session = openBrowserSession();
let provider: Provider;
let server: http.Server;
let issuer = "";
let wrongIssuer = "";
/** How the provider misbehaves with its next ID tokens. */
let tamper: "none" | "expired" | "rogue_key" | "nonce" = "none";

const ACCOUNTS: Record<string, { name: string; groups: string[] }> = {
  "nina.new@sutton.example.gov.uk": { name: "Nina New", groups: [] },
  "lena.lead@sutton.example.gov.uk": { name: "Lena Sutton", groups: ["leads-group"] },
  "mo@merton.example.gov.uk": { name: "Mo Merton", groups: [] },
  "pia.pending@sutton.example.gov.uk": { name: "Pia Pending", groups: [] },
  // At Sutton's domain, but their account here is Merton's.
  "oscar@sutton.example.gov.uk": { name: "Oscar Merton", groups: [] },
};

async function createLocalUser(email: string, name: string, authority: string, password = LOCAL.password) {
  await run(
    bin("tsx"),
    ["db/create-user.ts", "--email", email, "--name", name, "--role", "service_manager", "--authority", authority],
    {
      cwd: root,
      env: { ...process.env, ...inject("serverDatabase"), USER_PASSWORD: password },
    },
  );
}

beforeAll(async () => {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const rogue = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "tenant-key", alg: "RS256", use: "sig" };
  const signingKey = await importJWK(jwk, "RS256");

  let handler: http.RequestListener = () => {};
  server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const prefix = `/${TENANT}/v2.0`;
  issuer = `${origin}${prefix}`;
  wrongIssuer = `${origin}/wrong/v2.0`;

  provider = new Provider(issuer, {
    clients: [
      {
        client_id: "followthrough",
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${baseUrl}/auth/sso/callback`],
        post_logout_redirect_uris: [`${baseUrl}/login`],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    async findAccount(_ctx: unknown, id: string) {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: id,
          email_verified: true,
          name: account.name,
          tid: TENANT,
          groups: account.groups,
        }),
      };
    },
    claims: { openid: ["sub", "tid", "groups"], email: ["email", "email_verified"], profile: ["name"] },
    conformIdTokenClaims: false,
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    cookies: { keys: ["provider cookie key"] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async loadExistingGrant(ctx: any) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  // The provider's ID tokens, spoiled on demand, as a broken or hostile provider would send them.
  const issue = provider.IdToken.prototype.issue;
  provider.IdToken.prototype.issue = async function (this: unknown, ...args: Parameters<typeof issue>) {
    const token = await issue.apply(this, args);
    if (tamper === "none" || typeof token !== "string") return token;
    const claims = decodeJwt(token);
    const now = Math.floor(Date.now() / 1000);
    if (tamper === "expired") Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
    if (tamper === "nonce") claims.nonce = "not-the-nonce-we-sent";
    const key = tamper === "rogue_key" ? rogue.privateKey : signingKey;
    return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "tenant-key", typ: "JWT" }).sign(key);
  };
  const callback = provider.callback();
  handler = async (req, res) => {
    const url = req.url ?? "/";
    if (url === "/wrong/v2.0/.well-known/openid-configuration") {
      // Another address serving this tenant's metadata: its issuer is not the address configured.
      const real = await fetch(`${issuer}/.well-known/openid-configuration`);
      res.setHeader("Content-Type", "application/json");
      res.end(await real.text());
      return;
    }
    if (!url.startsWith(prefix)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    // Mounted under the tenant's path, as Entra's issuer is.
    Object.assign(req, { originalUrl: url, url: url.slice(prefix.length) || "/" });
    void callback(req, res);
  };

  await createLocalUser(LOCAL.email, LOCAL.name, SUTTON);
  await createLocalUser("someone@merton-local.example.gov.uk", "Someone Merton", MERTON);
  await createLocalUser("someone@kingston-local.example.gov.uk", "Someone Kingston", KINGSTON);
  await createLocalUser("oscar@sutton.example.gov.uk", "Oscar Merton", MERTON);
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

/** Chromium logs each refusal (a 4xx page) as a console error: the ones a step expects are not errors. */
function expectRefusals() {
  // The test provider's own pages (its web font, its favicon) are not ours either.
  const provider = new URL(issuer).origin;
  session.errors.splice(
    0,
    session.errors.length,
    ...session.errors.filter((e) => !/status of (400|502)/.test(e) && !e.startsWith(`console.error on ${provider}`)),
  );
}

async function councilId(p: Page, name: string): Promise<string> {
  await p.goto("/admin/councils");
  const href = await p.getByRole("link", { name: new RegExp(`for ${name}: change`) }).getAttribute("href");
  return /\/admin\/councils\/(\d+)\/sso/.exec(href ?? "")![1];
}

async function configure(
  p: Page,
  name: string,
  fields: { issuer: string; tenant: string; domains: string; roles?: string },
) {
  const id = await councilId(p, name);
  await p.goto(`/admin/councils/${id}/sso`);
  await p.getByLabel("Issuer").fill(fields.issuer);
  await p.getByLabel("Directory (tenant) id (Entra ID only)").fill(fields.tenant);
  await p.getByLabel("Client (application) id").fill("followthrough");
  await p.getByLabel("Client secret").fill(CLIENT_SECRET);
  await p.getByLabel("E-mail domains").fill(fields.domains);
  if (fields.roles) {
    await p.getByLabel("Claim holding groups or app roles (optional)").fill("groups");
    await p.getByLabel("Role for each claim value (optional)").fill(fields.roles);
  }
  await p.getByRole("button", { name: "Save single sign-on" }).click();
  await p.getByText(`${name}'s single sign-on has been saved`).waitFor();
}

/** Without JavaScript: the e-mail step, the link to the provider, and the provider's own sign-in form. */
async function signInThroughProviderWithoutScripts(plain: Page, email: string) {
  await plain.context().clearCookies();
  await plain.goto("/login");
  await plain.getByLabel("Email address").fill(email);
  await plain.getByRole("button", { name: "Continue" }).click();
  await plain.getByRole("link", { name: "Continue to your council's sign-in" }).click();
  await plain.waitForURL((url) => url.href.startsWith(issuer));
  await plain.locator('input[name="password"]').fill("anything");
  await plain.getByRole("button", { name: "Sign-in" }).click();
}

/** E-mail first, then (with JavaScript) straight on to the provider, where the person signs in. */
async function signInThroughProvider(p: Page, email: string) {
  await p.context().clearCookies();
  await p.goto("/login");
  await p.getByLabel("Email address").fill(email);
  await p.getByRole("button", { name: "Continue" }).click();
  await p.waitForURL((url) => url.href.startsWith(issuer));
  await p.locator('input[name="password"]').fill("anything");
  await p.getByRole("button", { name: "Sign-in" }).click();
}

describe("single sign-on through the council's provider", () => {
  test("an administrator connects Sutton's tenant; the secret is never shown again", async () => {
    await signIn(session.page, users.admin);
    await configure(session.page, SUTTON, {
      issuer,
      tenant: TENANT,
      domains: "sutton.example.gov.uk",
      roles: "leads-group = improvement lead",
    });
    await expect.poll(() => session.page.getByLabel("Client secret").inputValue()).toBe("");
    expect(await session.page.content()).not.toContain(CLIENT_SECRET);
    await checkAccessibility(session.page, "council single sign-on page");
    await session.page.screenshot({ path: "/tmp/sso-admin-1280.png", fullPage: true });
    await configure(session.page, MERTON, {
      issuer,
      tenant: "00000000-0000-0000-0000-00000000beef",
      domains: "merton.example.gov.uk",
    });
    await configure(session.page, KINGSTON, {
      issuer: wrongIssuer,
      tenant: TENANT,
      domains: "kingston.example.gov.uk",
    });
  });

  test("a first sign-in makes a pending person with no access", async () => {
    await signInThroughProvider(session.page, "nina.new@sutton.example.gov.uk");
    await session.page.getByRole("heading", { name: "Your account is waiting for access" }).waitFor();
    await checkAccessibility(session.page, "waiting for access");
    await session.page.goto("/dashboard");
    await session.page.waitForURL(/\/login/);
    expectRefusals();
  });

  test("a lead's group gives the role; signing out offers the provider's sign-out; the answer cannot be replayed", async () => {
    const callbacks: string[] = [];
    session.page.on("request", (r) => {
      if (r.url().startsWith(`${baseUrl}/auth/sso/callback`)) callbacks.push(r.url());
    });
    await signInThroughProvider(session.page, "lena.lead@sutton.example.gov.uk");
    await session.page.waitForURL(`${baseUrl}/dashboard`);
    await session.page.getByText("Signed in as Lena Sutton").waitFor();
    await session.page.getByRole("button", { name: "Sign out" }).click();
    await session.page.getByRole("heading", { name: "You have signed out of Followthrough" }).waitFor();
    expect(
      await session.page.getByRole("link", { name: "Sign out of your council account" }).getAttribute("href"),
    ).toContain(issuer);
    await checkAccessibility(session.page, "signed out");
    await session.page.goto(callbacks.at(-1)!);
    await session.page.getByText("This sign-in has already been used").waitFor();
    expectRefusals();
  });

  test("a tampered state is refused", async () => {
    // The provider's answer, replayed with its state altered.
    let answer = "";
    const seen = (r: { url(): string }) => {
      if (r.url().startsWith(`${baseUrl}/auth/sso/callback`)) answer = r.url();
    };
    session.page.on("request", seen);
    await signInThroughProvider(session.page, "lena.lead@sutton.example.gov.uk");
    await session.page.waitForURL(`${baseUrl}/dashboard`);
    session.page.off("request", seen);
    const tampered = new URL(answer);
    tampered.searchParams.set("state", `${tampered.searchParams.get("state")}x`);
    await session.page.goto(tampered.href);
    await session.page
      .getByText("This sign-in has already been used, has expired, or was started in another browser")
      .waitFor();
    expectRefusals();
  });

  test("an expired, a wrongly signed and another sign-in's ID token are refused, each with its reason", async () => {
    const cases = [
      ["expired", "The identity provider's token had expired"],
      ["rogue_key", "was not signed with the provider's published keys"],
      ["nonce", "was not issued for this sign-in"],
    ] as const;
    try {
      for (const [mode, message] of cases) {
        tamper = mode;
        await signInThroughProvider(session.page, "lena.lead@sutton.example.gov.uk");
        await session.page.getByText(message).waitFor();
        await session.page.getByRole("heading", { name: "You could not be signed in" }).waitFor();
      }
    } finally {
      tamper = "none";
    }
    await session.page.goto("/dashboard");
    await session.page.waitForURL(/\/login/);
    expectRefusals();
  });

  test("a person from another council's directory, one whose account is another council's, and a provider with the wrong issuer are refused", async () => {
    await signInThroughProvider(session.page, "mo@merton.example.gov.uk");
    await session.page.getByText("You signed in with an account from another organisation's directory").waitFor();
    await signInThroughProvider(session.page, "oscar@sutton.example.gov.uk");
    await session.page.getByText("Your account here belongs to another council").waitFor();
    await session.page.goto("/dashboard");
    await session.page.waitForURL(/\/login/);
    await session.page.context().clearCookies();
    await session.page.goto("/login");
    await session.page.getByLabel("Email address").fill("kim@kingston.example.gov.uk");
    await session.page.getByRole("button", { name: "Continue" }).click();
    await session.page.getByText("did not identify itself as the issuer configured for your council").waitFor();
    expectRefusals();
  });

  test("without JavaScript: the e-mail step links to the provider and the person comes back signed in", async () => {
    const noJs = await session.page.context().browser()!.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    try {
      const plain = await noJs.newPage();
      await plain.goto("/login");
      await plain.getByLabel("Email address").fill("lena.lead@sutton.example.gov.uk");
      await plain.getByRole("button", { name: "Continue" }).click();
      await plain.getByRole("heading", { name: "Sign in with your council account" }).waitFor();
      await plain.screenshot({ path: "/tmp/sso-continue-375.png", fullPage: true });
      await plain.getByRole("link", { name: "Continue to your council's sign-in" }).click();
      await plain.waitForURL((url) => url.href.startsWith(issuer));
      await plain.locator('input[name="password"]').fill("anything");
      await plain.getByRole("button", { name: "Sign-in" }).click();
      await plain.waitForURL(`${baseUrl}/dashboard`);
      await plain.getByText("Signed in as Lena Sutton").waitFor();
    } finally {
      await noJs.close();
    }
  });
});

describe("after single sign-on", () => {
  test("each refusal is in the audit log with its reason, and never a code or a secret", async () => {
    await signIn(session.page, users.admin);
    await session.page.goto("/audit?event=authority.sso_sign_in_refused");
    const log = session.page.locator("main");
    for (const reason of [
      "the sign-in was unknown, already used, expired or started in another browser",
      "the ID token had expired",
      "the ID token was not signed with the provider's keys",
      "the ID token was not issued for this sign-in (nonce)",
      "the account is from another directory (tenant)",
      "Single sign-on refused for oscar@sutton.example.gov.uk: the account here belongs to another council",
      "the provider did not identify itself as the configured issuer",
    ]) {
      await log.getByText(reason).first().waitFor();
    }
    const text = await log.innerText();
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).not.toMatch(/code=|state=/);
    await checkAccessibility(session.page, "audit log of refused single sign-ons");
    await session.page.screenshot({ path: "/tmp/audit-sso-refused-1280.png", fullPage: true });
    await session.page.setViewportSize({ width: 375, height: 800 });
    await session.page.screenshot({ path: "/tmp/audit-sso-refused-375.png", fullPage: true });
    await session.page.setViewportSize({ width: 1280, height: 800 });
  });

  test("Sutton's lead gives the people waiting for access a role, with and without JavaScript; they then sign in", async () => {
    await signInThroughProvider(session.page, "pia.pending@sutton.example.gov.uk");
    await session.page.getByRole("heading", { name: "Your account is waiting for access" }).waitFor();
    expectRefusals();

    await signInThroughProvider(session.page, "lena.lead@sutton.example.gov.uk");
    await session.page.waitForURL(`${baseUrl}/dashboard`);
    await session.page.goto("/people");
    const nina = session.page.getByRole("row").filter({ hasText: "Nina New" });
    await nina.getByText("Waiting for access").waitFor();
    await checkAccessibility(session.page, "people waiting for access");
    await session.page.screenshot({ path: "/tmp/people-give-access-1280.png", fullPage: true });
    await session.page.setViewportSize({ width: 375, height: 800 });
    await session.page.screenshot({ path: "/tmp/people-give-access-375.png", fullPage: true });
    await session.page.setViewportSize({ width: 1280, height: 800 });
    await nina.getByLabel("Role for Nina New").selectOption("service_manager");
    await nina.getByRole("button", { name: "Give access to Nina New" }).click();
    await expectFlash(session.page, "Nina New can now sign in as a service manager");

    const noJs = await session.page.context().browser()!.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    try {
      const plain = await noJs.newPage();
      await signInThroughProviderWithoutScripts(plain, "lena.lead@sutton.example.gov.uk");
      await plain.waitForURL(`${baseUrl}/dashboard`);
      await plain.goto("/people");
      const pia = plain.getByRole("row").filter({ hasText: "Pia Pending" });
      await pia.getByLabel("Role for Pia Pending").selectOption("board_member");
      await pia.getByRole("button", { name: "Give access to Pia Pending" }).click();
      await plain.waitForURL(`${baseUrl}/people`);
      await plain.getByText("Pia Pending can now sign in as a board member").waitFor();
    } finally {
      await noJs.close();
    }

    await signInThroughProvider(session.page, "nina.new@sutton.example.gov.uk");
    await session.page.waitForURL(`${baseUrl}/dashboard`);
    await session.page.getByText("Signed in as Nina New").waitFor();
    expectRefusals();
  });
});

describe("a second factor for a local account", () => {
  let secret = "";
  let recoveryCodes: string[] = [];
  const codeNow = () => new TOTP({ secret: Secret.fromBase32(secret) }).generate();
  // The next step's code: never the one just used at enrolment, and within the one-step window.
  const nextCode = () => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + 30_000 });

  test("enrols with the QR code's key and keeps the recovery codes", async () => {
    await signIn(session.page, LOCAL);
    await session.page.goto("/account/second-factor");
    await session.page.getByRole("img", { name: "QR code to add Followthrough to an authenticator app" }).waitFor();
    await checkAccessibility(session.page, "second factor set-up");
    await session.page.setViewportSize({ width: 375, height: 800 });
    await session.page.screenshot({ path: "/tmp/second-factor-375.png", fullPage: true });
    await session.page.setViewportSize({ width: 1280, height: 800 });
    secret = (await session.page.getByTestId("setup-key").innerText()).replace(/\s/g, "");
    await session.page.getByLabel("6-digit code").fill("000000");
    await session.page.getByRole("button", { name: "Turn on second factor" }).click();
    await session.page.getByText("Enter the current 6-digit code from your authenticator app").first().waitFor();
    await session.page.getByLabel("6-digit code").fill(codeNow());
    await session.page.getByRole("button", { name: "Turn on second factor" }).click();
    await session.page.getByRole("heading", { name: "Save your recovery codes" }).waitFor();
    recoveryCodes = await session.page.getByRole("list", { name: "Recovery codes" }).locator("li").allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    await session.page.screenshot({ path: "/tmp/recovery-codes-1280.png", fullPage: true });
    expectRefusals();
  });

  test("without JavaScript: a wrong code is refused, the right one signs in, the same one again is refused, a recovery code works once", async () => {
    const noJs = await session.page.context().browser()!.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    try {
      const plain = await noJs.newPage();
      const password = async () => {
        await noJs.clearCookies();
        await plain.goto("/login");
        await plain.getByLabel("Email address").fill(LOCAL.email);
        await plain.getByRole("button", { name: "Continue" }).click();
        await plain.getByLabel("Password").fill(LOCAL.password);
        await plain.getByRole("button", { name: "Sign in" }).click();
        await plain.getByRole("heading", { name: "Enter your security code" }).waitFor();
      };
      const enter = async (code: string) => {
        await plain.getByLabel("Security code").fill(code);
        await plain.getByRole("button", { name: "Continue" }).click();
      };
      await password();
      await enter("000000");
      await plain
        .getByRole("link", { name: "Enter the current code from your authenticator app, or a recovery code" })
        .waitFor();
      const code = nextCode();
      await enter(code);
      await plain.waitForURL(`${baseUrl}/dashboard`);
      await password();
      await enter(code);
      await plain.getByRole("link", { name: /That code has already been used/ }).waitFor();
      await enter(recoveryCodes[0]);
      await plain.waitForURL(`${baseUrl}/dashboard`);
      await password();
      await enter(recoveryCodes[0]);
      await plain.getByRole("link", { name: /That code has already been used/ }).waitFor();
    } finally {
      await noJs.close();
    }
    expectRefusals();
  });

  test("with JavaScript: signs in with a recovery code", async () => {
    await session.page.context().clearCookies();
    await session.page.goto("/login");
    await session.page.getByLabel("Email address").fill(LOCAL.email);
    await session.page.getByRole("button", { name: "Continue" }).click();
    await session.page.getByLabel("Password").fill(LOCAL.password);
    await session.page.getByRole("button", { name: "Sign in" }).click();
    await session.page.getByRole("heading", { name: "Enter your security code" }).waitFor();
    await checkAccessibility(session.page, "security code page");
    await session.page.getByLabel("Security code").fill(recoveryCodes[1]);
    await session.page.getByRole("button", { name: "Continue" }).click();
    await session.page.waitForURL(`${baseUrl}/dashboard`);
    await session.page.getByText(`Signed in as ${LOCAL.name}`).waitFor();
  });

  test("turning it off asks for a current code: a wrong one is refused without JavaScript, a recovery code turns it off with it", async () => {
    const noJs = await session.page.context().browser()!.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    try {
      const plain = await noJs.newPage();
      await plain.goto("/login");
      await plain.getByLabel("Email address").fill(LOCAL.email);
      await plain.getByRole("button", { name: "Continue" }).click();
      await plain.getByLabel("Password").fill(LOCAL.password);
      await plain.getByRole("button", { name: "Sign in" }).click();
      await plain.getByLabel("Security code").fill(recoveryCodes[2]);
      await plain.getByRole("button", { name: "Continue" }).click();
      await plain.waitForURL(`${baseUrl}/dashboard`);
      await plain.goto("/account/second-factor");
      await plain.getByLabel("Code from your authenticator app, or a recovery code").fill("000000");
      await plain.getByRole("button", { name: "Turn off second factor" }).click();
      await plain
        .getByRole("link", { name: "Enter the current code from your authenticator app, or a recovery code" })
        .waitFor();
    } finally {
      await noJs.close();
    }

    await session.page.goto("/account/second-factor");
    await session.page.getByRole("heading", { name: "Turn off your second factor" }).waitFor();
    await checkAccessibility(session.page, "turn off second factor");
    await session.page.screenshot({ path: "/tmp/second-factor-off-1280.png", fullPage: true });
    await session.page.setViewportSize({ width: 375, height: 800 });
    await session.page.screenshot({ path: "/tmp/second-factor-off-375.png", fullPage: true });
    await session.page.setViewportSize({ width: 1280, height: 800 });
    await session.page.getByLabel("Code from your authenticator app, or a recovery code").fill("111111");
    await session.page.getByRole("button", { name: "Turn off second factor" }).click();
    await session.page.getByRole("link", { name: /Enter the current code/ }).waitFor();
    await expect.poll(() => session.page.title()).toMatch(/^Error: /);
    await session.page.screenshot({ path: "/tmp/second-factor-off-error-1280.png", fullPage: true });
    await session.page.getByLabel("Code from your authenticator app, or a recovery code").fill(recoveryCodes[3]);
    await session.page.getByRole("button", { name: "Turn off second factor" }).click();
    await expectFlash(session.page, "Your second factor has been turned off");
    await session.page.getByRole("button", { name: "Turn on second factor" }).waitFor();
    expectRefusals();
  });
});
