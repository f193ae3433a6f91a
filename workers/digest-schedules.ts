// One Schedule per brand with a digest (its own settings, else the global ones): a calendar at
// the configured local time (daily, or weekly on its day), in its time zone. Missed ticks within
// an hour still run (a worker restart at 08:00 must not skip the day); never two at once.
import { ScheduleOverlapPolicy, type DayOfWeek, type ScheduleOptions } from '@temporalio/client';
import { digestFor, type MonitorConfig } from '../lib/config/schema.js';
import { digestScheduleId, digestWorkflowId, taskQueueOf } from '../lib/contract/ids.js';
import { WORKFLOW_TYPES } from '../lib/contract/workflows.js';

const DAYS: Record<string, DayOfWeek> = { mon: 'MONDAY', tue: 'TUESDAY', wed: 'WEDNESDAY', thu: 'THURSDAY', fri: 'FRIDAY', sat: 'SATURDAY', sun: 'SUNDAY' };

export function digestSchedules(config: MonitorConfig, deployment: string): ScheduleOptions[] {
  return config.brands.flatMap((b): ScheduleOptions[] => {
    const d = digestFor(config, b.id);
    if (!d) return [];
    const [hour, minute] = d.at.split(':').map(Number);
    return [
      {
        scheduleId: digestScheduleId(b.id),
        spec: { calendars: [{ hour, minute, ...(d.every === 'weekly' ? { dayOfWeek: DAYS[d.day] } : {}) }], timezone: d.tz },
        action: { type: 'startWorkflow', workflowType: WORKFLOW_TYPES.digest, args: [{ brand: b.id }], taskQueue: taskQueueOf(deployment), workflowId: digestWorkflowId(b.id) },
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 3_600_000 },
        memo: { every: d.every, deployment },
      },
    ];
  });
}
