// Unique negative authors over the spans ending with each bucket (the last 1, 2, 3, 4 and 6 hours),
// from the buckets' author sets: what lets the detector see one account behind a long run of
// posts (an angry customer posting every five minutes has one author per bucket, like a crowd;
// over an hour it is still one). The rollup read computes the same in SQL
// (lib/store/series-repo.ts); this is the in-memory form for the backtest and the benchmarks.
// Incremental: an author is counted once per bucket it posted in, and forgotten when its last
// bucket leaves the span.

/** The spans, shortest first; BucketPoint.negativeAuthorsTrailing holds one count per span. */
export const TRAILING_SPANS_MS: readonly number[] = [1, 2, 3, 4, 6].map((h) => h * 3_600_000);

class SpanCounter<K> {
  private readonly buckets: { t: number; authors: K[] }[] = [];
  private readonly seen = new Map<K, number>();
  constructor(private readonly spanMs: number) {}

  push(t: number, authors: K[]): number {
    this.buckets.push({ t, authors });
    for (const a of authors) this.seen.set(a, (this.seen.get(a) ?? 0) + 1);
    // The span holds the buckets that start after t - spanMs (whole buckets ending with this one).
    while (this.buckets.length && this.buckets[0].t <= t - this.spanMs) {
      for (const a of (this.buckets.shift() as { authors: K[] }).authors) {
        const n = (this.seen.get(a) ?? 1) - 1;
        if (n > 0) this.seen.set(a, n);
        else this.seen.delete(a);
      }
    }
    return this.seen.size;
  }
}

export class TrailingAuthors<K = string> {
  private readonly spans = TRAILING_SPANS_MS.map((ms) => new SpanCounter<K>(ms));

  /** The bucket starting at `t` (buckets in time order, gaps allowed) and its authors; one count per span. */
  push(t: number, authors: Iterable<K>): number[] {
    const list = [...new Set(authors)];
    return this.spans.map((s) => s.push(t, list));
  }
}
