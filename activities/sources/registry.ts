// Maps a source's `type:` in monitor.yaml to its connector.
import type { Connector } from './types.js';
import { hackernews } from './hackernews.js';
import { replay } from './replay.js';
import { appstore } from './appstore.js';
import { googleplay } from './googleplay.js';
import { trustpilot } from './trustpilot.js';
import { x } from './x.js';
import { youtube } from './youtube.js';
import { facebook } from './facebook.js';
import { reddit } from './reddit.js';
import { mastodon } from './mastodon.js';
import { bluesky } from './bluesky.js';
import { stackexchange } from './stackexchange.js';
import { rss } from './rss.js';
import { push } from './push-ingest.js';

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
