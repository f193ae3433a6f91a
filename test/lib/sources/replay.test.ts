import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config/load.js';
import { replay, type ReplayCursor } from '../../../lib/sources/connectors/replay.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';

const line = (id: string, at: string, extra: object = {}) =>
  JSON.stringify({ id: `x:${id}`, platform: 'x', text: `acme ${id}`, created_at: at, url: '', author: { id: 'a', name: 'a', followers: 1 }, engagement: { likes: 0, shares: 0, replies: 0 }, ...extra });

function setup(speed: number, pageSize = 1000) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'replay-'));
  const file = path.join(dir, 'm.jsonl');
  writeFileSync(
    file,
    [
      line('3', '2026-11-22T10:02:00Z'),
      line('1', '2026-11-22T10:00:00Z'),
      '{"id": "x:bad", "platform": "x", "text": "no time"}',
      line('2', '2026-11-22T10:01:00Z'),
      'not json',
      '',
      line('4', '2026-11-22T11:00:00Z'),
    ].join('\n'),
  );
  const cfg = parseConfig(`brands: [{id: acme, name: Acme, queries: [acme]}]\nsources: [{id: r, type: replay, path: ${file}, speed: ${speed}, page_size: ${pageSize}}]\n`, path.join(dir, 'c.yaml'));
  let now = Date.parse('2030-01-01T00:00:00Z');
  const ctx: ConnectorContext = { source: cfg.sources[0], queries: ['acme'], http: createHttpClient(), secret: () => undefined, now: () => new Date(now) };
  return { ctx, file, advance: (ms: number) => (now += ms) };
}

describe('replay source', () => {
  it('emits items by their timestamps at the configured speed, in time order, resuming from its cursor', async () => {
    const { ctx, file, advance } = setup(60); // one stream minute per wall second
    const p1 = await replay.fetchPage(undefined, ctx);
    expect(p1.mentions.map((m) => m.id)).toEqual(['x:1']);
    expect(p1.rejects.map((r) => r.reason)).toEqual([
      expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: created_at: `)),
      expect.stringMatching(/:5: invalid JSON/),
    ]);
    advance(1000);
    const p2 = await replay.fetchPage(p1.cursor, ctx);
    expect(p2.mentions.map((m) => m.id)).toEqual(['x:2']);
    expect(p2.rejects).toEqual([]); // rejects are reported once
    advance(1000);
    const p3 = await replay.fetchPage(p2.cursor, ctx);
    expect(p3.mentions.map((m) => m.id)).toEqual(['x:3']);
    expect(p3.cursor).toMatchObject({ position: 3, total: 4 });
    // A restart resumes from the stored cursor (JSON round trip), not from the start.
    advance(60_000);
    const p4 = await replay.fetchPage(JSON.parse(JSON.stringify(p3.cursor)) as ReplayCursor, ctx);
    expect(p4.mentions.map((m) => m.id)).toEqual(['x:4']);
    expect(p4.more).toBe(false);
  });

  it('pages when more items are due than a page holds', async () => {
    const { ctx, advance } = setup(1_000_000, 2);
    const p0 = await replay.fetchPage(undefined, ctx); // anchors the clocks; emits the first item
    expect(p0.mentions.map((m) => m.id)).toEqual(['x:1']);
    advance(10_000); // ten thousand stream seconds later everything is due
    const p1 = await replay.fetchPage(p0.cursor, ctx);
    expect(p1.mentions.map((m) => m.id)).toEqual(['x:2', 'x:3']);
    expect(p1.more).toBe(true);
    const p2 = await replay.fetchPage(p1.cursor, ctx);
    expect(p2.mentions.map((m) => m.id)).toEqual(['x:4']);
    expect(p2.more).toBe(false);
  });
});
