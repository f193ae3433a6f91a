// An open alert with RTL samples and characters that need escaping, for the alert tests.
import type { Alert } from '../../../lib/alerts/alert.js';

export const alert: Alert = {
  kind: 'open',
  incidentId: 'acme-20261122T1000Z',
  brand: 'acme',
  brandName: 'Acme <Cloud> & Co',
  severity: 'high',
  openedAt: Date.parse('2026-11-22T10:00:00Z'),
  peakAt: Date.parse('2026-11-22T10:15:00Z'),
  bucketMinutes: 5,
  negative: 40,
  baseline: 4,
  peakNegative: 44,
  score: 0.97,
  platforms: ['reddit', 'x'],
  languages: ['ar', 'en', 'he'],
  phrases: [{ phrase: 'خدمة سيئة', count: 9 }, { phrase: 'lost luggage', count: 7 }],
  samples: [
    { text: 'השירות של אקמה גרוע, אני רוצה החזר', url: 'https://x.example/1', author: 'dana', platform: 'x', lang: 'he', reach: 900 },
    { text: 'Acme lost my bags <script>', url: 'https://reddit.example/2', author: 'bo', platform: 'reddit', lang: 'en', reach: 40 },
  ],
  links: { grafana: 'http://grafana/d/brand-health', temporal: 'http://temporal/wf', acknowledge: 'http://worker/ack?x=1' },
};
