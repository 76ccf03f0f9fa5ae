import { describe, expect, it } from "vitest";
import { benchLine } from "./bench";

describe("npm run bench's result lines", () => {
  it("start `bench <name> p95_ms=<x> ratio=<y>` as the issue asks, with the p50 after", () => {
    const line = benchLine("board-lead", { p50: 224.64, p95: 305.51 }, 12.437);
    expect(line).toBe("bench board-lead p95_ms=305.5 ratio=12.44 p50_ms=224.6");
    expect(line).toMatch(/^bench (\S+) p95_ms=(\d+(\.\d+)?) ratio=(\d+(\.\d+)?)( |$)/);
  });
});
