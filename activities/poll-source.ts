// Activity: one poll of one source (lib/pipeline/poll-source.ts), heartbeating per page.
import { activityInfo, heartbeat, log } from '@temporalio/activity';
import type { PollResult, PollSourceInput } from '../lib/contract/poll.js';
import { pollSourceOnce } from '../lib/pipeline/poll-source.js';
import type { ActivityDeps } from './deps.js';
import { toFailure } from './failures.js';

export const pollSourceActivity =
  (deps: ActivityDeps) =>
  async (input: PollSourceInput): Promise<PollResult> => {
    try {
      return await pollSourceOnce({ ...deps, onPage: (p) => heartbeat(p) }, input.sourceId);
    } catch (e) {
      log.warn('poll failed', { sourceId: input.sourceId, error: (e as Error).message, attempt: activityInfo().attempt });
      throw toFailure(e);
    }
  };
