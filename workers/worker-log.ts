// The worker's log as an operator reads it: one line per entry, never a stack trace. A failed
// poll is one line naming the source, its type, the attempt and the reason (the activity's own
// warning); the SDK's generic "Activity failed" for the same failure is not repeated.
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

const POLL_ACTIVITY = 'pollSource';
// Ids that say nothing to an operator and make every line long.
const HIDDEN = new Set(['taskToken', 'namespace', 'taskQueue', 'isLocal', 'activityId', 'workflowRunId', 'sdkComponent']);

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0];

function metaText(meta: Record<string, unknown>): string {
  const parts = Object.entries(meta)
    .filter(([k, v]) => !HIDDEN.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${v instanceof Error ? JSON.stringify(reason(v)) : typeof v === 'object' ? JSON.stringify(v) : v}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The line for one entry, or undefined when it only repeats the line before. */
export function formatLogEntry(entry: LogEntry): string | undefined {
  const meta = entry.meta ?? {};
  if (entry.message === 'poll failed') {
    return `[brand-pulse] poll of source ${meta.sourceId} (${meta.sourceType}) failed, attempt ${meta.attempt}: ${reason(meta.error)}`;
  }
  if (entry.message === 'Activity failed' && meta.activityType === POLL_ACTIVITY) return undefined;
  if (entry.message === 'Activity failed') {
    return `[brand-pulse] activity ${meta.activityType} failed, attempt ${meta.attempt}: ${reason(meta.error)}`;
  }
  const { error, ...rest } = meta;
  return `[brand-pulse] ${entry.level} ${entry.message}${error !== undefined ? `: ${reason(error)}` : ''}${metaText(rest)}`;
}

export function workerLogger(level: LogLevel, write: (line: string) => void = (l) => console.error(l)): DefaultLogger {
  return new DefaultLogger(level, (entry) => {
    const line = formatLogEntry(entry);
    if (line !== undefined) write(line);
  });
}
