// The worker endpoint's reply-queue links (GET/POST /queue, signed by lib/care/queue-links.ts).
// GET shows what the link will do with a button; the POST of that button does it. A link preview
// or a mail scanner that fetches the link therefore changes nothing. Repeating the POST is
// harmless: an action that changes nothing writes nothing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClickHouseClient } from '@clickhouse/client';
import { QUEUE_LINK_PATH, verifyQueueLink, type QueueLink } from '../care/queue-links.js';
import { parseAction } from '../care/queue-rules.js';
import { actOnItem, QueueItemNotFound } from '../store/queue-repo.js';
import { escapeHtml, htmlPage } from './html-page.js';

export interface QueueActionDeps {
  clickhouse: ClickHouseClient;
  /** The link secret; without it the links are off. */
  secret?: string;
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(htmlPage(title, body));
}

const describeAction = (l: QueueLink) => (l.action.kind === 'assign' ? `assign to ${l.action.to}` : l.action.kind);

/** Serves `u` when it is a queue link; false when the path is not the queue's. */
export async function serveQueueAction(req: IncomingMessage, res: ServerResponse, u: URL, deps: QueueActionDeps): Promise<boolean> {
  if (u.pathname !== QUEUE_LINK_PATH) return false;
  if (req.method !== 'GET' && req.method !== 'POST') {
    page(res, 405, 'Not allowed', '<p>Open the link, then press the button.</p>');
    return true;
  }
  if (!deps.secret) {
    page(res, 503, 'Signed links are off', '<p>The worker has no link secret configured.</p>');
    return true;
  }
  const q = u.searchParams;
  let link: QueueLink;
  try {
    link = { brand: q.get('brand') ?? '', mentionId: q.get('mention') ?? '', action: parseAction(q.get('action') ?? '', q.get('to') ?? undefined) };
  } catch {
    link = { brand: '', mentionId: '', action: { kind: 'dismiss' } };
  }
  if (!link.brand || !link.mentionId || !verifyQueueLink(deps.secret, link, q.get('sig') ?? '')) {
    page(res, 403, 'Invalid link', '<p>This link is not valid (wrong or altered signature).</p>');
    return true;
  }
  const what = `${describeAction(link)}: ${link.mentionId} (${link.brand})`;
  if (req.method === 'GET') {
    page(res, 200, 'Reply queue', `<p>${escapeHtml(what)}</p><form method="post" action="${escapeHtml(u.pathname + u.search)}"><button type="submit">${escapeHtml(describeAction(link))}</button></form>`);
    return true;
  }
  req.resume(); // the form sends nothing the link does not carry
  try {
    const [item] = await actOnItem(deps.clickhouse, link.mentionId, link.action, { brand: link.brand });
    page(res, 200, 'Done', `<p>${escapeHtml(what)}: the item is now ${escapeHtml(item.state)}${item.assignee ? ` (${escapeHtml(item.assignee)})` : ''}.</p>`);
  } catch (e) {
    if (e instanceof QueueItemNotFound) page(res, 404, 'No such item', `<p>${escapeHtml(e.message)}.</p>`);
    else page(res, 502, 'Could not change the item', '<p>The store did not accept the change; try again.</p>');
  }
  return true;
}
