import { describe, expect, it } from 'vitest';
import { keepConfigured, nextKey, resumeQueryWindows, resumeRound, roundGoesOn } from '../../../lib/sources/rounds.js';

describe('round-robin cursors', () => {
  it('a stored round keeps only what is still configured, and copies the item being paged', () => {
    const current = { key: 'b', page: 3 };
    const r = resumeRound({ pending: ['a', 'gone', 'c'], current }, ['a', 'b', 'c'], (w) => w.key);
    expect(r).toEqual({ pending: ['a', 'c'], current: { key: 'b', page: 3 } });
    expect(r.current).not.toBe(current);
    expect(resumeRound({ pending: ['a'], current: { key: 'gone', page: 1 } }, ['a'], (w) => w.key).current).toBeUndefined();
    // Keys that come and go are given as a test.
    expect(keepConfigured(['video:1', 'video:2'], (k) => k !== 'video:2')).toEqual(['video:1']);
    expect(resumeRound(undefined, ['a'], (w: { key: string }) => w.key)).toEqual({ pending: [], current: undefined });
  });

  it('takes keys in turn and starts a new round when one is over', () => {
    const round = { pending: [] as string[] };
    expect([nextKey(round, ['a', 'b']), nextKey(round, ['a', 'b']), nextKey(round, ['a', 'b'])]).toEqual(['a', 'b', 'a']);
    expect(round.pending).toEqual(['b']);
    expect(nextKey({ pending: [] }, [])).toBeUndefined();
    expect(roundGoesOn(undefined, ['b'])).toBe(true);
    expect(roundGoesOn({ page: 2 }, [])).toBe(true);
    expect(roundGoesOn(undefined, [])).toBe(false);
  });

  it('query windows drop queries no longer watched', () => {
    const prev = { since: { acme: 5, old: 1 }, pending: ['old', 'acme'], window: { query: 'old', until: 9 } };
    expect(resumeQueryWindows(prev, ['acme'])).toEqual({ since: { acme: 5, old: 1 }, pending: ['acme'], window: undefined });
  });
});
