// Email rendering of an alert: a plain-text part and an HTML part. Pure. Samples get
// dir="auto" so Arabic and Hebrew posts render right-to-left in mail clients.
import he from 'he';
import { type Alert, excerpt, explainTrigger, headline, status, workLines } from './alert.js';

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const e = (s: string) => he.encode(s, { useNamedReferences: true });

export function emailMessage(a: Alert, opts: { chartCid?: string } = {}): EmailMessage {
  const head = headline(a);
  const tag = a.kind === 'resolve' || a.kind === 'undeliverable' ? status(a) : a.severity;
  const subject = `[${tag}] ${a.brandName}: ${head}`.slice(0, 200);
  const why = a.trigger && a.kind !== 'resolve' ? `Why: ${explainTrigger(a.trigger)}` : '';
  const act = a.kind !== 'resolve' ? a.links.actions : undefined;
  const work = workLines(a);
  const lines = [
    head,
    why,
    '',
    `Incident: ${a.incidentId}`,
    `Opened: ${new Date(a.openedAt).toISOString()}`,
    a.resolvedAt ? `Resolved: ${new Date(a.resolvedAt).toISOString()}` : '',
    `Platforms: ${a.platforms.join(', ') || '-'}   Languages: ${a.languages.join(', ') || '-'}`,
    ...workLines(a),
    a.phrases.length ? `What is spreading: ${a.phrases.map((p) => `${p.phrase} (${p.count})`).join(', ')}` : '',
    '',
    ...a.samples.flatMap((s) => [`- ${excerpt(s.text)}`, `  ${s.author} on ${s.platform}, reach ${s.reach} ${s.url}`]),
    '',
    `Dashboard: ${a.links.grafana}`,
    `Incident in Temporal: ${a.links.temporal}`,
    a.links.acknowledge && a.kind !== 'resolve' ? `Acknowledge: ${a.links.acknowledge}` : '',
    ...(act ? [`Assign: ${act.assign}`, `Add a note: ${act.note}`, `Resolve: ${act.resolve}`, `Not an incident: ${act.falsePositive}`, `Mute the brand: ${act.mute}`] : []),
  ].filter((l, i, all) => l !== '' || all[i - 1] !== '');
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h2>${e(head)}</h2>
${why ? `<p>${e(why)}</p>` : ''}
<p>Incident <code>${e(a.incidentId)}</code> · severity <b>${e(a.severity)}</b> · platforms ${e(a.platforms.join(', ') || '-')} · languages ${e(a.languages.join(', ') || '-')}</p>
${work.length ? `<p>${work.map((l) => e(l)).join('<br>')}</p>` : ''}
${opts.chartCid ? `<p><img src="cid:${e(opts.chartCid)}" alt="Negative mentions against baseline" width="720"></p>` : ''}
${a.phrases.length ? `<h3>What is spreading</h3><ul>${a.phrases.map((p) => `<li dir="auto">${e(p.phrase)} (${p.count})</li>`).join('')}</ul>` : ''}
${a.samples.length && a.kind !== 'resolve' ? `<h3>Most-reached posts</h3>${a.samples.map((s) => `<blockquote dir="auto">${e(excerpt(s.text))}<br><small dir="ltr">${e(s.author)} on ${e(s.platform)} · reach ${s.reach}${s.url ? ` · <a href="${e(s.url)}">open</a>` : ''}</small></blockquote>`).join('\n')}` : ''}
<p><a href="${e(a.links.grafana)}">Dashboard</a> · <a href="${e(a.links.temporal)}">Incident in Temporal</a>${a.links.acknowledge && a.kind !== 'resolve' ? ` · <a href="${e(a.links.acknowledge)}"><b>Acknowledge</b></a>` : ''}</p>
${act ? `<p><a href="${e(act.assign)}">Assign</a> · <a href="${e(act.note)}">Add a note</a> · <a href="${e(act.resolve)}">Resolve</a> · <a href="${e(act.falsePositive)}">Not an incident</a> · <a href="${e(act.mute)}">Mute the brand</a></p>` : ''}
</body></html>`;
  return { subject, text: lines.join('\n'), html };
}
