// Schedules are created from the config, updated in place when it changes, and removed when a
// source goes away: on the real Temporal dev server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config/load.js';
import { upsertSchedules } from '../../workers/schedules.js';
import { temporalClient } from '../helpers/temporal.js';
import { WORKFLOW_TYPES } from '../../lib/contract/workflows.js';

describe('schedules from the config', () => {
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  beforeAll(async () => (temporal = await temporalClient()));
  afterAll(async () => {
    for (const id of ['poll:hn', 'poll:gone', 'detect', 'poll:theirs', 'poll:mine', 'poll:shared', 'detect:eu', 'detect:us']) await temporal.client.schedule.getHandle(id).delete().catch(() => undefined);
    await temporal.connection.close();
    await temporal.native.close();
  });

  it('creates, updates idempotently and deletes what the config no longer has', async () => {
    const cfg = (sources: string) => parseConfig(`brands: [{ id: acme, name: Acme, queries: [acme] }]\nsources:\n${sources}\ndetection: { every: 2m }\n`, 'm.yaml');
    // Described one by one: the schedule list is eventually consistent, describe is not.
    const list = async () => {
      const out: Record<string, { every: number; paused: boolean }> = {};
      for (const id of ['poll:hn', 'poll:gone', 'poll:crm', 'detect']) {
        const d = await temporal.client.schedule.getHandle(id).describe().catch(() => undefined);
        if (d) out[id] = { every: Number(d.spec.intervals?.[0]?.every), paused: d.state.paused };
      }
      return out;
    };
    const log: string[] = [];
    const first = cfg('  - { id: hn, type: hackernews, every: 5m }\n  - { id: gone, type: hackernews, every: 1h }\n  - { id: crm, type: push, secret_env: X }');
    await upsertSchedules(temporal.client, first, (m) => log.push(m));
    expect(await list()).toEqual({ 'poll:hn': { every: 300_000, paused: false }, 'poll:gone': { every: 3_600_000, paused: false }, detect: { every: 120_000, paused: false } });
    const d = await temporal.client.schedule.getHandle('poll:hn').describe();
    expect(d.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 600_000 });
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: WORKFLOW_TYPES.pollSource, args: [{ sourceId: 'hn' }] });

    // Run again unchanged: nothing duplicated. Then change an interval and drop a source.
    await upsertSchedules(temporal.client, first);
    // Stale schedules are found through the (eventually consistent) list: as at a restart, run again until it shows.
    for (let i = 0; i < 50 && !log.includes('schedule poll:gone deleted (source no longer configured)'); i++) {
      await upsertSchedules(temporal.client, cfg('  - { id: hn, type: hackernews, every: 10m }'), (m) => log.push(m));
      if (!log.includes('schedule poll:gone deleted (source no longer configured)')) await new Promise((r) => setTimeout(r, 200));
    }
    expect(await list()).toEqual({ 'poll:hn': { every: 600_000, paused: false }, detect: { every: 120_000, paused: false } });
    expect(log).toContain('schedule poll:gone deleted (source no longer configured)');
  });

  it('a worker updates and deletes only the schedules of its own deployment', async () => {
    const cfg = (sources: string) => parseConfig(`brands: [{ id: acme, name: Acme, queries: [acme] }]\nsources:\n${sources}\n`, 'm.yaml');
    const listed = async (id: string) => {
      for await (const s of temporal.client.schedule.list()) if (s.scheduleId === id) return true;
      return false;
    };
    const log: string[] = [];
    await upsertSchedules(temporal.client, cfg('  - { id: theirs, type: hackernews, every: 1h }\n  - { id: shared, type: hackernews, every: 1h }'), (m) => log.push(m), 'eu');
    expect((await temporal.client.schedule.getHandle('poll:theirs').describe()).memo).toEqual({ source_type: 'hackernews', deployment: 'eu' });
    // Wait until the (eventually consistent) list shows it, so the next upsert would have seen it.
    for (let i = 0; i < 50 && !(await listed('poll:theirs')); i++) await new Promise((r) => setTimeout(r, 200));
    expect(await listed('poll:theirs')).toBe(true);

    // The other deployment: its own schedule created, eu's kept, the shared id left to its owner.
    await upsertSchedules(temporal.client, cfg('  - { id: mine, type: hackernews, every: 5m }\n  - { id: shared, type: hackernews, every: 5m }'), (m) => log.push(m), 'us');
    expect((await temporal.client.schedule.getHandle('poll:theirs').describe()).memo).toMatchObject({ deployment: 'eu' });
    const shared = await temporal.client.schedule.getHandle('poll:shared').describe();
    expect(shared.memo).toMatchObject({ deployment: 'eu' });
    expect(Number(shared.spec.intervals?.[0]?.every)).toBe(3_600_000);
    expect(log).toContain('schedule poll:shared belongs to deployment "eu"; left as is (this is "us": give it other source ids or a namespace of its own)');
    expect((await temporal.client.schedule.getHandle('poll:mine').describe()).memo).toMatchObject({ deployment: 'us' });
    // Each deployment ticks over its own brands, on its own task queue: neither's detection is left to the other.
    for (const [dep, id] of [['eu', 'detect:eu'], ['us', 'detect:us']] as const) {
      const detect = await temporal.client.schedule.getHandle(id).describe();
      expect(detect.memo).toMatchObject({ deployment: dep });
      expect(detect.action).toMatchObject({ workflowType: WORKFLOW_TYPES.detect, taskQueue: `brand-pulse.${dep}` });
    }
    expect((await temporal.client.schedule.getHandle('poll:mine').describe()).action).toMatchObject({ taskQueue: 'brand-pulse.us' });
    expect(log.filter((m) => m.includes('belongs to deployment') && !m.startsWith('schedule poll:shared'))).toEqual([]);
    // A tick of us's schedule runs on us's queue, where only us's workers poll.
    await temporal.client.schedule.getHandle('detect:us').trigger();
    let tick: Awaited<ReturnType<ReturnType<typeof temporal.client.workflow.getHandle>['describe']>> | undefined;
    for (let i = 0; i < 50 && !tick; i++) {
      const recent = (await temporal.client.schedule.getHandle('detect:us').describe()).info.recentActions[0];
      if (recent) tick = await temporal.client.workflow.getHandle(recent.action.workflow.workflowId).describe();
      else await new Promise((r) => setTimeout(r, 200));
    }
    expect(tick?.workflowId.startsWith('detect:us')).toBe(true);
    expect(tick?.taskQueue).toBe('brand-pulse.us');
    await temporal.client.workflow.getHandle(tick!.workflowId).terminate('test over');

    for (let i = 0; i < 50 && !(await listed('poll:mine')); i++) await new Promise((r) => setTimeout(r, 200));
    // Its owner drops it: then it goes (found through the list, as at a restart).
    for (let i = 0; i < 50 && !log.includes('schedule poll:theirs deleted (source no longer configured)'); i++) {
      await upsertSchedules(temporal.client, cfg('  - { id: shared, type: hackernews, every: 1h }'), (m) => log.push(m), 'eu');
      if (!log.includes('schedule poll:theirs deleted (source no longer configured)')) await new Promise((r) => setTimeout(r, 200));
    }
    expect(log).toContain('schedule poll:theirs deleted (source no longer configured)');
    expect(await temporal.client.schedule.getHandle('poll:mine').describe()).toBeDefined();
    expect(log.filter((m) => m.startsWith('schedule poll:mine deleted'))).toEqual([]);
  });
});
