// Activity: one poll of one source (lib/pipeline/poll-source.ts), heartbeating per page and, between
// pages, at a third of the heartbeat timeout: a page may take longer than the timeout (HTTP retries,
// a Retry-After), while a worker that died stops heartbeating and its poll is retried that soon.
import { activityInfo, heartbeat, log } from '@temporalio/activity';
import type { PollResult, PollSourceInput } from '../lib/contract/poll.js';
import { pollSourceOnce } from '../lib/pipeline/poll-source.js';
import type { ActivityDeps } from './deps.js';
import { toFailure } from './failures.js';

export const pollSourceActivity =
  (deps: ActivityDeps) =>
  async (input: PollSourceInput): Promise<PollResult> => {
    let progress: PollResult | undefined;
    const every = activityInfo().heartbeatTimeoutMs;
    const keepAlive = every ? setInterval(() => heartbeat(progress), Math.max(100, every / 3)) : undefined;
    try {
      return await pollSourceOnce(
        {
          ...deps,
          onPage: (p) => {
            progress = p;
            heartbeat(p);
          },
        },
        input.sourceId,
      );
    } catch (e) {
      const sourceType = deps.config.sources.find((s) => s.id === input.sourceId)?.type ?? 'unknown';
      log.warn('poll failed', { sourceId: input.sourceId, sourceType, error: (e as Error).message, attempt: activityInfo().attempt });
      throw toFailure(e);
    } finally {
      clearInterval(keepAlive);
    }
  };
