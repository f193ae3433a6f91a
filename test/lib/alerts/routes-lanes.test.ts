// Route lanes (lib/alerts/route-lanes.ts): one alert in flight per route, the others waiting in
// order, updates coalesced into the newest, and a slow route holding up nobody else.
import { describe, expect, it } from 'vitest';
import type { AlertKind } from '../../../lib/alerts/alert.js';
import { joinQueue, routeLanes, undeliverableNoticeRoutes } from '../../../lib/alerts/route-lanes.js';

interface Msg {
  kind: AlertKind;
  n: number;
}
const msg = (kind: AlertKind, n: number): Msg => ({ kind, n });

/** A delivery the test finishes by hand, per route, in order. */
function manualDeliveries() {
  const started: { routeId: string; msg: Msg; finish: (ok?: boolean) => void }[] = [];
  const deliver = (routeId: string, m: Msg) =>
    new Promise<void>((resolve, reject) => started.push({ routeId, msg: m, finish: (ok = true) => (ok ? resolve() : reject(new Error('down'))) }));
  const of = (routeId: string) => started.filter((s) => s.routeId === routeId);
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { started, deliver, of, tick };
}

describe('joinQueue', () => {
  it('queues every kind in order, and a newer update replaces the one waiting', () => {
    let q = joinQueue([], msg('update', 1)).waiting;
    q = joinQueue(q, msg('acknowledged', 2)).waiting;
    const joined = joinQueue(q, msg('update', 3));
    expect(joined.replaced).toEqual(msg('update', 1));
    expect(joined.waiting).toEqual([msg('acknowledged', 2), msg('update', 3)]);
    const resolved = joinQueue(joined.waiting, msg('resolve', 4));
    expect(resolved.replaced).toBeUndefined();
    expect(resolved.waiting.map((m) => m.kind)).toEqual(['acknowledged', 'update', 'resolve']);
  });
});

describe('routeLanes', () => {
  it('a route whose delivery hangs holds up nobody else; its own alerts wait, coalesced, and all go after it', async () => {
    const d = manualDeliveries();
    const coalesced: string[] = [];
    const lanes = routeLanes<Msg>({ deliver: d.deliver, coalesced: (r, w, by) => coalesced.push(`${r}:${w.n}->${by.n}`) });

    lanes.send(msg('open', 1), ['slack', 'email']);
    expect(d.started.map((s) => `${s.routeId}:${s.msg.n}`)).toEqual(['slack:1', 'email:1']);
    d.of('email')[0]!.finish();
    await d.tick();
    // Slack still hangs on the open; two updates and the resolve fall due.
    lanes.send(msg('update', 2), ['slack', 'email']);
    await d.tick();
    d.of('email')[1]!.finish();
    await d.tick();
    lanes.send(msg('update', 3), ['slack', 'email']);
    await d.tick();
    d.of('email')[2]!.finish();
    await d.tick();
    lanes.send(msg('resolve', 4), ['slack', 'email']);
    await d.tick();
    d.of('email')[3]!.finish();
    await d.tick();
    expect(d.of('email').map((s) => s.msg.n)).toEqual([1, 2, 3, 4]);
    expect(d.of('slack').map((s) => s.msg.n)).toEqual([1]);
    expect(lanes.idle()).toBe(false);

    // Slack's open fails for good: the lane goes on with the newest update, then the resolve.
    d.of('slack')[0]!.finish(false);
    await d.tick();
    expect(d.of('slack').map((s) => s.msg.n)).toEqual([1, 3]);
    d.of('slack')[1]!.finish();
    await d.tick();
    expect(d.of('slack').map((s) => s.msg.n)).toEqual([1, 3, 4]);
    expect(lanes.idle()).toBe(false);
    d.of('slack')[2]!.finish();
    await d.tick();
    expect(lanes.idle()).toBe(true);
    expect(coalesced).toEqual(['slack:2->3']);
  });

  it('is idle before anything is sent and after every lane is done', async () => {
    const d = manualDeliveries();
    const lanes = routeLanes<Msg>({ deliver: d.deliver });
    expect(lanes.idle()).toBe(true);
    lanes.send(msg('open', 1), ['a']);
    expect(lanes.idle()).toBe(false);
    d.started[0]!.finish();
    await d.tick();
    expect(lanes.idle()).toBe(true);
    // A lane that went idle starts again for the next alert.
    lanes.send(msg('resolve', 2), ['a']);
    expect(d.started.map((s) => s.msg.n)).toEqual([1, 2]);
  });
});

describe('undeliverableNoticeRoutes', () => {
  it('tells the escalation routes, or the other routes when the failing one is the only escalation route', () => {
    expect(undeliverableNoticeRoutes('slack', ['oncall'], ['slack', 'email'])).toEqual(['oncall']);
    expect(undeliverableNoticeRoutes('oncall', ['oncall'], ['slack', 'email'])).toEqual(['slack', 'email']);
    expect(undeliverableNoticeRoutes('slack', [], ['slack', 'email', 'email'])).toEqual(['email']);
    expect(undeliverableNoticeRoutes('slack', [], ['slack'])).toEqual([]);
  });
});
