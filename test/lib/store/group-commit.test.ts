// The store's single writer: runs one at a time, groups what waits, keeps order, isolates failures.
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../lib/store/group-commit.js';
import { groupByPartition } from '../../../lib/store/insert-groups.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('GroupCommit', () => {
  it('groups the submissions waiting when a run starts, one run at a time, outputs in order', async () => {
    const runs: string[][] = [];
    let inside = 0;
    const gc = new GroupCommit<string, string, string>(async (_key, inputs) => {
      expect(++inside).toBe(1);
      runs.push(inputs);
      await tick();
      inside--;
      return inputs.map((x) => x.toUpperCase());
    }, () => 1, 10);
    const outs = await Promise.all(['a', 'b', 'c', 'd'].map((x) => gc.submit('k', x)));
    expect(outs).toEqual(['A', 'B', 'C', 'D']);
    expect(runs).toEqual([['a'], ['b', 'c', 'd']]); // a started alone; b, c, d waited for it together
  });

  it('keeps keys apart, caps a run by weight, and fails only the run that failed', async () => {
    const runs: string[][] = [];
    const gc = new GroupCommit<string, string, string>(async (_key, inputs) => {
      runs.push(inputs);
      await tick();
      if (inputs.includes('bad')) throw new Error('boom');
      return inputs;
    }, (x) => x.length, 6);
    const results = await Promise.allSettled([gc.submit('k', 'first'), gc.submit('k', 'aa'), gc.submit('k', 'bbb'), gc.submit('k', 'cccc'), gc.submit('j', 'bad'), gc.submit('k', 'dd')]);
    expect(runs).toEqual([['first'], ['aa', 'bbb'], ['cccc'], ['bad'], ['dd']]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  });

  it('runs an exclusive job after every earlier submission and before every later one', async () => {
    const log: string[] = [];
    const gc = new GroupCommit<string, string, string>(async (_key, inputs) => {
      await tick();
      log.push(inputs.join('+'));
      return inputs;
    }, () => 1, 10);
    await Promise.all([gc.submit('k', 'a'), gc.submit('k', 'b'), gc.exclusive(async () => void log.push('exclusive')), gc.submit('k', 'c')]);
    expect(log).toEqual(['a', 'b', 'exclusive', 'c']);
  });
});

describe('groupByPartition', () => {
  it('keeps each insert within the partition limit and each partition in one insert', () => {
    const rows = Array.from({ length: 450 }, (_, i) => ({ i, month: `m${i % 150}` }));
    const groups = groupByPartition(rows, (r) => r.month, 100);
    expect(groups.map((g) => new Set(g.map((r) => r.month)).size)).toEqual([100, 50]);
    expect(groups.flat().map((r) => r.i).sort((a, b) => a - b)).toEqual(rows.map((r) => r.i));
    const months = groups.map((g) => new Set(g.map((r) => r.month)));
    expect([...months[0]].some((m) => months[1].has(m))).toBe(false);
    expect(groupByPartition([], (r: { month: string }) => r.month)).toEqual([]);
  });
});
