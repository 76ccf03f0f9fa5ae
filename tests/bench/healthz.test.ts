import { describe, expect, it } from "vitest";
import { loader } from "../../app/routes/healthz";

describe("/healthz", () => {
  it("answers ok to anyone, uncached, and says nothing else", async () => {
    const response = loader();
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.text()).toBe("ok");
  });
});
