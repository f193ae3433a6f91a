// `npm run demo`: a bounded run of the whole stack (embedded Temporal and ClickHouse, the
// worker, the Schedules) over the bundled demo data: replays eight days of multilingual
// mentions in accelerated time, then prints what was stored, the incidents and the alerts.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../lib/config/load.js';
import { replayStreamTime, type ReplayCursor } from '../lib/sources/connectors/replay.js';
import { loadCursor } from '../lib/store/cursors-repo.js';
import { queryRows } from '../lib/store/clickhouse.js';
import { detectorCursorId, type DetectorCursor } from '../lib/pipeline/detect-brand.js';
import { incidentStateQuery } from '../lib/contract/incident.js';
import { incidentWorkflowId } from '../lib/contract/ids.js';
import { PROJECT_ROOT } from './temporal-cli.js';
import { startRuntime } from './runtime.js';
import { incidentChart } from '../lib/pipeline/incident-chart.js';
import { sendIncidentAction } from '../lib/pipeline/incident-actions.js';
import { incidentTimes } from '../lib/store/incident-lookup.js';
import { brandHealthUrl, incidentsUrl } from '../lib/alerts/dashboard-links.js';
import { queueSummary } from '../lib/store/queue-repo.js';
import { pauseSchedules } from './schedules.js';
import { cliProgram, parseArgs, usageError } from '../scripts/lib-cli.js';
import { DataDirInUseError, lockHolder } from './data-lock.js';

const CONFIG = path.join(PROJECT_ROOT, 'examples', 'demo', 'monitor.demo.yaml');
const TIMEOUT_MS = 6 * 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  // No options, but --help (and a typo) must not wipe data_dir and start the stack.
  parseArgs(
    cliProgram('demo', 'Run the whole stack over the bundled demo data (DEMO_CONFIG: another config; its data_dir is wiped first)'),
  );
  const config = loadConfig(process.env.DEMO_CONFIG ?? CONFIG);
  // A demo starts from nothing, but never pulls the data folder from under a running worker.
  const holder = lockHolder(config.data_dir);
  if (holder) usageError('demo', new DataDirInUseError(config.data_dir, holder).message);
  rmSync(config.data_dir, { recursive: true, force: true });
  const sink = config.alerts.routes.find((r) => r.type === 'file');
  const log = (m: string) => console.error(`[demo] ${m}`);
  const runtime = await startRuntime({ config, log, ui: false });
  const { clickhouse, client } = runtime;
  const source = config.sources[0];
  const brand = config.brands[0];
  const bucket = config.detection.bucket;
  const deadline = Date.now() + TIMEOUT_MS;

  const bar = new cliProgress.SingleBar(
    // noTTYOutput: the bar also prints (every 2 s) when stderr is a log file or a CI pipe.
    { format: 'replaying |{bar}| {percentage}% {value}/{total} mentions · stream time {stream}', hideCursor: true, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    // 1. Replay until every line is emitted; the care team works the incident while it runs.
    for (;;) {
      await careTeamStep(client, brand.id, log);
      const c = await loadCursor<ReplayCursor>(clickhouse, source.id);
      if (c) {
        if (!started) bar.start(c.total, 0, { stream: '' });
        started = true;
        const streamAt = replayStreamTime(c, Date.now(), Number(source.speed ?? 1));
        bar.update(c.position, { stream: new Date(streamAt).toISOString().slice(0, 16).replace('T', ' ') });
        if (c.position >= c.total) break;
      }
      if (Date.now() > deadline) throw new Error('the replay did not finish in time');
      await sleep(500);
    }
    bar.stop();
    // 2. Let detection score the last complete bucket, and the incident settle.
    const [{ m }] = await queryRows<{ m: string }>(clickhouse, 'last minute', 'SELECT toUnixTimestamp(max(minute)) * 1000 AS m FROM mention_rollup_1m');
    const lastBucket = Math.floor((Number(m) + 60_000) / bucket) * bucket - bucket;
    log('replay done; waiting for detection to catch up...');
    for (;;) {
      // Detection may open the incident after the last line is replayed: the care team still works it.
      await careTeamStep(client, brand.id, log);
      const d = await loadCursor<DetectorCursor>(clickhouse, detectorCursorId(brand.id));
      if (d && d.lastT >= lastBucket) break;
      if (Date.now() > deadline) throw new Error('detection did not catch up in time');
      await sleep(500);
    }
    for (let i = 0; i < 20; i++) {
      await careTeamStep(client, brand.id, log);
      const state = await client.workflow.getHandle(incidentWorkflowId(brand.id)).query(incidentStateQuery).catch(() => undefined);
      if (!state || state.status === 'resolved' || state.status === 'cooldown') break;
      await sleep(500);
    }
    await pauseSchedules(client, config, 'demo finished');
    await sleep(1000);

    // 3. Summary.
    const byPlatform = await queryRows<{ platform: string; negative: string; neutral: string; positive: string; total: string }>(
      clickhouse,
      'summary by platform',
      `SELECT platform, countIf(sentiment = 'negative') AS negative, countIf(sentiment = 'neutral') AS neutral,
              countIf(sentiment = 'positive') AS positive, count() AS total
       FROM mentions FINAL GROUP BY platform ORDER BY platform`,
    );
    const byBrand = await queryRows<{ brand: string; lang: string; n: string }>(
      clickhouse, 'summary by brand', 'SELECT brand, lang, count() AS n FROM mentions FINAL GROUP BY brand, lang ORDER BY brand, lang',
    );
    const rejects = await queryRows<{ n: string }>(clickhouse, 'rejects', 'SELECT count() AS n FROM rejects');
    const incidents = await queryRows<{ incident_id: string; status: string; severity: string; opened_at: string; resolved_at: string; peak_negative: string; baseline: number; summary: string; assignee: string; resolution: string; resolved_by: string }>(
      clickhouse, 'incidents', 'SELECT incident_id, status, severity, opened_at, resolved_at, peak_negative, baseline, summary, assignee, resolution, resolved_by FROM incidents FINAL ORDER BY opened_at',
    );
    const actions = await queryRows<{ incident_id: string; action: string; by: string; detail: string }>(
      clickhouse, 'incident actions', 'SELECT incident_id, action, by, detail FROM incident_actions FINAL ORDER BY incident_id, seq',
    );
    const deliveries = await queryRows<{ kind: string; route_id: string; status: string; n: string }>(
      clickhouse, 'deliveries', 'SELECT kind, route_id, status, count() AS n FROM alert_deliveries GROUP BY kind, route_id, status ORDER BY kind',
    );

    const queue = await queueSummary(clickhouse);
    const out: string[] = [];
    out.push('', '=== brand-pulse demo summary ===', '', 'Mentions stored by platform and sentiment:');
    out.push(`  ${'platform'.padEnd(10)} ${'negative'.padStart(9)} ${'neutral'.padStart(8)} ${'positive'.padStart(9)} ${'total'.padStart(6)}`);
    for (const r of byPlatform) out.push(`  ${r.platform.padEnd(10)} ${String(r.negative).padStart(9)} ${String(r.neutral).padStart(8)} ${String(r.positive).padStart(9)} ${String(r.total).padStart(6)}`);
    const total = byPlatform.reduce((n, r) => n + Number(r.total), 0);
    out.push(`  ${'all'.padEnd(10)} ${String(byPlatform.reduce((n, r) => n + Number(r.negative), 0)).padStart(9)} ${String(byPlatform.reduce((n, r) => n + Number(r.neutral), 0)).padStart(8)} ${String(byPlatform.reduce((n, r) => n + Number(r.positive), 0)).padStart(9)} ${String(total).padStart(6)}`);
    out.push('', `By brand and language: ${byBrand.map((r) => `${r.brand}/${r.lang} ${r.n}`).join(', ')}`);
    out.push(`Rejected lines (rejects table): ${rejects[0]?.n ?? 0}`);
    out.push('', `Incidents opened: ${incidents.length}`);
    for (const i of incidents) {
      const s = JSON.parse(i.summary || '{}') as { phrases?: { phrase: string }[]; platforms?: string[]; languages?: string[] };
      out.push(`  ${i.incident_id}: ${i.status}, severity ${i.severity}, opened ${i.opened_at} UTC${i.status === 'resolved' ? `, resolved ${i.resolved_at} UTC` : ''}`);
      out.push(`    peak ${i.peak_negative} negative per ${bucket / 60_000} min vs baseline ${Number(i.baseline).toFixed(1)}; platforms ${s.platforms?.join(', ')}; languages ${s.languages?.join(', ')}`);
      out.push(`    what is spreading: ${s.phrases?.map((p) => p.phrase).join(' · ') || '-'}`);
      if (i.assignee || i.resolution) out.push(`    assigned to ${i.assignee || '-'}; ${i.resolution === 'manual' ? `resolved by hand by ${i.resolved_by}` : i.resolution === 'false_positive' ? `marked not an incident by ${i.resolved_by}` : 'resolved by itself'}`);
      for (const a of actions.filter((x) => x.incident_id === i.incident_id)) out.push(`    action: ${a.action} by ${a.by}${a.detail ? `: ${a.detail}` : ''}`);
      const times = await incidentTimes(clickhouse, brand.id, i.incident_id);
      const png = times ? await incidentChart({ clickhouse, config }, { ...times, brandName: brand.name }) : undefined;
      if (png) {
        const chartFile = path.join(config.data_dir, `${i.incident_id}.png`);
        writeFileSync(chartFile, png);
        out.push(`    chart (as attached to the email alert): ${chartFile}`);
      }
    }
    out.push('', `Alerts delivered: ${deliveries.filter((d) => d.status === 'sent').reduce((n, d) => n + Number(d.n), 0)}`);
    for (const d of deliveries) out.push(`  ${d.kind} -> ${d.route_id}: ${d.n} ${d.status}`);
    if (sink?.type === 'file') out.push(`  alert sink: ${sink.path}`);
    out.push('', 'Reply queue (npm run queue -- list --state open):');
    const minutes = (s: number | null) => (s === null ? '-' : `${Math.round(s / 60)} min`);
    for (const q of queue) {
      out.push(`  ${q.brand}: ${q.items} items: ${q.answered} answered, ${q.open} open, ${q.assigned} assigned, ${q.dismissed} dismissed`);
      out.push(`    first response p50 ${minutes(q.p50_first_response_seconds)}, p90 ${minutes(q.p90_first_response_seconds)}`);
    }
    // Mentions and incidents carry the replayed (stream) time: the dashboards need the demo's days as their range.
    const [span] = await queryRows<{ from: string; to: string }>(
      clickhouse, 'demo time range', 'SELECT toUnixTimestamp64Milli(min(created_at)) AS from, toUnixTimestamp64Milli(max(created_at)) AS to FROM v_mentions',
    );
    if (span) {
      const [from, to] = [Number(span.from), Number(span.to)];
      out.push('', "Dashboards over the demo's days (stream time; source health is wall clock, leave it on now):");
      out.push(`  ${brandHealthUrl(config.links.grafana_url, brand.id, from, to)}`, `  ${incidentsUrl(config.links.grafana_url, from, to)}`);
    }
    out.push('', `Data: ${config.data_dir} (query it: SELECT ... FROM v_mentions, v_incidents, v_daily_brand, v_sources, v_queue; see docs/analyst-sql.md)`);
    console.log(out.join('\n'));
    if (incidents.length === 0) {
      console.error('[demo] no incident was opened for the injected burst');
      process.exitCode = 1;
    }
  } finally {
    if (started) bar.stop();
    await runtime.stop();
  }
}

const CARE = 'Dana (care team)';

/**
 * The demo's care team (as `npm run incident` or the alert links would): assigns the open incident
 * with a note, then resolves it by hand on the next look. Acts once per incident.
 */
async function careTeamStep(client: Client, brand: string, log: (m: string) => void): Promise<void> {
  const state = await client.workflow.getHandle(incidentWorkflowId(brand)).query(incidentStateQuery).catch(() => undefined);
  if (!state || (state.status !== 'open' && state.status !== 'acknowledged') || !state.history) return;
  const done = (action: string) => state.history!.some((a) => a.action === action);
  if (!done('assign')) {
    await sendIncidentAction(client, brand, state.incidentId, { action: 'assign', to: CARE, by: 'demo' });
    await sendIncidentAction(client, brand, state.incidentId, { action: 'note', text: 'Replying to the loudest posts; the baggage desk is tracing the lost bags', by: CARE });
    log(`incident ${state.incidentId} assigned to ${CARE}, with a note`);
  } else if (!done('resolve')) {
    await sendIncidentAction(client, brand, state.incidentId, { action: 'resolve', by: CARE, reason: 'every post answered, bags traced' });
    log(`incident ${state.incidentId} resolved by hand by ${CARE}`);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(`[demo] failed: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
