import { describe, expect, it } from 'vitest';
import { ar } from '../../../lib/analysis/languages/ar.js';
import { he } from '../../../lib/analysis/languages/he.js';
import { checkLanguages, LANGUAGES, languageOfText, languageOfWord } from '../../../lib/analysis/languages/index.js';
import type { LanguagePack } from '../../../lib/analysis/languages/pack.js';

// A minimal valid pack that owns a script (Greek here), to break one field at a time.
const greek: LanguagePack = {
  code: 'el',
  name: 'Greek',
  script: {
    name: 'greek',
    block: [0x0370, 0x03ff],
    letters: [[0x0391, 0x03c9]],
    presentationForms: [],
    alphabet: [0x0391, 0x03c9],
    rtl: false,
    openingFeature: 28,
    identify: () => 'el',
  },
  lexicon: { positive: ['καλό'], negative: ['κακό'] },
  negators: ['δεν'],
  replyCues: { request: ['βοήθεια'], question: ['πώς'] },
  stopwords: ['και'],
};

describe('checkLanguages', () => {
  it('accepts the registered packs and a new valid one', () => {
    expect(LANGUAGES.map((p) => p.code)).toEqual(['he', 'ar', 'en']);
    expect(checkLanguages([...LANGUAGES, greek]).map((p) => p.code)).toEqual(['he', 'ar', 'en', 'el']);
  });

  it('refuses a pack the code cannot rely on, naming it and the field', () => {
    const bad = (p: Partial<LanguagePack>) => () => checkLanguages([...LANGUAGES, { ...greek, ...p }]);
    const script = greek.script!;
    expect(bad({ code: 'Greek' })).toThrow('language pack "Greek": code must be an ISO 639-1 code');
    expect(bad({ code: 'he' })).toThrow('language pack "he": registered twice');
    expect(bad({ script: undefined, prefixes: he.prefixes })).toThrow('language pack "el": spelling and prefixes need a script');
    expect(bad({ model: he.model })).toThrow('language pack "el": its model is for "he"');
    expect(bad({ script: { ...script, block: [0x0500, 0x05ff] } })).toThrow(`language pack "el": its script block overlaps language pack "he"'s`);
    expect(bad({ script: { ...script, openingFeature: 22 } })).toThrow(`openingFeature 22 is already language pack "ar"'s`);
    expect(bad({ script: { ...script, alphabet: [0x0391, 0x0400] } })).toThrow('language pack "el": its alphabet is outside its block');
    expect(bad({ script: { ...script, letters: [[0x03c9, 0x0391]] } })).toThrow('language pack "el": bad code range');
    expect(bad({ replyCues: { request: [' '], question: [] } })).toThrow('language pack "el": empty reply cue in replyCues.request');
    expect(bad({ lexicon: { positive: ['terrible'], negative: [] } })).toThrow(
      'language pack "el": lexicon word "terrible" has the other polarity in language pack "en"',
    );
  });
});

describe('registry lookups', () => {
  it('finds the pack of a word by its first letter and of a text by its script', () => {
    expect(languageOfWord('שלום')?.code).toBe('he');
    expect(languageOfWord('مرحبا')?.code).toBe('ar');
    expect(languageOfWord('hello')).toBeUndefined();
    expect(languageOfText('Acme אקמה')?.code).toBe('he');
    expect(languageOfText('Acme')).toBeUndefined();
  });
});

describe('prefixes', () => {
  it('Hebrew: one or two prefix letters; the features keep 3-letter stems, the lexicon 2', () => {
    expect(he.prefixes!.modelStems('והמעולה')).toEqual(['המעולה', 'מעולה']);
    expect(he.prefixes!.modelStems('ואב')).toEqual([]);
    expect(he.prefixes!.lexiconStems('ואב')).toEqual(['אב']);
    expect(he.prefixes!.lexiconStems('טוב')).toEqual([]);
  });

  it('Arabic: the longest whole prefix; bare ل only for the lexicon, bare ك for neither', () => {
    expect(ar.prefixes!.modelStems('والخدمه')).toEqual(['خدمه']);
    expect(ar.prefixes!.lexiconStems('للشركه')).toEqual(['شركه']);
    expect(ar.prefixes!.lexiconStems('لشركه')).toEqual(['شركه']);
    expect(ar.prefixes!.modelStems('لشركه')).toEqual([]);
    expect(ar.prefixes!.lexiconStems('كشركه')).toEqual([]);
    // A prefix that would leave fewer than three letters is not one: the shorter one is tried.
    expect(ar.prefixes!.modelStems('والده')).toEqual(['الده']);
  });

  it('the matchers’ pattern takes the prefixes and nothing', () => {
    const whole = (p: LanguagePack) => new RegExp(`^(?:${p.prefixes!.pattern})$`, 'u');
    for (const s of ['', 'ו', 'וה', 'ושב']) expect(whole(he).test(s)).toBe(true);
    expect(whole(he).test('ושבה')).toBe(false);
    for (const s of ['', 'و', 'ك', 'ال', 'بال']) expect(whole(ar).test(s)).toBe(true);
    expect(whole(ar).test('وب')).toBe(false);
  });
});
