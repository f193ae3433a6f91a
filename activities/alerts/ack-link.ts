// Signed acknowledgement links: whoever holds the link from the alert may acknowledge that
// one incident, nothing else. HMAC-SHA256 over the incident and brand with a server secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function ackSignature(secret: string, incidentId: string, brand: string): string {
  return createHmac('sha256', secret).update(`ack\n${brand}\n${incidentId}`).digest('base64url');
}

export function ackUrl(publicUrl: string, secret: string, incidentId: string, brand: string): string {
  const u = new URL('/ack', publicUrl);
  u.searchParams.set('brand', brand);
  u.searchParams.set('incident', incidentId);
  u.searchParams.set('sig', ackSignature(secret, incidentId, brand));
  return u.toString();
}

export function verifyAck(secret: string, incidentId: string, brand: string, sig: string): boolean {
  const expected = Buffer.from(ackSignature(secret, incidentId, brand));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
