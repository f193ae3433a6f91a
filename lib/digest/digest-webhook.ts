// The JSON body a webhook route receives for a digest: the figures in snake_case and the charts
// as base64 PNG (a receiver has no other way to get them). Pure.
import { WEBHOOK_PAYLOAD_VERSION } from '../alerts/webhook-message.js';
import type { DigestChart } from './digest-charts.js';
import { digestTitle, sharePercent, type DigestData } from './digest.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function digestWebhookPayload(d: DigestData, charts: DigestChart[]) {
  return {
    type: 'digest' as const,
    version: WEBHOOK_PAYLOAD_VERSION,
    every: d.every,
    title: digestTitle(d),
    brand: { id: d.brand, name: d.brandName },
    period: { from: iso(d.from), to: iso(d.to), bucket_seconds: d.bucketMs / 1000, time_zone: d.tz ?? 'UTC' },
    mentions: d.mentions,
    negative: d.negative,
    negative_share_percent: sharePercent(d.negative, d.mentions),
    previous: { mentions: d.previous.mentions, negative: d.previous.negative },
    series: d.series.map((b) => ({ t: iso(b.t), mentions: b.mentions, negative: b.negative })),
    languages: d.languages.map((l) => ({ lang: l.lang, mentions: l.mentions, negative: l.negative })),
    phrases: d.phrases.map((p) => ({ phrase: p.phrase, count: p.count })),
    incidents: d.incidents.map((i) => ({
      id: i.incidentId, severity: i.severity, status: i.status, opened_at: iso(i.openedAt), resolved_at: i.resolvedAt === undefined ? null : iso(i.resolvedAt), peak_negative: i.peakNegative,
    })),
    samples: d.samples,
    responses: d.responses
      ? { items: d.responses.items, answered: d.responses.answered, waiting: d.responses.waiting, median_seconds: d.responses.medianSeconds ?? null, p90_seconds: d.responses.p90Seconds ?? null }
      : null,
    links: d.links,
    charts: charts.map((c) => ({ name: c.name, title: c.title, content_type: 'image/png', base64: c.png.toString('base64') })),
  };
}
