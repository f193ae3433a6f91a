// Signed links carried by alerts: whoever holds one may acknowledge that one incident (`ack`)
// or see its chart (`chart`), nothing else. HMAC-SHA256 over the purpose, brand and incident
// with a server secret; verified in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkPurpose = 'ack' | 'chart';

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
