// Maps a source's `type:` in monitor.yaml to its connector.
import type { Connector } from './types.js';
import { hackernews } from './connectors/hackernews.js';
import { replay } from './connectors/replay.js';
import { appstore } from './connectors/appstore.js';
import { googleplay } from './connectors/googleplay.js';
import { trustpilot } from './connectors/trustpilot.js';
import { x } from './connectors/x.js';
import { youtube } from './connectors/youtube.js';
import { facebook } from './connectors/facebook.js';
import { reddit } from './connectors/reddit.js';
import { mastodon } from './connectors/mastodon.js';
import { bluesky } from './connectors/bluesky.js';
import { stackexchange } from './connectors/stackexchange.js';
import { rss } from './connectors/rss.js';
import { push } from './connectors/push.js';

export const connectors: Record<string, Connector> = {
  hackernews,
  replay,
  appstore,
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
};

export function connectorFor(type: string): Connector {
  const c = connectors[type];
  if (!c) throw new Error(`unknown source type "${type}" (known: ${Object.keys(connectors).sort().join(', ')})`);
  return c;
}
