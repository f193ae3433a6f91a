// Activities of the scheduled digest: collect one brand's figures for the period
// (lib/pipeline/digest.ts), and deliver them to one route (lib/pipeline/deliver-digest.ts).
import { activityInfo, log } from '@temporalio/activity';
import { digestFor } from '../lib/config/schema.js';
import type { DigestData } from '../lib/digest/digest.js';
import type { SendResult } from '../lib/alerts/channel.js';
import { deliverDigestToRoute } from '../lib/pipeline/deliver-digest.js';
import { collectDigest } from '../lib/pipeline/digest.js';
import type { ActivityDeps } from './deps.js';
import { toFailure } from './failures.js';

/** The brand's digest and the routes it goes to; null when the brand has no digest configured. */
export const collectDigestActivity =
  (deps: ActivityDeps) =>
  async (input: { brand: string; end: number }): Promise<{ digest: DigestData; routes: string[] } | null> => {
    const settings = digestFor(deps.config, input.brand);
    if (!settings) return null;
    const digest = await collectDigest(deps, { brand: input.brand, every: settings.every, end: input.end, tz: settings.tz }, (m) => log.warn(m, { brand: input.brand }));
    return { digest, routes: settings.routes };
  };

export const deliverDigestActivity =
  (deps: ActivityDeps) =>
  async (input: { routeId: string; digest: DigestData }): Promise<SendResult> => {
    try {
      return await deliverDigestToRoute(deps, input.routeId, input.digest, activityInfo().attempt);
    } catch (e) {
      log.warn('digest delivery failed', { routeId: input.routeId, brand: input.digest.brand, error: (e as Error).message });
      throw toFailure(e);
    }
  };
