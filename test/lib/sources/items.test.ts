import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseItem, rawField, rejectItem } from '../../../lib/sources/items.js';
import type { Reject } from '../../../lib/sources/types.js';

const itemSchema = z.object({ id: z.string(), created_at: z.string(), tags: z.array(z.string()) });

describe('parseItem', () => {
  it('returns a good item and leaves the rejects alone', () => {
    const rejects: Reject[] = [];
    expect(parseItem(itemSchema, { id: 'a', created_at: 't', tags: [] }, { at: 'items[0]' }, rejects)).toEqual({ id: 'a', created_at: 't', tags: [] });
    expect(rejects).toEqual([]);
  });

  it('turns a bad item into a reject naming where it is, its id and every problem', () => {
    const rejects: Reject[] = [];
    const raw = { id: '42', tags: ['x', 7] };
    expect(parseItem(itemSchema, raw, { at: 'items[3] of page 2', id: rawField(raw, 'id'), idLabel: 'id ', then: 'for "acme"' }, rejects)).toBeUndefined();
    expect(rejects).toEqual([
      {
        raw: JSON.stringify(raw),
        reason: 'items[3] of page 2 (id 42) for "acme": created_at: Invalid input: expected string, received undefined; tags[1]: Invalid input: expected string, received number',
      },
    ]);
  });

  it('shows the id only when the raw item has a string one', () => {
    const rejects: Reject[] = [];
    parseItem(itemSchema, null, { at: 'items[0]', id: rawField(null, 'id') }, rejects);
    parseItem(itemSchema, { id: 7 }, { at: 'items[1]', id: rawField({ id: 7 }, 'id') }, rejects);
    expect(rejects.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^items\[0\]: \(item\): Invalid input: expected object/),
      expect.stringMatching(/^items\[1\]: id: /),
    ]);
    expect(rejectItem('x', { at: 'feed item[2]', id: 'g-1' }, 'guid/id: missing').reason).toBe('feed item[2] (g-1): guid/id: missing');
  });
});
