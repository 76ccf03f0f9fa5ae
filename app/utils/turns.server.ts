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
