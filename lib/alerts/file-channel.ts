// A JSON Lines file: the demo's sink, and a way to feed alerts to anything that tails a file.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AlertChannel } from './channel.js';

export const fileChannel: AlertChannel<'file'> = {
  type: 'file',
  chart: 'none',
  async send(route, alert) {
    mkdirSync(path.dirname(route.path), { recursive: true });
    appendFileSync(route.path, `${JSON.stringify({ at: new Date().toISOString(), route: route.id, alert })}\n`);
    return { detail: `appended to ${route.path}` };
  },
  secrets: () => [],
};
