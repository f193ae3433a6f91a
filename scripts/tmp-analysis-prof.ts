import { readLabelled } from './lib-sentiment.js';
import { cleanText } from '../activities/analysis/normalize.js';
import { detectLanguage } from '../activities/analysis/language.js';
import { needsReply } from '../activities/analysis/needs-reply.js';
import { sentiment } from '../activities/analysis/sentiment.js';
for (const l of ['en','ar','he']) {
  const rows = readLabelled(`../shared/data/sentiment/${l}.dev.jsonl`);
  const cl = rows.map(r => cleanText(r.text));
  const t = (name: string, f: (s: string, i: number) => unknown) => { for (let k=0;k<2;k++){const t0=performance.now(); cl.forEach((s,i)=>f(s,i)); if(k) console.log(l, name, ((performance.now()-t0)/rows.length*1000).toFixed(1),'us');} };
  t('clean', (s,i) => cleanText(rows[i].text));
  t('lang', (s) => detectLanguage(s));
  t('reply', (s) => needsReply(s));
  t('sent', (s) => sentiment(l, s));
  const c: Record<string, number> = {}; cl.forEach(s => { const x = detectLanguage(s); c[x] = (c[x]??0)+1; }); console.log(JSON.stringify(c));
  if (l==='en') cl.filter(s=>detectLanguage(s)!=='en').slice(0,25).forEach(s=>console.log('  ', detectLanguage(s), s.slice(0,120)));
}
