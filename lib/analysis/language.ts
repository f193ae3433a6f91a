// Language identification: script counting decides the easy cases and the dominant script of a
// mixed post; a script a language pack owns is the pack's to call (Hebrew letters → he, Arabic
// letters → ar unless Persian/Urdu letters appear). ELD (Nito-ELD, n-gram models of 60
// languages, ISO 639-1 output) tells languages that share a script apart. Short Latin posts
// fall back on the provider's hint and the packs' frequent words (English). Returns ISO 639-1
// codes, 'und' when the text cannot tell. Pure, never throws.
import { eld } from 'eld/small';
import { LANGUAGES, SCRIPT_LANGUAGES } from './languages/index.js';
import type { CodeRange } from './languages/pack.js';

/**
 * Letters per script, counted on text without URLs, mentions and e-mail addresses: `latin`,
 * `cyrillic`, `other`, and one count per script a language pack owns (`hebrew`, `arabic`).
 */
export type ScriptCounts = Record<string, number>;

// Scripts no language owns; ELD tells their languages apart.
const SHARED_SCRIPTS: [string, readonly CodeRange[]][] = [
  // ASCII letters, Latin-1 letters (not × ÷), Latin Extended-A/B and Additional.
  ['latin', [[0x41, 0x5a], [0x61, 0x7a], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0x24f], [0x1e00, 0x1eff]]],
  ['cyrillic', [[0x400, 0x52f]]],
  // Greek, Armenian, Indic, Thai, Georgian, Hangul Jamo, Ethiopic, kana, CJK, Hangul.
  [
    'other',
    [
      [0x370, 0x3ff], [0x530, 0x58f], [0x900, 0xdff], [0xe00, 0xeff], [0x10a0, 0x10ff],
      [0x1100, 0x11ff], [0x1200, 0x137f], [0x3040, 0x30ff], [0x3400, 0x9fff], [0xac00, 0xd7af],
    ],
  ],
];
const SCRIPTS = [...SHARED_SCRIPTS, ...SCRIPT_LANGUAGES.map((p): [string, readonly CodeRange[]] => [p.script.name, p.script.letters])];
const SCRIPT_NAMES = SCRIPTS.map(([name]) => name);
for (const [i, name] of SCRIPT_NAMES.entries()) {
  if (SCRIPT_NAMES.indexOf(name) !== i) throw new Error(`script name ${name} is used twice (language packs' script.name)`);
}

/** UTF-16 code unit → 1 + index in SCRIPTS of the script it is a letter of, 0 when none. */
const SCRIPT_OF = ((): Uint8Array => {
  const table = new Uint8Array(0x10000);
  SCRIPTS.forEach(([name, ranges], i) => {
    for (const [from, to] of ranges) {
      for (let c = from; c <= to; c++) {
        const other = table[c] === 0 ? undefined : SCRIPT_NAMES[table[c] - 1];
        if (other) throw new Error(`script ${name}: U+${c.toString(16).toUpperCase()} is already a letter of ${other}`);
        table[c] = i + 1;
      }
    }
  });
  return table;
})();

const STRIP = /\b(?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+|@[\p{L}\p{N}_]+/gu;
const SAMPLE = 1000;

// The languages a short Latin post may be given by its frequent words, and the hints that a
// Latin post cannot have (a language that owns another script).
const COMMON_WORDS = LANGUAGES.filter((p) => p.commonWords).map((p) => ({ code: p.code, words: new Set(p.commonWords) }));
const NOT_LATIN = new Set(SCRIPT_LANGUAGES.map((p) => p.code));

export function countScripts(text: string): ScriptCounts {
  const n = new Array<number>(SCRIPTS.length).fill(0);
  for (let i = 0; i < text.length; i++) {
    const s = SCRIPT_OF[text.charCodeAt(i)];
    if (s !== 0) n[s - 1]++;
  }
  return Object.fromEntries(SCRIPT_NAMES.map((name, i) => [name, n[i]]));
}

const VALID_HINT = /^[a-z]{2,3}$/;

function normaliseHint(hint: string | undefined): string | undefined {
  if (typeof hint !== 'string') return undefined;
  const h = hint.trim().toLowerCase().split(/[-_]/)[0];
  return VALID_HINT.test(h) ? h : undefined;
}

/** The language whose frequent words make up a third of a Latin post, if any. */
function byCommonWords(text: string): string | undefined {
  const words = text.toLowerCase().match(/[a-z']+/g);
  if (!words) return undefined;
  for (const { code, words: common } of COMMON_WORDS) {
    let hits = 0;
    for (const w of words) if (common.has(w.replace(/'/g, ''))) hits++;
    if (hits >= 1 && hits * 3 >= words.length) return code;
  }
  return undefined;
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
  // Short or unreliable: the provider's word, then frequent words (English), then ELD's guess.
  if (hint && !NOT_LATIN.has(hint)) return hint;
  const common = byCommonWords(text);
  if (common) return common;
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
  const max = Math.max(...Object.values(c));
  if (max === 0) return hint ?? 'und';
  for (const p of SCRIPT_LANGUAGES) if (c[p.script.name] === max) return p.script.identify(text, max, (t) => eldLanguage(t).lang);
  if (c.latin === max) return detectLatin(text, c.latin, hint);
  const r = eldLanguage(text);
  if (r.lang !== 'und' && (r.reliable || max >= 6)) return r.lang;
  return hint ?? 'und';
}
