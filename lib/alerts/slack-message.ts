// Slack Block Kit message for an alert. Pure. Sample posts in Arabic or Hebrew are wrapped
// in Unicode first-strong isolates so their direction does not scramble the Latin around them.
import { type Alert, excerpt, explainTrigger, growthPercent, headline, status, workLines } from './alert.js';

const EMOJI: Record<Alert['kind'], string> = {
  open: ':rotating_light:',
  update: ':chart_with_upwards_trend:',
  escalate: ':sos:',
  acknowledged: ':eyes:',
  resolve: ':white_check_mark:',
  undeliverable: ':warning:',
};

const isolate = (s: string) => `\u2068${s}\u2069`;
/** Slack mrkdwn escapes only these three. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface SlackMessage {
  text: string;
  blocks: unknown[];
  thread_ts?: string;
}

export function slackMessage(a: Alert, opts: { chartUrl?: string; threadTs?: string } = {}): SlackMessage {
  const title = `${EMOJI[a.kind]} ${headline(a)}`;
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: excerpt(`${a.brandName}: ${status(a)}`, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: esc(title) } },
    ...(a.trigger && a.kind !== 'resolve' ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: esc(`Why: ${explainTrigger(a.trigger)}`) }] }] : []),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Negative / ${a.bucketMinutes} min*\n${a.negative} (peak ${a.peakNegative})` },
        { type: 'mrkdwn', text: `*Baseline*\n${a.baseline.toFixed(1)} (${growthPercent(a.peakNegative, a.baseline) >= 0 ? '+' : ''}${growthPercent(a.peakNegative, a.baseline)}%)` },
        { type: 'mrkdwn', text: `*Platforms*\n${esc(a.platforms.join(', ') || '—')}` },
        { type: 'mrkdwn', text: `*Languages*\n${esc(a.languages.join(', ') || '—')}` },
      ],
    },
  ];
  if (a.phrases.length) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*What is spreading*\n${a.phrases.slice(0, 8).map((p) => `• ${isolate(esc(p.phrase))} (${p.count})`).join('\n')}` },
    });
  }
  const work = workLines(a);
  if (work.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: work.map((l) => esc(l)).join('\n') } });
  if (opts.chartUrl) {
    blocks.push({ type: 'image', image_url: opts.chartUrl, alt_text: `Negative mentions of ${a.brandName} against baseline` });
  }
  if (a.samples.length && a.kind !== 'resolve') {
    blocks.push({ type: 'divider' });
    for (const s of a.samples.slice(0, 5)) {
      blocks.push({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${isolate(esc(excerpt(s.text)))}\n_${esc(s.author || 'unknown')} on ${esc(s.platform)} · reach ${s.reach}_${s.url ? ` · <${s.url}|open>` : ''}`,
        },
      });
    }
  }
  const buttons: unknown[] = [
    { type: 'button', text: { type: 'plain_text', text: 'Dashboard' }, url: a.links.grafana },
    { type: 'button', text: { type: 'plain_text', text: 'Incident in Temporal' }, url: a.links.temporal },
  ];
  if (a.links.acknowledge && a.kind !== 'resolve' && a.kind !== 'acknowledged') {
    buttons.unshift({ type: 'button', style: 'primary', text: { type: 'plain_text', text: 'Acknowledge' }, url: a.links.acknowledge });
  }
  blocks.push({ type: 'actions', elements: buttons });
  const act = a.links.actions;
  if (act && a.kind !== 'resolve') {
    // Each opens a confirm page on the worker: a previewer following the link changes nothing.
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Assign' }, url: act.assign },
        { type: 'button', text: { type: 'plain_text', text: 'Add note' }, url: act.note },
        { type: 'button', text: { type: 'plain_text', text: 'Resolve' }, url: act.resolve },
        { type: 'button', style: 'danger', text: { type: 'plain_text', text: 'Not an incident' }, url: act.falsePositive },
        { type: 'button', text: { type: 'plain_text', text: 'Mute brand' }, url: act.mute },
      ],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `incident ${a.incidentId}` }] });
  return { text: title, blocks, ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}) };
}
