// Parses an HTTP Retry-After header (delta-seconds or HTTP-date) into milliseconds.
export function retryAfterMs(header: string | undefined | null, now: Date, fallbackMs = 30_000): number {
  if (!header) return fallbackMs;
  const trimmed = String(header).trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  return fallbackMs;
}
