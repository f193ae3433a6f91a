// Language identification: script counting decides the easy cases and the dominant script of a
// mixed post (Hebrew letters → he; Arabic letters → ar unless Persian/Urdu letters appear);
// ELD (Nito-ELD, n-gram models of 60 languages, ISO 639-1 output) tells languages that share
// a script apart. Short Latin posts fall back on the provider's hint and a list of frequent
// English words. Returns ISO 639-1 codes, 'und' when the text cannot tell. Pure, never throws.
import { eld } from 'eld/small';

/** Letters per script family, counted on text without URLs, mentions and e-mail addresses. */
export interface ScriptCounts {
  latin: number;
  arabic: number;
  hebrew: number;
  cyrillic: number;
  other: number;
}

// Letters Arabic does not use: only then can a post in Arabic script be Persian, Urdu, Kurdish...
const NON_ARABIC_LETTERS = /[\u067E\u0686\u0698\u06AF\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06D2\u06CC\u06A9\u06D5\u0695\u06B5\u06CE]/;
// Yiddish-only letters (double vav/yod, pasekh tsvey yudn).
const YIDDISH = /[\u05F0-\u05F2\uFB1F]/;

const STRIP = /\b(?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+|@[\p{L}\p{N}_]+/gu;
const SAMPLE = 1000;

// Frequent short English words: enough to call a short Latin post English.
const ENGLISH_WORDS = new Set(
  ('the a an and or but is are was were be been am i you he she it we they me my your our this that these those ' +
    'to of in on at for with from by not no yes do does did have has had will would can could should what why how ' +
    'when where who which there here so very just too all any some more most good great bad love hate like thanks ' +
    'thank please help refund order support service app account money never ever again still why dont cant wont ' +
    'im its lol omg wow awesome amazing terrible worst best nice cool ok okay').split(' '),
);

export function countScripts(text: string): ScriptCounts {
  const c: ScriptCounts = { latin: 0, arabic: 0, hebrew: 0, cyrillic: 0, other: 0 };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 0x41) continue;
    if ((ch >= 0x61 && ch <= 0x7a) || (ch >= 0x41 && ch <= 0x5a) || (ch >= 0xc0 && ch <= 0x24f && ch !== 0xd7 && ch !== 0xf7)) c.latin++;
    else if (ch < 0x370) continue;
    else if (ch >= 0x5d0 && ch <= 0x5f2) c.hebrew++;
    else if ((ch >= 0x620 && ch <= 0x64a) || (ch >= 0x66e && ch <= 0x6d3) || (ch >= 0x6fa && ch <= 0x6ff) || (ch >= 0x750 && ch <= 0x77f) || (ch >= 0x8a0 && ch <= 0x8ff)) c.arabic++;
    else if (ch >= 0xfb50 && ch <= 0xfefc) c.arabic++;
    else if (ch >= 0xfb1d && ch <= 0xfb4f) c.hebrew++;
    else if (ch >= 0x400 && ch <= 0x52f) c.cyrillic++;
    else if (ch >= 0x1e00 && ch <= 0x1eff) c.latin++;
    else if (ch >= 0xd800 && ch <= 0xdfff) continue; // emoji and other astral symbols
    else if (ch >= 0x2000 && ch <= 0x2bff) continue; // punctuation, symbols, arrows, dingbats
    else if ((ch >= 0x370 && ch <= 0x3ff) || (ch >= 0x900 && ch <= 0xdff) || (ch >= 0xe00 && ch <= 0xeff) || (ch >= 0x10a0 && ch <= 0x10ff) || (ch >= 0x1100 && ch <= 0x11ff) || (ch >= 0x3040 && ch <= 0x30ff) || (ch >= 0x3400 && ch <= 0x9fff) || (ch >= 0xac00 && ch <= 0xd7af) || (ch >= 0x530 && ch <= 0x58f) || (ch >= 0x1200 && ch <= 0x137f)) c.other++;
  }
  return c;
}

const VALID_HINT = /^[a-z]{2,3}$/;

function normaliseHint(hint: string | undefined): string | undefined {
  if (typeof hint !== 'string') return undefined;
  const h = hint.trim().toLowerCase().split(/[-_]/)[0];
  return VALID_HINT.test(h) ? h : undefined;
}

function looksEnglish(text: string): boolean {
  const words = text.toLowerCase().match(/[a-z']+/g);
  if (!words) return false;
  let hits = 0;
  for (const w of words) if (ENGLISH_WORDS.has(w.replace(/'/g, ''))) hits++;
  return hits >= 1 && hits * 3 >= words.length;
}

/** Number of different Latin words, counting up to `enough`. */
function distinctWords(text: string, enough: number): number {
  const seen = new Set<string>();
  for (const w of text.toLowerCase().matchAll(/[a-z\u00c0-\u024f]+/g)) {
    seen.add(w[0]);
    if (seen.size >= enough) break;
  }
  return seen.size;
}

function eldLanguage(text: string): { lang: string; reliable: boolean } {
  const r = eld.detect(text.length > SAMPLE ? text.slice(0, SAMPLE) : text);
  return { lang: r.language || 'und', reliable: r.language !== '' && r.isReliable() };
}

function detectLatin(text: string, letters: number, hint: string | undefined): string {
  const r = eldLanguage(text);
  if (r.reliable && letters >= 12) return r.lang;
  // Short or unreliable: the provider's word, then English function words, then ELD's guess.
  if (hint && hint !== 'ar' && hint !== 'he') return hint;
  if (looksEnglish(text)) return 'en';
  // Unreliable and fewer than 3 different words ("x x x x", "aaaa…"): not language.
  return letters >= 12 && distinctWords(text, 3) >= 3 ? r.lang : 'und';
}

/**
 * The language of a post: the dominant script by letter count, then ELD within that script.
 * `hint` is the provider's declared language, used only when the text cannot tell.
 */
export function detectLanguage(clean: string, hintIn?: string): string {
  const hint = normaliseHint(hintIn);
  const text = clean.indexOf('@') !== -1 || clean.indexOf('/') !== -1 ? clean.replace(STRIP, ' ') : clean;
  const c = countScripts(text);
  const max = Math.max(c.latin, c.arabic, c.hebrew, c.cyrillic, c.other);
  if (max === 0) return hint ?? 'und';
  if (c.hebrew === max) return YIDDISH.test(text) ? 'yi' : 'he';
  if (c.arabic === max) {
    if (c.arabic < 20 || !NON_ARABIC_LETTERS.test(text)) return 'ar';
    const r = eldLanguage(text);
    return r.lang === 'und' || r.lang === 'he' ? 'ar' : r.lang;
  }
  if (c.latin === max) return detectLatin(text, c.latin, hint);
  const r = eldLanguage(text);
  if (r.lang !== 'und' && (r.reliable || max >= 6)) return r.lang;
  return hint ?? 'und';
}
