import { describe, expect, it } from "vitest";
import { action as actionPage } from "../../app/routes/actions.$actionId";
import { action as login } from "../../app/routes/login";
import { createAuthority, createInspection, createTestUser, setAction } from "../factories";
import { call, postRequest, sessionCookie } from "../helpers/requests";

function withHeaders(request: Request, headers: Record<string, string>): Request {
  const copy = new Headers(request.headers);
  for (const [k, v] of Object.entries(headers)) copy.set(k, v);
  return new Request(request, { headers: copy });
}

describe("requests from another site", () => {
  it("are refused before anything changes; the same site's own forms work", async () => {
    const authority = await createAuthority();
    const owner = await createTestUser({ role: "service_manager", authorityId: authority.id });
    const { actionIds } = await createInspection(authority.id);
    await setAction(actionIds[0], { owner_id: owner.id });
    const cookie = await sessionCookie(owner.id);
    const post = (headers: Record<string, string>) =>
      call(actionPage, withHeaders(postRequest(`/actions/${actionIds[0]}`, { intent: "progress", body: "x" }, cookie), headers), {
        actionId: String(actionIds[0]),
      });
    expect((await post({ Origin: "https://evil.example" })).status).toBe(403);
    expect((await post({ "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect((await post({ Origin: "null" })).status).toBe(403);
    expect((await post({ Origin: "http://localhost", "Sec-Fetch-Site": "same-origin" })).status).toBe(302);
  });

  it("cannot sign anyone in", async () => {
    const user = await createTestUser({ password: "right password here" });
    const request = withHeaders(postRequest("/login", { email: user.email, password: "right password here" }), {
      Origin: "https://evil.example",
    });
    expect((await call(login, request)).status).toBe(403);
  });
});
