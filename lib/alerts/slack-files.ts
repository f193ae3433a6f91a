// Uploads a file (a digest chart) to a bot-token Slack route's channel with Slack's external
// upload flow: files.getUploadURLExternal, the bytes POSTed to the URL it returns, then
// files.completeUploadExternal shares the file in the channel. Errors as slack-channel.ts's.
import { withoutTrailingSlash } from '../sources/options.js';
import { RouteConfigError, type RouteOf } from './channel.js';
import { slackApiAnswer, slackPost, slackToken } from './slack-channel.js';

export interface SlackFile {
  filename: string;
  title: string;
  bytes: Buffer;
}

export async function uploadSlackFile(route: RouteOf<'slack'>, file: SlackFile, opts: { env?: NodeJS.ProcessEnv; threadTs?: string } = {}): Promise<string> {
  if (!route.bot_token_env || !route.channel) throw new RouteConfigError(`route "${route.id}": uploading files needs bot_token_env and channel`);
  const token = slackToken(route, opts.env);
  const api = withoutTrailingSlash(route.api_base_url);
  const auth = { Authorization: `Bearer ${token}` };
  const getUrl = `${api}/files.getUploadURLExternal`;
  const form = new URLSearchParams({ filename: file.filename, length: String(file.bytes.length) }).toString();
  const ticket = slackApiAnswer(route, getUrl, await slackPost(route, getUrl, form, { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' }), 'the file upload');
  const uploadUrl = typeof ticket.upload_url === 'string' ? ticket.upload_url : '';
  const fileId = typeof ticket.file_id === 'string' ? ticket.file_id : '';
  if (!uploadUrl || !fileId) throw new Error(`route "${route.id}": Slack gave no upload URL`);
  const sent = await slackPost(route, uploadUrl, file.bytes, { 'Content-Type': 'application/octet-stream' });
  if (sent.status < 200 || sent.status >= 300) slackApiAnswer(route, uploadUrl, sent, 'the file bytes');
  const doneUrl = `${api}/files.completeUploadExternal`;
  const body = { files: [{ id: fileId, title: file.title }], channel_id: route.channel, ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}) };
  slackApiAnswer(route, doneUrl, await slackPost(route, doneUrl, body, { ...auth, 'Content-Type': 'application/json; charset=utf-8' }), 'the file');
  return fileId;
}
