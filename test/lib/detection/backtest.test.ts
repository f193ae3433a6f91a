import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultEncoder } from '../../../lib/analysis/encoder/default-encoder.js';
import { explainTrigger } from '../../../lib/alerts/alert.js';
import { parseConfig } from '../../../lib/config/load.js';
import { detectionFor } from '../../../lib/config/schema.js';
import { Backtest, type BacktestIncident } from '../../../lib/detection/backtest.js';
import type { BucketScore } from '../../../lib/detection/types.js';
import { MONITOR_YAML, WAVE_END, WAVE_ONSET, mentionLines } from './mentions-synth.js';

const cfg = parseConfig(MONITOR_YAML, 'monitor.yaml');

function run(lines: string[]): { incidents: BacktestIncident[]; bt: Backtest } {
  const bt = new Backtest(cfg);
  lines.forEach((l, i) => bt.addLine(l, `mentions.jsonl:${i + 1}`));
  return { incidents: bt.finish(), bt };
}

describe('Backtest', () => {
  const lines = mentionLines();
  const { incidents, bt } = run(lines);

  it('finds the wave once, early, with what it is about, and resolves it', () => {
    expect(incidents).toHaveLength(1);
    const i = incidents[0];
    expect(i.brand).toBe('acme');
    const opened = Date.parse(i.opened_at);
    expect(opened).toBeGreaterThan(WAVE_ONSET);
    expect(opened - WAVE_ONSET).toBeLessThanOrEqual(30 * 60_000);
    expect(Date.parse(i.peak_at)).toBeGreaterThanOrEqual(opened - 5 * 60_000);
    expect(Date.parse(i.resolved_at as string)).toBeGreaterThan(WAVE_END);
    expect(i.top_phrases[0]).toBe('double charge');
    expect(i.top_phrases).not.toContain('acme');
    expect(['low', 'medium', 'high', 'critical']).toContain(i.severity);
  });

  it('everyday chatter alone opens nothing', () => {
    expect(run(mentionLines({ wave: false })).incidents).toEqual([]);
  });

  it('duplicate deliveries change nothing', () => {
    const doubled = lines.flatMap((l, i) => (i % 3 === 0 ? [l, l] : [l]));
    const again = run(doubled);
    expect(again.incidents).toEqual(incidents);
    expect(again.bt.stats.duplicates).toBe(Math.ceil(lines.length / 3));
  });

  it('a source down for two hours, then delivering its backlog late, is neither a spike nor a recovery', () => {
    const calm = mentionLines({ wave: false, rate: 2 });
    const at = (l: string) => Date.parse(JSON.parse(l).created_at as string);
    const from = Date.UTC(2025, 2, 4, 12);
    const to = from + 2 * 3_600_000;
    const down = calm.filter((l) => at(l) >= from && at(l) < to);
    const rest = calm.filter((l) => at(l) < from || at(l) >= to);
    // The backlog arrives in one go, 20 minutes after the source is back.
    const i = rest.findIndex((l) => at(l) >= to + 20 * 60_000);
    const arrival = [...rest.slice(0, i), ...down, ...rest.slice(i)];
    const r = run(arrival);
    expect(r.incidents).toEqual([]);
    expect(r.bt.stats.late).toBeGreaterThan(0);
    expect(run(rest).incidents).toEqual([]);
  });

  it('bad lines are rejected with their line number and do not stop the run', () => {
    const withBad = [...lines.slice(0, 10), '{not json', '{"id":"x"}', ...lines.slice(10)];
    const r = run(withBad);
    expect(r.bt.stats.rejected).toBe(2);
    expect(r.bt.rejects[0]).toMatch(/^mentions\.jsonl:11: invalid JSON/);
    expect(r.incidents).toEqual(incidents);
    expect(bt.stats.rejected).toBe(0);
  });
});

/** The script's path in-process: the same replay, with the analysis the live pipeline uses (the encoder when installed). */
async function replayAsScript(lines: string[], onScore?: (brand: string, s: BucketScore) => void): Promise<BacktestIncident[]> {
  const bt = new Backtest(cfg, { onScore });
  const encoder = await defaultEncoder();
  await bt.replay(lines.map((line, i) => ({ line, where: `mentions.jsonl:${i + 1}` })), { encoder });
  return bt.finish();
}

describe('npm run backtest (the script)', () => {
  let incidents: BacktestIncident[];
  beforeAll(async () => {
    incidents = await replayAsScript(mentionLines());
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'backtest-'));
  writeFileSync(path.join(dir, 'monitor.yaml'), MONITOR_YAML);
  writeFileSync(path.join(dir, 'mentions.jsonl'), mentionLines().join('\n') + '\n');
  const backtest = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/backtest.ts', '--config', path.join(dir, 'monitor.yaml'), ...args], { encoding: 'utf8' });

  it('prints one JSON line per incident', () => {
    const r = backtest('--input', path.join(dir, 'mentions.jsonl'));
    expect(r.stderr).toMatch(/1 incident/);
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(1);
    expect(Object.keys(out[0]).sort()).toEqual(['brand', 'opened_at', 'peak_at', 'resolved_at', 'severity', 'top_phrases']);
    expect(out[0]).toEqual(JSON.parse(JSON.stringify(incidents[0])));

    // A file listed newest first is replayed in created_at order: same incident.
    writeFileSync(path.join(dir, 'reversed.jsonl'), [...mentionLines()].reverse().join('\n') + '\n');
    const rev = backtest('--input', path.join(dir, 'reversed.jsonl'));
    expect(rev.stdout).toBe(r.stdout);
  });

  it('--explain: one line on stderr per scored window that crossed, saying why; stdout unchanged', async () => {
    const crossed: BucketScore[] = [];
    await replayAsScript(mentionLines(), (_brand, s) => void (s.anomalous && crossed.push(s)));
    const bucket = detectionFor(cfg, 'acme').bucket;
    const expected = crossed.map((s) => `${new Date(s.t + bucket).toISOString().slice(0, 16)}Z acme: ${explainTrigger(s.window!)} (evidence ${s.window!.evidence.toFixed(2)})`);

    const r = backtest('--input', path.join(dir, 'mentions.jsonl'), '--explain');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual(JSON.parse(JSON.stringify(incidents)));
    const lines = r.stderr.split('\n').filter((l) => / acme: /.test(l));
    expect(lines.length).toBeGreaterThan(3);
    expect(lines).toEqual(expected);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ acme: \d+ negative posts in the last \d+ min where [\d.]+ were expected; negative share \d+% vs \d+% \(evidence \d+\.\d\d\)$/);
    // The first window that crossed is the one that opened the incident.
    expect(lines[0].slice(0, 16)).toBe(incidents[0].opened_at.slice(0, 16));
  });
});
