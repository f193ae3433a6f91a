// Replays a JSONL file of canonical mentions by their timestamps, at real (speed 1) or
// accelerated speed: at wall time w, every item created up to
//   stream_start + (w - wall_start) * speed
// has been emitted. The cursor (position, clock anchors) makes a restart resume, not restart.
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { parseMentionLine, type Mention } from '../../mention/mention.js';
import { defineConnector } from '../connector.js';
import type { Memo } from '../memo.js';
import type { Reject } from '../types.js';

const optionsSchema = z.object({
  path: z.string().min(1),
  /** Stream seconds per wall second. */
  speed: z.number().positive().default(1),
  page_size: z.number().int().positive().default(1000),
});

export interface ReplayCursor {
  [key: string]: unknown;
  position: number;
  total: number;
  wall_start: number;
  stream_start: number;
}

interface LoadedFile {
  items: { mention: Mention; at: number }[];
  rejects: Reject[];
}

/** Reads, checks and time-sorts a replay file. */
function readReplayFile(file: string): LoadedFile {
  const items: LoadedFile['items'] = [];
  const rejects: Reject[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const r = parseMentionLine(line, `${file}:${i + 1}`);
      if (r.ok) items.push({ mention: r.mention, at: Date.parse(r.mention.created_at) });
      else rejects.push({ raw: line, reason: r.reason });
    });
  items.sort((a, b) => a.at - b.at); // stable: file order breaks ties
  return { items, rejects };
}

/** The parsed file, kept in the worker's memo until the file changes (a poll reads it every page). */
function loadReplayFile(memo: Memo, file: string): LoadedFile {
  const mtimeMs = statSync(file).mtimeMs;
  return memo.remember(`replay\u0000${file}`, (hit: { mtimeMs: number }) => hit.mtimeMs === mtimeMs, () => ({ mtimeMs, file: readReplayFile(file) })).file;
}

export const replay = defineConnector({
  type: 'replay',
  options: optionsSchema,
  async fetch(cursor, ctx, opts) {
    const file = loadReplayFile(ctx.http.memo, opts.path);
    const now = ctx.now().getTime();
    const prev = cursor as ReplayCursor | undefined;
    const first = !prev;
    const c: ReplayCursor = prev
      ? { ...prev, total: file.items.length }
      : { position: 0, total: file.items.length, wall_start: now, stream_start: file.items[0]?.at ?? now };
    const streamNow = replayStreamTime(c, now, opts.speed);
    const end = Math.min(file.items.length, c.position + opts.page_size);
    const mentions: Mention[] = [];
    let i = c.position;
    for (; i < end && file.items[i].at <= streamNow; i++) mentions.push(file.items[i].mention);
    const more = i < file.items.length && i === end && file.items[i].at <= streamNow;
    c.position = i;
    return { mentions, rejects: first ? file.rejects : [], cursor: c, more };
  },
});

/** The stream time a replay cursor has reached (for the demo's progress and clocks). */
export function replayStreamTime(c: ReplayCursor, now: number, speed: number): number {
  return c.stream_start + (now - c.wall_start) * speed;
}
