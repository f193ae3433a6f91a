// Meta Graph API helpers shared by the Facebook Page and Instagram connectors: one GET with
// the token in the Authorization header (never in URLs, so neither logs nor stored cursors
// carry it), and Graph's error codes mapped to our typed errors. Graph reports an expired or
// revoked token as HTTP 400 with OAuthException code 190, and throttling as 400/403 with
// codes 4, 17, 32, 613 or 80001-80014; the shared client only sees "a 4xx".
import { BadCredentialsError, MalformedResponseError, RateLimitedError, ResourceGoneError } from './errors.js';
import type { HttpClient } from './http.js';

export const GRAPH_BASE_URL = 'https://graph.facebook.com/v21.0';

/** Graph throttling codes: application, user, page, custom and business-use-case limits. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, ...Array.from({ length: 14 }, (_, i) => 80001 + i)]);
/** Graph does not say when a throttle lifts; its docs advise backing off for minutes. */
const THROTTLE_BACKOFF_MS = 15 * 60_000;

export interface GraphError {
  code?: number;
  subcode?: number;
  type?: string;
  message?: string;
}

/** Reads Graph's `{"error":{...}}` from a shared-client error message (the body may be cut short). */
export function graphErrorOf(message: string): GraphError | undefined {
  const at = message.indexOf('{"error"');
  if (at < 0) return undefined;
  const text = message.slice(at);
  try {
    const e = (JSON.parse(text) as { error?: Record<string, unknown> }).error ?? {};
    return {
      code: typeof e.code === 'number' ? e.code : undefined,
      subcode: typeof e.error_subcode === 'number' ? e.error_subcode : undefined,
      type: typeof e.type === 'string' ? e.type : undefined,
      message: typeof e.message === 'string' ? e.message : undefined,
    };
  } catch {
    // Truncated body: pick out what is there.
    const num = (k: string) => {
      const m = new RegExp(`"${k}"\\s*:\\s*(\\d+)`).exec(text);
      return m ? Number(m[1]) : undefined;
    };
    return {
      code: num('code'),
      subcode: num('error_subcode'),
      type: /"type"\s*:\s*"([^"]+)"/.exec(text)?.[1],
      message: /"message"\s*:\s*"((?:[^"\\]|\\.)*)/.exec(text)?.[1],
    };
  }
}

/** Maps a Graph error carried by a shared-client error to the typed error that fits. */
export function mapGraphError(e: unknown, url: string, tokenEnv: string): unknown {
  if (!(e instanceof MalformedResponseError)) return e;
  const g = graphErrorOf(e.message);
  if (!g) return e;
  const aboutToken = /access token|session has expired|session is invalid|password/i.test(g.message ?? '');
  if (g.code === 190 || g.code === 102 || (g.type === 'OAuthException' && aboutToken && g.code === undefined)) {
    return new BadCredentialsError(`Graph API rejected the token in ${tokenEnv} (code ${g.code ?? '?'}${g.subcode ? `/${g.subcode}` : ''}): ${g.message ?? ''}`.trim());
  }
  if (g.code === 10 || (g.code !== undefined && g.code >= 200 && g.code < 300)) {
    return new BadCredentialsError(`Graph API permission error with the token in ${tokenEnv} (code ${g.code}): ${g.message ?? ''}`.trim());
  }
  if (g.code !== undefined && RATE_LIMIT_CODES.has(g.code)) return new RateLimitedError(url, THROTTLE_BACKOFF_MS);
  // (code and subcode can be cut off the end of a long message: the text then decides)
  if ((g.code === 100 || g.code === undefined) && (g.subcode === 33 || /Object with ID .* does not exist/i.test(g.message ?? ''))) {
    return new ResourceGoneError(`Graph API object is gone or not visible to the token in ${tokenEnv}: ${g.message ?? ''}`.trim());
  }
  return e;
}

export async function graphGet<T = unknown>(
  http: HttpClient,
  url: string,
  params: Record<string, string | number | undefined>,
  token: string,
  tokenEnv: string,
): Promise<T> {
  try {
    return await http.get<T>(url, { params, headers: { Authorization: `Bearer ${token}` } });
  } catch (e) {
    throw mapGraphError(e, url, tokenEnv);
  }
}
