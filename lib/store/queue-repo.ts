// The reply queue in ClickHouse: opening items for the mentions of a stored batch, answering them
// with the brand's own replies, people's changes, and the lists people read (items and their
// tables: queue-items.ts; walks of reply chains and threads: reply-chains.ts).
// Arrival order does not matter: a new item looks for owned replies already stored (in its thread
// or below it in the reply chain), and a new owned reply looks for the items it answers (in its
// thread or up its chain). Syncing the same mentions again finds nothing to change (idempotent).
// Syncs of one process run one at a time, so a complaint and its answer stored by two concurrent
// batches still meet: the later sync sees both (rules in lib/care/queue-rules.ts). Syncs of two
// processes (workers sharing a ClickHouse server) can miss each other; the detection tick's
// sweep (lib/pipeline/queue-sweep.ts) syncs each owned reply once more, so they meet by then.
// People's actions write only people's part (`reply_queue_people`), syncs only the item's row,
// so a person's action and a sync in another process cannot undo each other.
import type { ClickHouseClient } from '@clickhouse/client';
import { answers, applyAction, newItem, opensItem, withResponses, type QueueAction, type QueueItem, type QueueMention, type QueueState } from '../care/queue-rules.js';
import { chTime, queryRows } from './clickhouse.js';
import { QUEUE_MENTION_COLUMNS, queueMentionOf } from './queue-mentions.js';
import { itemKey, itemsOf, loadItems, writeItems, writePeopleDecisions } from './queue-items.js';
import { chainsUp, ownedBelow, ownedInThreads, threadKey } from './reply-chains.js';

export interface QueueSync {
  opened: number;
  /** Items whose state or first response changed because of a reply. */
  answered: number;
}

let running: Promise<unknown> = Promise.resolve();

/** Runs `job` after every earlier queue job of this process: syncs and actions never interleave. */
function oneAtATime<T>(job: () => Promise<T>): Promise<T> {
  const run = running.then(job);
  running = run.catch(() => undefined);
  return run;
}

/** Opens and answers the queue items that the stored mentions `mentions` bring; see the top of the file. */
export function syncQueue(client: ClickHouseClient, mentions: QueueMention[], now = Date.now()): Promise<QueueSync> {
  return oneAtATime(() => syncNow(client, mentions, now));
}

async function syncNow(client: ClickHouseClient, mentions: QueueMention[], now: number): Promise<QueueSync> {
  const openers = mentions.filter(opensItem);
  const replies = mentions.filter((m) => m.own_brand && m.author_owned);
  if (openers.length === 0 && replies.length === 0) return { opened: 0, answered: 0 };

  const chains = await chainsUp(client, replies);
  const known = await loadItems(client, {
    brands: [...new Set(mentions.map((m) => m.brand))],
    platforms: [...new Set(mentions.map((m) => m.platform))],
    ids: [...new Set([...openers.map((m) => m.external_id), ...[...chains.values()].flatMap((c) => [...c])])],
    threads: [...new Set(replies.map((r) => r.thread_id).filter(Boolean))],
  });
  const byKey = new Map(known.map((i) => [itemKey(i), i]));
  const fresh: QueueItem[] = [];
  for (const m of openers) {
    if (byKey.has(itemKey(m))) continue;
    const item = newItem(m, now);
    byKey.set(itemKey(item), item);
    fresh.push(item);
  }
  // Which items matter: the batch's own (new or known), and those its replies answer.
  const openerKeys = new Set(openers.map(itemKey));
  const relevant = [...byKey.values()].filter(
    (i) => openerKeys.has(itemKey(i)) || replies.some((r) => r.brand === i.brand && r.platform === i.platform && answers(i, r, chains.get(r)!)),
  );
  const below = await ownedBelow(client, relevant);
  const inThreads = await ownedInThreads(client, relevant);
  const changed: QueueItem[] = [...fresh];
  let answered = 0;
  for (const item of relevant) {
    const threadReplies = inThreads.get(threadKey(item)) ?? [];
    const chainOfItem = new Set([item.external_id]);
    const responses = [
      ...threadReplies.filter((r) => answers(item, r, new Set())),
      ...below.get(item)!.filter((r) => answers(item, { ...r, thread_id: '' }, chainOfItem)),
    ];
    const next = withResponses(item, responses, now);
    if (next === item) continue;
    answered++;
    const at = changed.indexOf(item);
    if (at >= 0) changed[at] = { ...next, version: item.version }; // a new item is written once, at its first version
    else changed.push(next);
  }
  await writeItems(client, changed);
  return { opened: fresh.length, answered };
}

export interface QueueFilter {
  brand?: string;
  state?: QueueState;
  limit?: number;
}

/** One v_queue row. */
export interface QueueView {
  brand: string;
  platform: string;
  mention_id: string;
  state: QueueState;
  assignee: string;
  created_at: string;
  age_seconds: number;
  first_response_at: string | null;
  first_response_seconds: number | null;
  response_mention_id: string | null;
}

/** Items from v_queue, oldest open first. */
export function listQueue(client: ClickHouseClient, f: QueueFilter = {}): Promise<QueueView[]> {
  return queryRows<QueueView>(
    client,
    'list the reply queue',
    `SELECT brand, platform, mention_id, state, assignee, toString(created_at) AS created_at, age_seconds,
            toString(first_response_at) AS first_response_at, first_response_seconds, response_mention_id
     FROM v_queue
     WHERE ({brand:String} = '' OR brand = {brand:String}) AND ({state:String} = '' OR state = {state:String})
     ORDER BY created_at, brand, mention_id
     LIMIT {limit:UInt32}`,
    { brand: f.brand ?? '', state: f.state ?? '', limit: f.limit ?? 1000 },
  );
}

export interface QueueSummary {
  brand: string;
  items: number;
  open: number;
  assigned: number;
  answered: number;
  dismissed: number;
  p50_first_response_seconds: number | null;
  p90_first_response_seconds: number | null;
}

/** Per brand: items by state and first-response percentiles. */
export function queueSummary(client: ClickHouseClient): Promise<QueueSummary[]> {
  return queryRows<QueueSummary>(
    client,
    'summarise the reply queue',
    `SELECT brand, count() AS items, countIf(state = 'open') AS open, countIf(state = 'assigned') AS assigned,
            countIf(state = 'answered') AS answered, countIf(state = 'dismissed') AS dismissed,
            if(countIf(first_response_seconds IS NOT NULL) = 0, NULL, quantile(0.5)(first_response_seconds)) AS p50_first_response_seconds,
            if(countIf(first_response_seconds IS NOT NULL) = 0, NULL, quantile(0.9)(first_response_seconds)) AS p90_first_response_seconds
     FROM v_queue GROUP BY brand ORDER BY brand`,
  );
}

/**
 * Syncs again the brands' own replies fetched in [since, until) (idempotent: a reply that already
 * answered its items changes nothing), so that one stored by another process while its item was
 * being opened still answers it.
 */
export async function resyncOwnedReplies(client: ClickHouseClient, brands: string[], since: number, until: number, now = Date.now()): Promise<QueueSync> {
  if (brands.length === 0) return { opened: 0, answered: 0 };
  const rows = await queryRows<Parameters<typeof queueMentionOf>[0]>(
    client,
    'read the recent owned replies',
    // owned_replies finds them by fetch time (sql/0074); the mentions are then read by key.
    // created_at bounds the partitions read: a reply is stored soon after it is written.
    `SELECT ${QUEUE_MENTION_COLUMNS.join(', ')} FROM mentions
     WHERE brand IN {brands:Array(String)} AND author_owned = 1 AND competitor_of = ''
       AND (brand, platform, external_id) IN (
         SELECT brand, platform, external_id FROM owned_replies
         WHERE fetched_at >= {since:DateTime64(3, 'UTC')} AND fetched_at < {until:DateTime64(3, 'UTC')} AND brand IN {brands:Array(String)})
       AND fetched_at >= {since:DateTime64(3, 'UTC')} AND fetched_at < {until:DateTime64(3, 'UTC')}
       AND created_at >= {since:DateTime64(3, 'UTC')} - INTERVAL 7 DAY
     LIMIT 1 BY brand, platform, external_id`,
    { brands, since: chTime(since), until: chTime(until) },
  );
  return syncQueue(client, rows.map(queueMentionOf), now);
}

/** Applies a person's action to a mention's items; returns them as they are after it. Throws when there is none. */
export function actOnItem(client: ClickHouseClient, mentionId: string, action: QueueAction, opts: { brand?: string; now?: number } = {}): Promise<QueueItem[]> {
  return oneAtATime(async () => {
    const items = await itemsOf(client, mentionId, opts.brand);
    if (items.length === 0) throw new QueueItemNotFound(`no reply queue item for mention "${mentionId}"${opts.brand ? ` of brand "${opts.brand}"` : ''}`);
    const after = items.map((i) => applyAction(i, action, opts.now ?? Date.now()));
    await writePeopleDecisions(client, after.filter((a, k) => a !== items[k]));
    return after;
  });
}

export class QueueItemNotFound extends Error {}
