// One poll of one source, started by the source's Schedule. All I/O is in the activity; its
// cursor discipline makes a retry or a rerun of the same window store nothing twice.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { PollResult, PollSourceInput } from '../lib/contract/poll.js';

// A poll pages through at most `max_pages` and heartbeats per page and every 10 s between (see
// the activity): a worker that dies mid-poll is noticed within 30 s, and the poll retried, instead
// of the 2 minutes the source used to stall (heartbeat timeouts are not part of replay). Transient failures retry
// with backoff (429s use the provider's Retry-After via nextRetryDelay); bad credentials, a
// removed resource or a bad source config fail at once and show in source_polls.
const { pollSource } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 6,
    nonRetryableErrorTypes: ['BadCredentials', 'ResourceGone', 'SourceConfig'],
  },
});

export async function pollSourceWorkflow(input: PollSourceInput): Promise<PollResult> {
  return pollSource({ sourceId: input.sourceId });
}
