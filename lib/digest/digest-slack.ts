// Slack Block Kit message of a digest. Pure. The charts are not in it: a bot-token route uploads
// them after the message (lib/pipeline/deliver-digest.ts); a webhook route cannot upload files.
import { excerpt } from '../alerts/alert.js';
import { digestFigures, digestTitle, incidentLine, languageLine, type DigestData } from './digest.js';

const isolate = (s: string) => `\u2068${s}\u2069`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const section = (title: string, lines: string[]) => ({ type: 'section', text: { type: 'mrkdwn', text: `*${title}*\n${lines.join('\n')}` } });

export function digestSlackMessage(d: DigestData): { text: string; blocks: unknown[] } {
  const title = digestTitle(d);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: excerpt(`:bar_chart: ${title}`, 150) } },
    section('This period', digestFigures(d).map((l) => `• ${esc(l)}`)),
  ];
  if (d.languages.length) blocks.push(section('By language', d.languages.map((l) => `• ${esc(languageLine(l))}`)));
  if (d.phrases.length) blocks.push(section('Top negative phrases', d.phrases.map((p) => `• ${isolate(esc(p.phrase))} (${p.count})`)));
  if (d.incidents.length) blocks.push(section('Biggest incidents', d.incidents.map((i) => `• ${esc(incidentLine(i, d.tz))}`)));
  if (d.samples.length) {
    blocks.push(
      section(
        'Most-reached negative posts',
        d.samples.map((s) => `• ${isolate(esc(excerpt(s.text, 200)))} _${esc(s.author || 'unknown')} on ${esc(s.platform)} · reach ${s.reach}_${s.url ? ` · <${s.url}|open>` : ''}`),
      ),
    );
  }
  blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Dashboard' }, url: d.links.grafana }] });
  return { text: title, blocks };
}
