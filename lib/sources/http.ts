// One HTTP client for every connector: per-host concurrency budget (p-limit), bounded
// in-process retries with exponential backoff for 5xx/timeouts (p-retry), Retry-After honoured
// on 429, and typed errors for what retrying cannot fix. Each client also carries the memo
// where connectors keep what lives as long as the worker (access tokens, parsed files).
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import pLimit, { type LimitFunction } from 'p-limit';
import pRetry from 'p-retry';
import {
  BadCredentialsError,
  MalformedResponseError,
  RateLimitedError,
  ResourceGoneError,
  TransientSourceError,
} from './errors.js';
import { Memo } from './memo.js';
import { retryAfterMs } from './retry-after.js';
import { truncateText } from './truncate.js';

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

export interface HttpResponse<T> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

export interface HttpClient {
  get<T = unknown>(url: string, opts?: RequestOptions): Promise<T>;
  request<T = unknown>(url: string, opts?: RequestOptions): Promise<HttpResponse<T>>;
  /** What connectors keep for as long as this client lives (one client per worker). */
  readonly memo: Memo;
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

  /** One attempt: the response, or the typed error that says whether another attempt may help. */
  async function attempt<T>(url: string, host: string, opts: RequestOptions): Promise<HttpResponse<T>> {
    let res: AxiosResponse<string>;
    try {
      res = await limitFor(host)(() =>
        ax.request<string>({ url, method: opts.method ?? 'GET', params: opts.params, headers: opts.headers, data: opts.data }),
      );
    } catch (e) {
      throw new TransientSourceError((e as Error).message);
    }
    const headers = Object.fromEntries(Object.entries(res.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    if (res.status === 429) throw new RateLimitedError(url, retryAfterMs(headers['retry-after'], new Date()));
    if (res.status === 401 || res.status === 403) {
      throw new BadCredentialsError(`${host} answered ${res.status} for ${redact(url)}: check the credentials (${bodyHint(res.data)})`);
    }
    if (res.status === 404 || res.status === 410) {
      throw new ResourceGoneError(`${host} answered ${res.status} for ${redact(url)}: the resource is gone`);
    }
    if (res.status >= 500 || res.status === 408) throw new TransientSourceError(`${host} answered ${res.status}`);
    if (res.status >= 400) {
      throw new MalformedResponseError(`${host} answered ${res.status} for ${redact(url)}: ${truncateText(String(res.data), 200)}`);
    }
    if ((opts.as ?? 'json') === 'text') return { status: res.status, headers, data: res.data as T };
    try {
      return { status: res.status, headers, data: JSON.parse(res.data) as T };
    } catch {
      throw new MalformedResponseError(`${host} returned a body that is not JSON for ${redact(url)}`);
    }
  }

  /** Transient failures are tried again here; so is a 429 whose Retry-After is short enough to wait. */
  const worthWaiting = (e: Error) => e instanceof TransientSourceError || (e instanceof RateLimitedError && e.retryAfterMs <= maxInlineRetryAfterMs);

  async function request<T>(url: string, opts: RequestOptions = {}): Promise<HttpResponse<T>> {
    const host = new URL(url).host;
    try {
      return await pRetry(() => attempt<T>(url, host, opts), {
        retries: attempts - 1,
        factor: 2,
        minTimeout: backoffMs,
        async shouldRetry({ error }) {
          if (!worthWaiting(error)) return false;
          // The provider said when to come back: wait that long (the backoff follows).
          if (error instanceof RateLimitedError) await sleep(error.retryAfterMs);
          return true;
        },
      });
    } catch (e) {
      if (e instanceof TransientSourceError) throw new TransientSourceError(`${redact(url)} failed after ${attempts} attempts: ${e.message}`);
      throw e;
    }
  }

  return {
    request,
    async get<T>(url: string, opts?: RequestOptions) {
      return (await request<T>(url, opts)).data;
    },
    memo: new Memo(),
  };
}

/** The start of an error body (providers say why: quotaExceeded, invalid_token...), one line. */
function bodyHint(body: unknown): string {
  return truncateText(String(body ?? '').replace(/\s+/g, ' '), 200) || 'no body';
}

/** Drops query strings from URLs in messages: they may carry API keys. */
export function redact(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}
