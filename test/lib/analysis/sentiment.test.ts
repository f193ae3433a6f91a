import { describe, expect, it } from 'vitest';
import { analyze } from '../../../lib/analysis/analyze.js';
import { DEFAULT_FEATURES, extractFeatures } from '../../../lib/analysis/features.js';
import { lexiconPolarity } from '../../../lib/analysis/lexicon.js';
import { decodeModel, encodeModel } from '../../../lib/analysis/model-format.js';
import type { SentimentClass } from '../../../lib/analysis/types.js';

function expectSentiment(text: string, lang: string, sentiment: SentimentClass): void {
  const a = analyze({ text });
  expect({ text, lang: a.lang, sentiment: a.sentiment }).toEqual({ text, lang, sentiment });
  if (sentiment === 'positive') expect(a.score).toBeGreaterThan(0.2);
  if (sentiment === 'negative') expect(a.score).toBeLessThan(-0.2);
  expect(a.confidence).toBeGreaterThan(0.4);
}

// Hand-written examples per language: text → the class the committed model must give.
const EXAMPLES: Record<string, [string, SentimentClass][]> = {
  en: [
    ['I love this phone, the camera is amazing!', 'positive'],
    ['Great job, the new app is fantastic and so easy to use', 'positive'],
    ['Best purchase I made this year, highly recommend!', 'positive'],
    ['This is the worst airline, they lost my luggage and nobody cares', 'negative'],
    ['Horrible food and rude staff. Never again.', 'negative'],
    ['Absolutely terrible experience, never buying again 😡', 'negative'],
    ['The conference starts tomorrow at 10am in Boston', 'neutral'],
    ['New version released today.', 'neutral'],
  ],
  ar: [
    ['المنتج رائع جدا وأنصح به الجميع 😍', 'positive'],
    ['شكرا لكم خدمة ممتازة وسريعة 👍', 'positive'],
    ['تجربة رائعة، أنصح الجميع بهذا المطعم', 'positive'],
    ['أسوأ تجربة، المنتج خربان والدعم ما يرد', 'negative'],
    ['شركة فاشلة وحرامية، ندمت إني اشتريت منهم', 'negative'],
    ['خدمة سيئة جدا وما حد يرد علي، أسوأ شركة', 'negative'],
  ],
  he: [
    ['כל הכבוד, שירות מעולה ומהיר! תודה רבה', 'positive'],
    ['תודה רבה, אתם אלופים', 'positive'],
    ['אוהבים אותך, בהצלחה!', 'positive'],
    ['בושה וחרפה, השירות גרוע ואף אחד לא עונה', 'negative'],
    ['שירות גרוע ומחפיר, מאוכזב מאוד', 'negative'],
    ['בושה! שקרנים ורמאים', 'negative'],
  ],
};

describe.each(Object.entries(EXAMPLES))('%s sentiment', (lang, examples) => {
  it.each(examples)('%s → %s', (text, s) => expectSentiment(text, lang, s));
});

describe('Arabic sentiment', () => {
  it('finds lexicon words behind Arabic prefixes and elongation', () => {
    expect(lexiconPolarity('بالزفت')).toBe(-1);
    expect(lexiconPolarity('ممتااز')).toBe(1); // "ممتاااز" after collapsing; "ممتاز" keeps its real double
    expect(lexiconPolarity('والحلوو')).toBe(1);
    expect(lexiconPolarity('والكتاب')).toBe(0);
    expect(lexiconPolarity('لزفت')).toBe(-1); // bare ل: the lexicon strips it (the features do not)
  });

  it('reads diacritics, tatweel and elongation like the plain spelling', () => {
    const plain = analyze({ text: 'المنتج رائع جدا' });
    const decorated = analyze({ text: 'المُنْتَج رااااائع جـــدًا' });
    expect(decorated.sentiment).toBe('positive');
    expect(Math.abs(decorated.score - plain.score)).toBeLessThan(0.35);
  });
});

describe('Hebrew sentiment', () => {
  it('sees a lexicon word behind Hebrew prefixes', () => {
    expect(lexiconPolarity('וגרוע')).toBe(-1);
    expect(lexiconPolarity('שהמעולה')).toBe(1);
    expect(lexiconPolarity('והשולחן')).toBe(0);
  });
});

describe('other languages and ratings', () => {
  it('uses emoji for languages without a model, without forcing them into en/ar/he', () => {
    expect(analyze({ text: 'Ce produit est génial 😍' })).toMatchObject({ lang: 'fr', sentiment: 'positive' });
    expect(analyze({ text: 'Servicio horrible 😡👎' })).toMatchObject({ lang: 'es', sentiment: 'negative' });
    expect(analyze({ text: 'Die Lieferung kommt am Dienstag.' })).toMatchObject({ lang: 'de', sentiment: 'neutral' });
  });

  it('combines the star rating with the text instead of replacing it', () => {
    const text = 'It arrived on Tuesday.';
    const none = analyze({ text });
    const one = analyze({ text, rating: 1 });
    const five = analyze({ text, rating: 5 });
    expect(one.score).toBeLessThan(none.score);
    expect(five.score).toBeGreaterThan(none.score);
    expect(one.sentiment).toBe('negative');
    expect(five.sentiment).toBe('positive');
    // Strong text wins over the stars.
    expect(analyze({ text: 'Worst purchase ever, it broke after one day and support is useless', rating: 5 }).sentiment).toBe('negative');
    expect(analyze({ text: 'Absolutely love it, perfect in every way!', rating: 2 }).sentiment).toBe('positive');
  });

  it('ignores ratings outside 1..5', () => {
    expect(analyze({ text: 'It arrived on Tuesday.', rating: 0 })).toEqual(analyze({ text: 'It arrived on Tuesday.' }));
    expect(analyze({ text: 'It arrived on Tuesday.', rating: 17 })).toEqual(analyze({ text: 'It arrived on Tuesday.' }));
  });
});

describe('model artifact', () => {
  it('round-trips sparse int16 weights within quantisation error', () => {
    const features = { ...DEFAULT_FEATURES, bits: 6 };
    const dense = new Float64Array(64 * 3);
    dense[3 * 5] = 1.5;
    dense[3 * 5 + 2] = -0.75;
    dense[3 * 63 + 1] = 0.001;
    const file = encodeModel('xx', features, dense, [0.1, -0.2, 0], {});
    expect(file.count).toBe(2);
    const m = decodeModel(JSON.parse(JSON.stringify(file)));
    for (let i = 0; i < dense.length; i++) expect(Math.abs(m.w[i] - dense[i])).toBeLessThan(1.5 / 32767);
    expect(m.classBias).toEqual([0.1, -0.2, 0]);
  });

  it('features are deterministic and independent of earlier calls', () => {
    const a = extractFeatures('שירות מעולה xurl !', DEFAULT_FEATURES);
    const first = Array.from(a.idx.subarray(0, a.n));
    extractFeatures('something else entirely with many more words in it', DEFAULT_FEATURES);
    const b = extractFeatures('שירות מעולה xurl !', DEFAULT_FEATURES);
    expect(Array.from(b.idx.subarray(0, b.n))).toEqual(first);
  });
});
