// The worker's small HTTP endpoint: GET /ack (signed links from alerts signal the incident
// workflow), GET /chart, the action pages (GET /assign, /note, /resolve, /false-positive, /mute,
// /unmute show a form; POST performs it: see action-pages.ts; a mute's answer carries the signed
// link that lifts it) and GET /healthz. The push-ingest
// endpoint mounts beside it when configured.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { ACTION_PAGES, signedUrl, verifyLink, type ActionPage, type LinkPurpose } from '../alerts/signed-links.js';
import { sendIncidentAction, type IncidentActionRequest } from '../pipeline/incident-actions.js';
import { actionForm, DONE, formRequest, mutedPage } from './action-pages.js';
import { htmlPage as page } from './html-page.js';
import { serveQueueAction, type QueueActionDeps } from './queue-actions.js';

export interface HttpEndpointOptions {
  client: Client;
  /** The deployment's task queue (an unmute after its incident ended runs there; default TASK_QUEUE). */
  taskQueue?: string;
  /** Renders an incident's chart (PNG) for signed /chart links; absent: no charts served. */
  chart?: (brand: string, incidentId: string) => Promise<Buffer | undefined>;
  port: number;
  host?: string;
  ackSecret?: string;
  /** Serves the reply queue's signed links (/queue, queue-actions.ts), signed with ackSecret. */
  queue?: Pick<QueueActionDeps, 'clickhouse'>;
}

/** A posted form is a few fields: anything larger is refused. */
const MAX_FORM_BYTES = 16_384;

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_FORM_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size <= MAX_FORM_BYTES ? Buffer.concat(chunks).toString('utf8') : undefined));
    req.on('error', reject);
  });
}

const isActionPage = (p: string): p is ActionPage => (ACTION_PAGES as readonly string[]).includes(p);

export async function startHttpEndpoint(opts: HttpEndpointOptions): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://localhost');
    const reply = (status: number, title: string, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(title, `<p>${body.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`));
    };
    if (u.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('ok');
    }
    if (opts.queue && (await serveQueueAction(req, res, u, { ...opts.queue, secret: opts.ackSecret }))) return;
    const name = u.pathname.slice(1);
    const purpose: LinkPurpose | undefined = name === 'ack' || name === 'chart' || isActionPage(name) ? name : undefined;
    const posting = req.method === 'POST' && purpose !== undefined && isActionPage(purpose);
    if (!purpose || (req.method !== 'GET' && !posting)) return reply(404, 'Not found', 'Nothing here.');
    // A POSTed form carries the link's fields in its body; a GET in its query.
    let fields = u.searchParams;
    if (posting) {
      const body = await readBody(req).catch(() => undefined);
      if (body === undefined) return reply(413, 'Form too large', `A form is at most ${MAX_FORM_BYTES} bytes.`);
      fields = new URLSearchParams(body);
    }
    const brand = fields.get('brand') ?? '';
    const incident = fields.get('incident') ?? '';
    const sig = fields.get('sig') ?? '';
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
    if (isActionPage(purpose) && !posting) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(actionForm(purpose, { brand, incident, sig, to: fields.get('to') ?? undefined }));
    }
    let request: IncidentActionRequest = { action: 'ack', by: 'alert link' };
    if (isActionPage(purpose)) {
      const read = formRequest(purpose, fields);
      if (!read.request) return reply(400, 'Incomplete form', `${read.problem}.`);
      request = read.request;
    }
    try {
      const sent = await sendIncidentAction(opts.client, brand, incident, request, opts.taskQueue);
      if (!sent.ok) {
        const [title, why] = purpose === 'unmute' ? ['Not muted', `${brand} is not muted.`] : ['Incident is over', `Incident ${incident} is no longer open.`];
        return reply(410, title, why);
      }
      if (purpose === 'ack') return reply(200, 'Acknowledged', `Incident ${incident} for ${brand} is acknowledged. Escalation is stopped.`);
      if (purpose !== 'mute') return reply(200, 'Done', DONE[purpose as ActionPage](brand, incident));
      // Whoever muted can change their mind from here: the same worker serves the lifting page
      // (a relative link: right behind a proxy too).
      const signed = new URL(signedUrl('http://worker', opts.ackSecret, 'unmute', incident, brand));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(mutedPage(brand, incident, `${signed.pathname}${signed.search}`));
    } catch {
      return reply(502, 'Could not send the action', 'Temporal did not accept the action; try again.');
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
