// Delivers one brand's digest to one route: renders its charts, builds the channel's message
// (lib/digest/) and sends it with the channel's own transport, recording the attempt in
// alert_deliveries (kind 'digest', under the digest's id) as alerts are. Email shows the charts
// inline (CID); a bot-token Slack route uploads them after the message (a webhook route cannot
// upload, so it gets the figures only); a webhook gets them as base64; a file route none.
// Errors are the channels' sanitised ones, redacted once more, as deliver-alert.ts does.
import type { RouteOf, SendResult } from '../alerts/channel.js';
import { routeSecrets } from '../alerts/channels.js';
import { sendEmail } from '../alerts/email-channel.js';
import { appendJsonLine } from '../alerts/file-channel.js';
import { sendSlackMessage } from '../alerts/slack-channel.js';
import { uploadSlackFile } from '../alerts/slack-files.js';
import { redactSecrets, safeDeliveryError } from '../alerts/transport-error.js';
import { postSignedJson } from '../alerts/webhook-channel.js';
import type { RouteConfig } from '../config/schema.js';
import { digestId } from '../contract/ids.js';
import { renderDigestCharts, type DigestChart } from '../digest/digest-charts.js';
import { digestEmail } from '../digest/digest-email.js';
import { digestSlackMessage } from '../digest/digest-slack.js';
import { digestWebhookPayload } from '../digest/digest-webhook.js';
import type { DigestData } from '../digest/digest.js';
import { recordDelivery } from '../store/incidents-repo.js';
import type { DigestDeps } from './digest.js';

type Sender<T extends RouteConfig['type']> = (route: RouteOf<T>, d: DigestData, charts: DigestChart[], env?: NodeJS.ProcessEnv) => Promise<SendResult>;

const fileStem = (d: DigestData) => `${digestId(d.brand, d.to)}`;

/** How each route type sends a digest: a new channel without one is a compile error here. */
const DIGEST_SENDERS: { [T in RouteConfig['type']]: Sender<T> } = {
  email: (route, d, charts, env) => {
    const cids = charts.map((c) => ({ cid: `${c.name}-${fileStem(d)}@brand-pulse`, title: c.title }));
    const attachments = charts.map((c, i) => ({ filename: `${c.name}.png`, content: c.png, cid: cids[i].cid }));
    return sendEmail(route, { ...digestEmail(d, cids), attachments }, env);
  },
  slack: async (route, d, charts, env) => {
    const sent = await sendSlackMessage(route, digestSlackMessage(d), { env });
    if (!route.bot_token_env) return sent;
    for (const c of charts) await uploadSlackFile(route, { filename: `${fileStem(d)}-${c.name}.png`, title: c.title, bytes: c.png }, { env });
    return { detail: `${sent.detail}, ${charts.length} chart${charts.length === 1 ? '' : 's'} uploaded` };
  },
  webhook: (route, d, charts, env) => postSignedJson(route, `digest.${d.every}`, digestWebhookPayload(d, charts), env),
  file: async (route, d) => appendJsonLine(route, { digest: d }),
};

export async function deliverDigestToRoute(deps: DigestDeps, routeId: string, digest: DigestData, attempt: number, env?: NodeJS.ProcessEnv): Promise<SendResult> {
  const route = deps.config.alerts.routes.find((r) => r.id === routeId);
  if (!route) throw new Error(`no alert route "${routeId}" in the config`);
  const record = { incidentId: digestId(digest.brand, digest.to), brand: digest.brand, routeId, routeType: route.type, kind: 'digest', attempt };
  const secrets = routeSecrets(route, env);
  try {
    const charts = route.type === 'file' ? [] : renderDigestCharts(digest);
    const sent = await (DIGEST_SENDERS[route.type] as Sender<RouteConfig['type']>)(route as never, digest, charts, env);
    await recordDelivery(deps.clickhouse, { ...record, status: 'sent', detail: redactSecrets(sent.detail, secrets) });
    return sent;
  } catch (e) {
    const safe = safeDeliveryError(e, secrets);
    await recordDelivery(deps.clickhouse, { ...record, status: 'failed', detail: safe.message }).catch(() => undefined);
    throw safe;
  }
}
