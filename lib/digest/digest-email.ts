// Email rendering of a digest: plain text and HTML, each chart shown inline by its CID. Pure.
import he from 'he';
import { excerpt } from '../alerts/alert.js';
import { digestFigures, digestTitle, incidentLine, languageLine, type DigestData } from './digest.js';

export interface DigestEmail {
  subject: string;
  text: string;
  html: string;
}

const e = (s: string) => he.encode(s, { useNamedReferences: true });

/** `charts`: the inline images by CID, in order, with their alt text. */
export function digestEmail(d: DigestData, charts: { cid: string; title: string }[] = []): DigestEmail {
  const title = digestTitle(d);
  const figures = digestFigures(d);
  const text = [
    title,
    '',
    ...figures,
    '',
    d.languages.length ? `By language:\n${d.languages.map((l) => `  ${languageLine(l)}`).join('\n')}` : '',
    d.phrases.length ? `Top negative phrases: ${d.phrases.map((p) => `${p.phrase} (${p.count})`).join(', ')}` : '',
    d.incidents.length ? `Biggest incidents:\n${d.incidents.map((i) => `  ${incidentLine(i, d.tz)}`).join('\n')}` : '',
    d.samples.length ? `Most-reached negative posts:\n${d.samples.map((s) => `  - ${excerpt(s.text)} (${s.author} on ${s.platform}, reach ${s.reach}) ${s.url}`).join('\n')}` : '',
    '',
    `Dashboard: ${d.links.grafana}`,
  ]
    .filter((l, i, all) => l !== '' || all[i - 1] !== '')
    .join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h2>${e(title)}</h2>
<ul>${figures.map((l) => `<li>${e(l)}</li>`).join('')}</ul>
${charts.map((c) => `<p><img src="cid:${e(c.cid)}" alt="${e(c.title)}" width="720"></p>`).join('\n')}
${d.languages.length ? `<h3>By language</h3><ul>${d.languages.map((l) => `<li>${e(languageLine(l))}</li>`).join('')}</ul>` : ''}
${d.phrases.length ? `<h3>Top negative phrases</h3><ul>${d.phrases.map((p) => `<li dir="auto">${e(p.phrase)} (${p.count})</li>`).join('')}</ul>` : ''}
${d.incidents.length ? `<h3>Biggest incidents</h3><ul>${d.incidents.map((i) => `<li>${e(incidentLine(i, d.tz))}</li>`).join('')}</ul>` : ''}
${d.samples.length ? `<h3>Most-reached negative posts</h3>${d.samples.map((s) => `<blockquote dir="auto">${e(excerpt(s.text))}<br><small dir="ltr">${e(s.author)} on ${e(s.platform)} · reach ${s.reach}${s.url ? ` · <a href="${e(s.url)}">open</a>` : ''}</small></blockquote>`).join('\n')}` : ''}
<p><a href="${e(d.links.grafana)}">Dashboard</a></p>
</body></html>`;
  return { subject: title.slice(0, 200), text, html };
}
