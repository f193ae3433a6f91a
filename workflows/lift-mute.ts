// Lifts a brand's mute that outlived its incident (the incident's own workflow has ended, so it
// cannot take the unmute signal): one activity on the worker, which owns the store.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

const { liftMute } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});

/** The incidents whose mute was lifted (none: the brand was not muted). */
export async function liftMuteWorkflow(input: { brand: string; by: string; at: number }): Promise<string[]> {
  return liftMute(input);
}
