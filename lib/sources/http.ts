// One HTTP client for every connector: per-host concurrency budget (p-limit), bounded
// in-process retries with backoff for 5xx/timeouts, Retry-After honoured on 429, and
// typed errors for what retrying cannot fix.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import pLimit, { type LimitFunction } from 'p-limit';
import {
  BadCredentialsError,
  MalformedResponseError,
  RateLimitedError,
  ResourceGoneError,
  TransientSourceError,
} from './errors.js';
import { retryAfterMs } from './retry-after.js';

export interface HttpOptions {
  userAgent?: string;
  timeoutMs?: number;
  /** Concurrent requests allowed per host. */
  perHostConcurrency?: number;
  /** In-process attempts for transient failures before giving up to Temporal's retry. */
  attempts?: number;
  /** Base of the exponential backoff between attempts. */
  backoffMs?: number;
  /** Longest Retry-After we wait in-process; longer ones surface as RateLimitedError. */
  maxInlineRetryAfterMs?: number;
}

export interface RequestOptions {
  params?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** 'json' parses and checks JSON; 'text' returns the body as a string. */
  as?: 'json' | 'text';
  method?: 'GET' | 'POST';
  data?: unknown;
}

export interface HttpClient {
  get<T = unknown>(url: string, opts?: RequestOptions): Promise<T>;
  request<T = unknown>(url: string, opts?: RequestOptions): Promise<{ status: number; headers: Record<string, string>; data: T }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createHttpClient(options: HttpOptions = {}): HttpClient {
  const {
    userAgent = 'brand-pulse/0.1 (+https://github.com/brand-pulse/brand-pulse)',
    timeoutMs = 15_000,
    perHostConcurrency = 4,
    attempts = 4,
    backoffMs = 250,
    maxInlineRetryAfterMs = 10_000,
  } = options;
  const ax: AxiosInstance = axios.create({
    timeout: timeoutMs,
    headers: { 'User-Agent': userAgent, Accept: 'application/json, application/xml;q=0.9, */*;q=0.8' },
    // We inspect every status ourselves.
    validateStatus: () => true,
    transitional: { silentJSONParsing: true, forcedJSONParsing: false, clarifyTimeoutError: true },
    responseType: 'text',
  });
  const limits = new Map<string, LimitFunction>();
  const limitFor = (host: string) => {
    let l = limits.get(host);
    if (!l) limits.set(host, (l = pLimit(perHostConcurrency)));
    return l;
  };

  async function request<T>(url: string, opts: RequestOptions = {}) {
    const host = new URL(url).host;
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let res: AxiosResponse<string>;
      try {
        res = await limitFor(host)(() =>
          ax.request<string>({
            url,
            method: opts.method ?? 'GET',
            params: opts.params,
            headers: opts.headers,
            data: opts.data,
          }),
        );
      } catch (e) {
        lastError = `${(e as Error).message}`;
        await sleep(backoffMs * 2 ** (attempt - 1));
        continue;
      }
      const headers = Object.fromEntries(
        Object.entries(res.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
      );
      if (res.status === 429) {
        const wait = retryAfterMs(headers['retry-after'], new Date());
        if (wait > maxInlineRetryAfterMs || attempt === attempts) throw new RateLimitedError(url, wait);
        await sleep(wait);
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        throw new BadCredentialsError(`${host} answered ${res.status} for ${redact(url)}: check the credentials (${bodyHint(res.data)})`);
      }
      if (res.status === 404 || res.status === 410) {
        throw new ResourceGoneError(`${host} answered ${res.status} for ${redact(url)}: the resource is gone`);
      }
      if (res.status >= 500 || res.status === 408) {
        lastError = `${host} answered ${res.status}`;
        await sleep(backoffMs * 2 ** (attempt - 1));
        continue;
      }
      if (res.status >= 400) {
        throw new MalformedResponseError(`${host} answered ${res.status} for ${redact(url)}: ${String(res.data).slice(0, 200)}`);
      }
      let data: unknown = res.data;
      if ((opts.as ?? 'json') === 'json') {
        try {
          data = JSON.parse(res.data);
        } catch {
          throw new MalformedResponseError(`${host} returned a body that is not JSON for ${redact(url)}`);
        }
      }
      return { status: res.status, headers, data: data as T };
    }
    throw new TransientSourceError(`${redact(url)} failed after ${attempts} attempts: ${lastError}`);
  }

  return {
    request,
    async get<T>(url: string, opts?: RequestOptions) {
      return (await request<T>(url, opts)).data;
    },
  };
}

/** The start of an error body (providers say why: quotaExceeded, invalid_token...), one line. */
function bodyHint(body: unknown): string {
  return String(body ?? '').replace(/\s+/g, ' ').slice(0, 200) || 'no body';
}

/** Drops query strings from URLs in messages: they may carry API keys. */
export function redact(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}
