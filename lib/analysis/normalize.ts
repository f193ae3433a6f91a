// Text normalisation for the analysis stage. Two layers:
//  - `cleanText`: makes any string safe and readable (lone surrogates, HTML markup and entities,
//    bidi and zero-width marks, presentation forms, length cap). Used for language id,
//    needs-a-reply and as the input of the sentiment features.
//  - `normalizeForModel`: what the sentiment features see: lower case, URLs/mentions/numbers
//    masked, elongation collapsed, emoticons turned into tokens, Arabic letter variants,
//    diacritics and tatweel folded, Hebrew points removed.
// Pure, never throws.

/** Longest text analysed; the rest of a long post does not change its language or tone much. */
export const MAX_ANALYSED_CHARS = 4000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Bidi controls (LRM, RLM, ALM, embeddings, isolates), zero-width spaces/joiners, BOM, soft hyphen.
const INVISIBLE = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const PRESENTATION_FORMS = /[\uFB1D-\uFDFF\uFE70-\uFEFC\uFF01-\uFF5E]/;
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

// Arabic: diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks) and tatweel.
const AR_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const AR_ALEF = /[\u0622\u0623\u0625\u0671\u0672\u0673]/g; // آ أ إ ٱ → ا
const AR_YEH = /[\u0649\u06CC\u06D2]/g; // ى ی ے → ي
const AR_TEH_MARBUTA = /\u0629/g; // ة → ه
const AR_WAW_HAMZA = /\u0624/g; // ؤ → و
const AR_YEH_HAMZA = /\u0626/g; // ئ → ي
const AR_KAF = /\u06A9/g; // ک → ك
const AR_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;
const HE_POINTS = /[\u0591-\u05C7]/g; // niqqud and cantillation (keeps letters U+05D0..)
const HE_GERESH = /[\u05F3\u05F4]/g;
const HASHTAG_CAMEL = /#[A-Za-z][A-Za-z0-9]*[a-z][A-Z][A-Za-z0-9]*/g;
const ELONGATION = /(\p{L})\1{2,}/gu;
const PUNCT_RUN = /([!?.])\1{1,}/g;

/** Folds Arabic letter variants, diacritics, tatweel and Eastern digits to one spelling. */
export function normalizeArabic(s: string): string {
  return s
    .replace(AR_MARKS, '')
    .replace(AR_ALEF, '\u0627')
    .replace(AR_YEH, '\u064A')
    .replace(AR_TEH_MARBUTA, '\u0647')
    .replace(AR_WAW_HAMZA, '\u0648')
    .replace(AR_YEH_HAMZA, '\u064A')
    .replace(AR_KAF, '\u0643')
    .replace(AR_DIGITS, (d) => String((d.charCodeAt(0) - (d.charCodeAt(0) >= 0x06f0 ? 0x06f0 : 0x0660)) % 10));
}

/** Removes Hebrew points and cantillation; geresh/gershayim become ASCII quotes. */
export function normalizeHebrew(s: string): string {
  return s.replace(HE_POINTS, '').replace(HE_GERESH, (c) => (c === '\u05F3' ? "'" : '"'));
}

/** Collapses a letter repeated 3+ times to two ("sooooo" → "soo", "جمييييل" → "جمييل"). */
export function collapseElongation(s: string): string {
  return s.replace(ELONGATION, '$1$1');
}

const HAS_ARABIC = /[\u0600-\u06FF]/;
const HAS_HEBREW = /[\u0590-\u05FF]/;

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
  s = s.toLowerCase();
  if (HAS_ARABIC.test(s)) s = normalizeArabic(s);
  if (HAS_HEBREW.test(s)) s = normalizeHebrew(s);
  s = s.replace(/#/g, ' ').replace(/_/g, ' ');
  s = collapseElongation(s).replace(PUNCT_RUN, '$1$1');
  s = s.replace(/[0-9]+/g, '0');
  return s;
}
