// Signed links to the reply queue's actions (in a care digest, a chat message, an email): whoever
// holds one may do that one action (assign to that person, dismiss, reopen) on that one item,
// nothing else. HMAC-SHA256 over the purpose, action, assignee, brand and mention with the
// worker's link secret (the one signing acknowledgement links); verified in constant time. Pure.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { QueueAction } from './queue-rules.js';

export const QUEUE_LINK_PATH = '/queue';

export interface QueueLink {
  brand: string;
  mentionId: string;
  action: QueueAction;
}

const assigneeOf = (a: QueueAction) => (a.kind === 'assign' ? a.to : '');

export function queueLinkSignature(secret: string, link: QueueLink): string {
  return createHmac('sha256', secret)
    .update(`queue\n${link.action.kind}\n${assigneeOf(link.action)}\n${link.brand}\n${link.mentionId}`)
    .digest('base64url');
}

export function queueLinkUrl(publicUrl: string, secret: string, link: QueueLink): string {
  const u = new URL(QUEUE_LINK_PATH, publicUrl);
  u.searchParams.set('brand', link.brand);
  u.searchParams.set('mention', link.mentionId);
  u.searchParams.set('action', link.action.kind);
  if (link.action.kind === 'assign') u.searchParams.set('to', link.action.to);
  u.searchParams.set('sig', queueLinkSignature(secret, link));
  return u.toString();
}

export function verifyQueueLink(secret: string, link: QueueLink, sig: string): boolean {
  const expected = Buffer.from(queueLinkSignature(secret, link));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
