// Every connector, listed once: a source's `type:` in monitor.yaml names one of these
// descriptors, which also say how to check its options and what traits it has.
import type { ConnectorDescriptor, ConnectorTraits } from './connector.js';
import { appstore } from './connectors/appstore.js';
import { appstoreconnect } from './connectors/appstoreconnect.js';
import { bluesky } from './connectors/bluesky.js';
import { facebook } from './connectors/facebook.js';
import { googleplay } from './connectors/googleplay.js';
import { hackernews } from './connectors/hackernews.js';
import { mastodon } from './connectors/mastodon.js';
import { push } from './connectors/push.js';
import { reddit } from './connectors/reddit.js';
import { replay } from './connectors/replay.js';
import { rss } from './connectors/rss.js';
import { stackexchange } from './connectors/stackexchange.js';
import { trustpilot } from './connectors/trustpilot.js';
import { x } from './connectors/x.js';
import { youtube } from './connectors/youtube.js';

export const connectors: readonly ConnectorDescriptor[] = [
  hackernews,
  replay,
  appstore,
  appstoreconnect,
  googleplay,
  trustpilot,
  x,
  youtube,
  facebook,
  reddit,
  mastodon,
  bluesky,
  stackexchange,
  rss,
  push,
];

const byType = new Map(connectors.map((c) => [c.type, c]));

/** The known `type:` values, sorted (for messages). */
export function connectorTypes(): string[] {
  return [...byType.keys()].sort();
}

export function findConnector(type: string): ConnectorDescriptor | undefined {
  return byType.get(type);
}

export function connectorFor(type: string): ConnectorDescriptor {
  const c = byType.get(type);
  if (!c) throw new Error(`unknown source type "${type}" (known: ${connectorTypes().join(', ')})`);
  return c;
}

/** Whether sources of `type` have `trait` (false for an unknown type). */
export function hasTrait(type: string, trait: keyof ConnectorTraits): boolean {
  return byType.get(type)?.traits[trait] ?? false;
}
