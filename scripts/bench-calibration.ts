// How well the alert level holds its false-alarm target where nothing happens: seeded Poisson
// streams with a daily and weekly rhythm (negative and other posts independent, no waves), the
// live detector and incident rules, incidents per stream-week beside the target.
//   npx tsx scripts/bench-calibration.ts [--target 0.3] [--seeds 6] [--days 28]
import { createDetector } from '../lib/detection/detector.js';
import { initialIncidentState, nextIncidentState } from '../lib/detection/incident-rules.js';
import { cliProgram, numberIn, parseArgs } from './lib-cli.js';
import { BUCKET, synth } from './lib-synth.js';

const MEANS = [0.3, 1, 3, 10, 40, 200];
const WARMUP_DAYS = 3;

function main(): void {
  const o = parseArgs<{ target: number; seeds: number; days: number }>(
    cliProgram('bench-calibration', 'False alarms a week of the live detector on wave-free seeded streams, beside its target')
      .option('--target <perWeek>', 'false_alarms_per_week of the detector', numberIn({ above: 0, max: 50 }), 0.3)
      .option('--seeds <n>', 'streams per brand size', numberIn({ min: 1, max: 100, integer: true }), 6)
      .option('--days <n>', 'days per stream (the first 3 are warm-up)', numberIn({ min: 7, max: 365, integer: true }), 28),
  );
  const rows: string[] = [];
  let weeks = 0;
  let incidents = 0;
  for (const mean of MEANS) {
    let n = 0;
    for (let seed = 1; seed <= o.seeds; seed++) {
      const points = synth({ days: o.days, mean, seed: seed * 101 + mean, dayAmp: 0.8, weekend: 0.6 });
      const d = createDetector({ bucketMs: BUCKET, minNegative: 5, falseAlarmsPerWeek: o.target });
      let state = initialIncidentState();
      points.forEach((p, i) => {
        const s = d.push(p);
        if (i < (WARMUP_DAYS * 86_400_000) / BUCKET) return;
        const r = nextIncidentState(state, s, { bucketMs: BUCKET, resolveAfterMs: 30 * 60_000, cooldownMs: 60 * 60_000 });
        state = r.state;
        if (r.events.some((e) => e.type === 'opened')) n++;
      });
    }
    const w = (o.seeds * (o.days - WARMUP_DAYS)) / 7;
    weeks += w;
    incidents += n;
    rows.push(`| ${mean} | ${w.toFixed(1)} | ${n} | ${(n / w).toFixed(2)} |`);
  }
  console.log(`target ${o.target} false alarms a week; ${o.seeds} streams x ${o.days} days per size (first ${WARMUP_DAYS} days not scored)\n`);
  console.log('| negative posts per 5 min | stream-weeks | incidents | per week |\n|---|---:|---:|---:|');
  console.log(rows.join('\n'));
  console.log(`| all | ${weeks.toFixed(1)} | ${incidents} | ${(incidents / weeks).toFixed(2)} |`);
}

main();
