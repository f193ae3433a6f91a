// The step every batch of mentions goes through, from a poll's page or the push endpoint:
// validate -> analyse -> match brands -> store new rows -> reply queue -> rejects. Each item is validated once
// here; a bad item becomes a reject with its position, id and reason, and never stops the rest:
// not when validation catches it, not when ClickHouse refuses it (stage "store"). The rejects
// are written even when storing the rows fails (the batch is then retried as a whole).
import type { ClickHouseClient } from '@clickhouse/client';
import { analyzeBatch } from '../analysis/encoder/analyze-batch.js';
import { defaultEncoder } from '../analysis/encoder/default-encoder.js';
import { compileBrandMatchers, matchBrands, type BrandMatch } from '../analysis/brand-match.js';
import { owningBrands, type OwnedAccounts } from '../care/owned-accounts.js';
import { parseMention, type Mention } from '../mention/mention.js';
import { wellFormedString } from '../mention/well-formed.js';
import type { Reject } from '../sources/types.js';
import { storeRejects, type RejectRow } from '../store/log-repo.js';
import { toMentionRows, type MentionRow } from '../store/mention-rows.js';
import { storeNewMentions } from '../store/mentions-repo.js';
import { queueMentionOf } from '../store/queue-mentions.js';
import { syncQueue } from '../store/queue-repo.js';
import { mentionsOff } from '../store/rollup-repo.js';

export interface BatchContext {
  sourceId: string;
  matchers: ReturnType<typeof compileBrandMatchers>;
  fetchedAt: Date;
  /**
   * Brands an item belongs to when its text names none: reviews of the brand's own app and
   * comments on its own page often never say the brand's name.
   */
  ownerBrands?: BrandMatch[];
  /** The watched brands' own accounts: their posts are stored under the brand and answer its reply queue. */
  owned?: OwnedAccounts;
  /** The `rejects.stage` of items that fail validation (default 'parse'; the push endpoint says 'ingest'). */
  stage?: RejectRow['stage'];
}

/** One item of a batch: its position in what was received, and the value (or why it could not be read). */
export interface BatchItem {
  index: number;
  value?: unknown;
  error?: string;
}

export interface BatchResult {
  stored: number;
  duplicates: number;
  unmatched: number;
  /** Every reject of the batch (received, validation, analysis and storage). */
  rejected: number;
  /** The items among them, by position, with the reason written to `rejects`. */
  itemRejects: { index: number; reason: string }[];
  /** Items that passed validation and that storage did not refuse. */
  accepted: number;
  /** Newest created_at in the batch, epoch ms (0 when empty). */
  newest: number;
  /** Rollup minutes found short or long (rows of a crashed insert) and corrected, and the mentions that changed. */
  rollupRepaired: { minutes: number; mentions: number };
}

/** A poll's page: its mentions by position, plus what the connector already rejected. */
export function storeBatch(clickhouse: ClickHouseClient, ctx: BatchContext, mentions: unknown[], rejected: Reject[] = []): Promise<BatchResult> {
  return storeItems(clickhouse, ctx, mentions.map((value, index) => ({ index, value })), rejected);
}

/**
 * Validates, analyses, matches and stores one batch of items; bad items become rejects with
 * their position, id and reason, and never stop the rest.
 */
export async function storeItems(clickhouse: ClickHouseClient, ctx: BatchContext, items: BatchItem[], received: Reject[] = []): Promise<BatchResult> {
  const { sourceId, matchers, fetchedAt } = ctx;
  const stage: RejectRow['stage'] = ctx.stage ?? 'parse';
  const rows: MentionRow[] = [];
  const itemOfRow = new Map<MentionRow, { item: BatchItem; id: string }>();
  const rejects: RejectRow[] = received.map((r) => ({ source_id: sourceId, stage: 'parse', reason: r.reason, raw: r.raw }));
  const itemRejects: BatchResult['itemRejects'] = [];
  const reject = (item: BatchItem, rowStage: RejectRow['stage'], reason: string) => {
    itemRejects.push({ index: item.index, reason });
    rejects.push({ source_id: sourceId, stage: rowStage, reason, raw: item.value === undefined ? '' : safeJson(item.value) });
  };
  let unmatched = 0;
  let newest = 0;
  const valid: { item: BatchItem; mention: Mention }[] = [];
  for (const item of items) {
    // Connectors build mentions in code; validating here too turns a connector bug into a reject, not a bad row.
    const checked = item.error === undefined ? parseMention(item.value, { now: fetchedAt }) : { ok: false as const, reason: item.error };
    if (!checked.ok) {
      const id = (item.value as { id?: unknown } | null | undefined)?.id;
      reject(item, stage, `item ${item.index}${typeof id === 'string' ? ` (${wellFormedString(id)})` : ''}: ${checked.reason}`);
      continue;
    }
    valid.push({ item, mention: checked.mention });
  }
  // One encoder call for the whole batch (the fast model when the encoder is not installed).
  const analyses = await analyzeBatch(
    valid.map(({ mention }) => ({ text: mention.text, title: mention.title, rating: mention.rating, lang: mention.lang })),
    await defaultEncoder(),
    (e) => console.error(`analysis: the encoder failed on a batch of ${valid.length}, the fast model scored it: ${e.message}`),
  );
  const accepted = valid.length;
  for (const [k, { item, mention }] of valid.entries()) {
    try {
      const analysis = analyses[k];
      const text = [mention.title, mention.text].filter(Boolean).join('\n');
      const facts = { text, lang: analysis.lang, platform: mention.platform, author: mention.author, rating: mention.rating };
      let matches = matchBrands(matchers, facts);
      if (matches.length === 0 && ctx.ownerBrands?.length) matches = ctx.ownerBrands;
      // A brand's own reply rarely names the brand: it is the brand's all the same. Its accounts
      // are those listed under `owned:`, and on the brand's own sources whoever the source says
      // is the brand (a Page's comment, a developer reply).
      const listed = ctx.owned ? owningBrands(ctx.owned, mention) : [];
      const owners = mention.by_brand ? [...new Set([...listed, ...(ctx.ownerBrands ?? []).map((b) => b.brand)])] : listed;
      const missing = owners.filter((b) => !matches.some((x) => x.brand === b && x.competitorOf === ''));
      matches = [...matches, ...missing.map((brand) => ({ brand, competitorOf: '', query: '' }))];
      if (matches.length === 0) unmatched++;
      for (const row of toMentionRows(mention, analysis, matches, sourceId, fetchedAt, item.value as Record<string, unknown>, owners)) {
        rows.push(row);
        itemOfRow.set(row, { item, id: mention.id });
      }
      newest = Math.max(newest, Date.parse(mention.created_at));
    } catch (e) {
      reject(item, 'analyze', `${mention.id}: ${(e as Error).message}`);
    }
  }
  let outcome: Awaited<ReturnType<typeof storeNewMentions>>;
  try {
    outcome = await storeNewMentions(clickhouse, rows);
    const refusedRows = new Set(outcome.refused.map((x) => x.row));
    // Rows found already stored take part too: a retry after a crash here completes the queue.
    await syncQueue(clickhouse, rows.filter((r) => !refusedRows.has(r)).map(queueMentionOf), fetchedAt.getTime());
  } catch (e) {
    await storeRejects(clickhouse, rejects, fetchedAt).catch(() => undefined); // the storage error is the one to report
    throw e;
  }
  const refusedItems = new Set<BatchItem>();
  for (const { row, reason } of outcome.refused) {
    const { item, id } = itemOfRow.get(row)!;
    if (refusedItems.has(item)) continue; // one reject per item, whichever of its brand rows failed
    refusedItems.add(item);
    reject(item, 'store', `item ${item.index} (${id}): storage refused it: ${reason}`);
  }
  await storeRejects(clickhouse, rejects, fetchedAt);
  const { stored, duplicates, repaired } = outcome;
  const rollupRepaired = { minutes: repaired.length, mentions: mentionsOff(repaired) };
  return { stored, duplicates, unmatched, rejected: rejects.length, itemRejects, accepted: accepted - refusedItems.size, newest, rollupRepaired };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
