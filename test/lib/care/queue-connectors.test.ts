// Replies closing reply-queue items through real connectors: recorded X, Reddit, Mastodon, Bluesky,
// YouTube and Facebook
// responses (a complaint, a follow-up, the brand's own reply) polled by pollSourceOnce into
// embedded ClickHouse with the brand's owned accounts configured; and on the brand's own sources
// (Facebook, Google Play) without them, the source saying who the brand is.
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config/load.js';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import { listQueue } from '../../../lib/store/queue-repo.js';
import { ticking, useEnv } from '../../helpers/connector-context.js';
import { jsonFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const TOKEN_ENV = 'TEST_QUEUE_X_BEARER';
const YT_KEY_ENV = 'TEST_QUEUE_YT_KEY';
const FB_TOKEN_ENV = 'TEST_QUEUE_FB_TOKEN';
const GP_TOKEN_ENV = 'TEST_QUEUE_GP_TOKEN';
const FB_PAGE = '104857600012345';

function config(owned: string, source: string) {
  return parseConfig(
    `
brands:
  - id: acme
    name: Acme
    queries: [acme]
    owned: ${owned}
sources:
${source}
`,
    'queue-connectors.yaml',
  );
}

describe('replies close queue items through the connectors', () => {
  const server = useRecordedServer('all');
  const store = useTestStore();
  const http = createHttpClient({ backoffMs: 5 });
  useEnv({ [TOKEN_ENV]: 'AAAAtestbearer', [YT_KEY_ENV]: 'AIzaTestKey', [FB_TOKEN_ENV]: 'EAAGtestpagetoken', [GP_TOKEN_ENV]: 'ya29.test-token' });
  beforeEach(() => store.reset());
  /** Polls the source `id` (written in YAML) once at `at` for the brand with these owned accounts. */
  const poll = (id: string, at: string, owned: string, source: string, stepMs?: number) =>
    pollSourceOnce({ clickhouse: store.client, http, config: config(owned, source), now: ticking(new Date(at), stepMs) }, id);
  const queue = async () => (await listQueue(store.client)).map((i) => [i.mention_id, i.state, i.first_response_seconds, i.response_mention_id]);

  it('x: the brand replies to a follow-up in the conversation; both tweets of the customer are answered', async () => {
    server.handle('/2/tweets/search/recent', () => ({ headers: { 'x-rate-limit-remaining': '400' }, body: jsonFixtures('x')('conversation.json') }));
    await poll('qx', '2026-11-23T09:00:00Z', '{ x: ["@AcmeBank"] }', `  - { id: qx, type: x, base_url: "${server.url}", bearer_token_env: ${TOKEN_ENV} }`, 1000);
    const rows = await store.rows<{ external_id: string; thread_id: string; author_owned: number }>(
      "SELECT external_id, thread_id, author_owned FROM mentions WHERE source_id = 'qx' ORDER BY created_at",
    );
    const [a, b, c] = rows.map((r) => r.external_id);
    expect(rows.map((r) => [r.thread_id, r.author_owned])).toEqual([[`x:${a}`, 0], [`x:${a}`, 0], [`x:${a}`, 1]]);
    expect(await queue()).toEqual([
      [`x:${a}`, 'answered', 41 * 60, `x:${c}`],
      [`x:${b}`, 'answered', 29 * 60, `x:${c}`],
    ]);
  });

  it('reddit: u/AcmeSupport answers a reply under the post; the comment above it is answered too', async () => {
    server.handle('/r/CustomerService/search.json', () => ({ body: jsonFixtures('reddit')('search-empty.json') }));
    server.handle('/r/CustomerService/comments.json', () => ({ body: jsonFixtures('reddit')('thread-comments.json') }));
    await poll('qr', '2026-11-20T12:00:00Z', '{ reddit: ["u/AcmeSupport"] }',
      `  - { id: qr, type: reddit, base_url: "${server.url}", oauth_base_url: "${server.url}/oauth", token_url: "${server.url}/api/v1/access_token", subreddits: [CustomerService] }`);
    expect(await store.rows("SELECT external_id, in_reply_to, thread_id, author_owned FROM mentions WHERE source_id = 'qr' ORDER BY external_id")).toEqual([
      { external_id: 'ly1c001', in_reply_to: 'reddit:1h3acme', thread_id: 'reddit:1h3acme', author_owned: 0 },
      { external_id: 'ly1c002', in_reply_to: 'reddit:ly1c001', thread_id: 'reddit:1h3acme', author_owned: 0 },
      { external_id: 'ly1c003', in_reply_to: 'reddit:ly1c002', thread_id: 'reddit:1h3acme', author_owned: 1 },
    ]);
    expect(await queue()).toEqual([
      ['reddit:ly1c001', 'answered', 2400, 'reddit:ly1c003'],
      ['reddit:ly1c002', 'answered', 1800, 'reddit:ly1c003'],
    ]);
  });

  it('mastodon: the brand account answers with in_reply_to_id (no thread id on Mastodon)', async () => {
    server.handle('/api/v1/timelines/tag/acme', () => ({ body: jsonFixtures('mastodon')('thread.json') }));
    await poll('qm', '2026-11-20T12:00:00Z', '{ mastodon: ["@acmecare"] }', `  - { id: qm, type: mastodon, base_url: "${server.url}" }`);
    const host = new URL(server.url).host;
    expect(await queue()).toEqual([[`mastodon:${host}:113500000000000021`, 'answered', 1800, `mastodon:${host}:113500000000000022`]]);
  });

  it('bluesky: the brand account (shown by its display name) answers a follow-up; the post it follows is answered up the thread', async () => {
    server.handle('/xrpc/app.bsky.feed.searchPosts', () => ({ body: jsonFixtures('bluesky')('thread.json') }));
    await poll('qb', '2026-11-20T12:00:00Z', '{ bluesky: ["@acme.bsky.social"] }', `  - { id: qb, type: bluesky, base_url: "${server.url}" }`);
    const uri = (did: string, rkey: string) => `bluesky:at://did:plc:${did}/app.bsky.feed.post/${rkey}`;
    const [p1, p2, p3] = [uri('u1abcdefghijklmnopq', '3lcq7bbbb1'), uri('u1abcdefghijklmnopq', '3lcq7bbbb2'), uri('acmesupportabcdefgh', '3lcq7bbbb3')];
    expect(await store.rows("SELECT in_reply_to, thread_id, author_owned FROM mentions WHERE source_id = 'qb' ORDER BY created_at")).toEqual([
      { in_reply_to: '', thread_id: p1, author_owned: 0 },
      { in_reply_to: p1, thread_id: p1, author_owned: 0 },
      { in_reply_to: p2, thread_id: p1, author_owned: 1 },
    ]);
    expect(await queue()).toEqual([
      [p1, 'answered', 50 * 60, p3],
      [p2, 'answered', 30 * 60, p3],
    ]);
  });

  it('youtube: the brand channel answers in the comment thread; the question and its follow-up are both answered', async () => {
    server.handle('/youtube/v3/commentThreads', () => ({ body: jsonFixtures('youtube')('thread.json') }));
    await poll('qy', '2026-11-23T09:00:00Z', '{ youtube: ["@AcmeBank"] }',
      `  - { id: qy, type: youtube, base_url: "${server.url}", api_key_env: ${YT_KEY_ENV}, video_ids: [Acm3Launch1] }`);
    expect(await store.rows("SELECT external_id, in_reply_to, thread_id, author_owned FROM mentions WHERE source_id = 'qy' ORDER BY created_at")).toEqual([
      { external_id: 'UgwB1', in_reply_to: '', thread_id: 'youtube:UgwB1', author_owned: 0 },
      { external_id: 'UgwB1.Fu1', in_reply_to: 'youtube:UgwB1', thread_id: 'youtube:UgwB1', author_owned: 0 },
      { external_id: 'UgwB1.Br1', in_reply_to: 'youtube:UgwB1', thread_id: 'youtube:UgwB1', author_owned: 1 },
    ]);
    expect(await queue()).toEqual([
      ['youtube:UgwB1', 'answered', 40 * 60, 'youtube:UgwB1.Br1'],
      ['youtube:UgwB1.Fu1', 'answered', 20 * 60, 'youtube:UgwB1.Br1'],
    ]);
  });

  it('facebook: the Page answers a follow-up under its post; the question above it is answered too', async () => {
    server.handle(`/v21.0/${FB_PAGE}/feed`, () => ({ body: jsonFixtures('facebook')('thread.json') }));
    await poll('qf', '2026-11-23T09:00:00Z', `{ facebook: ["${FB_PAGE}"] }`,
      `  - { id: qf, type: facebook, base_url: "${server.url}/v21.0", access_token_env: ${FB_TOKEN_ENV}, page_id: "${FB_PAGE}" }`);
    const id = (n: number) => `facebook:900000000000007_70000${n}`;
    expect(await store.rows("SELECT in_reply_to, thread_id, author_owned FROM mentions WHERE source_id = 'qf' ORDER BY created_at")).toEqual([
      { in_reply_to: '', thread_id: 'facebook:104857600012345_900000000000007', author_owned: 0 },
      { in_reply_to: id(1), thread_id: 'facebook:104857600012345_900000000000007', author_owned: 0 },
      { in_reply_to: id(2), thread_id: 'facebook:104857600012345_900000000000007', author_owned: 1 },
    ]);
    expect(await queue()).toEqual([
      [id(1), 'answered', 30 * 60, id(3)],
      [id(2), 'answered', 15 * 60, id(3)],
    ]);
  });

  it("facebook without owned accounts configured: the Page's own comment is the brand's all the same", async () => {
    server.handle(`/v21.0/${FB_PAGE}/feed`, () => ({ body: jsonFixtures('facebook')('thread.json') }));
    await poll('qf', '2026-11-23T09:00:00Z', '{}', `  - { id: qf, type: facebook, base_url: "${server.url}/v21.0", access_token_env: ${FB_TOKEN_ENV}, page_id: "${FB_PAGE}" }`);
    const id = (n: number) => `facebook:900000000000007_70000${n}`;
    expect(await store.rows("SELECT author_owned FROM mentions WHERE source_id = 'qf' ORDER BY created_at")).toEqual([{ author_owned: 0 }, { author_owned: 0 }, { author_owned: 1 }]);
    expect(await queue()).toEqual([
      [id(1), 'answered', 30 * 60, id(3)],
      [id(2), 'answered', 15 * 60, id(3)],
    ]);
  });

  it("googleplay without owned accounts configured: the developer's reply is the brand's, and is not chatter", async () => {
    const pkg = 'com.acme.bank';
    server.handle(`/androidpublisher/v3/applications/${pkg}/reviews`, () => ({ body: jsonFixtures('googleplay')('round1-page1.json') }));
    await poll('qg', '2026-11-23T09:00:00Z', '{}', `  - { id: qg, type: googleplay, base_url: "${server.url}", access_token_env: ${GP_TOKEN_ENV}, apps: [{ package: ${pkg}, name: Acme Bank Android }] }`);
    const rows = await store.rows<{ external_id: string; in_reply_to: string; author_owned: number }>(
      "SELECT external_id, in_reply_to, author_owned FROM mentions WHERE source_id = 'qg' AND (external_id LIKE '%:reply' OR in_reply_to = '') ORDER BY external_id",
    );
    const reply = rows.find((r) => r.external_id.endsWith(':reply'))!;
    expect(reply.author_owned).toBe(1);
    expect(rows.filter((r) => !r.external_id.endsWith(':reply')).every((r) => r.author_owned === 0)).toBe(true);
    // The rollup (chatter only) counts the reviews, not the reply.
    const [counted] = await store.rows<{ n: string }>("SELECT sum(mentions) AS n FROM mention_rollup_1m WHERE brand = 'acme' AND platform = 'googleplay'");
    expect(Number(counted.n)).toBe(rows.length - 1);
  });
});
