import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../lib/sources/http.js';
import { BadCredentialsError, MalformedResponseError, RateLimitedError, ResourceGoneError, TransientSourceError } from '../../../lib/sources/errors.js';
import { retryAfterMs } from '../../../lib/sources/retry-after.js';
import { startRecordedServer, type RecordedServer } from '../../helpers/recorded-server.js';

describe('shared HTTP client', () => {
  let s: RecordedServer;
  beforeAll(async () => (s = await startRecordedServer()));
  afterAll(() => s.close());
  const http = createHttpClient({ backoffMs: 5, attempts: 3, maxInlineRetryAfterMs: 2000 });

  it('retries 5xx and honours a short Retry-After in-process', async () => {
    s.enqueue('/a', { status: 503 }, { status: 429, headers: { 'Retry-After': '1' } }, { body: { ok: 1 } });
    const started = Date.now();
    expect(await http.get('/a'.replace('/a', `${s.url}/a`))).toEqual({ ok: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('a long Retry-After surfaces as RateLimitedError with the delay', async () => {
    s.enqueue('/b', { status: 429, headers: { 'Retry-After': '120' } });
    const e = await http.get(`${s.url}/b`).catch((x) => x);
    expect(e).toBeInstanceOf(RateLimitedError);
    expect((e as RateLimitedError).retryAfterMs).toBe(120_000);
  });

  it('maps 401/403, 404/410, persistent 5xx and bodies that are not JSON', async () => {
    s.enqueue('/c', { status: 401, body: { error: 'invalid_token' } });
    await expect(http.get(`${s.url}/c?api_key=secret`)).rejects.toThrow(BadCredentialsError);
    s.enqueue('/c', { status: 403, body: { error: 'quotaExceeded' } });
    const e = (await http.get(`${s.url}/c?api_key=secret`).catch((x: unknown) => x)) as Error;
    expect(e.message).toContain('quotaExceeded');
    expect(e.message).not.toContain('secret'); // query strings (keys) are never in messages
    s.enqueue('/d', { status: 410 });
    await expect(http.get(`${s.url}/d`)).rejects.toThrow(ResourceGoneError);
    s.enqueue('/e', { status: 500 }, { status: 500 }, { status: 502 });
    await expect(http.get(`${s.url}/e`)).rejects.toThrow(TransientSourceError);
    s.enqueue('/f', { body: '<html>maintenance</html>' });
    await expect(http.get(`${s.url}/f`)).rejects.toThrow(MalformedResponseError);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs(undefined, now, 5000)).toBe(5000);
    expect(retryAfterMs('soon', now, 7000)).toBe(7000);
  });
});
