import { describe, expect, it } from "vitest";
import { readFormWithin } from "~/utils/form-body.server";

// Forms read with a cap on their size, and multipart forms split with native buffer searches.

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://localhost/import", { method: "POST", body, headers });

describe("readFormWithin", () => {
  it("reads a multipart form as the browser sends it: fields, files, names and types", async () => {
    const form = new FormData();
    form.set("text", "What needs to improve?\r\n– the quality of plans 😀");
    form.set(
      "report",
      new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 255, 13, 10])], 'report "final".pdf', {
        type: "application/pdf",
      }),
    );
    form.append("repeated", "one");
    form.append("repeated", "two");
    const read = await readFormWithin(post(form), 1024 * 1024);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.form.get("text")).toBe("What needs to improve?\r\n– the quality of plans 😀");
    expect(read.form.getAll("repeated")).toEqual(["one", "two"]);
    const file = read.form.get("report") as File;
    expect([file.name, file.type, [...new Uint8Array(await file.arrayBuffer())]]).toEqual([
      'report "final".pdf',
      "application/pdf",
      [0x25, 0x50, 0x44, 0x46, 0, 255, 13, 10],
    ]);
  });

  it("reads a file field sent with no file chosen as Chromium sends it: a file with no name and no bytes", async () => {
    const body =
      '--b\r\nContent-Disposition: form-data; name="report"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n' +
      '--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nPasted\r\n--b--\r\n';
    const read = await readFormWithin(post(body, { "Content-Type": "multipart/form-data; boundary=b" }), 1000);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const file = read.form.get("report") as File;
    expect([file instanceof File, file.name, file.size, read.form.get("text")]).toEqual([true, "", 0, "Pasted"]);
  });

  it("splits a 20 MB upload quickly", async () => {
    const form = new FormData();
    form.set("report", new File([new Uint8Array(20 * 1024 * 1024).fill(0x2d)], "big.txt"));
    const encoded = new Response(form);
    const body = new Uint8Array(await encoded.arrayBuffer());
    const request = post(body, { "Content-Type": encoded.headers.get("Content-Type")! });
    const started = performance.now();
    const read = await readFormWithin(request, 21 * 1024 * 1024);
    expect(read.ok && (read.form.get("report") as File).size).toBe(20 * 1024 * 1024);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("reads a urlencoded form", async () => {
    const read = await readFormWithin(
      post("a=1&b=%C3%A9&a=2", { "Content-Type": "application/x-www-form-urlencoded" }),
      100,
    );
    expect(read.ok && [read.form.getAll("a"), read.form.get("b")]).toEqual([["1", "2"], "é"]);
  });

  it("refuses a body or a file over its limit, and what is not a form", async () => {
    expect(
      await readFormWithin(post("a=".padEnd(200, "x"), { "Content-Type": "application/x-www-form-urlencoded" }), 100),
    ).toEqual({
      ok: false,
      status: 413,
      reason: "too_large",
    });
    const form = new FormData();
    form.set("report", new File([new Uint8Array(2000)], "a.pdf"));
    expect(await readFormWithin(post(form), 10_000, 1000)).toMatchObject({ ok: false, status: 413 });
    expect(
      await readFormWithin(post("--x\r\nnot a part", { "Content-Type": "multipart/form-data; boundary=x" }), 1000),
    ).toEqual({ ok: false, status: 400, reason: "unreadable" });
    expect(await readFormWithin(post("anything", { "Content-Type": "multipart/form-data" }), 1000)).toMatchObject({
      status: 400,
    });
  });
});
