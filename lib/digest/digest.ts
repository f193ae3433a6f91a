// What a digest says, independent of the channel: one brand's figures for one period (a day or
// a week), collected by lib/pipeline/digest.ts and rendered by the builders beside this file.
// Small enough to travel through workflow history (no texts but a few samples, no images). Pure.
import type { Phrase, SamplePost } from '../alerts/alert.js';
import { localStamp } from './local-time.js';

export type DigestEvery = 'daily' | 'weekly';

export interface DigestBucket {
  /** Bucket start, epoch ms. */
  t: number;
  mentions: number;
  negative: number;
}

export interface DigestLanguage {
  lang: string;
  mentions: number;
  negative: number;
}

export interface DigestIncident {
  incidentId: string;
  severity: string;
  status: string;
  openedAt: number;
  resolvedAt?: number;
  peakNegative: number;
}

/** First-response times from the reply queue (v_queue), when the store has one. */
export interface DigestResponses {
  /** Items that needed a reply and arrived in the period. */
  items: number;
  answered: number;
  /** Still open or assigned. */
  waiting: number;
  medianSeconds?: number;
  p90Seconds?: number;
}

export interface DigestData {
  brand: string;
  brandName: string;
  every: DigestEvery;
  /** The period, epoch ms, [from, to). */
  from: number;
  to: number;
  bucketMs: number;
  mentions: number;
  negative: number;
  /** The period before, for the change. */
  previous: { mentions: number; negative: number };
  series: DigestBucket[];
  languages: DigestLanguage[];
  phrases: Phrase[];
  incidents: DigestIncident[];
  samples: SamplePost[];
  /** Absent when the store has no reply queue. */
  responses?: DigestResponses;
  links: { grafana: string };
  /** IANA time zone its times are written in (the digest's `tz`); absent in digests of before: UTC. */
  tz?: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The period a digest sent at `end` covers, and the chart's bucket: a day in hours, a week in 6-hour steps. */
export function digestPeriod(every: DigestEvery, end: number): { from: number; to: number; bucketMs: number } {
  return every === 'daily' ? { from: end - DAY, to: end, bucketMs: HOUR } : { from: end - 7 * DAY, to: end, bucketMs: 6 * HOUR };
}

/** Negative share in whole percent (0 with no mentions). */
export function sharePercent(negative: number, mentions: number): number {
  return mentions > 0 ? Math.round((negative / mentions) * 100) : 0;
}

/** "+12%" / "-40%" / "new" change against the previous period. */
export function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? '±0%' : 'new';
  const pct = Math.round(((now - before) / before) * 100);
  return `${pct >= 0 ? '+' : ''}${pct}%`;
}

/** "1 h 05 min" / "12 min" / "45 s". */
export function formatSeconds(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** "Acme daily digest, 2026-11-22 08:00 to 2026-11-23 08:00 Europe/Paris": the period itself, never a date that could mean either end. */
export function digestTitle(d: Pick<DigestData, 'brandName' | 'every' | 'from' | 'to' | 'tz'>): string {
  const tz = d.tz ?? 'UTC';
  return `${d.brandName} ${d.every} digest, ${localStamp(d.from, tz)} to ${localStamp(d.to, tz)} ${tz}`;
}

/** The headline figures, one line each, shared by every channel. */
export function digestFigures(d: DigestData): string[] {
  const lines = [
    `${d.mentions} mentions (${change(d.mentions, d.previous.mentions)} on the previous ${d.every === 'daily' ? 'day' : 'week'})`,
    `${d.negative} negative, ${sharePercent(d.negative, d.mentions)}% of mentions (was ${sharePercent(d.previous.negative, d.previous.mentions)}%)`,
    `${d.incidents.length} incident${d.incidents.length === 1 ? '' : 's'}`,
  ];
  if (d.responses) lines.push(responsesLine(d.responses));
  return lines;
}

export function responsesLine(r: DigestResponses): string {
  const times = r.medianSeconds !== undefined ? `, first response median ${formatSeconds(r.medianSeconds)}${r.p90Seconds !== undefined ? `, p90 ${formatSeconds(r.p90Seconds)}` : ''}` : '';
  return `${r.answered} of ${r.items} posts needing a reply answered${times}; ${r.waiting} waiting`;
}

/** "ar 40% negative (12 of 30)". */
export function languageLine(l: DigestLanguage): string {
  return `${l.lang}: ${l.mentions} mentions, ${sharePercent(l.negative, l.mentions)}% negative`;
}

export function incidentLine(i: DigestIncident, tz = 'UTC'): string {
  return `${i.severity} incident ${i.incidentId} opened ${localStamp(i.openedAt, tz)} ${tz}, peak ${i.peakNegative} negative per bucket (${i.status})`;
}
