import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTimestamp, scoreValues } from '../../../lib/detection/series-score.js';

const FIXTURE = path.resolve('test/fixtures/detection/series.csv');

function detect(file: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/detect.ts', '--input', file], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, rows: r.stdout.trim().split('\n') };
}

describe('scoreValues', () => {
  const rows = readFileSync(FIXTURE, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [ts, v] = l.split(',');
      return { t: Date.parse(ts), value: v === '' ? NaN : Number(v) };
    })
    .filter((r) => Number.isFinite(r.t));
  const full = scoreValues(rows);

  it('scores in [0, 1], low on normal days and high in the burst of day 6', () => {
    for (const s of full) expect(s).toBeGreaterThanOrEqual(0), expect(s).toBeLessThanOrEqual(1);
    const burst = rows.findIndex((r) => r.t === Date.parse('2025-03-08T10:00:00Z'));
    expect(Math.max(...full.slice(0, burst))).toBeLessThan(0.8);
    expect(Math.max(...full.slice(burst, burst + 6))).toBeGreaterThanOrEqual(0.8);
  });

  it('is causal: the scores of every prefix are the first scores of the whole', () => {
    for (const k of [1, 2, 3, 100, 287, 500, rows.length - 1]) expect(scoreValues(rows.slice(0, k))).toEqual(full.slice(0, k));
  });

  it('works on daily buckets and non-integer values', () => {
    const daily = Array.from({ length: 120 }, (_, i) => ({ t: Date.UTC(2024, 0, 1) + i * 86_400_000, value: 1000.5 + (i % 7 === 5 ? 300 : 0) + (i === 100 ? 5000 : 0) + ((i * 37) % 11) }));
    const s = scoreValues(daily);
    expect(s[100]).toBeGreaterThan(0.8);
    expect(Math.max(...s.slice(30, 100))).toBeLessThan(0.8);
  });

  // Hourly counts with a daily rhythm (seeded), three weeks; spikes of +60 for one hour.
  const hourly = (spikeDays: number[]) =>
    Array.from({ length: 21 * 24 }, (_, i) => {
      const h = i % 24;
      const noise = ((i * 7919) % 13) - 6;
      const spike = spikeDays.includes(Math.floor(i / 24)) && h === 12 ? 60 : 0;
      return { t: Date.UTC(2025, 0, 6) + i * 3_600_000, value: Math.round(40 + 20 * Math.sin((h / 24) * 2 * Math.PI)) + noise + spike };
    });
  const spikeAt = 18 * 24 + 12;

  it("an onset scores relative to the series' own recent peaks: a series that spikes every other day scores its next spike lower than a quiet series its first", () => {
    const quiet = scoreValues(hourly([18]));
    const spiky = scoreValues(hourly([8, 10, 12, 14, 16, 18]));
    expect(quiet[spikeAt]).toBeGreaterThan(0.8);
    expect(spiky[spikeAt]).toBeGreaterThan(0); // still an onset (stronger than the last report, faded)
    expect(spiky[spikeAt]).toBeLessThan(0.8);
    // With the raw evidence (peakMemoryMs: 0) the recurring spike would score near the quiet one's.
    const raw = scoreValues(hourly([8, 10, 12, 14, 16, 18]), { peakMemoryMs: 0 });
    expect(raw[spikeAt]).toBeGreaterThan(0.8);
  });

  it('one odd short step (a row a minute after another in an hourly series) does not change the bucket width', () => {
    const clean = hourly([18]);
    const odd = [...clean.slice(0, 31), { t: clean[30].t + 60_000, value: clean[30].value }, ...clean.slice(31)];
    const s = scoreValues(odd);
    expect(s[spikeAt + 1]).toBeGreaterThan(0.8);
    expect(s[spikeAt + 1]).toBeCloseTo(scoreValues(clean)[spikeAt], 2);
  });

  // Six hours of zeros at 08:00 on day 18 (about 50 expected an hour), then, with or without
  // the hours' mentions arriving at once.
  const outage = (backlog: boolean) => {
    const series = hourly([]);
    const at = 18 * 24 + 8;
    let missed = 0;
    for (let i = at; i < at + 6; i++) (missed += series[i].value), (series[i] = { ...series[i], value: 0 });
    if (backlog) series[at + 6] = { ...series[at + 6], value: series[at + 6].value + missed };
    return { series, at };
  };

  it('a fall to nothing where dozens were expected is an anomaly by default, seen at its first row', () => {
    const { series, at } = outage(false);
    const s = scoreValues(series);
    expect(Math.max(...s.slice(0, at))).toBeLessThan(0.8);
    expect(s[at]).toBeGreaterThan(0.8);
  });

  it('the backlog after an outage is not a spike, looking for falls or not', () => {
    const { series, at } = outage(true);
    for (const direction of ['both', 'up'] as const) {
      const s = scoreValues(series, { direction });
      expect(Math.max(...s.slice(at + 6, at + 12))).toBeLessThan(0.8);
      if (direction === 'up') expect(Math.max(...s.slice(at, at + 6))).toBe(0); // the zeros are a gap
    }
  });

  it("a level shift of a series that is not counts scores at its first row, by the previous day's z-score", () => {
    // CPU-like values, a daily rhythm and bounded noise, that step up by 8 on day 10.
    const at = 10 * 288 + 100;
    const series = Array.from({ length: 14 * 288 }, (_, i) => ({
      t: Date.UTC(2025, 0, 6) + i * 300_000,
      value: 20.5 + 3 * Math.sin((2 * Math.PI * (i % 288)) / 288) + (((i * 7919) % 13) - 6) / 3 + (i >= at ? 8 : 0),
    }));
    const s = scoreValues(series);
    expect(Math.max(...s.slice(0, at))).toBeLessThan(0.8);
    expect(s[at]).toBeGreaterThanOrEqual(0.8);
    // The seasonal scan alone (dayZ: false) sees the shift only later.
    const scanOnly = scoreValues(series, { dayZ: false });
    expect(scanOnly[at]).toBeLessThan(0.8);
    expect(Math.max(...scanOnly.slice(at, at + 12))).toBeGreaterThanOrEqual(0.8);
  });

  it("an explicit volume floor gates the day's z-score as it gates the scan: rare small counts on a silent series never alert", () => {
    // Two weeks of zeros with a 1 about every eight hours: against a day of zeros each 1 is a
    // huge z, but a handful of events is not an incident.
    const series = Array.from({ length: 14 * 288 }, (_, i) => ({ t: Date.UTC(2025, 0, 6) + i * 300_000, value: (i * 7919) % 97 === 0 ? 1 : 0 }));
    expect(Math.max(...scoreValues(series, { minNegative: 5 }))).toBe(0);
    expect(scoreValues(series).filter((x) => x >= 0.8)).toHaveLength(0); // the default floor of 3
  });

  it('plain Poisson counts with a daily rhythm stay near the false-alarm target at any rate (the day z-score is taken on the square-root scale)', () => {
    // Four weeks of 5-minute Poisson counts (seeded). On the raw scale the day's z-score alerted
    // 3.4 times a week at a mean of 1 and 1.6 at 3; the target is 0.3.
    let seed = 3;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const poisson = (l: number) => {
      let k = 0;
      for (let p = rand(), L = Math.exp(-l); p > L; p *= rand()) k++;
      return k;
    };
    for (const mean of [0.3, 1, 3, 10]) {
      const series = Array.from({ length: 28 * 288 }, (_, i) => ({ t: Date.UTC(2025, 0, 6) + i * 300_000, value: poisson(mean * (1 + 0.5 * Math.sin((2 * Math.PI * (i % 288)) / 288))) }));
      const alerts = scoreValues(series).filter((x) => x >= 0.8).length;
      expect(alerts, `mean ${mean}`).toBeLessThanOrEqual(2);
    }
  });

  it("the first rows, scored before the baseline has warmed up, do not count as the series' peak", () => {
    // A wild first row is surprising to a model that has seen nothing; it must not become the
    // peak every later onset is measured against.
    // (Fails when the unwarmed evidence counts: 0.63 of the clean series' score.)
    const early = 3 * 24 + 12;
    const series = hourly([3]);
    series[5] = { ...series[5], value: 900 };
    expect(scoreValues(series)[early]).toBeGreaterThan(0.9 * scoreValues(hourly([3]))[early]);
  });
});

describe('parseTimestamp', () => {
  it('reads ISO-8601 and epoch seconds or milliseconds', () => {
    const ms = Date.UTC(2025, 2, 3, 10);
    expect(parseTimestamp('2025-03-03T10:00:00Z')).toBe(ms);
    expect(parseTimestamp('2025-03-03 10:00:00')).toBe(ms);
    expect(parseTimestamp('2025-03-03T12:00:00+02:00')).toBe(ms);
    expect(parseTimestamp(String(ms / 1000))).toBe(ms);
    expect(parseTimestamp(String(ms))).toBe(ms);
    expect(parseTimestamp('yesterday')).toBeNaN();
  });
});

describe('npm run detect (the script)', () => {
  const whole = detect(FIXTURE);

  it('echoes every row with a score and names the bad lines on stderr', () => {
    expect(whole.status).toBe(0);
    const input = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    expect(whole.rows[0]).toBe('timestamp,value,anomaly_score');
    expect(whole.rows).toHaveLength(input.length);
    whole.rows.slice(1).forEach((r, i) => expect(r.startsWith(input[i + 1] + ',')).toBe(true));
    expect(whole.stderr).toMatch(/series\.csv:202: value "not-a-number" is not a number/);
    expect(whole.stderr).toMatch(/series\.csv:300: timestamp "yesterday"/);
    expect(whole.rows[201]).toMatch(/,not-a-number,0$/);
  });

  it('is causal through the CLI: a prefix of the file scores like the first rows of the whole', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'detect-'));
    const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    for (const k of [50, 777]) {
      const file = path.join(dir, `prefix-${k}.csv`);
      writeFileSync(file, lines.slice(0, k + 1).join('\n') + '\n');
      expect(detect(file).rows).toEqual(whole.rows.slice(0, k + 1));
    }
  });

  it('epoch-second timestamps give the same scores as ISO ones', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'detect-'));
    const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n').slice(0, 400);
    const epoch = lines.map((l, i) => {
      if (i === 0) return l;
      const [ts, v] = l.split(',');
      const t = Date.parse(ts);
      return `${Number.isFinite(t) ? t / 1000 : ts},${v}`;
    });
    const file = path.join(dir, 'epoch.csv');
    writeFileSync(file, epoch.join('\n') + '\n');
    const scores = (rows: string[]) => rows.map((r) => r.split(',').at(-1));
    expect(scores(detect(file).rows)).toEqual(scores(whole.rows.slice(0, 400)));
  });

  it('a file without the header is an error', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'detect-'));
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const r = detect(file);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/expected a header with columns timestamp,value/);
  });
});
