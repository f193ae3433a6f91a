// The reply queue in ClickHouse (`reply_queue`, read through FINAL): opening items for the
// mentions of a stored batch, answering them with the brand's own replies, people's changes.
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
import {
  answers,
  applyAction,
  canonicalRef,
  newItem,
  opensItem,
  refExternalId,
  withResponses,
  type QueueAction,
  type QueueItem,
  type QueueMention,
  type QueueState,
  type Response,
  personPart,
  stateOf,
} from '../care/queue-rules.js';
import { chTime, fromChTime, insertRows, queryRows } from './clickhouse.js';
import { QUEUE_MENTION_COLUMNS, queueMentionOf } from './queue-mentions.js';

/** How far up or down a reply chain the queue looks (chains in customer care are short). */
const MAX_CHAIN = 20;

const itemKey = (x: { brand: string; platform: string; external_id: string }) => `${x.brand}\u0000${x.platform}\u0000${x.external_id}`;
const postKey = (platform: string, externalId: string) => `${platform}\u0000${externalId}`;
const threadKey = (x: { brand: string; platform: string; thread_id: string }) => `${x.brand}\u0000${x.platform}\u0000${x.thread_id}`;

interface ItemRow {
  brand: string;
  platform: string;
  external_id: string;
  mention_id: string;
  source_id: string;
  thread_id: string;
  created_at: string;
  state: string;
  assignee: string;
  open_since: string;
  has_response: number;
  first_response_at: string;
  last_response_at: string;
  response_mention_id: string;
  updated_at: string;
  version: string | number;
}

/** One `reply_queue_people` row: what people decided about an item. */
interface PersonRow {
  brand: string;
  platform: string;
  external_id: string;
  state: string;
  assignee: string;
  open_since: string;
  updated_at: string;
  version: string | number;
}

const ITEM_COLUMNS = `brand, platform, external_id, mention_id, source_id, thread_id, created_at, state, assignee, open_since,
  has_response, first_response_at, last_response_at, response_mention_id, updated_at, version`;

/** The item as people see it: its row, and people's part when someone has acted on it (else open since it was created). */
function fromRows(r: ItemRow, p: PersonRow | undefined): QueueItem {
  const person = p
    ? { state: p.state as ReturnType<typeof personPart>['state'], assignee: p.assignee, open_since: fromChTime(p.open_since).getTime() }
    : { state: 'open' as const, assignee: '', open_since: fromChTime(r.open_since).getTime() };
  const responses = { has_response: Number(r.has_response) === 1, last_response_at: fromChTime(r.last_response_at).getTime() };
  return {
    ...r,
    ...person,
    ...responses,
    state: stateOf(person, responses),
    created_at: fromChTime(r.created_at).getTime(),
    first_response_at: fromChTime(r.first_response_at).getTime(),
    updated_at: Math.max(fromChTime(r.updated_at).getTime(), p ? fromChTime(p.updated_at).getTime() : 0),
    version: Number(r.version),
    person_version: p ? Number(p.version) : 0,
  };
}

/** The item's own row; its state, assignee and open_since are a copy as of this write (v_queue's are current). */
function toRow(i: QueueItem): ItemRow {
  return {
    brand: i.brand,
    platform: i.platform,
    external_id: i.external_id,
    mention_id: i.mention_id,
    source_id: i.source_id,
    thread_id: i.thread_id,
    created_at: chTime(i.created_at),
    state: i.state,
    assignee: i.assignee,
    open_since: chTime(i.open_since),
    has_response: i.has_response ? 1 : 0,
    first_response_at: chTime(i.first_response_at),
    last_response_at: chTime(i.last_response_at),
    response_mention_id: i.response_mention_id,
    updated_at: chTime(i.updated_at),
    version: i.version,
  };
}

/** Writes items' own rows (what syncs learn: the item, its responses). */
export async function writeItems(client: ClickHouseClient, items: QueueItem[]): Promise<void> {
  if (items.length) await insertRows(client, 'write reply queue items', 'reply_queue', items.map(toRow));
}

/** Writes people's part of items (what a person decided), never the items' rows. */
export async function writePeopleDecisions(client: ClickHouseClient, items: QueueItem[]): Promise<void> {
  const rows = items.map((i): PersonRow => ({
    brand: i.brand,
    platform: i.platform,
    external_id: i.external_id,
    ...personPart(i),
    open_since: chTime(i.open_since),
    updated_at: chTime(i.updated_at),
    version: i.person_version,
  }));
  if (rows.length) await insertRows(client, "write people's decisions on reply queue items", 'reply_queue_people', rows);
}

/** The items of these rows with people's part joined (read for the rows' brands, platforms and ids). */
async function withPeople(client: ClickHouseClient, rows: ItemRow[]): Promise<QueueItem[]> {
  if (rows.length === 0) return [];
  const people = await queryRows<PersonRow>(
    client,
    "read people's decisions on reply queue items",
    `SELECT brand, platform, external_id, state, assignee, open_since, updated_at, version FROM reply_queue_people FINAL
     WHERE brand IN {brands:Array(String)} AND platform IN {platforms:Array(String)} AND external_id IN {ids:Array(String)}`,
    {
      brands: [...new Set(rows.map((r) => r.brand))],
      platforms: [...new Set(rows.map((r) => r.platform))],
      ids: [...new Set(rows.map((r) => r.external_id))],
    },
  );
  const byKey = new Map(people.map((p) => [itemKey(p), p]));
  return rows.map((r) => fromRows(r, byKey.get(itemKey(r))));
}

/** Items of `brands` x `platforms` whose id is in `ids` or whose thread is in `threads`. */
async function loadItems(client: ClickHouseClient, scope: { brands: string[]; platforms: string[]; ids: string[]; threads: string[] }): Promise<QueueItem[]> {
  if (scope.brands.length === 0 || (scope.ids.length === 0 && scope.threads.length === 0)) return [];
  const rows = await queryRows<ItemRow>(
    client,
    'read reply queue items',
    `SELECT ${ITEM_COLUMNS} FROM reply_queue FINAL
     WHERE brand IN {brands:Array(String)} AND platform IN {platforms:Array(String)}
       AND (external_id IN {ids:Array(String)} OR (thread_id != '' AND thread_id IN {threads:Array(String)}))`,
    scope,
  );
  return withPeople(client, rows);
}

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
async function chainsUp(client: ClickHouseClient, replies: QueueMention[]): Promise<Map<QueueMention, Set<string>>> {
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
async function ownedBelow(client: ClickHouseClient, items: QueueItem[]): Promise<Map<QueueItem, Response[]>> {
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
async function ownedInThreads(client: ClickHouseClient, items: QueueItem[]): Promise<Map<string, (Response & { thread_id: string })[]>> {
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

/** The items of a mention (one per brand, or the one of `brand`). */
export async function itemsOf(client: ClickHouseClient, mentionId: string, brand?: string): Promise<QueueItem[]> {
  const rows = await queryRows<ItemRow>(
    client,
    'read the queue items of a mention',
    `SELECT ${ITEM_COLUMNS} FROM reply_queue FINAL
     WHERE mention_id = {id:String} AND ({brand:String} = '' OR brand = {brand:String}) ORDER BY brand`,
    { id: mentionId, brand: brand ?? '' },
  );
  return withPeople(client, rows);
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
