// Walks of reply chains and threads over the stored mentions, for the reply queue: what an owned
// reply answers up its chain, and the brand's owned replies below an item or in its thread.
import type { ClickHouseClient } from '@clickhouse/client';
import { canonicalRef, refExternalId, type QueueItem, type QueueMention, type Response } from '../care/queue-rules.js';
import { fromChTime, queryRows } from './clickhouse.js';

/** How far up or down a reply chain the queue looks (chains in customer care are short). */
const MAX_CHAIN = 20;

const postKey = (platform: string, externalId: string) => `${platform}\u0000${externalId}`;
export const threadKey = (x: { brand: string; platform: string; thread_id: string }) => `${x.brand}\u0000${x.platform}\u0000${x.thread_id}`;

interface LinkRow {
  brand: string;
  platform: string;
  external_id: string;
  in_reply_to: string;
  thread_id: string;
  author_owned: number;
  created_at: string;
}

/** For each owned reply, the external ids up its reply chain (stored mentions of any brand row). */
export async function chainsUp(client: ClickHouseClient, replies: QueueMention[]): Promise<Map<QueueMention, Set<string>>> {
  const chains = new Map(replies.map((r) => [r, new Set<string>()]));
  const parentOf = new Map<string, string>(); // post -> the external id it answers
  let frontier = new Map(replies.filter((r) => r.in_reply_to).map((r) => [r, refExternalId(r.in_reply_to, r.platform)]));
  for (let depth = 0; depth < MAX_CHAIN && frontier.size; depth++) {
    for (const [r, parent] of frontier) chains.get(r)!.add(parent);
    const unknown = [...frontier].filter(([r, id]) => !parentOf.has(postKey(r.platform, id)));
    if (unknown.length) {
      const rows = await queryRows<LinkRow>(
        client,
        'walk up reply chains',
        `SELECT DISTINCT platform, external_id, in_reply_to FROM mentions
         WHERE platform IN {platforms:Array(String)} AND external_id IN {ids:Array(String)} AND in_reply_to != ''`,
        { platforms: [...new Set(unknown.map(([r]) => r.platform))], ids: [...new Set(unknown.map(([, id]) => id))] },
      );
      for (const row of rows) parentOf.set(postKey(row.platform, row.external_id), refExternalId(row.in_reply_to, row.platform));
      for (const [r, id] of unknown) if (!parentOf.has(postKey(r.platform, id))) parentOf.set(postKey(r.platform, id), '');
    }
    const next = new Map<QueueMention, string>();
    for (const [r, id] of frontier) {
      const up = parentOf.get(postKey(r.platform, id));
      if (up && !chains.get(r)!.has(up)) next.set(r, up);
    }
    frontier = next;
  }
  return chains;
}

/** For each item, the owned mentions of its brand below it in the reply chain. */
export async function ownedBelow(client: ClickHouseClient, items: QueueItem[]): Promise<Map<QueueItem, Response[]>> {
  const found = new Map(items.map((i) => [i, [] as Response[]]));
  const seen = new Map(items.map((i) => [i, new Set([i.external_id])]));
  let frontier = new Map(items.map((i) => [i, [i.external_id]]));
  for (let depth = 0; depth < MAX_CHAIN && frontier.size; depth++) {
    const all = [...frontier].flatMap(([i, ids]) => ids.map((id) => ({ platform: i.platform, id })));
    const refs = [...new Set(all.flatMap(({ platform, id }) => [id, canonicalRef(id, platform)]))];
    const rows = await queryRows<LinkRow>(
      client,
      'walk down reply chains',
      `SELECT DISTINCT brand, platform, external_id, in_reply_to, author_owned, created_at FROM mentions
       WHERE platform IN {platforms:Array(String)} AND in_reply_to IN {refs:Array(String)}`,
      { platforms: [...new Set(all.map((x) => x.platform))], refs },
    );
    const children = new Map<string, LinkRow[]>(); // platform + parent id -> children
    for (const row of rows) {
      const k = postKey(row.platform, refExternalId(row.in_reply_to, row.platform));
      children.set(k, [...(children.get(k) ?? []), row]);
    }
    const next = new Map<QueueItem, string[]>();
    for (const [item, ids] of frontier) {
      const below: string[] = [];
      for (const id of ids) {
        for (const c of children.get(postKey(item.platform, id)) ?? []) {
          if (c.brand === item.brand && Number(c.author_owned) === 1) found.get(item)!.push({ external_id: c.external_id, created_at: fromChTime(c.created_at).getTime() });
          if (!seen.get(item)!.has(c.external_id)) {
            seen.get(item)!.add(c.external_id);
            below.push(c.external_id);
          }
        }
      }
      if (below.length) next.set(item, below);
    }
    frontier = next;
  }
  return found;
}

/** Owned mentions in the items' threads, by brand + platform + thread. */
export async function ownedInThreads(client: ClickHouseClient, items: QueueItem[]): Promise<Map<string, (Response & { thread_id: string })[]>> {
  const threaded = items.filter((i) => i.thread_id);
  const out = new Map<string, (Response & { thread_id: string })[]>();
  if (threaded.length === 0) return out;
  const rows = await queryRows<LinkRow>(
    client,
    'find owned replies in threads',
    `SELECT DISTINCT brand, platform, external_id, thread_id, created_at FROM mentions
     WHERE author_owned = 1 AND brand IN {brands:Array(String)} AND platform IN {platforms:Array(String)} AND thread_id IN {threads:Array(String)}`,
    {
      brands: [...new Set(threaded.map((i) => i.brand))],
      platforms: [...new Set(threaded.map((i) => i.platform))],
      threads: [...new Set(threaded.map((i) => i.thread_id))],
    },
  );
  for (const r of rows) {
    const k = threadKey(r);
    out.set(k, [...(out.get(k) ?? []), { external_id: r.external_id, thread_id: r.thread_id, created_at: fromChTime(r.created_at).getTime() }]);
  }
  return out;
}
