import { describe, expect, it } from "vitest";
import { createReadPool, DEFAULT_POOL_OPTIONS } from "../../app/import/read-in-worker.server";
import { xlsxBomb } from "./xlsx-zip";

describe("reading a spreadsheet plan in the reading worker", () => {
  it("reads a CSV plan off the request thread", { timeout: 60_000 }, async () => {
    const pool = createReadPool();
    const read = await pool.readPlan(new TextEncoder().encode("Ofsted paragraph,Action\nSG-3M-1,Audit files\n"));
    expect(read).toEqual({
      ok: true,
      format: "csv",
      workbook: {
        date1904: false,
        sheets: [
          {
            name: "CSV",
            hidden: false,
            rows: [
              ["Ofsted paragraph", "Action"],
              ["SG-3M-1", "Audit files"],
            ],
          },
        ],
      },
    });
  });

  it("refuses an .xlsx bomb by its unpacked size", { timeout: 60_000 }, async () => {
    const read = await createReadPool().readPlan(xlsxBomb());
    expect(read).toMatchObject({ ok: false, reason: expect.stringMatching(/^unpacks to more than 16 MB/) });
  });

  it("stops a worker that runs out of memory and says so", { timeout: 60_000 }, async () => {
    // Limits lifted, so only the heap stops this one.
    const pool = createReadPool({
      ...DEFAULT_POOL_OPTIONS,
      heapMb: 48,
      planLimits: {
        ...DEFAULT_POOL_OPTIONS.planLimits,
        unpackedBytes: 1e9,
        cells: 1e9,
        textCharacters: 1e12,
        rows: 1e9,
      },
    });
    const read = await pool.readPlan(xlsxBomb(4_000, 20));
    expect(read).toMatchObject({ ok: false, reason: expect.stringMatching(/needed more than 48 MB of memory/) });
  });
});
