// Request signing for the push ingest endpoint (pure, no I/O):
//   X-Timestamp: <unix seconds>
//   X-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>
// The timestamp is inside the signed text, so an old request cannot be re-dated; a signature
// seen within the tolerance window is refused as a replay.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signBody(secret: string, timestamp: string | number, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export type SignatureCheck = { ok: true; signedAtMs: number } | { ok: false; reason: string };

/** Checks the headers against the body; `nowMs` and `toleranceMs` bound the timestamp. */
export function verifySignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: Buffer,
  nowMs: number,
  toleranceMs: number,
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!timestamp) return { ok: false, reason: 'missing X-Timestamp header' };
  if (!signature) return { ok: false, reason: 'missing X-Signature header' };
  if (!/^\d{9,11}$/.test(timestamp)) return { ok: false, reason: 'X-Timestamp must be unix seconds' };
  const signedAtMs = Number(timestamp) * 1000;
  if (Math.abs(nowMs - signedAtMs) > toleranceMs) {
    return { ok: false, reason: `X-Timestamp is outside the accepted window of ±${Math.round(toleranceMs / 1000)}s` };
  }
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(signature.trim());
  if (!m) return { ok: false, reason: 'X-Signature must be "sha256=<64 hex digits>"' };
  const expected = Buffer.from(signBody(secret, timestamp, body).slice('sha256='.length), 'hex');
  const given = Buffer.from(m[1], 'hex');
  // Both are 32 bytes here; timingSafeEqual keeps the comparison constant-time.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not match' };
  return { ok: true, signedAtMs };
}

/** Remembers accepted signatures until their timestamp leaves the window. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  constructor(private readonly windowMs: number) {}

  /** False when the signature was already used; otherwise records it. */
  claim(signature: string, signedAtMs: number, nowMs: number): boolean {
    this.prune(nowMs);
    const key = signature.trim().toLowerCase();
    if (this.seen.has(key)) return false;
    // Kept until the timestamp can no longer pass the window check.
    this.seen.set(key, signedAtMs + this.windowMs);
    return true;
  }

  /** Forgets a signature (its request failed on our side, so the sender may retry it). */
  release(signature: string): void {
    this.seen.delete(signature.trim().toLowerCase());
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(nowMs: number): void {
    for (const [k, until] of this.seen) if (until < nowMs) this.seen.delete(k);
  }
}
