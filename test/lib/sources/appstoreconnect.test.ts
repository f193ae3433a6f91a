// App Store Connect (customerReviews with their developer responses) connector over real HTTP
// against recorded JSON:API responses; the server checks each request's ES256 token with the
// public half of a key made for the test.
import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { appStoreToken, readAppStoreKey } from '../../../lib/sources/app-store-jwt.js';
import { appstoreconnect, type AppStoreConnectCursor } from '../../../lib/sources/connectors/appstoreconnect.js';
import { BadCredentialsError, MalformedResponseError } from '../../../lib/sources/errors.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';
import { loadCursor } from '../../../lib/store/cursors-repo.js';
import { connectorContext, monitorConfig, ticking, useEnv } from '../../helpers/connector-context.js';
import { jsonFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer, type ReceivedRequest } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const APP = '1234567890';
const REVIEWS = `/v1/apps/${APP}/customerReviews`;
const NOW = new Date('2026-11-23T12:00:00Z');
const KEY_ENV = 'TEST_ASC_PRIVATE_KEY';
const ISSUER = '57246542-96fe-1a63-e053-0824d011072a';
const KEY_ID = '2X9R4HXF34';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const server = useRecordedServer();
const http = createHttpClient({ backoffMs: 5 });
const raw = jsonFixtures('appstoreconnect');
/** A fixture with its next links pointing at the local server. */
const fixture = (name: string) => JSON.parse(JSON.stringify(raw(name)).replaceAll('__BASE__', server.url));

const R = (n: string) => `appstore:00000028-b08c-0014-729e-fbd50000000${n}`;

function config() {
  return monitorConfig(
    `  - id: nimbus-ios
    type: appstoreconnect
    base_url: ${server.url}
    issuer_id: ${ISSUER}
    key_id: ${KEY_ID}
    private_key_env: ${KEY_ENV}
    apps:
      - id: "${APP}"
        name: Nimbus iOS
    limit: 3`,
    ['Nimbus'],
  );
}

function ctx(env: Record<string, string> = { [KEY_ENV]: PEM }): ConnectorContext {
  return connectorContext(config().sources[0], { queries: ['Nimbus'], http, env, now: NOW });
}

/** The request's bearer token, checked: header, claims and signature. */
function checkToken(req: ReceivedRequest, key: KeyObject = publicKey) {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  expect(token, 'a bearer token').toBeDefined();
  const [h, p, s] = token!.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  expect(header).toEqual({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' });
  expect(claims).toEqual({ iss: ISSUER, iat: NOW.getTime() / 1000, exp: NOW.getTime() / 1000 + 1200, aud: 'appstoreconnect-v1' });
  expect(verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))).toBe(true);
}

describe('appstoreconnect connector', () => {
  it('reads new reviews with their responses, then the responses given since to reviews already read', async () => {
    http.memo.forget(`appstoreconnect:${server.url}:${ISSUER}:${KEY_ID}`);
    server.enqueue(REVIEWS, { body: fixture('round1-page1.json') }, { body: fixture('round1-page2.json') }, { body: fixture('answered.json') });

    const p1 = await appstoreconnect.fetchPage(undefined, ctx());
    checkToken(server.requests[0]);
    const q = server.requests[0].query;
    expect([q.get('sort'), q.get('limit'), q.get('include'), q.get('exists[publishedResponse]')]).toEqual(['-createdDate', '3', 'response', null]);
    expect(p1.mentions.map((m) => m.id)).toEqual([R('3'), `${R('3')}:reply`, R('2'), R('1')]);
    expect(p1.mentions[0]).toMatchObject({
      platform: 'appstore',
      title: 'Lost my booking',
      text: 'Nimbus app logged me out and my booking vanished. Help!',
      rating: 1,
      product: 'Nimbus iOS',
      created_at: '2026-11-23T02:00:00.000Z',
      author: { name: 'jo_travels' },
      engagement: { replies: 1 },
    });
    expect(p1.mentions[1]).toMatchObject({ in_reply_to: R('3'), by_brand: true, created_at: '2026-11-23T10:30:00.000Z', author: { id: APP, name: 'Nimbus iOS' } });
    expect(p1.mentions[1].rating).toBeUndefined();
    expect(p1.mentions[3]).toMatchObject({ text: 'الحجز لا يظهر في التطبيق', rating: 2, engagement: { replies: 0 } });
    expect(p1.more).toBe(true);
    expect((p1.cursor as AppStoreConnectCursor).current?.next).toMatch(/cursor=Mw\.AAAA/);

    // Page 2 by the next link (no parameters of our own); the broken review is rejected with its place.
    const p2 = await appstoreconnect.fetchPage(p1.cursor, ctx());
    expect(server.requests[1].query.get('cursor')).toBe('Mw.AAAA');
    expect(p2.mentions.map((m) => m.id)).toEqual([R('0'), `${R('0')}:reply`]);
    expect(p2.mentions[1]).toMatchObject({ text: 'תודה! אנחנו עובדים על מהירות האפליקציה.' });
    expect(p2.rejects).toHaveLength(1);
    expect(p2.rejects[0].reason).toMatch(/data\[1\] of app 1234567890 \(00000028-b08c-0014-729e-fbd5000000ff\): .*rating/);
    const c2 = p2.cursor as AppStoreConnectCursor;
    expect(c2.seen[APP]).toEqual({ id: '00000028-b08c-0014-729e-fbd500000003', created: '2026-11-23T02:00:00.000Z' });
    expect(p2.more).toBe(true); // the answered list is next in the round

    // The answered list: only responses, within the answer window (the October review is past it).
    const p3 = await appstoreconnect.fetchPage(c2, ctx());
    expect(server.requests[2].query.get('exists[publishedResponse]')).toBe('true');
    expect(p3.mentions.map((m) => m.id)).toEqual([`${R('3')}:reply`, `${R('1')}:reply`]);
    expect(p3.mentions[1]).toMatchObject({ in_reply_to: R('1'), text: 'نعتذر! راسلنا على care@nimbus.example وسنعيد الحجز.', by_brand: true });
    expect(p3.more).toBe(false);
    expect((p3.cursor as AppStoreConnectCursor).current).toBeUndefined();
    // One token for the three requests (it lives 20 minutes).
    expect(new Set(server.requests.map((r) => r.headers.authorization)).size).toBe(1);
  });

  it('stops the new list at the mark and keeps the mark on an empty list', async () => {
    const marked: AppStoreConnectCursor = { seen: { [APP]: { id: '00000028-b08c-0014-729e-fbd500000003', created: '2026-11-23T02:00:00.000Z' } }, pending: [] };
    server.enqueue(REVIEWS, { body: fixture('round2-new.json') });
    const p = await appstoreconnect.fetchPage(marked, ctx());
    expect(p.mentions.map((m) => m.id)).toEqual([R('4')]);
    expect((p.cursor as AppStoreConnectCursor).seen[APP].id).toBe('00000028-b08c-0014-729e-fbd500000004');
    expect((p.cursor as AppStoreConnectCursor).current).toBeUndefined(); // the next link is not followed past the mark

    server.enqueue(REVIEWS, { body: fixture('empty.json') });
    const e = await appstoreconnect.fetchPage(marked, ctx());
    expect(e).toMatchObject({ mentions: [], rejects: [] });
    expect((e.cursor as AppStoreConnectCursor).seen[APP]).toEqual(marked.seen[APP]);
  });

  it('takes a fresh token once when one is refused, and fails on a second refusal or a missing key', async () => {
    server.enqueue(REVIEWS, { status: 401, body: fixture('unauthorized.json') }, { body: fixture('empty.json') });
    await expect(appstoreconnect.fetchPage(undefined, ctx())).resolves.toMatchObject({ mentions: [] });
    expect(server.requests).toHaveLength(2);
    server.enqueue(REVIEWS, { status: 401, body: fixture('unauthorized.json') }, { status: 401, body: fixture('unauthorized.json') });
    await expect(appstoreconnect.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(BadCredentialsError);
    await expect(appstoreconnect.fetchPage(undefined, ctx({}))).rejects.toThrow(new RegExp(`${KEY_ENV} is not set`));
    expect(server.requests).toHaveLength(4);
  });

  it('does not send its token to a next link on another host, and rejects a body that is not JSON:API', async () => {
    const away: AppStoreConnectCursor = { seen: {}, pending: [], current: { key: `${APP}:new`, next: 'https://elsewhere.example/v1/apps/1/customerReviews?cursor=x' } };
    await expect(appstoreconnect.fetchPage(away, ctx())).rejects.toThrow(/links\.next points at https:\/\/elsewhere\.example/);
    server.enqueue(REVIEWS, { body: { reviews: [] } });
    await expect(appstoreconnect.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(MalformedResponseError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('App Store Connect tokens', () => {
  it('names what is wrong with a key that is not a P-256 .p8, never its content', () => {
    expect(() => readAppStoreKey('not a key', 'source "x": KEY')).toThrow(/^source "x": KEY: not a PEM private key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => readAppStoreKey(rsa, 'KEY')).toThrow(/KEY: an App Store Connect key is an EC P-256 key \(\.p8\); this one is rsa/);
    // A key pasted into an env file with literal \n escapes is read.
    const escaped = PEM.trim().replace(/\n/g, '\\n');
    const t = appStoreToken({ issuerId: ISSUER, keyId: KEY_ID, privateKeyPem: escaped }, NOW.getTime(), 'KEY');
    checkToken({ headers: { authorization: `Bearer ${t.token}` } } as ReceivedRequest);
    expect(t.expiresAt).toBe(NOW.getTime() + 20 * 60_000);
  });
});

describe('appstoreconnect through pollSourceOnce', () => {
  const store = useTestStore();
  useEnv({ [KEY_ENV]: PEM });

  it('stores reviews and responses; a response that comes later answers the stored review', async () => {
    const clickhouse = store.client;
    let answeredLater = false;
    server.handle(REVIEWS, (req) => {
      if (req.query.get('exists[publishedResponse]') === 'true') return { body: answeredLater ? fixture('answered.json') : fixture('empty.json') };
      return { body: fixture(req.query.get('cursor') ? 'round1-page2.json' : 'round1-page1.json') };
    });
    const deps = { http, config: config(), now: ticking(NOW, 1000) };
    const r1 = await pollSourceOnce({ ...deps, clickhouse }, 'nimbus-ios');
    expect(r1).toMatchObject({ pages: 3, stored: 6, rejected: 1, more: false });
    const replies = async () =>
      (await store.rows<{ in_reply_to: string }>("SELECT in_reply_to FROM mentions FINAL WHERE source_id = 'nimbus-ios' AND author_owned = 1 ORDER BY in_reply_to")).map((r) => r.in_reply_to);
    expect(await replies()).toEqual([R('0'), R('3')]);
    const ratings = await store.rows<{ external_id: string; rating: number; product: string }>(
      "SELECT external_id, rating, product FROM mentions FINAL WHERE source_id = 'nimbus-ios' AND author_owned = 0 ORDER BY external_id",
    );
    expect(ratings.map((r) => [r.external_id.slice(-2), r.rating, r.product])).toEqual([['00', 3, 'Nimbus iOS'], ['01', 2, 'Nimbus iOS'], ['02', 5, 'Nimbus iOS'], ['03', 1, 'Nimbus iOS']]);
    expect((await loadCursor<AppStoreConnectCursor>(clickhouse, 'nimbus-ios'))?.seen[APP].id).toBe('00000028-b08c-0014-729e-fbd500000003');

    // The Arabic review is answered after it was stored: the next poll's answered list brings the response.
    answeredLater = true;
    const r2 = await pollSourceOnce({ ...deps, clickhouse }, 'nimbus-ios');
    expect(r2).toMatchObject({ stored: 1, more: false });
    expect(await replies()).toEqual([R('0'), R('1'), R('3')]);
  });
});
