// Generates the bundled demo data set (examples/demo/mentions.jsonl): eight days of
// multilingual chatter (English, Arabic, Hebrew) about a fictional airline, Nimbus Air, and its
// competitor, with a daily rhythm and one injected burst of negative posts (a baggage-system
// failure) on the eighth day, and the airline's own accounts answering some of the complaints
// and questions (the reply queue). A week of history comes first, as a brand watched for a while
// has it: with under three days the detector has never seen the wave's weekday and waits longer. Seeded: the same command always writes the same file.
//   npx tsx scripts/make-demo-data.ts [out.jsonl]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Argument } from 'commander';
import { PROJECT_ROOT } from '../workers/temporal-cli.js';
import { cliProgram, outputFile } from './lib-cli.js';
import { mulberry32 } from './lib-random.js';

const out = cliProgram('make-demo-data', 'Write the seeded demo mentions (eight days, English, Arabic, Hebrew, one burst) as JSONL')
  .addArgument(
    new Argument('[out]', 'where to write')
      .argParser(outputFile)
      .default(path.join(PROJECT_ROOT, 'examples', 'demo', 'mentions.jsonl'), 'examples/demo/mentions.jsonl'),
  )
  .parse().processedArgs[0] as string;

let seed = 20261122;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
const poisson = (lambda: number) => {
  let k = 0;
  for (let p = Math.exp(-lambda), s = p, u = rand(); u > s; k++) s += p *= lambda / (k + 1);
  return k;
};

type Lang = 'en' | 'ar' | 'he';
type Tone = 'positive' | 'neutral' | 'negative';
const BRAND: Record<Lang, string[]> = { en: ['Nimbus Air', '@NimbusAir', '#NimbusAir'], ar: ['نيمبوس', 'طيران نيمبوس'], he: ['נימבוס', 'נימבוס אייר'] };
const RIVAL: Record<Lang, string> = { en: 'SkyLark', ar: 'سكاي لارك', he: 'סקיילארק' };

const TEXT: Record<Lang, Record<Tone, string[]>> = {
  en: {
    positive: [
      'Great flight with {b} today, friendly crew and we landed early!',
      'Loving the new seats on {b}, so comfortable. Thank you!',
      '{b} upgraded me for free, best airline ever',
      'Smooth check-in and excellent service from {b} this morning',
      'Shoutout to the {b} cabin crew, amazing and kind people',
    ],
    neutral: [
      'Flying {b} to Lisbon next week, anyone know the baggage allowance?',
      '{b} announced a new route to Athens starting in March',
      'Boarding {b} flight 212 now',
      'Does {b} have wifi on the short flights?',
      'Comparing {b} and {r} prices for the holidays',
    ],
    negative: [
      '{b} delayed my flight again, this is so frustrating',
      'Terrible customer service from {b}, nobody answers the phone',
      'The food on {b} was awful and the seat was broken',
    ],
  },
  ar: {
    positive: ['رحلة رائعة مع {b} اليوم، الطاقم لطيف جدا', 'شكرا {b} على الخدمة الممتازة', 'أحب {b}، أفضل شركة طيران'],
    neutral: ['سأسافر مع {b} إلى دبي الأسبوع القادم', 'هل توجد خدمة واي فاي على رحلات {b}؟', '{b} تعلن عن خط جديد إلى القاهرة'],
    negative: ['تأخرت رحلتي مع {b} مرة أخرى، خدمة سيئة', 'خدمة العملاء في {b} سيئة جدا ولا أحد يرد'],
  },
  he: {
    positive: ['טיסה מעולה עם {b} היום, צוות נהדר', 'תודה ל{b} על שירות מצוין', 'אוהב את {b}, חברת התעופה הכי טובה'],
    neutral: ['טס עם {b} לאתונה בשבוע הבא', 'יש וויפיי בטיסות של {b}?', '{b} פותחת קו חדש לרומא'],
    negative: ['הטיסה שלי עם {b} שוב התעכבה, מתסכל', 'שירות לקוחות גרוע ב{b}, אף אחד לא עונה'],
  },
};

// The wave: bags lost after a baggage-system failure, spreading across platforms and languages.
const BURST: Record<Lang, string[]> = {
  en: [
    '{b} lost my luggage and nobody at the desk can tell me where it is. Absolutely terrible. I want a refund!',
    'Third hour waiting at the {b} baggage desk, my suitcase is lost. Worst airline ever',
    '{b} baggage system is down and hundreds of us have no bags. Disgusting service, help!',
    'Never flying {b} again. Lost luggage, no answers, no compensation. Awful',
    'Why does {b} refuse to answer about our lost bags? This is a disaster',
  ],
  ar: ['{b} أضاعت حقيبتي ولا أحد يجيب، خدمة سيئة جدا! أريد استرداد أموالي', 'فقدت أمتعتي مع {b} وهذا أسوأ شيء، لن أسافر معهم مرة أخرى'],
  he: ['{b} איבדו לי את המזוודה ואף אחד לא עונה, שירות גרוע! אני רוצה החזר', 'המזוודה שלי אבדה ב{b}, חברה נוראית, לא אטוס איתם שוב'],
};

const PLATFORMS = ['x', 'reddit', 'mastodon', 'facebook', 'appstore'];
const START = Date.parse('2026-11-14T00:00:00Z');
const DAYS = 8;
const BUCKET = 15 * 60_000;
const BURST_START = Date.parse('2026-11-21T14:00:00Z');
const BURST_END = Date.parse('2026-11-21T16:30:00Z');

function langOf(): Lang {
  const r = rand();
  return r < 0.55 ? 'en' : r < 0.8 ? 'ar' : 'he';
}
function toneOf(): Tone {
  const r = rand();
  return r < 0.45 ? 'positive' : r < 0.85 ? 'neutral' : 'negative';
}

const lines: string[] = [];
let n = 0;
function emit(t: number, lang: Lang, text: string, platform: string, rating?: number) {
  n++;
  const author = `user${Math.floor(rand() * 5000)}`;
  const m: Record<string, unknown> = {
    id: `${platform}:demo${n}`,
    platform,
    text,
    created_at: new Date(t).toISOString(),
    url: `https://${platform}.example/nimbus/${n}`,
    author: { id: author, name: author, followers: Math.floor(20 + rand() ** 3 * 20000) },
    engagement: { likes: poisson(3), shares: poisson(1), replies: poisson(1) },
  };
  if (rating) m.rating = rating;
  lines.push(JSON.stringify(m));
  return m;
}

// The airline's own accounts (examples/demo/monitor.demo.yaml `owned`), where a reply is possible.
const OWNED: Record<string, string> = { x: 'NimbusAir', reddit: 'NimbusAirCare', mastodon: 'nimbusair', facebook: 'nimbus-air-page' };
const ANSWERS: Record<Lang, string[]> = {
  en: ['Thanks for reaching out. Please check your DMs, our team has the details.', 'Thank you for telling us. A colleague from our care team will message you shortly.'],
  ar: ['شكرا لتواصلك معنا، يرجى مراجعة الرسائل الخاصة', 'شكرا لك، سيتواصل معك فريق خدمة العملاء قريبا'],
  he: ['תודה שפנית אלינו, שלחנו לך הודעה פרטית', 'תודה, נציג מצוות השירות יפנה אליך בקרוב'],
};
/** Posts the care team may answer: complaints and questions on platforms where the airline has an account. */
const answerable: { m: Record<string, unknown>; lang: Lang }[] = [];
const maybeAnswerable = (m: Record<string, unknown>, lang: Lang, tone: Tone | 'burst') => {
  if (OWNED[m.platform as string] && (tone === 'negative' || tone === 'burst' || String(m.text).includes('?'))) answerable.push({ m, lang });
};

for (let t = START; t < START + DAYS * 86_400_000; t += BUCKET) {
  const hour = new Date(t).getUTCHours() + new Date(t).getUTCMinutes() / 60;
  const rhythm = 0.35 + 0.65 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI)) ** 1.5;
  const count = poisson(17 * rhythm);
  for (let i = 0; i < count; i++) {
    const at = t + Math.floor(rand() * BUCKET);
    const lang = langOf();
    const tone = toneOf();
    const platform = pick(PLATFORMS);
    const mentionsRival = rand() < 0.15;
    const text = pick(TEXT[lang][tone]).replace('{b}', mentionsRival ? RIVAL[lang] : pick(BRAND[lang])).replace('{r}', RIVAL[lang]);
    const rating = platform === 'appstore' ? (tone === 'positive' ? 5 : tone === 'neutral' ? 4 : 2) : undefined;
    maybeAnswerable(emit(at, lang, text, platform, rating), lang, tone);
  }
  if (t >= BURST_START && t < BURST_END) {
    // Grows, peaks, fades: 6 -> 30 -> 8 extra negative posts per 15 minutes.
    const phase = (t - BURST_START) / (BURST_END - BURST_START);
    const extra = poisson(6 + 24 * Math.sin(phase * Math.PI));
    for (let i = 0; i < extra; i++) {
      const lang = langOf();
      const platform = pick(PLATFORMS);
      const m = emit(t + Math.floor(rand() * BUCKET), lang, pick(BURST[lang]).replace('{b}', pick(BRAND[lang])), platform, platform === 'appstore' ? 1 : undefined);
      maybeAnswerable(m, lang, 'burst');
    }
  }
}

// The care team answers about two in three, most within the hour, some after many hours (a
// separate random stream, so the chatter above stays the same).
const care = mulberry32(20261201);
const END = START + DAYS * 86_400_000;
for (const { m, lang } of answerable) {
  if (care() > 0.65) continue;
  const platform = m.platform as string;
  const delay = Math.round(60_000 * Math.exp(Math.log(25) + 1.1 * Math.sqrt(-2 * Math.log(care() || 1e-9)) * Math.cos(2 * Math.PI * care())));
  const at = Date.parse(m.created_at as string) + Math.max(60_000, delay);
  if (at >= END) continue;
  n++;
  const answers = ANSWERS[lang];
  lines.push(
    JSON.stringify({
      id: `${platform}:demo${n}`,
      platform,
      text: answers[Math.floor(care() * answers.length)],
      created_at: new Date(at).toISOString(),
      url: `https://${platform}.example/nimbus/${n}`,
      author: { id: OWNED[platform], name: OWNED[platform], followers: 48_000 },
      engagement: { likes: 0, shares: 0, replies: 0 },
      in_reply_to: m.id,
      thread_id: m.id,
    }),
  );
}

// A real export is in time order (the generator writes each 15-minute step's everyday posts,
// then its wave posts): sort by created_at, so the replay delivers every post with its bucket.
const createdAt = (line: string) => (JSON.parse(line) as { created_at: string }).created_at;
lines.sort((a, b) => createdAt(a).localeCompare(createdAt(b)));

// A few malformed lines, as real exports have: they must land in the rejects table.
lines.splice(100, 0, '{"id": "x:broken1", "platform": "x", "text": "no timestamp on this one, Nimbus Air"}');
lines.splice(2000, 0, '{not json at all');

writeFileSync(out, `${lines.join('\n')}\n`);
console.error(`wrote ${lines.length} lines (${n} mentions) to ${out}`);
