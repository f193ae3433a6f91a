// Slack's external file upload (digest charts) against a real local receiver: the three steps in
// order with the bot token on the API calls only; a missing scope is a route error, a rate limit
// is retryable, and no error carries the token.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouteConfigError, type RouteOf } from '../../../lib/alerts/channel.js';
import { uploadSlackFile } from '../../../lib/alerts/slack-files.js';
import { startRecordedServer, type RecordedServer } from '../../helpers/recorded-server.js';

const TOKEN = 'xoxb-files-SECRET-Qw81';
const env = { FILES_BOT: TOKEN };
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('uploadSlackFile', () => {
  let server: RecordedServer;
  const route = (base: string): RouteOf<'slack'> => ({ id: 'care', type: 'slack', bot_token_env: 'FILES_BOT', channel: 'C0CARE', api_base_url: `${server.url}/${base}` });
  beforeAll(async () => {
    server = await startRecordedServer();
  });
  afterAll(() => server.close());

  it('asks for an upload URL, sends the bytes there, completes the upload in the channel', async () => {
    server.enqueue('/ok/files.getUploadURLExternal', { body: { ok: true, upload_url: `${server.url}/upload/abc`, file_id: 'F123' } });
    server.enqueue('/upload/abc', { status: 200, body: 'OK' });
    server.enqueue('/ok/files.completeUploadExternal', { body: { ok: true } });
    expect(await uploadSlackFile(route('ok'), { filename: 'volume.png', title: 'Volume', bytes: png }, { env, threadTs: '1.2' })).toBe('F123');
    const [ask, upload, done] = server.requests;
    expect([ask.path, upload.path, done.path]).toEqual(['/ok/files.getUploadURLExternal', '/upload/abc', '/ok/files.completeUploadExternal']);
    expect(Object.fromEntries(new URLSearchParams(ask.body))).toEqual({ filename: 'volume.png', length: String(png.length) });
    expect(ask.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(upload.headers.authorization).toBeUndefined();
    expect(Number(upload.headers['content-length'])).toBe(png.length);
    expect(JSON.parse(done.body)).toEqual({ files: [{ id: 'F123', title: 'Volume' }], channel_id: 'C0CARE', thread_ts: '1.2' });
  });

  it('missing_scope is a route error, ratelimited and 500 are retryable; none shows the token', async () => {
    server.handle('/scope/files.getUploadURLExternal', (req) => ({ body: { ok: false, error: 'missing_scope', echo: req.headers.authorization } }));
    server.handle('/rate/files.getUploadURLExternal', () => ({ body: { ok: false, error: 'ratelimited' } }));
    server.handle('/down/files.getUploadURLExternal', (req) => ({ status: 500, body: `${req.headers.authorization}` }));
    const fail = (base: string) => uploadSlackFile(route(base), { filename: 'x.png', title: 'x', bytes: png }, { env }).then(() => undefined, (e: Error) => e);
    const scope = await fail('scope');
    expect(scope).toBeInstanceOf(RouteConfigError);
    expect(scope!.message).toBe('route "care": Slack refused the file upload (missing_scope)');
    const rate = await fail('rate');
    expect(rate).not.toBeInstanceOf(RouteConfigError);
    expect(rate!.message).toBe('route "care": Slack refused the file upload (ratelimited)');
    const down = await fail('down');
    expect(down!.message).toBe(`route "care": POST ${new URL(server.url).host} answered 500`);
    for (const e of [scope, rate, down]) expect(inspect(e, { depth: Infinity, showHidden: true })).not.toContain(TOKEN);
    const webhookRoute: RouteOf<'slack'> = { id: 'hook', type: 'slack', webhook_url_env: 'X', api_base_url: 'https://slack.com/api' };
    await expect(uploadSlackFile(webhookRoute, { filename: 'x.png', title: 'x', bytes: png }, { env })).rejects.toThrow('uploading files needs bot_token_env and channel');
  });
});
