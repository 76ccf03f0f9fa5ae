import { describe, expect, it } from "vitest";
import { turnsEvery } from "../../app/utils/turns.server";

describe("turnsEvery", () => {
  it("lets other work run once every n calls, and only then", async () => {
    const pause = turnsEvery(3);
    const seen: string[] = [];
    let othersRan = 0;
    const other = () =>
      setImmediate(() => {
        othersRan += 1;
      });
    for (let i = 1; i <= 7; i++) {
      other();
      const turn = pause();
      seen.push(turn === undefined ? "-" : "turn");
      await turn;
      seen.push(`others ${othersRan}`);
    }
    expect(seen).toEqual([
      "-",
      "others 0",
      "-",
      "others 0",
      "turn",
      "others 3",
      "-",
      "others 3",
      "-",
      "others 3",
      "turn",
      "others 6",
      "-",
      "others 6",
    ]);
  });
});
