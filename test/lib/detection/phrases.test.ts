import { describe, expect, it } from 'vitest';
import { tokenize, topPhrases } from '../../../lib/detection/phrases.js';

const repeat = (xs: string[], n: number) => Array.from({ length: n }, (_, i) => `${xs[i % xs.length]} ${['', 'today', 'again', 'now'][i % 4]}`);

describe('tokenize', () => {
  it('drops URLs, @handles, stopwords; keeps negations and hashtag words', () => {
    expect(tokenize('The app is NOT working https://t.co/abc @AcmeHelp #fail')).toEqual([null, 'app', null, 'not', 'working', 'fail']);
  });
  it('folds Arabic diacritics, tatweel and alef forms, and Hebrew points', () => {
    expect(tokenize('الشَّرِكَة لا تـــرد أبدا')).toEqual(['الشركة', 'لا', 'ترد', 'ابدا']);
    expect(tokenize('שָׁלוֹם')).toEqual(['שלום']);
  });
});

describe('topPhrases', () => {
  it('English: the phrase of the wave, not the words every post has', () => {
    const baseline = repeat(['I love the Acme app', 'Acme delivery was quick', 'great service from Acme', 'Acme app update looks nice'], 60);
    const incident = [
      'Acme app keeps crashing after the update',
      'app keeps crashing, cannot login',
      'keeps crashing on android, Acme fix it',
      'Acme refund refused and it keeps crashing',
      'the app keeps crashing again and again',
      'Acme app is fine for me',
    ];
    const top = topPhrases(incident, baseline, 5, { exclude: ['Acme'] });
    expect(top[0].phrase).toBe('keeps crashing');
    expect(top[0].count).toBe(5);
    expect(top.map((p) => p.phrase)).not.toContain('acme');
    expect(top.map((p) => p.phrase)).not.toContain('app'); // as common in the baseline
    // scores are sorted
    for (let i = 1; i < top.length; i++) expect(top[i - 1].score).toBeGreaterThanOrEqual(top[i].score);
  });

  it('Arabic', () => {
    const baseline = repeat(['خدمة ممتازة من أكمي', 'التوصيل سريع', 'المنتج جيد', 'خدمة العملاء ممتازة'], 40);
    const incident = ['أكمي خصم المبلغ مرتين', 'خصم المبلغ مرتين من بطاقتي', 'خَصَمَ المبلغ مرتين!! سيء', 'خصم المبلغ مرتين ولا أحد يرد', 'خدمة ممتازة'];
    const top = topPhrases(incident, baseline, 3, { exclude: ['أكمي'] });
    expect(top[0].phrase).toBe('المبلغ مرتين');
    expect(top.map((p) => p.phrase)).toContain('خصم المبلغ');
  });

  it('Hebrew', () => {
    const baseline = repeat(['שירות מעולה', 'האפליקציה נוחה', 'משלוח מהיר', 'תודה על השירות'], 40);
    const incident = ['חיוב כפול בכרטיס', 'קיבלתי חיוב כפול שוב', 'חיוב כפול ואין מענה', 'שוב חיוב כפול!!', 'משלוח מהיר'];
    const top = topPhrases(incident, baseline, 3);
    expect(top[0]).toMatchObject({ phrase: 'חיוב כפול', count: 4 });
  });

  it('one post repeating a word many times does not make a phrase', () => {
    const top = topPhrases(['scam scam scam scam scam', 'bad day', 'late delivery', 'late delivery again'], repeat(['good', 'fine'], 20), 5);
    expect(top.find((p) => p.phrase === 'scam')?.count ?? 1).toBe(1);
    expect(top[0].phrase).toBe('late delivery');
  });

  it('no incident texts, no phrases', () => {
    expect(topPhrases([], ['a b c'])).toEqual([]);
  });
});
