import { describe, expect, it } from "vitest";
import { oncePerRequest, withRequestMemo } from "../../app/utils/request-memo.server";

// The loaders of one reading request share what they all read; nothing is shared between
// requests, nor within a form post (its action may change what the loaders then read).

function counter() {
  let calls = 0;
  return { read: async () => ++calls, calls: () => calls };
}

describe("answers shared by one request's loaders", () => {
  it("computes each key once within a GET request, and again in the next request", async () => {
    const c = counter();
    const page = () =>
      withRequestMemo("GET", () =>
        Promise.all([oncePerRequest("user", c.read), oncePerRequest("user", c.read), oncePerRequest("other", c.read)]),
      );
    expect(await page()).toEqual([1, 1, 2]);
    expect(await page()).toEqual([3, 3, 4]);
  });

  it("shares nothing within a form post, nor outside a request", async () => {
    const c = counter();
    expect(
      await withRequestMemo("POST", () =>
        Promise.all([oncePerRequest("user", c.read), oncePerRequest("user", c.read)]),
      ),
    ).toEqual([1, 2]);
    expect(await oncePerRequest("user", c.read)).toBe(3);
    expect(await oncePerRequest("user", c.read)).toBe(4);
  });

  it("does not remember a failure: the next loader asking reads again", async () => {
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls === 1) throw new Error("the database was busy");
      return calls;
    };
    await withRequestMemo("GET", async () => {
      await expect(oncePerRequest("user", flaky)).rejects.toThrow("busy");
      expect(await oncePerRequest("user", flaky)).toBe(2);
      expect(await oncePerRequest("user", flaky)).toBe(2);
    });
  });
});
