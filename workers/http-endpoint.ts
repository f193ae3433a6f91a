// The worker's small HTTP endpoint: GET /ack (signed links from alerts signal the incident
// workflow) and GET /healthz. The push-ingest endpoint mounts beside it when configured.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { verifyAck } from '../activities/alerts/ack-link.js';
import { acknowledgeSignal, incidentStateQuery } from '../workflows/incident-api.js';
import { incidentWorkflowId } from '../workflows/ids.js';

export interface HttpEndpointOptions {
  client: Client;
  port: number;
  host?: string;
  ackSecret?: string;
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
    if (u.pathname !== '/ack' || req.method !== 'GET') return reply(404, 'Not found', 'Nothing here.');
    const brand = u.searchParams.get('brand') ?? '';
    const incident = u.searchParams.get('incident') ?? '';
    const sig = u.searchParams.get('sig') ?? '';
    if (!opts.ackSecret) return reply(503, 'Acknowledgement links are off', 'The worker has no acknowledgement secret configured.');
    if (!brand || !incident || !verifyAck(opts.ackSecret, incident, brand, sig)) {
      return reply(403, 'Invalid link', 'This acknowledgement link is not valid (wrong or altered signature).');
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
