// Round-robin cursors. A connector visits a list of keys (queries, apps, feeds, business units,
// streams) one key per page: `pending` holds the keys left in this round and the current key is
// paged (with its page token) until it is done. Field names stay each connector's own, since
// they are stored cursors; the bookkeeping is here, written once. Pure.

/** The keys a source has now: a list, or a test for keys that come and go (videos found by search). */
export type Keys<K extends string = string> = readonly K[] | ((key: K) => boolean);

const has = <K extends string>(keys: Keys<K>, key: K) => (typeof keys === 'function' ? keys(key) : keys.includes(key));

/** The stored pending keys that are still configured. */
export function keepConfigured<K extends string>(pending: readonly K[] | undefined, keys: Keys<K>): K[] {
  return pending?.filter((k) => has(keys, k)) ?? [];
}

/** Continues a stored round: keys no longer configured leave it, and so does the item being paged if its key did (else a copy). */
export function resumeRound<K extends string, W extends object>(
  prev: { pending?: readonly K[]; current?: W } | undefined,
  keys: Keys<K>,
  keyOf: (w: W) => K,
): { pending: K[]; current: W | undefined } {
  const current = prev?.current;
  return { pending: keepConfigured(prev?.pending, keys), current: current && has(keys, keyOf(current)) ? { ...current } : undefined };
}

/** Takes the next key of the round, starting a new round over `keys` when it is over; undefined when there are none. */
export function nextKey<K extends string>(round: { pending: K[] }, keys: readonly K[]): K | undefined {
  if (round.pending.length === 0) round.pending = [...keys];
  return round.pending.shift();
}

/** Whether the round has more to read right now: an item being paged, or keys left. */
export function roundGoesOn(current: unknown, pending: readonly string[]): boolean {
  return Boolean(current) || pending.length > 0;
}

/**
 * The round of the connectors that search each query in turn, paging through one fixed time
 * window per query (Hacker News, Bluesky, Stack Exchange): per query where the next window
 * starts, the queries left in this round, and the window being paged.
 */
export type QueryWindows<S, W extends { query: string }> = {
  since: Record<string, S>;
  pending: string[];
  window?: W;
};

export function resumeQueryWindows<S, W extends { query: string }>(prev: QueryWindows<S, W> | undefined, queries: readonly string[]): QueryWindows<S, W> {
  const round = resumeRound({ pending: prev?.pending, current: prev?.window }, queries, (w) => w.query);
  return { since: { ...(prev?.since ?? {}) }, pending: round.pending, window: round.current };
}
