// Transport failures as errors that are safe to throw, record and log: the method, the host, the
// status and a reason from a fixed vocabulary. Never the URL's path or query (a Slack webhook URL
// is its own secret), the request body, the headers (a bot token), credentials, or a receiver's
// free text: a raw AxiosError carries its config (URL, headers, body), a Node error message can
// carry the URL, and an SMTP answer can echo what it was sent. Pure.
import { AlertRejectedError, RouteConfigError } from './channel.js';

/** "POST hooks.slack.com": where a request went, without its secret parts. */
export function endpointOf(method: string, url: string): string {
  try {
    return `${method} ${new URL(url).host}`;
  } catch {
    return `${method} (an invalid URL)`;
  }
}

/**
 * The part of a webhook URL that may be its credential (the path and query: Slack's
 * `/services/T…/B…/…`, a token in the path), for redaction in case it shows up without its host.
 */
export function urlSecretPart(url: string): string | undefined {
  try {
    const u = new URL(url);
    const part = `${u.pathname}${u.search}`;
    return part === '/' ? undefined : part;
  } catch {
    return undefined;
  }
}

/** A code a library or system error carries (`ECONNREFUSED`, `EAUTH`), never its message. */
function errorCode(e: unknown): string {
  const err = (e ?? {}) as { code?: unknown; originalCode?: unknown; name?: unknown };
  for (const c of [err.originalCode, err.code]) if (typeof c === 'string' && /^E[A-Z0-9_]{1,40}$/.test(c)) return c;
  return typeof err.name === 'string' && /^[A-Za-z]{1,40}$/.test(err.name) ? err.name : 'Error';
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ERR_CANCELED: 'request cancelled',
};

/** A request that got no answer (timeout, refused, reset, DNS), described by its error code. */
export function networkFailure(routeId: string, endpoint: string, e: unknown, timeoutMs: number): Error {
  const code = errorCode(e);
  const reason = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? `timed out after ${timeoutMs / 1000} s` : (NETWORK_REASONS[code] ?? `failed (${code})`);
  return new Error(`route "${routeId}": ${endpoint} ${reason}`);
}

/** Slack-style error codes (`invalid_token`, `channel_not_found`): the only part of an answer worth keeping. */
export function errorCodeIn(body: unknown): string | undefined {
  const text = typeof body === 'string' ? body.trim() : '';
  return /^[a-z][a-z0-9_]{0,63}$/.test(text) ? text : undefined;
}

/**
 * An HTTP answer that is not a success. A redirect (never followed: it would carry the message
 * and the token elsewhere) and 401/403/404/410 say the route's URL or credentials are wrong; any
 * other 4xx but 408 and 429 says this alert will be refused again; the rest may pass on a retry.
 */
export function httpStatusFailure(routeId: string, endpoint: string, status: number, code?: string): Error {
  const what = `route "${routeId}": ${endpoint} answered ${status}${code ? ` ${code}` : ''}`;
  if ((status >= 300 && status < 400) || [401, 403, 404, 410].includes(status)) return new RouteConfigError(`${what} (check the route's URL and credentials)`);
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return new AlertRejectedError(`${what} (the alert was refused)`);
  return new Error(what);
}

/**
 * An SMTP failure from nodemailer: its code, the reply code and enhanced status (`535 5.7.8`), the
 * command it answered. Rejected credentials and permanent (5xx) replies are not retried, so a
 * wrong password is sent once, not once per retry.
 */
export function smtpFailure(routeId: string, server: string, e: unknown): Error {
  const err = (e ?? {}) as { responseCode?: unknown; response?: unknown; command?: unknown };
  const code = errorCode(e);
  const reply = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const enhanced = typeof err.response === 'string' ? /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/.exec(err.response)?.[1] : undefined;
  const command = typeof err.command === 'string' && /^[A-Z]{2,8}( [A-Z]{2,8})?$/.test(err.command) ? err.command : undefined;
  const answer = [reply, enhanced].filter(Boolean).join(' ');
  const what = `route "${routeId}": SMTP ${server}${command ? ` at ${command}` : ''}`;
  if (code === 'EAUTH' || reply === 535 || reply === 534) return new RouteConfigError(`${what} rejected the credentials${answer ? ` (${answer})` : ''}`);
  if (reply !== undefined && reply >= 500) return new AlertRejectedError(`${what} refused the message (${answer})`);
  if (reply !== undefined) return new Error(`${what} answered ${answer}`);
  const reason = code === 'ETIMEDOUT' ? 'timed out' : (NETWORK_REASONS[code] ?? `failed (${code})`);
  return new Error(`${what} ${reason}`);
}

/** Replaces every secret value (6 characters or more: shorter ones would blank common words) in `text`. */
export function redactSecrets(text: string, secrets: string[]): string {
  return secrets
    .filter((s) => s.length >= 6)
    .sort((a, b) => b.length - a.length)
    .reduce((t, s) => t.split(s).join('[redacted]'), text);
}

/**
 * What may leave the delivery code: the typed errors as they are (their messages are built from
 * the fixed vocabulary above), with any secret value redacted all the same; anything else (a bug,
 * an unexpected library error) reduced to its redacted message, without the object's properties.
 */
export function safeDeliveryError(e: unknown, secrets: string[]): Error {
  const message = redactSecrets(e instanceof Error ? e.message : String(e), secrets);
  if (e instanceof RouteConfigError) return new RouteConfigError(message);
  if (e instanceof AlertRejectedError) return new AlertRejectedError(message);
  return new Error(message);
}
