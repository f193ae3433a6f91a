// Durations as people write them in YAML: "90s", "5m", "1h", "2d", or a number of milliseconds.
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new Error(`"${value}" is not a duration`);
    return value;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(value);
  if (!m) throw new Error(`"${value}" is not a duration (use e.g. 30s, 5m, 1h, 2d)`);
  return Math.round(Number(m[1]) * UNITS[m[2]]);
}
