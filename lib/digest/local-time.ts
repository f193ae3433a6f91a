// Wall-clock times of a digest in the time zone it is sent in (`digest.tz`): a team in Tel Aviv
// reads "08:00", not "06:00 UTC". Pure (Intl's time-zone data, no clock).

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    // A zone the config did not validate is a programming error: Intl names it.
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

export function localParts(ms: number, tz: string): LocalParts {
  const p: Record<string, number> = {};
  for (const { type, value } of formatter(tz).formatToParts(new Date(ms))) if (type !== 'literal') p[type] = Number(value);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour % 24, minute: p.minute };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "2026-11-22 08:00" in `tz`. */
export function localStamp(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/**
 * The instants in [from, to] where the local clock shows a whole multiple of `everyHours` hours
 * (4: 00:00, 04:00, …; 24: midnight), for chart ticks. Searched in quarter hours, so zones whose
 * offset is not whole hours (Asia/Kolkata, +05:30) get their ticks too.
 */
export function localTicks(from: number, to: number, tz: string, everyHours: number): number[] {
  const Q = 15 * 60_000;
  const out: number[] = [];
  for (let t = Math.ceil(from / Q) * Q; t <= to; t += Q) {
    const p = localParts(t, tz);
    if (p.minute === 0 && p.hour % everyHours === 0) out.push(t);
  }
  return out;
}
