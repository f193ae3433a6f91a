// One writer per process, with group commit: submissions run one run at a time, in order, and
// the submissions waiting when a run starts (same key, up to `maxWeight`) go into that one run.
// Concurrent callers thus never interleave their reads and writes (what exactly-once storage
// needs), and many small writes become one (what ClickHouse wants). An exclusive job runs alone.
type Entry<K, In, Out> =
  | { kind: 'submit'; key: K; input: In; resolve: (o: Out) => void; reject: (e: unknown) => void }
  | { kind: 'exclusive'; run: () => Promise<unknown>; resolve: (o: unknown) => void; reject: (e: unknown) => void };

export class GroupCommit<K, In, Out> {
  private readonly waiting: Entry<K, In, Out>[] = [];
  private running = false;

  constructor(
    /** Runs a group of inputs; returns one output per input, in order. */
    private readonly runGroup: (key: K, inputs: In[]) => Promise<Out[]>,
    private readonly weightOf: (input: In) => number,
    private readonly maxWeight: number,
  ) {}

  submit(key: K, input: In): Promise<Out> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'submit', key, input, resolve, reject }));
  }

  /** Runs `run` when every earlier submission is done, before any later one starts. */
  exclusive<T>(run: () => Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'exclusive', run, resolve: resolve as (o: unknown) => void, reject }));
  }

  private enqueue(e: Entry<K, In, Out>): void {
    this.waiting.push(e);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.waiting.length) {
      const head = this.waiting[0];
      if (head.kind === 'exclusive') {
        this.waiting.shift();
        await head.run().then(head.resolve, head.reject);
        continue;
      }
      const group: Extract<Entry<K, In, Out>, { kind: 'submit' }>[] = [];
      let weight = 0;
      while (this.waiting.length) {
        const next = this.waiting[0];
        if (next.kind !== 'submit' || next.key !== head.key) break;
        const w = this.weightOf(next.input);
        if (group.length && weight + w > this.maxWeight) break;
        group.push(next);
        weight += w;
        this.waiting.shift();
      }
      try {
        const outs = await this.runGroup(head.key, group.map((g) => g.input));
        group.forEach((g, i) => g.resolve(outs[i]));
      } catch (e) {
        for (const g of group) g.reject(e);
      }
    }
    this.running = false;
  }
}
