// Cursor bookkeeping shared by the connectors that search each query in turn, paging through one
// fixed time window per query (Hacker News, Bluesky, Stack Exchange). Pure.

/** Per query where the next window starts, the queries left in this round, and the window being paged. */
export type QueryWindows<S, W extends { query: string }> = {
  since: Record<string, S>;
  pending: string[];
  window?: W;
};

/** Continues from `prev`: queries no longer configured are dropped from the round and the window. */
export function resumeQueryWindows<S, W extends { query: string }>(prev: QueryWindows<S, W> | undefined, queries: readonly string[]): QueryWindows<S, W> {
  return {
    since: { ...(prev?.since ?? {}) },
    pending: prev?.pending?.filter((q) => queries.includes(q)) ?? [],
    window: prev?.window && queries.includes(prev.window.query) ? { ...prev.window } : undefined,
  };
}

/** Takes the next query of the round (starting a new round when it is over); undefined when there are no queries. */
export function nextQuery(c: { pending: string[] }, queries: readonly string[]): string | undefined {
  if (c.pending.length === 0) c.pending = [...queries];
  return c.pending.shift();
}
