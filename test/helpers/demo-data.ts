// The demo data set in a test's store: generated afresh by scripts/make-demo-data.ts (seeded, so
// always the same posts) into a temporary folder, then stored through the pipeline's own batch
// step with the demo configuration's brands, as a replay poll would. Beside the mentions, what
// the demo's stack would have written around them: one poll log per page (wall clock) and the
// wave's incident (stream clock), so views over every table have rows.
import type { ClickHouseClient } from '@clickhouse/client';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileBrandMatchers } from '../../lib/analysis/brand-match.js';
import { compileOwnedAccounts } from '../../lib/care/owned-accounts.js';
import { loadConfig } from '../../lib/config/load.js';
import { storeItems, type BatchItem } from '../../lib/pipeline/store-batch.js';
import { logPoll } from '../../lib/store/log-repo.js';
import { upsertIncident } from '../../lib/store/incidents-repo.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const DEMO_CONFIG = path.join(ROOT, 'examples', 'demo', 'monitor.demo.yaml');
export const DEMO_SOURCE = 'demo-replay';
const PAGE = 500;

/** The wave of the demo data (scripts/make-demo-data.ts: 14:00-16:30 on the last of its eight days). */
export const DEMO_WAVE = { from: Date.parse('2026-11-21T14:00:00Z'), to: Date.parse('2026-11-21T16:30:00Z') };
/** The days the demo data covers, in order. */
export const DEMO_DAYS = Array.from({ length: 8 }, (_, i) => `2026-11-${14 + i}`);

export interface DemoLoad {
  lines: number;
  stored: number;
  rejected: number;
}

/** Generates the demo file and returns its lines. */
export function generateDemoLines(): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-demo-data-'));
  try {
    const file = path.join(dir, 'mentions.jsonl');
    execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'make-demo-data.ts'), file], { cwd: ROOT, stdio: 'pipe' });
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function loadDemoData(client: ClickHouseClient, now = Date.now()): Promise<DemoLoad> {
  const config = loadConfig(DEMO_CONFIG);
  const matchers = compileBrandMatchers(config.brands);
  const owned = compileOwnedAccounts(config.brands);
  const lines = generateDemoLines();
  const result: DemoLoad = { lines: lines.length, stored: 0, rejected: 0 };
  const pages = Math.ceil(lines.length / PAGE);
  for (let p = 0; p < pages; p++) {
    const items: BatchItem[] = lines.slice(p * PAGE, (p + 1) * PAGE).map((line, index) => {
      try {
        return { index, value: JSON.parse(line) as unknown };
      } catch (e) {
        return { index, error: `invalid JSON (${(e as Error).message})` };
      }
    });
    // Pages a minute apart on the wall clock, the last one a minute ago: a source polling on time.
    const startedAt = new Date(now - (pages - p) * 60_000);
    const batch = await storeItems(client, { sourceId: DEMO_SOURCE, matchers, owned, fetchedAt: startedAt }, items);
    result.stored += batch.stored;
    result.rejected += batch.rejected;
    await logPoll(client, {
      source_id: DEMO_SOURCE,
      source_type: 'replay',
      started_at: startedAt,
      finished_at: new Date(startedAt.getTime() + 500),
      status: 'ok',
      error: '',
      fetched: items.length,
      stored: batch.stored,
      duplicates: batch.duplicates,
      rejected: batch.rejected,
      newest_item_at: new Date(batch.newest),
    });
  }
  await recordDemoIncidents(client);
  return result;
}

const minutes = (n: number) => n * 60_000;

/** The wave's incident as the incident workflow records it (opened, acknowledged, resolved), and a small open one for the competitor. */
async function recordDemoIncidents(client: ClickHouseClient): Promise<void> {
  const openedAt = DEMO_WAVE.from + minutes(25);
  const base = {
    incidentId: 'nimbus-20261121-1425',
    brand: 'nimbus',
    severity: 'high',
    openedAt,
    peakAt: DEMO_WAVE.from + minutes(75),
    peakNegative: 31,
    baseline: 2.1,
    score: 8.4,
    summary: {
      platforms: ['appstore', 'facebook', 'mastodon', 'reddit', 'x'],
      languages: ['en', 'ar', 'he'],
      phrases: [
        { phrase: 'lost luggage', score: 6.1, count: 24 },
        { phrase: 'baggage desk', score: 4.2, count: 12 },
        { phrase: 'refund', score: 3.3, count: 15 },
      ],
      samples: [],
    },
    workflowId: 'incident:nimbus',
  };
  await upsertIncident(client, { ...base, status: 'open', updatedAt: openedAt });
  await upsertIncident(client, { ...base, status: 'acknowledged', acknowledgedAt: openedAt + minutes(12), acknowledgedBy: 'maya', updatedAt: openedAt + minutes(12) });
  await upsertIncident(client, {
    ...base,
    status: 'resolved',
    acknowledgedAt: openedAt + minutes(12),
    acknowledgedBy: 'maya',
    escalatedAt: openedAt + minutes(45),
    resolvedAt: DEMO_WAVE.to + minutes(60),
    updatedAt: DEMO_WAVE.to + minutes(60),
  });
  const rivalAt = Date.parse('2026-11-20T09:15:00Z');
  await upsertIncident(client, {
    incidentId: 'skylark-20261120-0915',
    brand: 'skylark',
    status: 'open',
    severity: 'low',
    openedAt: rivalAt,
    peakAt: rivalAt,
    peakNegative: 4,
    baseline: 0.6,
    score: 3.2,
    summary: { platforms: ['x'], languages: ['en'], phrases: [{ phrase: 'delayed', score: 2.0, count: 3 }], samples: [] },
    workflowId: 'incident:skylark',
    updatedAt: rivalAt,
  });
}
