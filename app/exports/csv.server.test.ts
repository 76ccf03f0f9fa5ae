import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, neutraliseFormula, toCsv } from "./csv.server";

describe("csvField", () => {
  it("leaves plain text alone and quotes what needs quoting", () => {
    expect(csvField("Audit complete")).toBe("Audit complete");
    expect(csvField(42)).toBe("42");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField("North, South")).toBe('"North, South"');
    expect(csvField("Audit; then review")).toBe('"Audit; then review"');
    expect(csvField(";")).toBe('";"');
    expect(csvField('She said "done"')).toBe('"She said ""done"""');
    expect(csvField("line one\nline two")).toBe('"line one\nline two"');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
    expect(csvField('{"status":"in_progress"}')).toBe('"{""status"":""in_progress""}"');
  });

  it("neutralises cells a spreadsheet would run as formulas", () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvField("+1+1")).toBe("'+1+1");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField("\r=1")).toBe('"\'\r=1"');
    expect(neutraliseFormula("2024-07-01")).toBe("2024-07-01");
    expect(neutraliseFormula("Email a@b.c")).toBe("Email a@b.c");
  });
});

describe("toCsv", () => {
  it("joins rows with CRLF and can start with a byte-order mark", () => {
    expect(
      toCsv([
        ["a", "b"],
        ["1", "2"],
      ]),
    ).toBe("a,b\r\n1,2\r\n");
    expect(toCsv([["a"]], { bom: true })).toBe("\uFEFFa\r\n");
    expect(toCsv([])).toBe("");
  });

  it("round-trips any text through a real CSV parser (after formula neutralising)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: "grapheme" }), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          const parsed = parse(toCsv(rows), { relax_column_count: true }) as string[][];
          // csv-parse reads a lone empty field on a line as an empty record; compare what survives.
          const expected = rows.map((row) => row.map(neutraliseFormula));
          expect(parsed.filter((r) => !(r.length === 1 && r[0] === ""))).toEqual(
            expected.filter((r) => !(r.length === 1 && r[0] === "")),
          );
        },
      ),
    );
  });
});
