/**
 * Property tests: mutated real reports and random documents never make the parser throw
 * or hang. Mutations are the damage real conversions do: lines shuffled, duplicated or
 * lost, stray form feeds and bullet glyphs, random Unicode, very long lines.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";

import { parseReportText } from "~/import/parse-report";
import { isReaderReason, readReport, readReportFile } from "~/import/read-file.server";
import type { ParsedReport } from "~/import/types";
import { tinyPdf } from "./helpers/tiny-pdf";

const FIXTURES = path.resolve("db/fixtures/reports");
const seeds = ["hackney-2012-slac.txt", "havering-2011-slac.txt", "hackney-2024-ilacs.txt"].map((name) =>
  fs.readFileSync(path.join(FIXTURES, name), "utf8").split("\n"),
);

/** A small ILACS-shaped report with pages, a judgement table and a list, to mutate quickly. */
const SMALL_REPORT = [
  "Inspection of Testshire local authority children’s services",
  "Inspection dates: 3 June to 14 June 2024",
  "",
  " Judgement                                  Grade",
  " The impact of leaders on social work       Requires improvement to be good",
  " practice with children and families",
  "",
  " Overall effectiveness                      Good",
  "",
  "What needs to improve?1",
  "",
  "   ◼ The quality of plans (outcome 1, national framework).",
  "   ◼ Management oversight of practice in the",
  "      front door service",
  "\fInspection of Testshire local authority children’s services",
  "3 June to 14 June 2024                                         2",
  "   ◼ the timeliness of assessments, and",
  "",
  "Priority and immediate action",
  "27. Ensure that strategy meetings involve the police.",
  "28. The LSCB should review its business unit.",
  "Areas for priority action",
  "There are no areas of priority action.",
];

const GLYPHS = ["\uF0B7", "\uF0A7", "\uF06E", "\u25FC", "\uF02D", "•", "-", "–", "1.", "27."];

type Mutation = (lines: string[]) => string[];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map(
    (at): Mutation =>
      (lines) =>
        lines.filter((_, index) => index !== at % Math.max(1, lines.length)),
  ),
  fc.nat().map((at): Mutation => (lines) => {
    const index = at % Math.max(1, lines.length);
    return [...lines.slice(0, index), lines[index] ?? "", ...lines.slice(index)];
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (lines) => {
    const copy = [...lines];
    const i = a % Math.max(1, copy.length);
    const j = b % Math.max(1, copy.length);
    [copy[i], copy[j]] = [copy[j], copy[i]];
    return copy;
  }),
  fc.nat().map(
    (at): Mutation =>
      (lines) =>
        lines.map((line, index) => (index === at % Math.max(1, lines.length) ? `\f${line}` : line)),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...GLYPHS)).map(
    ([at, glyph]): Mutation =>
      (lines) =>
        lines.map((line, index) => (index === at % Math.max(1, lines.length) ? `  ${glyph} ${line}` : line)),
  ),
  fc.tuple(fc.nat(), fc.string({ unit: "binary", maxLength: 40 })).map(([at, junk]): Mutation => (lines) => {
    const index = at % Math.max(1, lines.length);
    return [...lines.slice(0, index), junk, ...lines.slice(index)];
  }),
  fc
    .tuple(fc.nat(), fc.constantFrom("a", "word ", "(", "Ensure that ", "\t", " "))
    .map(([at, unit]): Mutation => (lines) => {
      const index = at % Math.max(1, lines.length);
      return [...lines.slice(0, index), unit.repeat(20_000), ...lines.slice(index)];
    }),
  fc.constant<Mutation>((lines) => [...lines].reverse()),
);

function parseWithin(text: string, milliseconds: number): ParsedReport {
  const started = performance.now();
  const report = parseReportText(text);
  const elapsed = performance.now() - started;
  expect(elapsed).toBeLessThan(milliseconds);
  return report;
}

function wellFormed(report: ParsedReport) {
  expect(Array.isArray(report.recommendations)).toBe(true);
  for (const recommendation of report.recommendations) {
    expect(typeof recommendation.text).toBe("string");
    expect(recommendation.text).not.toMatch(/^\s|\s$/);
    expect(Array.isArray(recommendation.agencies)).toBe(true);
    expect(Array.isArray(recommendation.frameworkReferences)).toBe(true);
  }
}

describe("parser properties", () => {
  it("never throws or hangs on a mutated small report", () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 12 }), (mutations) => {
        const lines = mutations.reduce((current, mutate) => mutate(current), SMALL_REPORT);
        wellFormed(parseWithin(lines.join("\n"), 2_000));
      }),
      { numRuns: 150 },
    );
  });

  it("never throws or hangs on mutated real reports", () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: 8 }), (seed, mutations) => {
        const lines = mutations.reduce((current, mutate) => mutate(current), seed);
        wellFormed(parseWithin(lines.join("\n"), 3_000));
      }),
      { numRuns: 40 },
    );
  });

  it("never throws or hangs on random text", () => {
    const line = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 120 }),
      fc.string({ unit: "binary", maxLength: 120 }),
      fc.constantFrom(...SMALL_REPORT, ...GLYPHS, "\f", "", "Recommendations", "Within three months:"),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 200 }), (lines) => {
        wellFormed(parseWithin(lines.join(fc.sample(fc.constantFrom("\n", "\r\n"), 1)[0]), 2_000));
      }),
      { numRuns: 300 },
    );
  });

  it("reads random and damaged files without throwing: text, a reason, never an exception", async () => {
    const prefix = fc.constantFrom("%PDF-1.4\n", "PK\u0003\u0004", "", "\uFEFF");
    await fc.assert(
      fc.asyncProperty(prefix, fc.uint8Array({ maxLength: 2_000 }), async (start, rest) => {
        const data = new Uint8Array([...Buffer.from(start, "latin1"), ...rest]);
        const read = await readReport(data);
        expect(read.ok ? typeof read.text : typeof read.reason).toBe("string");
      }),
      { numRuns: 60 },
    );
  });

  it("parses a one-megabyte line without a recommendation list quickly", () => {
    wellFormed(parseWithin(`What needs to improve?\n${"x".repeat(1_000_000)}\n`, 5_000));
    wellFormed(parseWithin(`Areas for improvement\n${"NHS and ".repeat(100_000)}should ensure that:\n`, 5_000));
  });
});

// ---- damaged PDF and Word files, through the whole read path ------------------------------------

/** The damage a bad download or a broken disk does to a file's bytes. */
type ByteMutation = (bytes: Uint8Array) => Uint8Array;

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  // Truncated.
  fc.double({ min: 0, max: 1, noNaN: true }).map(
    (at): ByteMutation =>
      (b) =>
        b.slice(0, Math.floor(b.length * at)),
  ),
  // Bytes flipped.
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 20 })
    .map((flips): ByteMutation => (b) => {
      const copy = b.slice();
      for (const [at, mask] of flips) if (copy.length > 0) copy[at % copy.length] ^= mask;
      return copy;
    }),
  // Random bytes spliced in.
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 500 })).map(([at, junk]): ByteMutation => (b) => {
    const i = at % (b.length + 1);
    return new Uint8Array([...b.subarray(0, i), ...junk, ...b.subarray(i)]);
  }),
  // A range cut out.
  fc.tuple(fc.nat(), fc.nat({ max: 5_000 })).map(([at, length]): ByteMutation => (b) => {
    const i = at % (b.length + 1);
    return new Uint8Array([...b.subarray(0, i), ...b.subarray(i + length)]);
  }),
  // A range repeated (a chunk written twice).
  fc.tuple(fc.nat(), fc.nat({ max: 2_000 })).map(([at, length]): ByteMutation => (b) => {
    const i = at % (b.length + 1);
    const chunk = b.subarray(i, i + length);
    return new Uint8Array([...b.subarray(0, i + chunk.length), ...chunk, ...b.subarray(i + chunk.length)]);
  }),
);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-damaged-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/**
 * Writes the bytes to a file and reads it as the import does (readReportFile, then the parser):
 * text or one of the reader's own reasons, within `milliseconds`, never an exception.
 */
async function readDamaged(bytes: Uint8Array, milliseconds: number): Promise<void> {
  const file = path.join(scratch, "report.bin");
  fs.writeFileSync(file, bytes);
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  const read = await Promise.race([
    readReportFile(file),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`reading a damaged file took over ${milliseconds} ms`)), milliseconds);
    }),
  ]).finally(() => clearTimeout(timer));
  expect(performance.now() - started).toBeLessThan(milliseconds);
  if (read.ok) {
    expect(typeof read.text).toBe("string");
    wellFormed(parseWithin(read.text, 5_000));
  } else {
    expect(isReaderReason(read.reason), `unexpected reason: ${read.reason}`).toBe(true);
  }
}

async function tinyDocx(): Promise<Uint8Array> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            text: "Inspection of Testshire local authority children's services",
            heading: HeadingLevel.TITLE,
          }),
          new Paragraph({ text: "What needs to improve?", heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: "The quality of plans for children in need.", bullet: { level: 0 } }),
          new Paragraph({ text: "Management oversight of practice.", bullet: { level: 0 } }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

describe("damaged report files", () => {
  const realPdf = new Uint8Array(
    fs.readFileSync(path.resolve("db/fixtures/reports/pdf/22_leicestershire_2023_fv.pdf")),
  );
  const smallPdf = tinyPdf({ pages: [SMALL_REPORT.slice(0, 14), SMALL_REPORT.slice(14)] });

  it("reads the undamaged files (so the damage below is what is being tested)", async () => {
    for (const bytes of [realPdf, smallPdf, await tinyDocx()]) {
      const read = await readReport(bytes);
      expect(read.ok).toBe(true);
    }
  });

  it("never throws or hangs on a damaged small PDF", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(byteMutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        await readDamaged(
          mutations.reduce<Uint8Array>((b, m) => m(b), smallPdf),
          5_000,
        );
      }),
      { numRuns: 60 },
    );
  });

  it("never throws or hangs on a damaged real Ofsted PDF", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(byteMutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        await readDamaged(
          mutations.reduce<Uint8Array>((b, m) => m(b), realPdf),
          15_000,
        );
      }),
      { numRuns: 15 },
    );
  });

  it("never throws or hangs on a damaged Word document", { timeout: 120_000 }, async () => {
    const docx = await tinyDocx();
    await fc.assert(
      fc.asyncProperty(fc.array(byteMutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        await readDamaged(
          mutations.reduce<Uint8Array>((b, m) => m(b), docx),
          5_000,
        );
      }),
      { numRuns: 60 },
    );
  });
});
