// The worker's small HTTP endpoint: GET /ack (signed links from alerts signal the incident
// workflow) and GET /healthz. The push-ingest endpoint mounts beside it when configured.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { verifyLink } from '../alerts/signed-links.js';
import { acknowledgeSignal, incidentStateQuery } from '../contract/incident.js';
import { incidentWorkflowId } from '../contract/ids.js';
import { serveQueueAction, type QueueActionDeps } from './queue-actions.js';

export interface HttpEndpointOptions {
  client: Client;
  /** Renders an incident's chart (PNG) for signed /chart links; absent: no charts served. */
  chart?: (brand: string, incidentId: string) => Promise<Buffer | undefined>;
  port: number;
  host?: string;
  ackSecret?: string;
  /** Serves the reply queue's signed links (/queue, queue-actions.ts), signed with ackSecret. */
  queue?: Pick<QueueActionDeps, 'clickhouse'>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif"><h2>${title}</h2><p>${body}</p></body></html>`;

export async function startHttpEndpoint(opts: HttpEndpointOptions): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://localhost');
    const reply = (status: number, title: string, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(title, body));
    };
    if (u.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('ok');
    }
    if (opts.queue && (await serveQueueAction(req, res, u, { ...opts.queue, secret: opts.ackSecret }))) return;
    const purpose = u.pathname === '/ack' ? 'ack' : u.pathname === '/chart' ? 'chart' : undefined;
    if (!purpose || req.method !== 'GET') return reply(404, 'Not found', 'Nothing here.');
    const brand = u.searchParams.get('brand') ?? '';
    const incident = u.searchParams.get('incident') ?? '';
    const sig = u.searchParams.get('sig') ?? '';
    if (!opts.ackSecret) return reply(503, 'Signed links are off', 'The worker has no link secret configured.');
    if (!brand || !incident || !verifyLink(opts.ackSecret, purpose, incident, brand, sig)) {
      return reply(403, 'Invalid link', 'This link is not valid (wrong or altered signature).');
    }
    if (purpose === 'chart') {
      const png = await opts.chart?.(brand, incident).catch(() => undefined);
      if (!png) return reply(404, 'No chart', `No chart for incident ${incident}.`);
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=300' });
      return res.end(png);
    }
    try {
      const handle = opts.client.workflow.getHandle(incidentWorkflowId(brand));
      const state = await handle.query(incidentStateQuery);
      if (state.incidentId !== incident) return reply(410, 'Incident is over', `Incident ${incident} is no longer open.`);
      await handle.signal(acknowledgeSignal, { by: 'alert link' });
      return reply(200, 'Acknowledged', `Incident ${incident} for ${brand} is acknowledged. Escalation is stopped.`);
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) return reply(410, 'Incident is over', `Incident ${incident} is no longer open.`);
      return reply(502, 'Could not acknowledge', 'Temporal did not accept the acknowledgement; try again.');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
