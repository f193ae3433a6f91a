// Short-lived access tokens (Reddit app-only OAuth, Bluesky sessions): taken when first needed,
// kept in the HTTP client's memo (never in a cursor: they are secrets), renewed a minute before
// they expire, and taken afresh once when the provider refuses one; a second refusal is real.
import type { HttpClient } from './http.js';

export interface IssuedToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

const RENEW_BEFORE_MS = 60_000;

export async function withAccessToken<T>(
  http: HttpClient,
  key: string,
  now: number,
  issue: () => Promise<IssuedToken>,
  call: (token: string) => Promise<T>,
  /** Whether an error of `call` means the token was refused (expired or revoked). */
  refused: (e: unknown) => boolean,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const { token } = await http.memo.rememberAsync(key, (t: IssuedToken) => t.expiresAt > now + RENEW_BEFORE_MS, issue);
    try {
      return await call(token);
    } catch (e) {
      if (!refused(e) || attempt > 0) throw e;
      http.memo.forget(key);
    }
  }
}
