// What is spreading: words and two-word phrases over-represented among an incident's negative
// mentions against the brand's baseline mentions, ranked by the log-odds ratio with an
// informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"), z-scored.
// Counts are document frequencies (a post repeating a word counts once), so one spammy post
// cannot make a phrase. URLs and @handles are dropped, the language packs' marks (Arabic
// diacritics and tatweel, Hebrew points) and letter variants folded away, and the packs'
// stopwords never reported. A post written mostly in Latin letters is read as English
// (english-tags.ts, wink-nlp): its phrases are chunks (noun phrases such as "lost luggage",
// "baggage desk"; verb groups such as "keeps crashing", "not working"; a verb and its object,
// "lost my luggage" read as "lost luggage"), never two words that only
// happen to be neighbours ("lost worst", "hour waiting"). Other posts are tokenised as runs of
// Unicode letters and marks, and every two neighbouring words make a phrase.
import { foldForMatch } from '../query/tokens.js';
import { countScripts } from '../analysis/language.js';
import { en } from '../analysis/languages/en.js';
import { LANGUAGES, SCRIPT_LANGUAGES } from '../analysis/languages/index.js';
import { tagEnglish, type TaggedWord } from './english-tags.js';

export interface Phrase {
  phrase: string;
  /** z-score of the log-odds ratio (incident vs baseline). */
  score: number;
  /** Incident texts containing the phrase. */
  count: number;
}

/** A brand's own words, never reported as what is spreading: its id, name and queries (live and backtest alike). */
export function brandWords(brand: { id: string; name: string; queries: readonly string[] }): string[] {
  return [brand.id, brand.name, ...brand.queries];
}

export interface PhraseOptions {
  /** Words never reported (e.g. the brand's own name and queries). */
  exclude?: string[];
  /** Fewest incident texts a phrase must appear in (default 2, or 1 with fewer than 4 texts). */
  minCount?: number;
  /** Strength of the prior in pseudo-documents (default: half the number of texts). */
  priorStrength?: number;
  /** Smallest z-score reported (default 1). */
  minScore?: number;
}

function fold(word: string): string {
  let s = foldForMatch(word);
  for (const p of SCRIPT_LANGUAGES) if (p.spelling?.phraseFold) s = p.spelling.phraseFold(s);
  return s.replace(/[’‘`]/g, "'");
}

const STOPWORDS = new Set(LANGUAGES.flatMap((p) => p.stopwords.map(fold)));

const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
const HANDLE = /(?<![\p{L}\p{N}_])@[\p{L}\p{M}\p{N}_.]+/gu;
const TOKEN = /[\p{L}\p{M}][\p{L}\p{M}\p{N}']*/gu;

/** A folded token as a word, or null for a stopword or a single letter (which carries nothing). */
function word(token: string): string | null {
  const w = token.replace(/^'+|'+$/g, '');
  return w.length < 2 || STOPWORDS.has(w) ? null : w;
}

function withoutLinks(text: string): string {
  return text.replace(URL, ' ').replace(HANDLE, ' ');
}

/** Lower-cased, folded word tokens of a text (URLs and @handles removed); stopwords kept as null. */
export function tokenize(text: string): (string | null)[] {
  return wordsOf(fold(withoutLinks(text)));
}

function wordsOf(folded: string): (string | null)[] {
  return [...folded.matchAll(TOKEN)].map((m) => word(m[0]));
}

/** Mostly Latin letters (URLs and @handles aside): English, the one Latin-script language with a pack. */
function readAsEnglish(cleaned: string): boolean {
  if (!/[a-z]/i.test(cleaned)) return false; // the common case of a post in another script, cheaply
  const { latin, ...others } = countScripts(cleaned);
  return latin > 0 && Object.values(others).every((n) => latin > n);
}

/** The distinct unigrams and bigrams of a text (English: words and chunks; any other script: words and neighbours). */
export function terms(text: string, exclude: Set<string> = new Set()): Set<string> {
  const cleaned = withoutLinks(text);
  return readAsEnglish(cleaned) ? englishTerms(fold(cleaned), exclude) : scriptTerms(fold(cleaned), exclude);
}

/** Any script: every word, and every two neighbouring words (stopwords and excluded words between break them). */
function scriptTerms(folded: string, exclude: Set<string>): Set<string> {
  const toks = wordsOf(folded).map((w) => (w !== null && exclude.has(w) ? null : w));
  const set = new Set<string>();
  toks.forEach((w, i) => {
    if (w === null) return;
    set.add(w);
    const next = toks[i + 1];
    if (next !== null && next !== undefined && next !== w) set.add(`${w} ${next}`);
  });
  return set;
}

const NEGATORS = new Set(en.negators.map(fold));
/** Parts of speech that are a phrase on their own (a hashtag is a topic). */
const CONTENT = new Set<TaggedWord['pos']>(['NOUN', 'PROPN', 'VERB', 'ADJ', 'HASHTAG']);
const NOUN = new Set<TaggedWord['pos']>(['NOUN', 'PROPN']);
const MODIFIER = new Set<TaggedWord['pos']>(['ADJ', 'NOUN', 'PROPN', 'VERB']);
const NEGATED = new Set<TaggedWord['pos']>(['VERB', 'ADJ', 'NOUN', 'PROPN']);

/**
 * Two neighbouring English words that are a chunk: a noun phrase (a modifier before its noun:
 * "baggage desk", "lost luggage", "worst airline"), a verb group ("keeps crashing", "double
 * charged", "charged twice") or a negation ("not working", "no refund", "nobody helps"). Not a
 * noun or adjective before a verb ("hour waiting"), nor a verb before an adjective ("lost worst").
 */
function isChunk(a: TaggedWord, b: TaggedWord): boolean {
  if (NEGATORS.has(a.word)) return NEGATED.has(b.pos);
  if (NOUN.has(b.pos)) return MODIFIER.has(a.pos);
  if (b.pos === 'VERB') return a.pos === 'VERB' || a.pos === 'ADV';
  return a.pos === 'VERB' && b.pos === 'ADV';
}

/**
 * The words between a verb and its object's noun that a verb-object chunk skips: articles and
 * possessives ("lost my luggage" -> "lost luggage", "cancelled the flight"), never a negation
 * ("lost no bags" says the opposite).
 */
const OBJECT_DETERMINERS = new Set(['a', 'an', 'the', 'my', 'our', 'your', 'his', 'her', 'their', 'its']);

/** Every unigram and chunk of an English text (folded), excluded words included. */
function englishChunks(folded: string): string[] {
  const tagged = tagEnglish(folded);
  const words = tagged.map((t): TaggedWord | null => {
    const w = t && word(t.word);
    return w ? { word: w, pos: t.pos } : null;
  });
  const out = new Set<string>();
  words.forEach((w, i) => {
    if (w === null) return;
    if (CONTENT.has(w.pos) && !NEGATORS.has(w.word)) out.add(w.word);
    const next = words[i + 1];
    if (next && w.pos !== 'HASHTAG' && next.pos !== 'HASHTAG' && next.word !== w.word && isChunk(w, next)) out.add(`${w.word} ${next.word}`);
    const between = tagged[i + 1];
    const object = words[i + 2];
    if (w.pos === 'VERB' && !next && between && OBJECT_DETERMINERS.has(between.word) && object && NOUN.has(object.pos) && object.word !== w.word) {
      out.add(`${w.word} ${object.word}`);
    }
  });
  return [...out];
}

// Tagging is most of the cost, and an open incident asks again every tick with nearly the same
// texts (the baseline sample barely moves, the window grows): the chunks of the texts seen last
// are kept. Exclusion is applied afterwards, so one entry serves every brand.
const CHUNK_MEMO_SIZE = 20_000;
const chunkMemo = new Map<string, string[]>();

function englishTerms(folded: string, exclude: Set<string>): Set<string> {
  let chunks = chunkMemo.get(folded);
  if (chunks) chunkMemo.delete(folded); // re-inserted below: the newest entries are kept
  else chunks = englishChunks(folded);
  chunkMemo.set(folded, chunks);
  if (chunkMemo.size > CHUNK_MEMO_SIZE) chunkMemo.delete(chunkMemo.keys().next().value as string);
  // An excluded word drops its unigram and every chunk it is part of, as if it were not there.
  return new Set(exclude.size ? chunks.filter((c) => !c.split(' ').some((w) => exclude.has(w))) : chunks);
}

function docFreq(texts: string[], exclude: Set<string>): Map<string, number> {
  const df = new Map<string, number>();
  for (const t of texts) for (const term of terms(t, exclude)) df.set(term, (df.get(term) ?? 0) + 1);
  return df;
}

/** Top-k over-represented phrases of the incident texts against the baseline texts. */
export function topPhrases(incidentTexts: string[], baselineTexts: string[], k = 10, options: PhraseOptions = {}): Phrase[] {
  if (incidentTexts.length === 0 || k <= 0) return [];
  const exclude = new Set((options.exclude ?? []).flatMap((q) => tokenize(q).filter((w): w is string => w !== null)));
  const inc = docFreq(incidentTexts, exclude);
  const base = docFreq(baselineTexts, exclude);
  const nI = incidentTexts.length;
  const nB = baselineTexts.length;
  const minCount = options.minCount ?? (nI < 4 ? 1 : 2);
  const minScore = options.minScore ?? 1;
  const nAll = nI + nB;
  const a0 = options.priorStrength ?? Math.max(1, nAll / 2);
  const scored: Phrase[] = [];
  for (const [term, yi] of inc) {
    if (yi < minCount) continue;
    const yb = base.get(term) ?? 0;
    // Informative prior: the term's rate in both corpora together, worth a0 pseudo-documents.
    const a = (a0 * (yi + yb)) / nAll;
    const li = Math.log((yi + a) / (nI + a0 - yi - a));
    const lb = Math.log((yb + a) / (nB + a0 - yb - a));
    const z = (li - lb) / Math.sqrt(1 / (yi + a) + 1 / (yb + a));
    if (Number.isFinite(z) && z >= minScore) scored.push({ phrase: term, score: z, count: yi });
  }
  scored.sort((x, y) => y.score - x.score || y.count - x.count || (x.phrase < y.phrase ? -1 : 1));
  // A word that (almost) only appears inside a reported phrase adds nothing: keep the phrase.
  const out: Phrase[] = [];
  const words = (p: Phrase) => p.phrase.split(' ');
  const isBigram = (p: Phrase) => p.phrase.includes(' ');
  for (const p of scored) {
    if (out.length >= k) break;
    if (isBigram(p)) {
      const inside = out.filter((q) => !isBigram(q) && words(p).includes(q.phrase) && p.count >= 0.8 * q.count);
      if (inside.length) {
        const i = out.indexOf(inside[0]);
        out[i] = p;
        for (const q of inside.slice(1)) out.splice(out.indexOf(q), 1);
        continue;
      }
    } else if (out.some((q) => isBigram(q) && words(q).includes(p.phrase) && q.count >= 0.8 * p.count)) {
      continue;
    }
    out.push(p);
  }
  return out.map((p) => ({ ...p, score: Math.round(p.score * 100) / 100 }));
}
