// Collects one brand's digest for the period ending at `end`: totals against the period before,
// the series, languages, phrases of the negative mentions (against the four periods before),
// the most-reached negative posts, the biggest incidents, and response times when the store has
// the reply queue (v_queue); a failing read of that optional section leaves it out (logged).
import type { ClickHouseClient } from '@clickhouse/client';
import { brandHealthUrl } from '../alerts/dashboard-links.js';
import type { MonitorConfig } from '../config/schema.js';
import { brandWords, topPhrases } from '../detection/phrases.js';
import { digestPeriod, type DigestData, type DigestEvery, type DigestResponses } from '../digest/digest.js';
import {
  hasQueueView,
  loadDigestIncidents,
  loadDigestLanguages,
  loadDigestResponses,
  loadDigestSeries,
  loadDigestTotals,
} from '../store/digest-repo.js';
import { loadEvidence } from '../store/series-repo.js';

export interface DigestDeps {
  clickhouse: ClickHouseClient;
  config: MonitorConfig;
}

export async function collectDigest(
  deps: DigestDeps,
  input: { brand: string; every: DigestEvery; end: number; tz?: string },
  warn: (message: string) => void = () => undefined,
): Promise<DigestData> {
  const brand = deps.config.brands.find((b) => b.id === input.brand);
  if (!brand) throw new Error(`digest: no brand "${input.brand}" in the config`);
  const { from, to, bucketMs } = digestPeriod(input.every, input.end);
  const p = { brand: brand.id, from, to };
  const { clickhouse } = deps;
  const totals = await loadDigestTotals(clickhouse, p);
  const evidence = await loadEvidence(clickhouse, brand.id, from, to, from - 4 * (to - from));
  let responses: DigestResponses | undefined;
  if (await hasQueueView(clickhouse)) {
    responses = await loadDigestResponses(clickhouse, p).catch((e: Error) => (warn(`digest: response times left out: ${e.message}`), undefined));
  }
  return {
    brand: brand.id,
    brandName: brand.name,
    every: input.every,
    from,
    to,
    bucketMs,
    ...totals,
    series: await loadDigestSeries(clickhouse, p, bucketMs),
    languages: await loadDigestLanguages(clickhouse, p),
    phrases: topPhrases(evidence.negativeTexts, evidence.baselineTexts, 10, { exclude: brandWords(brand) }).map((x) => ({ phrase: x.phrase, count: x.count })),
    incidents: await loadDigestIncidents(clickhouse, p),
    samples: evidence.samples.slice(0, 3),
    ...(responses ? { responses } : {}),
    links: { grafana: brandHealthUrl(deps.config.links.grafana_url, brand.id, from, to) },
    tz: input.tz ?? 'UTC',
  };
}
