// Validation that matches what storage accepts: strict timestamps inside the window, well-formed
// strings, whole-star ratings. Pure: the clock is passed in.
import { describe, expect, it } from 'vitest';
import { parseMention, parseMentionLine } from '../../../lib/mention/mention.js';
import { parseIsoTimestamp } from '../../../lib/mention/timestamp.js';
import { wellFormed } from '../../../lib/mention/well-formed.js';

const now = new Date('2026-12-01T12:00:00Z');
const item = (over: Record<string, unknown>) => ({ id: 'forum:1', platform: 'forum', text: 'Acme', created_at: '2026-11-22T10:00:00Z', ...over });
const reasonFor = (over: Record<string, unknown>) => {
  const r = parseMention(item(over), { now });
  return r.ok ? undefined : r.reason;
};

describe('created_at', () => {
  it('reads ISO-8601 date-times with an offset, into one UTC form', () => {
    const at = (s: string) => {
      const r = parseMention(item({ created_at: s }), { now });
      return r.ok ? r.mention.created_at : r.reason;
    };
    expect(at('2026-11-22T10:00:00Z')).toBe('2026-11-22T10:00:00.000Z');
    expect(at('2026-11-22T10:00:00.123456+05:30')).toBe('2026-11-22T04:30:00.123Z');
    expect(at('2026-11-22 10:00-0700')).toBe('2026-11-22T17:00:00.000Z');
    expect(at('2026-11-22t10:00:00z')).toBe('2026-11-22T10:00:00.000Z');
  });

  it('refuses what Date.parse would guess at, with the reason', () => {
    const notIso = 'created_at: is not an ISO-8601 date-time with a UTC offset (e.g. 2026-11-22T10:00:00Z)';
    expect(reasonFor({ created_at: '1' })).toBe(notIso); // Date.parse: 2001-01-01
    expect(reasonFor({ created_at: 'Nov 22' })).toBe(notIso); // Date.parse: 2001-11-22
    expect(reasonFor({ created_at: '2026-11-22T10:00:00' })).toBe(notIso); // local time of which zone?
    expect(reasonFor({ created_at: '2026-11-22' })).toBe(notIso);
    expect(reasonFor({ created_at: '+275760-09-13T00:00:00.000Z' })).toBe(notIso); // beyond DateTime64
    expect(reasonFor({ created_at: 1795348800 })).toMatch(/^created_at: Invalid input: expected string/);
    expect(reasonFor({ created_at: '2026-02-30T00:00:00Z' })).toBe('created_at: is not a real date and time (2026-02-30T00:00:00Z)');
    expect(reasonFor({ created_at: '2026-11-22T24:00:00Z' })).toMatch(/not a real date and time/);
    expect(reasonFor({ created_at: '2026-11-22T10:00:00+25:00' })).toMatch(/impossible UTC offset/);
  });

  it('keeps to 20 years back and a day ahead of the receiving clock', () => {
    expect(reasonFor({ created_at: '0001-01-01T00:00:00Z' })).toBe('created_at: 0001-01-01T00:00:00.000Z is more than 20 years before 2026-12-01T12:00:00.000Z');
    expect(reasonFor({ created_at: '9999-12-31T00:00:00Z' })).toBe('created_at: 9999-12-31T00:00:00.000Z is more than a day after 2026-12-01T12:00:00.000Z');
    expect(reasonFor({ created_at: '2006-12-01T11:59:59Z' })).toMatch(/more than 20 years before/);
    expect(reasonFor({ created_at: '2006-12-01T12:00:00Z' })).toBeUndefined();
    expect(reasonFor({ created_at: '2026-12-02T12:00:00Z' })).toBeUndefined();
    expect(reasonFor({ created_at: '2026-12-02T12:00:00.001Z' })).toMatch(/more than a day after/);
    // Without a clock (files of past streams) only the form is checked.
    expect(parseMention(item({ created_at: '1999-01-01T00:00:00Z' })).ok).toBe(true);
    expect(parseMentionLine(JSON.stringify(item({ created_at: '9999-01-01T00:00:00Z' })), 'f:1', { now })).toEqual({
      ok: false,
      reason: 'f:1: created_at: 9999-01-01T00:00:00.000Z is more than a day after 2026-12-01T12:00:00.000Z',
    });
  });

  it('reads years below 100 as themselves, not as 19xx', () => {
    expect(parseIsoTimestamp('0042-03-01T00:00:00Z')).toEqual({ ok: true, ms: Date.parse('0042-03-01T00:00:00Z') });
    expect(new Date((parseIsoTimestamp('0001-01-01T00:00:00Z') as { ms: number }).ms).getUTCFullYear()).toBe(1);
  });
});

describe('strings and numbers', () => {
  it('replaces lone surrogates with U+FFFD in every string, keeps pairs', () => {
    const r = parseMention(
      item({ text: 'cut emoji \ud83d', title: '\ude00 tail', author: { id: 'a\udbff', name: 'ok 😀' }, product: 'p\ud800q', in_reply_to: 'forum:\udc00' }),
      { now },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.mention.text).toBe('cut emoji \ufffd');
    expect(r.mention.title).toBe('\ufffd tail');
    expect(r.mention.author).toMatchObject({ id: 'a\ufffd', name: 'ok 😀' });
    expect(r.mention.product).toBe('p\ufffdq');
    expect(r.mention.in_reply_to).toBe('forum:\ufffd');
    expect(wellFormed({ ['k\ud800']: ['\udfff', 1, null, { x: '\ud83d\ude00' }] })).toEqual({ 'k\ufffd': ['\ufffd', 1, null, { x: '😀' }] });
  });

  it('takes ratings as whole stars from 1 to 5', () => {
    expect(reasonFor({ rating: 3.7 })).toBe('rating: must be a whole number of stars');
    expect(reasonFor({ rating: 0 })).toMatch(/^rating: Too small/);
    expect(reasonFor({ rating: 6 })).toMatch(/^rating: Too big/);
    expect(reasonFor({ rating: 5 })).toBeUndefined();
  });

  it('takes counts as whole non-negative numbers that fit', () => {
    expect(reasonFor({ engagement: { likes: -1 } })).toMatch(/^engagement\.likes: Too small/);
    expect(reasonFor({ engagement: { likes: 1.5 } })).toMatch(/^engagement\.likes: /);
    expect(reasonFor({ author: { followers: 2 ** 60 } })).toMatch(/^author\.followers: /);
  });
});
