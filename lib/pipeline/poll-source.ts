// One poll of one source: cursor -> fetch page -> analyse + match brands -> store new rows
// -> rejects -> save cursor, page after page. The cursor is saved only after the page is
// stored, and stored ids are skipped, so a crash anywhere is repaired by simply retrying.
import type { ClickHouseClient } from '@clickhouse/client';
import { analyze } from '../analysis/analyze.js';
import { compileBrandMatchers, matchBrands, type BrandMatch } from '../analysis/brand-match.js';
import type { MonitorConfig, SourceConfig } from '../config/schema.js';
import { readSecret } from '../config/load.js';
import { parseMention } from '../mention/mention.js';
import { connectorFor, hasTrait } from '../sources/registry.js';
import type { HttpClient } from '../sources/http.js';
import type { Reject, SourceCursor } from '../sources/types.js';
import { loadCursor, saveCursor } from '../store/cursors-repo.js';
import { logPoll, storeRejects, type RejectRow } from '../store/log-repo.js';
import { toMentionRows, type MentionRow } from '../store/mention-rows.js';
import { storeNewMentions } from '../store/mentions-repo.js';

export interface PollResult {
  sourceId: string;
  pages: number;
  fetched: number;
  stored: number;
  duplicates: number;
  unmatched: number;
  rejected: number;
  /** The provider had more right now than max_pages allowed. */
  more: boolean;
}

export interface PollDeps {
  clickhouse: ClickHouseClient;
  http: HttpClient;
  config: MonitorConfig;
  now?: () => Date;
  /** Called after each stored page (activities heartbeat here). */
  onPage?: (progress: PollResult) => void;
}

export function sourceById(config: MonitorConfig, sourceId: string): SourceConfig {
  const s = config.sources.find((x) => x.id === sourceId);
  if (!s) throw new Error(`no source "${sourceId}" in the config`);
  return s;
}

/** Keyword queries of the brands (and their competitors) a source watches. */
export function watchedBrands(config: MonitorConfig, source: SourceConfig) {
  return config.brands.filter((b) => !source.brands || source.brands.includes(b.id));
}

export async function pollSourceOnce(deps: PollDeps, sourceId: string): Promise<PollResult> {
  const now = deps.now ?? (() => new Date());
  const source = sourceById(deps.config, sourceId);
  const brands = watchedBrands(deps.config, source);
  const matchers = compileBrandMatchers(brands);
  const queries = [...new Set(brands.flatMap((b) => [...b.queries, ...b.competitors.flatMap((c) => c.queries)]))];
  const connector = connectorFor(source.type);
  const ownerBrands = ownerBrandsOf(deps.config, source);
  const result: PollResult = { sourceId, pages: 0, fetched: 0, stored: 0, duplicates: 0, unmatched: 0, rejected: 0, more: false };
  const startedAt = now();
  let newest = 0;
  try {
    let cursor = await loadCursor<SourceCursor>(deps.clickhouse, sourceId);
    for (let page = 0; page < source.max_pages; page++) {
      const fetched = await connector.fetchPage(cursor, {
        source,
        queries,
        http: deps.http,
        secret: (name) => readSecret(name),
        now,
      });
      const fetchedAt = now();
      const batch = await storeBatch(deps.clickhouse, { sourceId, matchers, fetchedAt, ownerBrands }, fetched.mentions, fetched.rejects);
      newest = Math.max(newest, batch.newest);
      await saveCursor(deps.clickhouse, sourceId, fetched.cursor);
      cursor = fetched.cursor;
      result.pages++;
      result.fetched += fetched.mentions.length + fetched.rejects.length;
      result.stored += batch.stored;
      result.duplicates += batch.duplicates;
      result.unmatched += batch.unmatched;
      result.rejected += batch.rejected;
      result.more = fetched.more;
      deps.onPage?.({ ...result });
      if (!fetched.more) break;
    }
    await logPoll(deps.clickhouse, {
      source_id: sourceId, source_type: source.type, started_at: startedAt, finished_at: now(), status: 'ok', error: '',
      fetched: result.fetched, stored: result.stored, duplicates: result.duplicates, rejected: result.rejected,
      newest_item_at: newest ? new Date(newest) : undefined,
    });
    return result;
  } catch (e) {
    await logPoll(deps.clickhouse, {
      source_id: sourceId, source_type: source.type, started_at: startedAt, finished_at: now(), status: 'error',
      error: (e as Error).message, fetched: result.fetched, stored: result.stored, duplicates: result.duplicates,
      rejected: result.rejected, newest_item_at: newest ? new Date(newest) : undefined,
    }).catch(() => undefined);
    throw e;
  }
}

export interface BatchContext {
  sourceId: string;
  matchers: ReturnType<typeof compileBrandMatchers>;
  fetchedAt: Date;
  /**
   * Brands an item belongs to when its text names none: reviews of the brand's own app and
   * comments on its own page often never say the brand's name.
   */
  ownerBrands?: BrandMatch[];
}

/** The brands an owned source's unnamed items are stored under (`assume_brand: false` turns it off). */
export function ownerBrandsOf(config: MonitorConfig, source: SourceConfig): BrandMatch[] {
  const assume = source.assume_brand ?? hasTrait(source.type, 'owned');
  if (!assume) return [];
  return watchedBrands(config, source).map((b) => ({ brand: b.id, competitorOf: '', query: '' }));
}

export interface BatchResult {
  stored: number;
  duplicates: number;
  unmatched: number;
  rejected: number;
  /** Newest created_at in the batch, epoch ms (0 when empty). */
  newest: number;
}

/**
 * Validates, analyses, matches and stores one batch of mentions (from a poll or the push
 * endpoint); bad items become rejects with their reason and never stop the rest.
 */
export async function storeBatch(
  clickhouse: ClickHouseClient,
  ctx: BatchContext,
  mentions: unknown[],
  rejected: Reject[] = [],
): Promise<BatchResult> {
  const { sourceId, matchers, fetchedAt } = ctx;
  const rows: MentionRow[] = [];
  const rejects: RejectRow[] = rejected.map((r) => ({ source_id: sourceId, stage: 'parse', reason: r.reason, raw: r.raw }));
  let unmatched = 0;
  let newest = 0;
  mentions.forEach((m, i) => {
    // Connectors build mentions in code; re-validate so a connector bug becomes a reject, not a bad row.
    const checked = parseMention(m);
    if (!checked.ok) {
      const id = (m as { id?: unknown } | null)?.id;
      rejects.push({ source_id: sourceId, stage: 'parse', reason: `item ${i}${typeof id === 'string' ? ` (${id})` : ''}: ${checked.reason}`, raw: safeJson(m) });
      return;
    }
    const mention = checked.mention;
    try {
      const analysis = analyze({ text: mention.text, title: mention.title, rating: mention.rating, lang: mention.lang });
      let matches = matchBrands(matchers, [mention.title, mention.text].filter(Boolean).join('\n'));
      if (matches.length === 0 && ctx.ownerBrands?.length) matches = ctx.ownerBrands;
      if (matches.length === 0) unmatched++;
      rows.push(...toMentionRows(mention, analysis, matches, sourceId, fetchedAt, m as Record<string, unknown>));
      newest = Math.max(newest, Date.parse(mention.created_at));
    } catch (e) {
      rejects.push({ source_id: sourceId, stage: 'analyze', reason: `${mention.id}: ${(e as Error).message}`, raw: safeJson(m) });
    }
  });
  const { stored, duplicates } = await storeNewMentions(clickhouse, rows);
  await storeRejects(clickhouse, rejects, fetchedAt);
  return { stored, duplicates, unmatched, rejected: rejects.length, newest };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
