// Text normalisation for the analysis stage. Two layers:
//  - `cleanText`: makes any string safe and readable (lone surrogates, HTML markup and entities,
//    bidi and zero-width marks, presentation forms, length cap). Used for language id,
//    needs-a-reply and as the input of the sentiment features.
//  - `normalizeForModel`: what the sentiment features see: lower case, URLs/mentions/numbers
//    masked, elongation collapsed, emoticons turned into tokens, and each script's spelling
//    folded by its language pack (Arabic letter variants and diacritics, Hebrew points...).
// Pure, never throws.
import { SCRIPT_LANGUAGES, hasScript } from './languages/index.js';
import { charClass } from './languages/pack.js';

/** Longest text analysed; the rest of a long post does not change its language or tone much. */
export const MAX_ANALYSED_CHARS = 4000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Bidi controls (LRM, RLM, ALM, embeddings, isolates), zero-width spaces/joiners, BOM, soft hyphen.
const INVISIBLE = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// Presentation forms of the packs' scripts, and fullwidth ASCII.
const PRESENTATION_FORMS = new RegExp(`[${charClass([...SCRIPT_LANGUAGES.flatMap((p) => p.script.presentationForms), [0xff01, 0xff5e]])}]`);
const TAG = /<\/?[A-Za-z][^<>]{0,300}>|<!--[\s\S]{0,2000}?-->/g;
const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g;
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—', ndash: '–',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', trade: '™',
};

function decodeEntity(match: string, body: string): string {
  if (body.charCodeAt(0) === 35 /* # */) {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    // Surrogates and out-of-range code points are not characters: drop them.
    if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return ' ';
    return String.fromCodePoint(code);
  }
  const named = NAMED_ENTITIES[body.toLowerCase()];
  return named ?? match;
}

/**
 * Makes any input a well-formed, readable string: markup stripped, entities decoded, bidi and
 * zero-width marks removed, lone surrogates replaced by U+FFFD, capped at MAX_ANALYSED_CHARS.
 */
export function cleanText(input: unknown): string {
  if (typeof input !== 'string') return '';
  let s = input;
  if (s.length > MAX_ANALYSED_CHARS * 2) s = s.slice(0, MAX_ANALYSED_CHARS * 2);
  s = s.replace(LONE_SURROGATE, '\uFFFD');
  if (s.indexOf('<') !== -1) s = s.replace(TAG, ' ');
  // Entities can be double-encoded (&amp;amp;): decode twice at most.
  if (s.indexOf('&') !== -1) s = s.replace(ENTITY, decodeEntity).replace(ENTITY, decodeEntity);
  s = s.replace(INVISIBLE, '');
  if (PRESENTATION_FORMS.test(s)) s = s.normalize('NFKC');
  if (s.length > MAX_ANALYSED_CHARS) {
    s = s.slice(0, MAX_ANALYSED_CHARS);
    // Do not end on half a surrogate pair.
    const last = s.charCodeAt(s.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) s = s.slice(0, -1);
  }
  return s;
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|ly|me|il|sa|ae|eg)\/[^\s<>"]*/gi;
const MENTION_RE = /(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_]{1,50}/gu;
const EMAIL_RE = /[\w.+-]+@[\w-]+\.[\w.-]+/g;

// Emoticons, read on the original casing (":D" vs ":d"), turned into plain tokens.
const EMOTICON_POS = /(?:^|(?<=\s))(?:[:;=8xX][-o*'^]?[)\]}>dDpP3]+|[(\[{<][-o*'^]?[:;=]|<3+|\^_*\^|\(\s?:)(?=\s|$|[.,!?])/g;
const EMOTICON_NEG = /(?:^|(?<=\s))(?:[:;=8][-']?[(\[{|\\/]+|:'\(+|D[-']?[:;=]|<\/3|[)\]}][-']?[:;=]|T_T|-_-)(?=\s|$|[.,!?])/g;

const HASHTAG_CAMEL = /#[A-Za-z][A-Za-z0-9]*[a-z][A-Z][A-Za-z0-9]*/g;
const ELONGATION = /(\p{L})\1{2,}/gu;
const PUNCT_RUN = /([!?.])\1{1,}/g;

/** Each pack's spelling folds, on lower-cased text holding its script. */
export function normalizeScripts(lower: string): string {
  let s = lower;
  for (const p of SCRIPT_LANGUAGES) if (p.spelling && hasScript(p, s)) s = p.spelling.normalize(s);
  return s;
}

/** Collapses a letter repeated 3+ times to two ("sooooo" → "soo", "جمييييل" → "جمييل"). */
export function collapseElongation(s: string): string {
  return s.replace(ELONGATION, '$1$1');
}

/**
 * The text the sentiment features are computed on. Input should already be `cleanText`ed.
 * Masks: URLs → " xurl ", @mentions → " xuser ", emoticons → " xemopos "/" xemoneg ",
 * digits → "0"; hashtags lose "#" and their underscores become spaces.
 */
export function normalizeForModel(clean: string): string {
  let s = clean;
  if (s.indexOf('.') !== -1 || s.indexOf('/') !== -1) s = s.replace(URL_RE, ' xurl ');
  if (s.indexOf('@') !== -1) s = s.replace(EMAIL_RE, ' xemail ').replace(MENTION_RE, '$1 xuser ');
  if (/[:;=8<()[\]^{}DT-]/.test(s)) s = s.replace(EMOTICON_POS, ' xemopos ').replace(EMOTICON_NEG, ' xemoneg ');
  // CamelCase hashtags are phrases: #ThankYouObama → "thank you obama".
  if (s.indexOf('#') !== -1) s = s.replace(HASHTAG_CAMEL, (tag) => tag.replace(/([a-z])([A-Z])/g, '$1 $2'));
  s = normalizeScripts(s.toLowerCase());
  s = s.replace(/#/g, ' ').replace(/_/g, ' ');
  s = collapseElongation(s).replace(PUNCT_RUN, '$1$1');
  s = s.replace(/[0-9]+/g, '0');
  return s;
}
