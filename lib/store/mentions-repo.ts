// Stores mention rows exactly once, and never lets one row sink its batch.
// - One writer per process (group commit): concurrent calls (poll pages, push requests) queue,
//   and the calls waiting when a write starts are written together: one look-up of what is
//   already stored, one insert. Rows whose (brand, platform, external_id) is stored are skipped,
//   so a retried or re-run poll neither duplicates a row nor double-counts the rollup; an id
//   carried by two concurrent calls is stored by the first.
// - Inserts are grouped within ClickHouse's partitions-per-insert limit. When ClickHouse still
//   refuses the data, the rows are split in halves until the refused ones are alone; they are
//   returned with ClickHouse's reason, the rest is stored. Other failures (server away, disk,
//   timeouts) fail the whole call, to be retried.
// - Rows found already stored may be the remains of a crashed insert whose rollup share never
//   committed: their minutes are checked against `mentions` and corrected (rollup-repo.ts),
//   once per brand and minute in the life of the process (again after an insert there failed):
//   only a process that died, or an insert that failed, leaves a minute short.
import type { ClickHouseClient } from '@clickhouse/client';
import { fromChTime, insertRows, queryRows } from './clickhouse.js';
import { BoundedSet } from './bounded-set.js';
import { GroupCommit } from './group-commit.js';
import { groupByPartition, monthOf } from './insert-groups.js';
import { refusedData } from './insert-errors.js';
import type { MentionRow } from './mention-rows.js';
import { deleteRollup, rollupDifferences, writeRollupCorrections, type RollupDifference, type RollupScope } from './rollup-repo.js';

type Key = Pick<MentionRow, 'brand' | 'platform' | 'external_id'>;
const keyOf = (r: Key) => `${r.brand}\u0000${r.platform}\u0000${r.external_id}`;

type Group = { brand: string; minute: number };
const groupKey = (g: Group) => `${g.brand}\u0000${g.minute}`;
const minuteOf = (chTimeText: string) => Math.floor(fromChTime(chTimeText).getTime() / 60_000) * 60_000;

/** Rows written in one go at most (a poll page of 1,000 items matching a few brands fits whole). */
const MAX_ROWS_PER_WRITE = 20_000;

export interface StoreOutcome {
  stored: number;
  duplicates: number;
  /** Rows ClickHouse refused even alone, with its reason. */
  refused: { row: MentionRow; reason: string }[];
  /** Rollup minutes corrected because rows of this call were found already stored. */
  repaired: RollupDifference[];
}

/** The only writer of `mentions` (and of rollup corrections) in this process. */
const writer = new GroupCommit<ClickHouseClient, MentionRow[], StoreOutcome>(writeGroup, (rows) => rows.length, MAX_ROWS_PER_WRITE);
/** Brand minutes whose rollup this process found equal to `mentions`, since its last failed insert there. */
const verified = new BoundedSet<string>(200_000);

/** Inserts the rows not stored yet; see the top of the file. */
export function storeNewMentions(client: ClickHouseClient, rows: MentionRow[]): Promise<StoreOutcome> {
  return writer.submit(client, rows);
}

/** The stored rows among `rows`: key -> brand and minute of the stored row. */
export async function existingKeys(client: ClickHouseClient, rows: Key[]): Promise<Map<string, Group>> {
  if (rows.length === 0) return new Map();
  const found = await queryRows<{ brand: string; platform: string; external_id: string; minute: string }>(
    client,
    'find already stored mentions',
    `SELECT brand, platform, external_id, toStartOfMinute(created_at) AS minute FROM mentions
     WHERE brand IN {brands:Array(String)} AND platform IN {platforms:Array(String)} AND external_id IN {ids:Array(String)}`,
    {
      brands: [...new Set(rows.map((r) => r.brand))],
      platforms: [...new Set(rows.map((r) => r.platform))],
      ids: [...new Set(rows.map((r) => r.external_id))],
    },
  );
  return new Map(found.map((r) => [keyOf(r), { brand: r.brand, minute: fromChTime(r.minute).getTime() }]));
}

/** One write for the calls `batches`: one outcome each. */
async function writeGroup(client: ClickHouseClient, batches: MentionRow[][]): Promise<StoreOutcome[]> {
  const seen = await existingKeys(client, batches.flat());
  const taken = new Set(seen.keys());
  const fresh: MentionRow[] = [];
  const calls = batches.map((rows) => {
    const call = { fresh: 0, duplicates: 0, found: [] as Group[], refused: [] as StoreOutcome['refused'] };
    for (const r of rows) {
      const k = keyOf(r);
      const stored = seen.get(k);
      if (stored) call.found.push(stored);
      if (taken.has(k)) call.duplicates++; // stored, or earlier in this write (this call's or another's)
      else {
        taken.add(k);
        fresh.push(r);
        call.fresh++;
      }
    }
    return call;
  });
  const callOf = new Map<MentionRow, (typeof calls)[number]>();
  batches.forEach((rows, i) => rows.forEach((r) => callOf.set(r, calls[i])));

  const refused: StoreOutcome['refused'] = [];
  const landed: Group[] = [];
  for (const part of groupByPartition(fresh, (r) => monthOf(r.created_at))) await insertOrSplit(client, part, refused, landed);
  for (const x of refused) callOf.get(x.row)!.refused.push(x);

  const repaired = await checkMinutes(client, [...calls.flatMap((c) => c.found), ...landed]);
  return calls.map((c) => {
    const mine = new Set(c.found.map(groupKey));
    return {
      stored: c.fresh - c.refused.length,
      duplicates: c.duplicates,
      refused: c.refused,
      repaired: repaired.filter((d) => mine.has(groupKey({ brand: d.brand, minute: d.minute }))),
    };
  });
}

/** Inserts `rows`, splitting on refused data; refused rows and rows that landed anyway are collected. */
async function insertOrSplit(client: ClickHouseClient, rows: MentionRow[], refused: StoreOutcome['refused'], landed: Group[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await insertRows(client, 'store mentions', 'mentions', rows);
  } catch (e) {
    // Part of it may have committed without its rollup share: its minutes need a check again.
    for (const r of rows) verified.delete(groupKey({ brand: r.brand, minute: minuteOf(r.created_at) }));
    const refusal = refusedData(e);
    if (!refusal) throw e;
    // A refused insert may still have committed some of its parts (one per partition): those
    // rows are stored, and their rollup share is checked like any row found already stored.
    const stored = await existingKeys(client, rows);
    landed.push(...stored.values());
    const rest = rows.filter((r) => !stored.has(keyOf(r)));
    if (rows.length === 1) {
      if (rest.length) refused.push({ row: rows[0], reason: `${refusal.name}: ${refusal.message}` });
      return;
    }
    const half = Math.ceil(rest.length / 2);
    await insertOrSplit(client, rest.slice(0, half), refused, landed);
    await insertOrSplit(client, rest.slice(half), refused, landed);
  }
}

/** Checks and corrects the rollup of the brand minutes in `groups` not verified yet (inside a write). */
async function checkMinutes(client: ClickHouseClient, groups: Group[]): Promise<RollupDifference[]> {
  const unverified = [...new Map(groups.filter((g) => !verified.has(groupKey(g))).map((g) => [groupKey(g), g])).values()];
  if (unverified.length === 0) return [];
  const repaired = await correct(client, scopeOf(unverified));
  for (const g of unverified) verified.add(groupKey(g));
  return repaired;
}

function scopeOf(groups: Group[]): RollupScope {
  const minutes = groups.map((g) => g.minute);
  return { from: Math.min(...minutes), to: Math.max(...minutes) + 60_000, brands: groups.map((g) => g.brand), minutes };
}

/** Corrects the rollup of `scope`; returns what differed. Called by the writer: no insert of this process is half-done meanwhile. */
async function correct(client: ClickHouseClient, scope: RollupScope): Promise<RollupDifference[]> {
  const differences = await rollupDifferences(client, scope);
  if (differences.length) await writeRollupCorrections(client, scope);
  return differences;
}

/** Makes the rollup equal its derivation from `mentions` over `scope`; returns what differed. */
export function repairRollup(client: ClickHouseClient, scope: RollupScope): Promise<RollupDifference[]> {
  return writer.exclusive(() => correct(client, scope));
}

/**
 * Rewrites the rollup of `scope` from `mentions`: the one repair that also removes authors the
 * rollup counts without a mention. Returns what differed before.
 */
export function rebuildRollup(client: ClickHouseClient, scope: RollupScope): Promise<RollupDifference[]> {
  return writer.exclusive(async () => {
    const differences = await rollupDifferences(client, scope);
    await deleteRollup(client, scope);
    await writeRollupCorrections(client, scope);
    return differences;
  });
}
