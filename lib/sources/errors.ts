// Typed source failures. Helpers throw these; the activity boundary maps them to
// Temporal failures (retryable with a delay, or non-retryable).

/** The provider asked us to slow down (HTTP 429); retry after `retryAfterMs`. */
export class RateLimitedError extends Error {
  constructor(readonly url: string, readonly retryAfterMs: number) {
    super(`rate limited by ${new URL(url).host}; retry after ${Math.ceil(retryAfterMs / 1000)}s`);
    this.name = 'RateLimitedError';
  }
}

/** Credentials missing, wrong or revoked (401/403): retrying will not help. */
export class BadCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadCredentialsError';
  }
}

/** The watched resource is gone (404/410): retrying will not help. */
export class ResourceGoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceGoneError';
  }
}

/** A transient failure (5xx, timeout, network) that outlived the in-process retries. */
export class TransientSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientSourceError';
  }
}

/** A response body that is not what the provider documents (not JSON, wrong top-level shape). */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}
