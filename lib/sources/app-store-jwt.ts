// The App Store Connect API's bearer token: a JWT the client signs itself with the team's API
// key (ES256 over the .p8 private key, `kid` the key id, `iss` the issuer id, audience
// "appstoreconnect-v1", at most 20 minutes). No network call issues it; Node's crypto signs.
// https://developer.apple.com/documentation/appstoreconnectapi/generating-tokens-for-api-requests
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type { IssuedToken } from './access-token.js';

export const APP_STORE_TOKEN_LIFETIME_MS = 20 * 60_000;

export interface AppStoreKey {
  issuerId: string;
  keyId: string;
  /** The .p8 file's content (PKCS#8 PEM); `\n` escapes, as env files often carry them, are read as line breaks. */
  privateKeyPem: string;
}

const base64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** The P-256 private key of a .p8 file, or an error saying what is wrong with it (never its content). */
export function readAppStoreKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem);
  } catch (e) {
    throw new Error(`${where}: not a PEM private key (${(e as Error).message.split('\n')[0]})`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`${where}: an App Store Connect key is an EC P-256 key (.p8); this one is ${key.asymmetricKeyType}${key.asymmetricKeyDetails?.namedCurve ? ` ${key.asymmetricKeyDetails.namedCurve}` : ''}`);
  }
  return key;
}

/** A signed token valid from `nowMs` for APP_STORE_TOKEN_LIFETIME_MS. */
export function appStoreToken(key: AppStoreKey, nowMs: number, where: string): IssuedToken {
  const privateKey = readAppStoreKey(key.privateKeyPem, where);
  const iat = Math.floor(nowMs / 1000);
  const expiresAt = nowMs + APP_STORE_TOKEN_LIFETIME_MS;
  const header = base64url(JSON.stringify({ alg: 'ES256', kid: key.keyId, typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iss: key.issuerId, iat, exp: Math.floor(expiresAt / 1000), aud: 'appstoreconnect-v1' }));
  // JWS wants the raw r||s signature (IEEE P1363), not the DER that crypto gives by default.
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return { token: `${header}.${payload}.${base64url(signature)}`, expiresAt };
}
