// One poll of one source: cursor -> fetch page -> store the batch (store-batch.ts) -> save
// cursor, page after page. The cursor is saved only after the page is
// stored, and stored ids are skipped, so a crash anywhere is repaired by simply retrying.
import type { ClickHouseClient } from '@clickhouse/client';
import { compileBrandMatchers } from '../analysis/brand-match.js';
import { compileOwnedAccounts } from '../care/owned-accounts.js';
import type { MonitorConfig } from '../config/schema.js';
import { readSecret } from '../config/load.js';
import type { PollResult } from '../contract/poll.js';
import { connectorFor } from '../sources/registry.js';
import type { HttpClient } from '../sources/http.js';
import type { SourceCursor } from '../sources/types.js';
import { loadCursor, saveCursor } from '../store/cursors-repo.js';
import { logPoll } from '../store/log-repo.js';
import { ownerBrandsOf, sourceById, watchedBrands } from './source-scope.js';
import { storeBatch } from './store-batch.js';


export interface PollDeps {
  clickhouse: ClickHouseClient;
  http: HttpClient;
  config: MonitorConfig;
  now?: () => Date;
  /** Called after each stored page (activities heartbeat here). */
  onPage?: (progress: PollResult) => void;
}



export async function pollSourceOnce(deps: PollDeps, sourceId: string): Promise<PollResult> {
  const now = deps.now ?? (() => new Date());
  const source = sourceById(deps.config, sourceId);
  const brands = watchedBrands(deps.config, source);
  const matchers = compileBrandMatchers(brands);
  const queries = [...new Set(brands.flatMap((b) => [...b.queries, ...b.competitors.flatMap((c) => c.queries)]))];
  const connector = connectorFor(source.type);
  const ownerBrands = ownerBrandsOf(deps.config, source);
  const owned = compileOwnedAccounts(brands);
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
      const batch = await storeBatch(deps.clickhouse, { sourceId, matchers, fetchedAt, ownerBrands, owned }, fetched.mentions, fetched.rejects);
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

