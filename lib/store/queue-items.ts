// Reply queue items in ClickHouse as people see them: each item's own row (`reply_queue`, what
// syncs learn: the item and its responses) and people's part (`reply_queue_people`: what a person
// decided), each read through FINAL and written only by its own writer, the state derived from
// both by the rules (lib/care/queue-rules.ts `stateOf`).
import type { ClickHouseClient } from '@clickhouse/client';
import { personPart, stateOf, type PersonPart, type QueueItem } from '../care/queue-rules.js';
import { chTime, fromChTime, insertRows, queryRows } from './clickhouse.js';

export const itemKey = (x: { brand: string; platform: string; external_id: string }) => `${x.brand}\u0000${x.platform}\u0000${x.external_id}`;

/** One `reply_queue` row: the item's fields with times as ClickHouse text and the flag as 0/1. */
type ItemRow = Omit<QueueItem, 'state' | TimeField | 'has_response' | 'version' | 'person_version'> & Record<TimeField, string> & {
  state: string;
  has_response: number;
  version: string | number;
};
type TimeField = 'created_at' | 'open_since' | 'first_response_at' | 'last_response_at' | 'updated_at';

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
    ? { state: p.state as PersonPart['state'], assignee: p.assignee, open_since: fromChTime(p.open_since).getTime() }
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
function toRow({ person_version: _peopleWriteTheirOwn, ...i }: QueueItem): ItemRow {
  return {
    ...i,
    created_at: chTime(i.created_at),
    open_since: chTime(i.open_since),
    has_response: i.has_response ? 1 : 0,
    first_response_at: chTime(i.first_response_at),
    last_response_at: chTime(i.last_response_at),
    updated_at: chTime(i.updated_at),
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
export async function loadItems(client: ClickHouseClient, scope: { brands: string[]; platforms: string[]; ids: string[]; threads: string[] }): Promise<QueueItem[]> {
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
