// The JSON body a webhook route receives for an alert: everything a receiver needs to open a
// ticket or page someone, in stable snake_case field names (docs/alerts.md lists them). Pure.
import { type Alert, explainTrigger, headline } from './alert.js';

/** Bumped when a field changes meaning or goes away; new fields do not bump it. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

export interface WebhookAlertPayload {
  type: 'alert';
  version: number;
  kind: Alert['kind'];
  brand: { id: string; name: string };
  incident: {
    id: string;
    severity: string;
    score: number;
    opened_at: string;
    peak_at: string;
    resolved_at: string | null;
    bucket_minutes: number;
    negative: number;
    baseline: number;
    peak_negative: number;
    platforms: string[];
    languages: string[];
  };
  headline: string;
  why: string | null;
  phrases: { phrase: string; count: number }[];
  samples: { text: string; url: string; author: string; platform: string; lang: string; reach: number }[];
  links: { grafana: string; temporal: string; acknowledge: string | null; chart: string | null };
  acknowledged_by: string | null;
  undeliverable: { route_id: string; kind: string; reason: string } | null;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function webhookAlertPayload(a: Alert, opts: { chartUrl?: string } = {}): WebhookAlertPayload {
  return {
    type: 'alert',
    version: WEBHOOK_PAYLOAD_VERSION,
    kind: a.kind,
    brand: { id: a.brand, name: a.brandName },
    incident: {
      id: a.incidentId,
      severity: a.severity,
      score: a.score,
      opened_at: iso(a.openedAt) as string,
      peak_at: iso(a.peakAt) as string,
      resolved_at: iso(a.resolvedAt),
      bucket_minutes: a.bucketMinutes,
      negative: a.negative,
      baseline: a.baseline,
      peak_negative: a.peakNegative,
      platforms: a.platforms,
      languages: a.languages,
    },
    headline: headline(a),
    why: a.trigger ? explainTrigger(a.trigger) : null,
    phrases: a.phrases.map((p) => ({ phrase: p.phrase, count: p.count })),
    samples: a.samples.map((s) => ({ text: s.text, url: s.url, author: s.author, platform: s.platform, lang: s.lang, reach: s.reach })),
    links: { grafana: a.links.grafana, temporal: a.links.temporal, acknowledge: a.links.acknowledge ?? null, chart: opts.chartUrl ?? null },
    acknowledged_by: a.acknowledgedBy ?? null,
    undeliverable: a.undeliverable ? { route_id: a.undeliverable.routeId, kind: a.undeliverable.kind, reason: a.undeliverable.reason } : null,
  };
}
