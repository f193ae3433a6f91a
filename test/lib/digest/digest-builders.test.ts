// The digest's pure builders on a known digest: the period, the figures and their wording, the
// Slack message (escaped, RTL phrases isolated), the email (CIDs), the webhook payload and the
// charts (real PNGs of the requested size; the volume chart's points follow the series).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config/load.js';
import { digestFor } from '../../../lib/config/schema.js';
import { languagesChartSvg, renderDigestCharts, volumeChartSvg } from '../../../lib/digest/digest-charts.js';
import { digestEmail } from '../../../lib/digest/digest-email.js';
import { digestSlackMessage } from '../../../lib/digest/digest-slack.js';
import { digestWebhookPayload } from '../../../lib/digest/digest-webhook.js';
import { change, digestFigures, digestPeriod, digestTitle, formatSeconds, type DigestData } from '../../../lib/digest/digest.js';
import { localStamp, localTicks } from '../../../lib/digest/local-time.js';

const END = Date.parse('2026-11-23T09:00:00Z');
const { from, to, bucketMs } = digestPeriod('weekly', END);
const digest: DigestData = {
  brand: 'acme',
  brandName: 'Acme <Cloud> & Co',
  every: 'weekly',
  from,
  to,
  bucketMs,
  mentions: 280,
  negative: 70,
  previous: { mentions: 200, negative: 20 },
  series: Array.from({ length: 28 }, (_, i) => ({ t: from + i * bucketMs, mentions: 10, negative: i === 10 ? 30 : 1 })),
  languages: [{ lang: 'en', mentions: 200, negative: 40 }, { lang: 'ar', mentions: 80, negative: 30 }],
  phrases: [{ phrase: 'خدمة سيئة', count: 9 }, { phrase: 'lost <luggage>', count: 7 }],
  incidents: [{ incidentId: 'acme-1', severity: 'high', status: 'resolved', openedAt: from + 3 * 86_400_000, resolvedAt: from + 3.2 * 86_400_000, peakNegative: 30 }],
  samples: [],
  responses: { items: 10, answered: 8, waiting: 2, medianSeconds: 3900, p90Seconds: 7200 },
  links: { grafana: 'http://grafana/d/x' },
};

describe('digest builders', () => {
  it('a week ends at the tick, charted in 6-hour buckets; the title names both ends', () => {
    expect(new Date(from).toISOString()).toBe('2026-11-16T09:00:00.000Z');
    expect(bucketMs).toBe(6 * 3_600_000);
    expect(digestPeriod('daily', END)).toEqual({ from: END - 86_400_000, to: END, bucketMs: 3_600_000 });
    expect(digestTitle(digest)).toBe('Acme <Cloud> & Co weekly digest, 2026-11-16 09:00 to 2026-11-23 09:00 UTC');
  });

  it('figures: change, share, incidents, response times', () => {
    expect(digestFigures(digest)).toEqual([
      '280 mentions (+40% on the previous week)',
      '70 negative, 25% of mentions (was 10%)',
      '1 incident',
      '8 of 10 posts needing a reply answered, first response median 1 h 05 min, p90 2 h 00 min; 2 waiting',
    ]);
    expect([change(0, 0), change(5, 0), change(5, 10)]).toEqual(['±0%', 'new', '-50%']);
    expect([formatSeconds(42), formatSeconds(600), formatSeconds(3600)]).toEqual(['42 s', '10 min', '1 h 00 min']);
    expect(digestFigures({ ...digest, responses: undefined })).toHaveLength(3);
  });

  it('Slack escapes mrkdwn and isolates phrases; email refers to its charts by CID', () => {
    const slack = JSON.stringify(digestSlackMessage(digest));
    // The header is plain text (shown as written); mrkdwn sections are escaped.
    expect(slack).toContain('"type":"plain_text","text":":bar_chart: Acme <Cloud> & Co weekly digest');
    expect(slack).toContain('\u2068خدمة سيئة\u2069 (9)');
    expect(slack).toContain('lost &lt;luggage&gt;');
    const mail = digestEmail(digest, [{ cid: 'volume-x@brand-pulse', title: 'Volume' }]);
    expect(mail.html).toContain('<img src="cid:volume-x@brand-pulse" alt="Volume"');
    expect(mail.html).toContain('Acme &lt;Cloud&gt; &amp; Co');
    expect(mail.text).toContain('ar: 80 mentions, 38% negative');
  });

  it('charts: PNGs at twice the size; the volume line peaks where the series does', () => {
    const charts = renderDigestCharts(digest);
    expect(charts.map((c) => c.name)).toEqual(['volume', 'languages']);
    for (const c of charts) {
      expect(c.png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([c.png.readUInt32BE(16), c.png.readUInt32BE(20)]).toEqual([1440, 640]);
    }
    const svg = volumeChartSvg(digest);
    const negative = /<path d="([^"]+)" fill="none" stroke="#d62728"/.exec(svg)![1].split(' ').map((p) => Number(p.slice(1).split(',')[1]));
    expect(negative).toHaveLength(28);
    expect(negative.indexOf(Math.min(...negative))).toBe(10); // highest point = smallest y
    expect(languagesChartSvg(digest)).toContain('80 (38% negative)');
    expect(renderDigestCharts({ ...digest, languages: [] }).map((c) => c.name)).toEqual(['volume']);
    expect(digestWebhookPayload(digest, charts)).toMatchObject({ type: 'digest', every: 'weekly', negative_share_percent: 25, responses: { median_seconds: 3900 } });
  });

  it("times are written in the digest's zone: title, incidents, chart ticks; the webhook names it", () => {
    // 2026-11-16 09:00 UTC is 11:00 in Jerusalem (UTC+2 in November) and 14:30 in Kolkata (+05:30).
    const local = { ...digest, tz: 'Asia/Jerusalem' };
    expect(digestTitle(local)).toBe('Acme <Cloud> & Co weekly digest, 2026-11-16 11:00 to 2026-11-23 11:00 Asia/Jerusalem');
    expect(digestEmail(local, []).text).toContain('opened 2026-11-19 11:00 Asia/Jerusalem');
    expect(JSON.stringify(digestSlackMessage(local))).toContain('opened 2026-11-19 11:00 Asia/Jerusalem');
    expect(digestWebhookPayload(local, []).period).toEqual({ from: '2026-11-16T09:00:00.000Z', to: '2026-11-23T09:00:00.000Z', bucket_seconds: 21_600, time_zone: 'Asia/Jerusalem' });
    // A week's ticks at local midnights: the first is 17 Nov 00:00 local, 16 Nov 22:00 UTC.
    expect(localTicks(local.from, local.to, 'Asia/Jerusalem', 24)[0]).toBe(Date.parse('2026-11-16T22:00:00Z'));
    expect(localTicks(local.from, local.to, 'Asia/Kolkata', 24)[0]).toBe(Date.parse('2026-11-16T18:30:00Z'));
    expect(localTicks(local.from, local.to, 'Asia/Kolkata', 24)).toHaveLength(7);
    const svg = volumeChartSvg(local);
    expect(svg).toContain('>11-17</text>');
    expect(svg).toContain('>Asia/Jerusalem, per 6 h</text>');
    // A day's ticks every four local hours; across the end of summer time the clock repeats an hour.
    const day = digestPeriod('daily', Date.parse('2026-10-25T12:00:00Z'));
    const ticks = localTicks(day.from, day.to, 'Europe/Paris', 4).map((t) => localStamp(t, 'Europe/Paris'));
    expect(ticks).toEqual(['2026-10-24 16:00', '2026-10-24 20:00', '2026-10-25 00:00', '2026-10-25 04:00', '2026-10-25 08:00', '2026-10-25 12:00']);
    expect(volumeChartSvg({ ...digest, ...day, every: 'daily', tz: 'Europe/Paris' })).toContain('>04:00</text>');
    // A digest of before (no zone) reads as UTC.
    expect(digestTitle({ ...digest, tz: undefined })).toMatch(/ UTC$/);
  });

  it("the example config's commented webhook route and digest parse when uncommented", () => {
    const text = readFileSync(new URL('../../../examples/monitor.example.yaml', import.meta.url), 'utf8')
      .replace(/^(\s*)# (- id: ops-webhook)/m, '$1$2')
      .replace(/^(\s*)# (\s*(type: webhook|url_env|secret_env|headers))/gm, '$1$2')
      .replace(/^# (digest:|  every|  at|  tz|  day|  routes)/gm, '$1');
    const cfg = parseConfig(text, 'monitor.example.yaml');
    expect(cfg.alerts.routes.find((r) => r.id === 'ops-webhook')).toMatchObject({ type: 'webhook', url_env: 'ALERT_WEBHOOK_URL', headers: { 'X-Team': 'care' } });
    expect(digestFor(cfg, cfg.brands[0].id)).toEqual({ every: 'daily', at: '08:00', tz: 'Europe/Paris', day: 'mon', routes: ['oncall-email', 'care-slack'] });
  });
});
