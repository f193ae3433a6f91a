// A seeded mention stream for the backtest tests: a brand's everyday chatter with a daily rhythm
// and, on the last day, a multilingual wave of complaints about a double charge.
import { poisson, rng } from '../../../scripts/lib-synth.js';

export const STREAM_START = Date.UTC(2025, 2, 3); // a Monday
export const WAVE_ONSET = STREAM_START + 2 * 86_400_000 + 10 * 3_600_000; // day 3, 10:00 UTC
export const WAVE_END = WAVE_ONSET + 2 * 3_600_000;

const EVERYDAY = [
  'Love the new {b} app, works great',
  '{b} delivery was quick, thanks',
  'Great support from {b} today',
  'Does {b} open on Sunday?',
  '{b} has a sale this week',
  'Visited {b} downtown with friends',
  '{b} order arrived late again, annoying',
  'bad experience with {b} support',
];
// Wave posts are 1-star reviews, negative by rule whatever the sentiment model says of the text.
const WAVE = [
  '{b} charged me twice! double charge, terrible',
  '{b} double charge on my card, awful service',
  'got a double charge from {b}, this is a scam',
  'billing error at {b}: double charge, horrible',
  'לקוחות {he} מקבלים חיוב כפול, נורא',
  'خصم مزدوج من {ar} سيء جدا',
];
const RATINGS = [5, 4, 5, 3, 4, 2, 5, 4, 1, 5];

export interface StreamOptions {
  days?: number;
  seed?: number;
  /** Mentions per minute at the daily peak. */
  rate?: number;
  wave?: boolean;
}

export function mentionLines(o: StreamOptions = {}): string[] {
  const u = rng(o.seed ?? 5);
  const days = o.days ?? 3;
  const out: string[] = [];
  let n = 0;
  const fill = (s: string) => s.replace('{b}', 'Acme').replace('{he}', 'אקמה').replace('{ar}', 'أكمي');
  for (let m = 0; m < days * 1440; m++) {
    const t = STREAM_START + m * 60_000;
    const h = (m % 1440) / 60;
    const rate = (o.rate ?? 0.6) * (0.55 + 0.45 * Math.cos(((h - 15) / 24) * 2 * Math.PI));
    const texts: { text: string; rating: number }[] = [];
    for (let k = poisson(u, rate); k > 0; k--) {
      texts.push({ text: EVERYDAY[Math.floor(u() * EVERYDAY.length)], rating: RATINGS[Math.floor(u() * RATINGS.length)] });
    }
    if ((o.wave ?? true) && t >= WAVE_ONSET && t < WAVE_END) {
      const ramp = Math.min(1.5, (t - WAVE_ONSET) / 1_200_000);
      for (let k = poisson(u, ramp); k > 0; k--) texts.push({ text: WAVE[Math.floor(u() * WAVE.length)], rating: 1 });
    }
    for (const { text, rating } of texts) {
      n++;
      const sec = Math.floor(u() * 60);
      out.push(
        JSON.stringify({
          id: `x:${n}`,
          platform: ['appstore', 'googleplay', 'trustpilot'][n % 3],
          text: fill(text),
          rating,
          created_at: new Date(t + sec * 1000).toISOString(),
          url: `https://example.com/p/${n}`,
          author: { id: `u${Math.floor(u() * 1e6)}`, name: 'someone', followers: Math.floor(u() * 400) },
        }),
      );
    }
  }
  return out;
}

export const MONITOR_YAML = `
brands:
  - id: acme
    name: Acme
    queries: [acme, אקמה, أكمي]
sources:
  - id: replay
    type: replay
    path: ./mentions.jsonl
detection:
  bucket: 5m
  resolve_after: 30m
  cooldown: 1h
`;
