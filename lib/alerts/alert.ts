// What an alert says, independent of the channel. Built by the incident workflow from the
// detector's observations and evidence; rendered by slack-message.ts and email-message.ts.
import type { WindowEvidence } from '../detection/types.js';
/** 'undeliverable': a route gave up on one of the incident's alerts (sent to the escalation routes). */
export type AlertKind = 'open' | 'update' | 'escalate' | 'acknowledged' | 'resolve' | 'undeliverable';

export interface SamplePost {
  text: string;
  url: string;
  author: string;
  platform: string;
  lang: string;
  /** Followers plus engagement. */
  reach: number;
}

export interface Phrase {
  phrase: string;
  count: number;
}

export interface Alert {
  kind: AlertKind;
  incidentId: string;
  brand: string;
  brandName: string;
  severity: string;
  /** Bucket starts, epoch ms. */
  openedAt: number;
  peakAt: number;
  resolvedAt?: number;
  acknowledgedBy?: string;
  bucketMinutes: number;
  /** Negative mentions in the latest bucket, its baseline, and the peak so far. */
  negative: number;
  baseline: number;
  peakNegative: number;
  score: number;
  platforms: string[];
  languages: string[];
  phrases: Phrase[];
  samples: SamplePost[];
  links: { grafana: string; temporal: string; acknowledge?: string; actions?: ActionLinks };
  /** Which window and which evidence crossed the alert level (the detector's strongest window). */
  trigger?: WindowEvidence;
  /** Who works the incident, and what people wrote on it (oldest first). */
  assignee?: string;
  notes?: { text: string; by: string; at: number }[];
  /** Set when a person ended the incident: resolved by hand, or marked not an incident. */
  resolution?: 'manual' | 'false_positive';
  resolvedBy?: string;
  /** Kind 'undeliverable': the route that gave up, on which alert, and why (a sanitised reason). */
  undeliverable?: { routeId: string; kind: AlertKind; reason: string };
}

/** Signed links to the worker's action pages (added at delivery, never in workflow history). */
export interface ActionLinks {
  assign: string;
  note: string;
  resolve: string;
  falsePositive: string;
  mute: string;
}

/** The alert kinds that still offer actions (the incident is running). */
export const offersActions = (a: Alert) => a.kind !== 'resolve' && a.kind !== 'undeliverable';

/** "Assigned to Dana" and the newest notes, as lines (empty when there is nothing to say). */
export function workLines(a: Alert, maxNotes = 5): string[] {
  const lines = a.assignee ? [`Assigned to ${a.assignee}`] : [];
  for (const n of (a.notes ?? []).slice(-maxNotes)) lines.push(`Note from ${n.by}: ${excerpt(n.text, 500)}`);
  return lines;
}

/** "+340%" growth of the latest value over its baseline; baseline 0 counts as 1. */
export function growthPercent(value: number, baseline: number): number {
  return Math.round(((value - baseline) / Math.max(1, baseline)) * 100);
}

export function headline(a: Alert): string {
  const growth = growthPercent(a.peakNegative, a.baseline);
  switch (a.kind) {
    case 'open':
      return `Negative chatter about ${a.brandName} is spreading: ${a.peakNegative} negative mentions per ${a.bucketMinutes} min, ${growth >= 0 ? '+' : ''}${growth}% over baseline (${a.baseline.toFixed(1)})`;
    case 'update':
      return `Still growing for ${a.brandName}: ${a.negative} negative mentions in the last ${a.bucketMinutes} min (peak ${a.peakNegative}, baseline ${a.baseline.toFixed(1)})`;
    case 'escalate':
      return `ESCALATION: unacknowledged and still growing for ${a.brandName}: ${a.negative} negative mentions per ${a.bucketMinutes} min (baseline ${a.baseline.toFixed(1)})`;
    case 'acknowledged':
      return `Incident for ${a.brandName} acknowledged${a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ''}`;
    case 'resolve':
      if (a.resolution === 'false_positive') return `Not an incident: ${a.brandName}'s alert was marked a false positive${a.resolvedBy ? ` by ${a.resolvedBy}` : ''}`;
      if (a.resolution === 'manual') return `Resolved by hand${a.resolvedBy ? ` by ${a.resolvedBy}` : ''}: the incident for ${a.brandName} is closed (peak was ${a.peakNegative} per ${a.bucketMinutes} min)`;
      return `Resolved: negative chatter about ${a.brandName} is back at baseline (peak was ${a.peakNegative} per ${a.bucketMinutes} min)`;
    case 'undeliverable': {
      const u = a.undeliverable ?? { routeId: '?', kind: 'open', reason: 'no reason given' };
      return `Alert route "${u.routeId}" is not getting ${a.brandName}'s incident alerts through: it gave up on the ${u.kind} alert (${u.reason})`;
    }
  }
}

/** What the alert is, in a word or two: the email subject's tag and the Slack header. */
export function status(a: Alert): string {
  if (a.kind === 'resolve') return 'resolved';
  if (a.kind === 'undeliverable') return 'alert route down';
  return `${a.severity} incident`;
}

/** Keeps sample text short and free of control characters that break chat layouts. */
export function excerpt(text: string, max = 280): string {
  const clean = text.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** "41 negative posts in the last 60 min where 9 were expected; negative share 48% vs 21%". */
export function explainTrigger(w: WindowEvidence): string {
  const minutes = Math.round(w.ms / 60_000);
  const span = minutes >= 120 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
  const expected = w.expected < 10 ? w.expected.toFixed(1).replace(/\.0$/, '') : String(Math.round(w.expected));
  const posts = `${w.negative} negative post${w.negative === 1 ? '' : 's'} in the last ${span} where ${expected} ${w.expected === 1 ? 'was' : 'were'} expected`;
  if (!(w.total > 0) || !(w.baselineShare > 0)) return posts;
  return `${posts}; negative share ${Math.round(w.share * 100)}% vs ${Math.round(w.baselineShare * 100)}%`;
}
