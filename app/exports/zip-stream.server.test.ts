import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { collectBytes, dosDateTime, toWebStream, zipStream } from "./zip-stream.server";
import { xmlEscape } from "./xml.server";

const DATE = new Date("2024-10-01T12:00:00Z");

async function* slowly(pieces: string[]) {
  for (const piece of pieces) {
    await new Promise((resolve) => setImmediate(resolve));
    yield piece;
  }
}

describe("zipStream", () => {
  it("writes a zip any reader opens, with each entry's content, in order, dated as asked", async () => {
    const big = "<row>".padEnd(200, "x").repeat(5_000); // 1 MB, several deflate pieces
    const bytes = await collectBytes(
      zipStream(
        [
          { name: "[Content_Types].xml", content: ["<Types/>"] },
          { name: "word/document.xml", content: slowly([big.slice(0, 300_000), big.slice(300_000)]) },
          { name: "word/media/image1.png", content: [new Uint8Array([137, 80, 78, 71, 0, 255])] },
          { name: "empty.xml", content: [] },
          { name: "naïve 😀.txt", content: ["ünïcode"] },
        ],
        DATE,
      ),
    );
    const zip = await JSZip.loadAsync(bytes);
    expect(Object.keys(zip.files)).toEqual([
      "[Content_Types].xml",
      "word/document.xml",
      "word/media/image1.png",
      "empty.xml",
      "naïve 😀.txt",
    ]);
    expect(await zip.file("word/document.xml")!.async("string")).toBe(big);
    expect([...(await zip.file("word/media/image1.png")!.async("uint8array"))]).toEqual([137, 80, 78, 71, 0, 255]);
    expect(await zip.file("empty.xml")!.async("string")).toBe("");
    expect(await zip.file("naïve 😀.txt")!.async("string")).toBe("ünïcode");
    // DOS time is local-free: the UTC fields of the given date.
    expect(zip.file("empty.xml")!.date.toISOString().slice(0, 10)).toBe("2024-10-01");
    // Deflated: a megabyte of repetition is small.
    expect(bytes.byteLength).toBeLessThan(50_000);
  });

  it("gives the same bytes for the same content, however it is split into pieces", async () => {
    const text = "abc,".repeat(100_000);
    const once = await collectBytes(zipStream([{ name: "a.txt", content: [text] }], DATE));
    const pieces = await collectBytes(zipStream([{ name: "a.txt", content: slowly(text.match(/.{1,777}/gs)!) }], DATE));
    expect(Buffer.from(pieces).equals(Buffer.from(once))).toBe(true);
  });

  it("passes on an error from an entry's content instead of finishing a broken file", async () => {
    async function* failing() {
      yield "<a>";
      throw new Error("database went away");
    }
    await expect(collectBytes(zipStream([{ name: "a.xml", content: failing() }], DATE))).rejects.toThrow(
      "database went away",
    );
  });

  it("stops building when the download is abandoned", async () => {
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced += 1;
        yield "x".repeat(100_000);
      }
    }
    const reader = toWebStream(zipStream([{ name: "a.txt", content: endless() }], DATE)).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const after = produced;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced).toBe(after);
    expect(produced).toBeLessThan(100);
  });

  it("stores MS-DOS dates as zip headers expect", () => {
    expect(dosDateTime(new Date("1980-01-01T00:00:00Z"))).toEqual({ time: 0, date: (1 << 5) | 1 });
    expect(dosDateTime(new Date("2024-10-01T12:00:00Z"))).toEqual({ time: 12 << 11, date: (44 << 9) | (10 << 5) | 1 });
  });
});

describe("xmlEscape", () => {
  it("escapes markup and drops what XML 1.0 cannot hold, keeping tabs, line breaks and emoji", () => {
    expect(xmlEscape(`<a href="x">&</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    expect(xmlEscape("a\u0000b\u0007c\u001Bd\tE\nF\rG")).toBe("abcd\tE\nF\rG");
    expect(xmlEscape("lone \uD800 high, lone \uDC00 low, pair 😀, \uFFFE\uFFFF")).toBe(
      "lone  high, lone  low, pair 😀, ",
    );
  });
});
