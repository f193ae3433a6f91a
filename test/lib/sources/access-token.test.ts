// Access tokens live in the HTTP client's memo: one client (one worker) reuses a token until a
// minute before it expires and renews it once when refused; another client shares nothing.
import { describe, expect, it } from 'vitest';
import { withAccessToken, type IssuedToken } from '../../../lib/sources/access-token.js';
import { BadCredentialsError } from '../../../lib/sources/errors.js';
import { createHttpClient } from '../../../lib/sources/http.js';

const T0 = Date.parse('2026-11-20T12:00:00Z');

function issuer() {
  let n = 0;
  const issued: string[] = [];
  const issue = async (now: number): Promise<IssuedToken> => {
    const token = `token-${++n}`;
    issued.push(token);
    return { token, expiresAt: now + 3_600_000 };
  };
  return { issue, issued };
}

const refused = (e: unknown) => e instanceof BadCredentialsError;

describe('withAccessToken', () => {
  it('reuses a token until shortly before it expires', async () => {
    const http = createHttpClient();
    const { issue, issued } = issuer();
    const call = (now: number) => withAccessToken(http, 'k', now, () => issue(now), async (t) => t, refused);
    expect(await call(T0)).toBe('token-1');
    expect(await call(T0 + 3_500_000)).toBe('token-1');
    expect(await call(T0 + 3_550_000)).toBe('token-2'); // within a minute of expiry: renewed
    expect(issued).toEqual(['token-1', 'token-2']);
  });

  it('takes a fresh token once when the provider refuses one; a second refusal is real', async () => {
    const http = createHttpClient();
    const { issue, issued } = issuer();
    const seen: string[] = [];
    const refuseFirst = async (t: string) => {
      seen.push(t);
      if (t === 'token-1') throw new BadCredentialsError('expired');
      return 'ok';
    };
    expect(await withAccessToken(http, 'k', T0, () => issue(T0), refuseFirst, refused)).toBe('ok');
    expect(seen).toEqual(['token-1', 'token-2']);
    const always = async () => {
      throw new BadCredentialsError('revoked');
    };
    await expect(withAccessToken(http, 'k2', T0, () => issue(T0), always, refused)).rejects.toThrow('revoked');
    expect(issued).toEqual(['token-1', 'token-2', 'token-3', 'token-4']);
    // Other errors are not a refusal: the token is kept.
    await expect(withAccessToken(http, 'k', T0, () => issue(T0), async () => Promise.reject(new Error('down')), refused)).rejects.toThrow('down');
    expect(await withAccessToken(http, 'k', T0, () => issue(T0), async (t) => t, refused)).toBe('token-2');
  });

  it('keeps nothing between two clients', async () => {
    const { issue, issued } = issuer();
    await withAccessToken(createHttpClient(), 'k', T0, () => issue(T0), async (t) => t, refused);
    await withAccessToken(createHttpClient(), 'k', T0, () => issue(T0), async (t) => t, refused);
    expect(issued).toEqual(['token-1', 'token-2']);
  });
});
