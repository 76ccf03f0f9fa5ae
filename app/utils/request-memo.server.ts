import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Answers shared by the loaders of one page request. Remix runs the root loader and the page's
 * loaders side by side, each with its own copy of the request, so each looked up the signed-in
 * user, the council's settings and the plan's change token for itself: on PostgreSQL every one of
 * those is a round trip to the database server. Only reading requests (GET, HEAD) share answers: a
 * form post's action may change what its loaders then read, so it reads everything afresh.
 */
const memoStore = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/** Runs the handling of one request, with a memo its loaders share when it only reads. */
export function withRequestMemo<T>(method: string, handle: () => T): T {
  return method === "GET" || method === "HEAD" ? memoStore.run(new Map(), handle) : handle();
}

/** `compute()`'s answer, computed once per reading request under `key` (every time outside one). */
export function oncePerRequest<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const memo = memoStore.getStore();
  if (!memo) return compute();
  let answer = memo.get(key) as Promise<T> | undefined;
  if (!answer) {
    answer = compute();
    memo.set(key, answer);
    // A failure is not remembered: the next loader asking tries again.
    answer.catch(() => memo.delete(key));
  }
  return answer;
}
