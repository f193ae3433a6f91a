// The activity boundary is where typed domain errors become Temporal failures: non-retryable
// for what retrying cannot fix, a retry delay for rate limits, anything else a plain
// (retryable) error.
import { ApplicationFailure } from '@temporalio/common';
import { AlertRejectedError, RouteConfigError } from '../lib/alerts/channel.js';
import { BadCredentialsError, RateLimitedError, ResourceGoneError } from '../lib/sources/errors.js';
import { SourceConfigError } from '../lib/sources/options.js';

export function toFailure(e: unknown): unknown {
  if (e instanceof BadCredentialsError) return ApplicationFailure.nonRetryable(e.message, 'BadCredentials');
  if (e instanceof ResourceGoneError) return ApplicationFailure.nonRetryable(e.message, 'ResourceGone');
  if (e instanceof SourceConfigError) return ApplicationFailure.nonRetryable(e.message, 'SourceConfig');
  if (e instanceof RouteConfigError) return ApplicationFailure.nonRetryable(e.message, 'RouteConfig');
  if (e instanceof AlertRejectedError) return ApplicationFailure.nonRetryable(e.message, 'AlertRejected');
  if (e instanceof RateLimitedError) {
    return ApplicationFailure.create({ message: e.message, type: 'RateLimited', nextRetryDelay: Math.max(1000, e.retryAfterMs) });
  }
  return e;
}
