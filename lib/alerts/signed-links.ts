// Signed links carried by alerts: whoever holds one may acknowledge that one incident (`ack`),
// see its chart (`chart`), or open that incident's page for one action (assign, note, resolve,
// false-positive, mute, unmute: a form that POSTs, so a link previewer fetching it changes nothing),
// nothing else. HMAC-SHA256 over the purpose, brand and incident
// with a server secret; verified in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The actions whose links open a confirm page (GET) that performs them on POST. */
export const ACTION_PAGES = ['assign', 'note', 'resolve', 'false-positive', 'mute', 'unmute'] as const;
export type ActionPage = (typeof ACTION_PAGES)[number];
export type LinkPurpose = 'ack' | 'chart' | ActionPage;

export function linkSignature(secret: string, purpose: LinkPurpose, incidentId: string, brand: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${brand}\n${incidentId}`).digest('base64url');
}

export function signedUrl(publicUrl: string, secret: string, purpose: LinkPurpose, incidentId: string, brand: string): string {
  const u = new URL(`/${purpose}`, publicUrl);
  u.searchParams.set('brand', brand);
  u.searchParams.set('incident', incidentId);
  u.searchParams.set('sig', linkSignature(secret, purpose, incidentId, brand));
  return u.toString();
}

export function verifyLink(secret: string, purpose: LinkPurpose, incidentId: string, brand: string, sig: string): boolean {
  const expected = Buffer.from(linkSignature(secret, purpose, incidentId, brand));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
