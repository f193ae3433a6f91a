// People's actions on a running incident, end to end on the real Temporal dev server: through the
// worker's action pages (the signed links the Slack alert carries, and the unmute link of a mute's
// confirmation: GET shows a form, POST acts)
// and through the `incident` CLI, run as a user runs it. Each checks the workflow's history, the
// incidents and incident_actions rows, the alerts (a note in the next update, a manual
// resolution), and that a muted brand opens no new incident until the mute ends.
import axios from 'axios';
import { inject, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { incidentStateQuery, type IncidentState } from '../../lib/contract/incident.js';
import { incidentWorkflowId, taskQueueOf } from '../../lib/contract/ids.js';
import { startHttpEndpoint } from '../../lib/endpoints/action-endpoint.js';
import { notifyBrand } from '../../lib/pipeline/notify-incidents.js';
import { createHttpClient } from '../../lib/sources/http.js';
import { brandMutedUntil } from '../../lib/store/incident-feedback-repo.js';
import { maybeSaveHistory } from '../helpers/histories.js';
import { INCIDENT_T0, incidentConfig, obs, useIncidentHarness } from '../helpers/incidents.js';
import { eventually } from '../helpers/smtp-sink.js';
import { createTestWorker, uniqueQueue } from '../helpers/temporal.js';
import { runCliAsync } from '../scripts/run-cli.js';

const SECRET = 'test-actions-secret';
const evidence = { platforms: ['x'], languages: ['en'], phrases: [{ phrase: 'double charge', count: 9 }], samples: [] };

/** Polls the state query until `check` holds (the workflow applies a signal on its next task). */
async function stateWhen(h: ReturnType<typeof useIncidentHarness>, brand: string, check: (s: IncidentState) => boolean, what: string): Promise<IncidentState> {
  const handle = h.temporal.client.workflow.getHandle(incidentWorkflowId(brand));
  let s: IncidentState | undefined;
  for (let i = 0; i < 300; i++) {
    s = await handle.query(incidentStateQuery);
    if (check(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; state: ${JSON.stringify(s)}`);
}

describe('incident actions on a real Temporal server', () => {
  const h = useIncidentHarness();

  type SlackMessage = { text: string; blocks: { type: string; elements?: { url?: string; text: { text: string } }[] }[] };
  /** A brand of its own whose alerts go to a Slack route of the local receiver, its worker, and the action pages' endpoint. */
  async function pageBrand(prefix: string) {
    const { slack, store, temporal } = h;
    const brand = `${prefix}${Date.now().toString(36)}`;
    const hook = `/hooks/${prefix}`;
    const env = `TEST_ACTIONS_SLACK_${prefix.toUpperCase()}`;
    process.env.TEST_ACTIONS_SECRET = SECRET;
    process.env[env] = `${slack.url}${hook}`;
    slack.handle(hook, () => ({ body: 'ok' }));
    const config = incidentConfig(brand, `  routes:\n    - { id: care, type: slack, webhook_url_env: ${env} }\n  default_routes: [care]`, {
      server: '{ port: 0, public_url: "http://127.0.0.1:1", ack_secret_env: TEST_ACTIONS_SECRET }',
    });
    const messages = () => slack.requests.filter((r) => r.path === hook).map((r) => JSON.parse(r.body) as SlackMessage);
    const taskQueue = uniqueQueue(`incident-${prefix}`);
    const deps = { clickhouse: store.client, http: createHttpClient(), config, temporal: temporal.client, taskQueue };
    const worker = await createTestWorker(temporal.native, taskQueue, createActivities(deps));
    const endpoint = await startHttpEndpoint({ client: temporal.client, port: 0, host: '127.0.0.1', ackSecret: SECRET });
    return { brand, deps, worker, endpoint, messages };
  }

  it('through the signed action pages: assign, note (in the next update), mute, resolve by hand; the mute blocks a new incident', async () => {
    const { store, temporal } = h;
    const { brand, deps, worker, endpoint, messages } = await pageBrand('acts');

    await worker.runUntil(async () => {
      await h.open(deps, brand, { observations: [obs(-5, 1, false), obs(0, 20, true)], evidence });
      await eventually(() => messages().length === 1, 30_000, 'open alert');
      // The open alert carries one signed link per action, pointing at the worker's pages.
      const buttons = messages()[0].blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
      const link = (label: string) => buttons.find((b) => b.text.text === label)!.url!.replace('http://127.0.0.1:1', endpoint.url);
      expect(buttons.map((b) => b.text.text)).toEqual(['Acknowledge', 'Dashboard', 'Incident in Temporal', 'Assign', 'Add note', 'Resolve', 'Not an incident', 'Mute brand']);

      // GET shows a form and changes nothing (a link previewer may fetch it).
      const form = await axios.get(`${link('Assign')}&to=Dana`, { validateStatus: () => true });
      expect(form.status).toBe(200);
      expect(form.data).toContain('<form method="post">');
      expect(form.data).toContain('value="Dana"');
      expect((await h.temporal.client.workflow.getHandle(incidentWorkflowId(brand)).query(incidentStateQuery)).assignee).toBeUndefined();

      const post = (label: string, fields: Record<string, string>) => {
        const u = new URL(link(label));
        const body = new URLSearchParams({ ...Object.fromEntries(u.searchParams), ...fields });
        return axios.post(`${u.origin}${u.pathname}`, body.toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded' }, validateStatus: () => true });
      };
      // A forged signature and an incomplete form are refused, naming what is wrong.
      expect((await post('Assign', { sig: 'forged', to: 'Dana', by: 'Sam' })).status).toBe(403);
      const incomplete = await post('Assign', { to: 'Dana' });
      expect(incomplete.status).toBe(400);
      expect(incomplete.data).toContain('the field &quot;by&quot;'.replace(/&quot;/g, '"'));
      // A link signed for one action does not perform another.
      const u = new URL(link('Assign'));
      const crossed = await axios.post(`${endpoint.url}/resolve`, new URLSearchParams({ ...Object.fromEntries(u.searchParams), by: 'Sam' }).toString(), { validateStatus: () => true });
      expect(crossed.status).toBe(403);

      expect((await post('Assign', { to: 'Dana', by: 'Sam' })).status).toBe(200);
      await stateWhen(h, brand, (s) => s.assignee === 'Dana', 'the assignment');
      expect((await post('Add note', { text: 'Billing confirmed the double charge; refunds going out', by: 'Dana' })).status).toBe(200);
      await stateWhen(h, brand, (s) => (s.history ?? []).length === 2, 'the note');
      // Growth past the update interval: the update carries the note and the assignee.
      await h.signal(brand, { observations: [obs(5, 30, true), obs(10, 40, true)] });
      await eventually(() => messages().length === 2, 30_000, 'update alert');
      expect(messages()[1].text).toContain('Still growing');
      expect(JSON.stringify(messages()[1].blocks)).toContain('Note from Dana: Billing confirmed the double charge; refunds going out');
      expect(JSON.stringify(messages()[1].blocks)).toContain('Assigned to Dana');
      const badMute = await post('Mute brand', { for: 'a while', by: 'Dana' });
      expect(badMute.status).toBe(400);
      expect(badMute.data).toContain('is not a duration');
      expect((await post('Mute brand', { for: '2h', by: 'Dana' })).status).toBe(200);
      const muted = await stateWhen(h, brand, (s) => s.mutedUntil !== undefined, 'the mute');
      // The stream clock: the incident's now is the end of its newest bucket (INCIDENT_T0 + 15 min).
      expect(muted.mutedUntil).toBe(INCIDENT_T0 + 15 * 60_000 + 2 * 3_600_000);
      expect(muted.history!.map((a) => `${a.action}:${a.by}:${a.detail}`)).toEqual([
        'assign:Sam:Dana',
        'note:Dana:Billing confirmed the double charge; refunds going out',
        `mute:Dana:${new Date(muted.mutedUntil!).toISOString()}`,
      ]);

      // More growth past the update interval: muted, so no update is sent until the mute ends...
      await h.signal(brand, { observations: [obs(15, 50, true), obs(20, 60, true)] });
      await stateWhen(h, brand, (s) => s.peakNegative === 60, 'the growth');
      expect(messages()).toHaveLength(2);
      // ...and resolving by hand ends it with a resolution alert that names who and carries the note.
      expect((await post('Resolve', { reason: 'refunds issued', by: 'Dana' })).status).toBe(200);
      await eventually(() => messages().length === 3, 30_000, 'manual resolution alert');
      expect(messages()[2].text).toContain('Resolved by hand by Dana');
      expect(JSON.stringify(messages()[2].blocks)).toContain('Note from Dana: Billing confirmed the double charge');
      const ended = await stateWhen(h, brand, (s) => s.status === 'cooldown', 'the cooldown');
      expect(ended).toMatchObject({ resolution: 'manual', resolvedBy: 'Dana', resolvedAt: INCIDENT_T0 + 25 * 60_000 });
      // After the end, a note still applies; an assignment no longer does: the link answers that it is over.
      expect((await post('Add note', { text: 'late', by: 'Sam' })).status).toBe(200);
      await stateWhen(h, brand, (s) => s.history?.at(-1)?.detail === 'late', 'the late note');
      expect((await post('Assign', { to: 'Kim', by: 'Sam' })).status).toBe(410);

      // Past the cooldown the workflow ends; a new wave inside the mute opens nothing.
      await h.signal(brand, { observations: [obs(55, 1, false)] });
      await h.result(brand);
      await maybeSaveHistory(h.temporal.client.workflow.getHandle(incidentWorkflowId(brand)), 'incident-actions-1');
      const during = await notifyBrand(deps, { brand, observations: [obs(60, 50, true)], evidence });
      expect(during).toEqual({ signalled: false });
      const after = await notifyBrand(deps, { brand, observations: [obs(130, 50, true)], evidence }); // opens at 135 min: the mute's end
      expect(after.started).toBe(incidentWorkflowId(brand));
      const reopened = await stateWhen(h, brand, (s) => s.openedAt > 0, 'the new incident');
      expect(reopened.openedAt).toBe(INCIDENT_T0 + 135 * 60_000);
      await temporal.client.workflow.getHandle(incidentWorkflowId(brand)).terminate('test over');
    });
    await endpoint.close();

    const [row] = await store.rows<{ status: string; assignee: string; resolution: string; resolved_by: string; muted_until: string; resolved_at: string }>(
      `SELECT status, assignee, resolution, resolved_by, toUnixTimestamp64Milli(muted_until) AS muted_until, resolved_at
       FROM incidents FINAL WHERE brand = {b:String} AND resolution != '' ORDER BY opened_at`,
      { b: brand },
    );
    expect(row).toMatchObject({ status: 'resolved', assignee: 'Dana', resolution: 'manual', resolved_by: 'Dana' });
    expect(Number(row.muted_until)).toBe(INCIDENT_T0 + 15 * 60_000 + 2 * 3_600_000);
    const actions = await store.rows<{ seq: number; action: string; by: string; detail: string }>(
      'SELECT seq, action, by, detail FROM incident_actions FINAL WHERE brand = {b:String} ORDER BY seq',
      { b: brand },
    );
    expect(actions.map((a) => `${a.seq}:${a.action}:${a.by}`)).toEqual(['0:assign:Sam', '1:note:Dana', '2:mute:Dana', '3:resolve:Dana', '4:note:Sam']);
    expect(actions[3].detail).toBe('refunds issued');
  });

  it('a mute through its page is lifted from the page that confirms it (a signed unmute link)', async () => {
    const { temporal } = h;
    const { brand, deps, worker, endpoint, messages } = await pageBrand('unm');
    const form = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, validateStatus: () => true };

    await worker.runUntil(async () => {
      await h.open(deps, brand, { observations: [obs(-5, 1, false), obs(0, 20, true)], evidence });
      await eventually(() => messages().length === 1, 30_000, 'open alert');
      const mute = new URL(messages()[0].blocks.flatMap((b) => b.elements ?? []).find((b) => b.text.text === 'Mute brand')!.url!.replace('http://127.0.0.1:1', endpoint.url));
      const muted = await axios.post(`${endpoint.url}/mute`, new URLSearchParams({ ...Object.fromEntries(mute.searchParams), for: '2h', by: 'Dana' }).toString(), form);
      expect(muted.status).toBe(200);
      await stateWhen(h, brand, (s) => s.mutedUntil !== undefined, 'the mute');
      const href = /<a href="([^"]+)">Lift the mute<\/a>/.exec(muted.data as string)?.[1]?.replace(/&amp;/g, '&');
      expect(href).toMatch(/^\/unmute\?brand=/);
      const lift = new URL(href!, endpoint.url);
      expect((await axios.get(lift.toString())).data).toContain('Lift the mute');
      // The link is signed for this incident and this action only.
      const forged = await axios.post(`${endpoint.url}/unmute`, new URLSearchParams({ ...Object.fromEntries(lift.searchParams), sig: 'forged', by: 'Sam' }).toString(), form);
      expect(forged.status).toBe(403);
      const viaMuteLink = await axios.post(`${endpoint.url}/unmute`, new URLSearchParams({ ...Object.fromEntries(mute.searchParams), by: 'Sam' }).toString(), form);
      expect(viaMuteLink.status).toBe(403);

      const lifted = await axios.post(`${endpoint.url}/unmute`, new URLSearchParams({ ...Object.fromEntries(lift.searchParams), by: 'Sam' }).toString(), form);
      expect(lifted.status).toBe(200);
      expect(lifted.data).toContain(`The mute of ${brand} is lifted`);
      const state = await stateWhen(h, brand, (s) => s.history?.at(-1)?.action === 'unmute', 'the unmute');
      expect(state.mutedUntil).toBeLessThanOrEqual(state.lastObservedAt + 5 * 60_000);
      expect(state.history!.map((a) => `${a.action}:${a.by}`)).toEqual(['mute:Dana', 'unmute:Sam']);
      await temporal.client.workflow.getHandle(incidentWorkflowId(brand)).terminate('test over');
    });
    await endpoint.close();
  });

  /** A brand of its own without alert routes, its worker, and the `incident` CLI as a user runs it. */
  async function cliBrand(prefix: string) {
    const { store, temporal } = h;
    const brand = `${prefix}${Date.now().toString(36)}`;
    const config = incidentConfig(brand, '  routes: []\n  default_routes: []');
    const taskQueue = uniqueQueue(`incident-${prefix}`);
    const deps = { clickhouse: store.client, http: createHttpClient(), config, temporal: temporal.client, taskQueue };
    const worker = await createTestWorker(temporal.native, taskQueue, createActivities(deps));
    const env = { TEMPORAL_ADDRESS: inject('temporalAddress') };
    // Run as a user runs it, without blocking this process: the worker here answers its queries.
    const cli = (args: string[]) => runCliAsync('scripts/incident.ts', args, { env });
    return { brand, deps, worker, cli };
  }

  it('through the CLI: ack, assign, note, mute, false-positive; an incident that is over is refused with exit 1', async () => {
    const { store } = h;
    const { brand, deps, worker, cli } = await cliBrand('cli');

    await worker.runUntil(async () => {
      await h.open(deps, brand, { observations: [obs(-5, 1, false), obs(0, 20, true)], evidence });
      const opened = await stateWhen(h, brand, (s) => s.openedAt > 0, 'the opening');
      const id = opened.incidentId;

      const ack = await cli([id, 'ack', '--by', 'Sam']);
      expect(ack.stderr).toBe('');
      expect(ack.status).toBe(0);
      expect(ack.stdout).toContain(`ack sent to incident ${id} of ${brand}`);
      await stateWhen(h, brand, (s) => s.status === 'acknowledged', 'the acknowledgement');
      expect((await cli([id, 'assign', '--to', 'Dana', '--by', 'Sam'])).status).toBe(0);
      expect((await cli([id, 'note', '--text', 'It is the promo code campaign, not complaints', '--by', 'Dana'])).status).toBe(0);
      await stateWhen(h, brand, (s) => (s.history ?? []).length === 3, 'the assignment and the note');
      expect((await cli([id, 'mute', '--for', '90m', '--by', 'Dana'])).status).toBe(0);
      const muted = await stateWhen(h, brand, (s) => s.mutedUntil !== undefined, 'the mute');
      expect(muted.mutedUntil).toBe(INCIDENT_T0 + 5 * 60_000 + 90 * 60_000);
      expect((await cli([id, 'false-positive', '--reason', 'campaign chatter', '--by', 'Dana'])).status).toBe(0);
      const ended = await stateWhen(h, brand, (s) => s.status === 'cooldown', 'the end');
      expect(ended).toMatchObject({ resolution: 'false_positive', resolvedBy: 'Dana', assignee: 'Dana', acknowledgedBy: 'Sam' });
      expect(ended.history!.map((a) => a.action)).toEqual(['acknowledge', 'assign', 'note', 'mute', 'false_positive']);

      const late = await cli([id, 'assign', '--to', 'Kim', '--by', 'Sam']);
      expect(late.status).toBe(1);
      expect(late.stderr).toMatch(new RegExp(`incident: incident ${id} of ${brand} is not open \\(it is cooldown\\)`));
      const unknown = await cli([`${brand}-20200101T000000Z`, 'resolve', '--by', 'Sam']);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toMatch(/is over \(the brand's running incident is/);
      await h.signal(brand, { observations: [obs(60, 1, false)] });
      await h.result(brand);
      const gone = await cli([id, 'resolve', '--by', 'Sam']);
      expect(gone.status).toBe(1);
    });

    const [row] = await store.rows<{ resolution: string; assignee: string; acknowledged_by: string }>(
      'SELECT resolution, assignee, acknowledged_by FROM incidents FINAL WHERE brand = {b:String}',
      { b: brand },
    );
    expect(row).toEqual({ resolution: 'false_positive', assignee: 'Dana', acknowledged_by: 'Sam' });
    const actions = await store.rows<{ action: string; detail: string }>('SELECT action, detail FROM incident_actions FINAL WHERE brand = {b:String} ORDER BY seq', { b: brand });
    expect(actions).toEqual([
      { action: 'acknowledge', detail: '' },
      { action: 'assign', detail: 'Dana' },
      { action: 'note', detail: 'It is the promo code campaign, not complaints' },
      { action: 'mute', detail: new Date(INCIDENT_T0 + 95 * 60_000).toISOString() },
      { action: 'false_positive', detail: 'campaign chatter' },
    ]);
  });

  it('after it ends: a note, not-an-incident, mute and unmute still apply in the cooldown, assign does not; a mute that outlives the workflow is lifted through the worker', async () => {
    const { store } = h;
    const { brand, deps, worker, cli } = await cliBrand('late');

    await worker.runUntil(async () => {
      await h.open(deps, brand, { observations: [obs(-5, 1, false), obs(0, 20, true)], evidence });
      const { incidentId: id } = await stateWhen(h, brand, (s) => s.openedAt > 0, 'the opening');
      expect((await cli([id, 'resolve', '--by', 'Sam'])).status).toBe(0);
      const cooling = await stateWhen(h, brand, (s) => s.status === 'cooldown', 'the cooldown');
      expect(cooling).toMatchObject({ resolution: 'manual', resolvedBy: 'Sam', lateActions: true });

      // Most teams say it was not an incident once it is over.
      expect((await cli([id, 'note', '--text', 'it was the promo mail', '--by', 'Dana'])).status).toBe(0);
      expect((await cli([id, 'false-positive', '--reason', 'promo chatter', '--by', 'Dana'])).status).toBe(0);
      const relabelled = await stateWhen(h, brand, (s) => s.resolution === 'false_positive', 'not an incident');
      expect(relabelled).toMatchObject({ resolvedBy: 'Dana', resolvedAt: cooling.resolvedAt, status: 'cooldown' });
      const assign = await cli([id, 'assign', '--to', 'Kim', '--by', 'Dana']);
      expect(assign.status).toBe(1);
      expect(assign.stderr).toContain(`incident ${id} of ${brand} is not open (it is cooldown); only note, false-positive, mute, unmute apply once it has ended`);

      // A mute can be lifted, not only extended.
      expect((await cli([id, 'mute', '--for', '90m', '--by', 'Dana'])).status).toBe(0);
      const muted = await stateWhen(h, brand, (s) => (s.mutedUntil ?? 0) > s.lastObservedAt + 5 * 60_000, 'the mute');
      expect((await cli([id, 'unmute', '--by', 'Sam'])).status).toBe(0);
      const unmuted = await stateWhen(h, brand, (s) => s.history?.at(-1)?.action === 'unmute', 'the unmute');
      expect(unmuted.mutedUntil).toBe(muted.lastObservedAt + 5 * 60_000); // lifted as of the incident's now
      expect(unmuted.history!.map((a) => a.action)).toEqual(['resolve', 'note', 'false_positive', 'mute', 'unmute']);

      await h.signal(brand, { observations: [obs(60, 1, false)] });
      await h.result(brand);
      await maybeSaveHistory(h.temporal.client.workflow.getHandle(incidentWorkflowId(brand)), 'incident-late-actions-1');
      const [row] = await store.rows<{ resolution: string; resolved_by: string }>('SELECT resolution, resolved_by FROM incidents FINAL WHERE brand = {b:String}', { b: brand });
      expect(row).toEqual({ resolution: 'false_positive', resolved_by: 'Dana' });

      // A mute of the wall clock that runs past its incident's workflow (as live: mute for a day,
      // cooldown of an hour). No workflow can take the signal now; the worker lifts it in the table.
      await store.client.command({
        query: `INSERT INTO incidents SELECT * REPLACE (now64(3) + INTERVAL 2 HOUR AS muted_until, now64(3) AS updated_at) FROM incidents FINAL WHERE brand = {b:String}`,
        query_params: { b: brand },
      });
      expect(await brandMutedUntil(store.client, brand)).toBeGreaterThan(Date.now() + 3600_000);
      const lift = await cli([id, 'unmute', '--by', 'Sam']);
      expect(lift.stderr).toBe('');
      expect(lift.stdout).toContain(`the mute of ${brand} is lifted (it outlived incident ${id})`);
      expect(await brandMutedUntil(store.client, brand)).toBeLessThanOrEqual(Date.now());
      const last = await store.rows<{ action: string; by: string; detail: string }>(
        'SELECT action, by, detail FROM incident_actions FINAL WHERE brand = {b:String} ORDER BY seq DESC LIMIT 1',
        { b: brand },
      );
      expect(last).toEqual([{ action: 'unmute', by: 'Sam', detail: 'after the incident ended' }]);
      const again = await cli([id, 'unmute', '--by', 'Sam']);
      expect(again.status).toBe(1);
      expect(again.stderr).toContain(`${brand} is not muted`);
    });
  });

  it('a mute whose incident history is gone is lifted on the deployment\'s own task queue', async () => {
    const { store, temporal } = h;
    // A deployment of its own (BRAND_PULSE_DEPLOYMENT), as when several share a namespace: its
    // worker polls its queue only, so the lift must be sent there, not to the default queue.
    const deployment = `dep${Date.now().toString(36)}`;
    const brand = `gone${Date.now().toString(36)}`;
    const deps = { clickhouse: store.client, http: createHttpClient(), config: incidentConfig(brand, '  routes: []\n  default_routes: []'), temporal: temporal.client, taskQueue: taskQueueOf(deployment) };
    const worker = await createTestWorker(temporal.native, deps.taskQueue, createActivities(deps));
    const cli = (args: string[]) => runCliAsync('scripts/incident.ts', args, { env: { TEMPORAL_ADDRESS: inject('temporalAddress'), BRAND_PULSE_DEPLOYMENT: deployment } });

    await worker.runUntil(async () => {
      await h.open(deps, brand, { observations: [obs(-5, 1, false), obs(0, 20, true)], evidence });
      const { incidentId: id } = await stateWhen(h, brand, (s) => s.openedAt > 0, 'the opening');
      expect((await cli([id, 'resolve', '--by', 'Sam'])).status).toBe(0);
      await stateWhen(h, brand, (s) => s.status === 'cooldown', 'the cooldown');
      await h.signal(brand, { observations: [obs(60, 1, false)] });
      await h.result(brand);
      // An incident of a brand whose workflow history is gone (past the namespace's retention; made
      // here as a copy of the ended one under another brand): nothing says which queue it ran on.
      const other = `${brand}b`;
      const otherId = id.replace(brand, other);
      await store.client.command({
        query: `INSERT INTO incidents SELECT * REPLACE ({o:String} AS brand, {oid:String} AS incident_id, now64(3) + INTERVAL 2 HOUR AS muted_until, now64(3) AS updated_at)
          FROM (SELECT * FROM incidents FINAL WHERE brand = {b:String})`, // inner: the alias `brand` would rename the filter's column
        query_params: { b: brand, o: other, oid: otherId },
      });
      await expect(temporal.client.workflow.getHandle(incidentWorkflowId(other)).describe()).rejects.toThrow();
      expect(await brandMutedUntil(store.client, other)).toBeGreaterThan(Date.now() + 3600_000);

      const lift = await cli([otherId, 'unmute', '--by', 'Sam']);
      expect(lift.stderr).toBe('');
      expect(lift.stdout).toContain(`the mute of ${other} is lifted (it outlived incident ${otherId})`);
      expect(await brandMutedUntil(store.client, other)).toBeLessThanOrEqual(Date.now());
    });
  });

  it('not an incident through its page, resolve through the CLI', async () => {
    const { store, temporal } = h;
    const { brand: fp, deps, worker, endpoint, messages } = await pageBrand('fpage');
    const other = `rcli${Date.now().toString(36)}`;
    const otherDeps = { ...deps, config: incidentConfig(other, '  routes: []\n  default_routes: []') };

    await worker.runUntil(async () => {
      await h.open(deps, fp, { observations: [obs(-5, 1, false), obs(0, 20, true)], evidence });
      await h.open(otherDeps, other, { observations: [obs(-5, 1, false), obs(0, 20, true)], evidence });
      await eventually(() => messages().length === 1, 30_000, 'open alert');
      const button = messages()[0].blocks.flatMap((b) => b.elements ?? []).find((b) => b.text.text === 'Not an incident')!;
      const u = new URL(button.url!.replace('http://127.0.0.1:1', endpoint.url));
      expect((await axios.get(u.toString())).data).toContain('Mark as not an incident');
      const body = new URLSearchParams({ ...Object.fromEntries(u.searchParams), reason: 'a quiz show mentioned us', by: 'Sam' });
      const done = await axios.post(`${u.origin}${u.pathname}`, body.toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(done.data).toContain('marked not an incident');
      await eventually(() => messages().length === 2, 30_000, 'the false-positive notice');
      expect(messages()[1].text).toContain('marked a false positive by Sam');

      const id = (await stateWhen(h, other, (s) => s.openedAt > 0, 'the other opening')).incidentId;
      const resolved = await runCliAsync('scripts/incident.ts', [id, 'resolve', '--reason', 'handled', '--by', 'Dana'], { env: { TEMPORAL_ADDRESS: inject('temporalAddress') } });
      expect(resolved.status).toBe(0);
      expect(await stateWhen(h, other, (s) => s.status === 'cooldown', 'the manual resolution')).toMatchObject({ resolution: 'manual', resolvedBy: 'Dana' });
      await stateWhen(h, fp, (s) => s.status === 'cooldown', 'the false positive');
      for (const b of [fp, other]) await temporal.client.workflow.getHandle(incidentWorkflowId(b)).terminate('test over');
    });
    await endpoint.close();
    const rows = await store.rows<{ brand: string; resolution: string; resolved_by: string }>(
      'SELECT brand, resolution, resolved_by FROM incidents FINAL WHERE brand IN ({a:String}, {b:String}) ORDER BY brand',
      { a: fp, b: other },
    );
    expect(rows).toEqual([
      { brand: fp, resolution: 'false_positive', resolved_by: 'Sam' },
      { brand: other, resolution: 'manual', resolved_by: 'Dana' },
    ]);
  });
});
