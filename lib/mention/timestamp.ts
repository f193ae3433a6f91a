// What a mention's `created_at` may be: a complete ISO-8601 / RFC 3339 date-time with its UTC
// offset, within a window around the clock it is received by. `Date.parse` alone reads "1" as
// 2001-01-01 and "Nov 22" as 2001-11-22, and accepts years that ClickHouse stores in partitions
// of their own (0001, 9999) or cannot store at all (+275760).
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** How far back and ahead of the receiving clock a mention may be dated. */
export const MAX_AGE_YEARS = 20;
export const MAX_AHEAD_MS = 24 * 3_600_000;

export type TimestampResult = { ok: true; ms: number } | { ok: false; reason: string };

/** Epoch ms of a strict ISO-8601 date-time with offset, or why it is not one. */
export function parseIsoTimestamp(s: string): TimestampResult {
  const m = ISO_DATE_TIME.exec(s);
  if (!m) return { ok: false, reason: 'is not an ISO-8601 date-time with a UTC offset (e.g. 2026-11-22T10:00:00Z)' };
  const [, y, mo, d, h, mi, sec = '0', frac = '', z, sign, oh, om] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, sec].map(Number);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const back = new Date(0);
  back.setUTCFullYear(year, month - 1, day);
  back.setUTCHours(hour, minute, second, Number(frac.padEnd(3, '0').slice(0, 3)));
  const utc = back.getTime();
  const real = back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
  if (!real || hour > 23 || minute > 59 || second > 59) return { ok: false, reason: `is not a real date and time (${s})` };
  if (z === undefined && (Number(oh) > 23 || Number(om) > 59)) return { ok: false, reason: `has an impossible UTC offset (${s})` };
  const offsetMs = z !== undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return { ok: true, ms: utc - offsetMs };
}

/** Why `ms` is outside the window around `now`, or undefined when it is inside. */
export function outsideWindow(ms: number, now: Date): string | undefined {
  const oldest = new Date(now.getTime());
  oldest.setUTCFullYear(oldest.getUTCFullYear() - MAX_AGE_YEARS);
  if (ms < oldest.getTime()) return `${new Date(ms).toISOString()} is more than ${MAX_AGE_YEARS} years before ${now.toISOString()}`;
  if (ms > now.getTime() + MAX_AHEAD_MS) return `${new Date(ms).toISOString()} is more than a day after ${now.toISOString()}`;
  return undefined;
}
