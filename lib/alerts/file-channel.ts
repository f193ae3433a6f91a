// A JSON Lines file: the demo's sink, and a way to feed alerts to anything that tails a file.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AlertChannel, RouteOf, SendResult } from './channel.js';

export const fileChannel: AlertChannel<'file'> = {
  type: 'file',
  chart: 'none',
  send: async (route, alert) => appendJsonLine(route, { alert }),
  secrets: () => [],
};

/** Appends `record` (an alert, a digest) as one JSON line with the time and the route. */
export function appendJsonLine(route: RouteOf<'file'>, record: object): SendResult {
  mkdirSync(path.dirname(route.path), { recursive: true });
  appendFileSync(route.path, `${JSON.stringify({ at: new Date().toISOString(), route: route.id, ...record })}\n`);
  return { detail: `appended to ${route.path}` };
}
