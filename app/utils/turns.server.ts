import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * Runs the steps (database reads) one after another, letting other requests run between them.
 * With SQLite each query holds the process while it runs, and Promise.all runs a plan's reads back
 * to back without a break: for a large plan that kept every other request waiting for seconds.
 */
export async function inTurns<const T extends readonly (() => unknown)[]>(
  steps: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (const step of steps) {
    results.push(await step());
    await nextTurn();
  }
  return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

/**
 * For long loops over a large plan: the function returned lets other requests run once every
 * `every` calls (`await pause()` in the loop body). Each stretch between turns then stays short
 * (a few milliseconds for a few hundred actions) at any plan size.
 */
export function turnsEvery(every: number): () => Promise<void> | undefined {
  let count = 0;
  return () => {
    count += 1;
    return count % every === 0 ? nextTurn().then(() => undefined) : undefined;
  };
}
