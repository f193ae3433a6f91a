// What is spreading: words and two-word phrases over-represented among an incident's negative
// mentions against the brand's baseline mentions, ranked by the log-odds ratio with an
// informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"), z-scored.
// Counts are document frequencies (a post repeating a word counts once), so one spammy post
// cannot make a phrase. Works in any script: tokens are runs of Unicode letters and marks;
// the language packs' marks (Arabic diacritics and tatweel, Hebrew points) and letter variants
// are folded away, URLs and @handles dropped; the packs' stopwords are never reported.
import { foldForMatch } from '../analysis/brand-match.js';
import { LANGUAGES, SCRIPT_LANGUAGES } from '../analysis/languages/index.js';

export interface Phrase {
  phrase: string;
  /** z-score of the log-odds ratio (incident vs baseline). */
  score: number;
  /** Incident texts containing the phrase. */
  count: number;
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

/** Lower-cased, folded word tokens of a text (URLs and @handles removed); stopwords kept as null. */
export function tokenize(text: string): (string | null)[] {
  const cleaned = fold(text.replace(URL, ' ').replace(HANDLE, ' '));
  const out: (string | null)[] = [];
  for (const m of cleaned.matchAll(TOKEN)) {
    const w = m[0].replace(/^'+|'+$/g, '');
    out.push(w.length < 2 || STOPWORDS.has(w) ? null : w); // one-letter tokens carry nothing
  }
  return out;
}

/** The distinct unigrams and bigrams of a text (bigrams of adjacent non-stopword tokens). */
export function terms(text: string, exclude: Set<string> = new Set()): Set<string> {
  const toks = tokenize(text).map((w) => (w !== null && exclude.has(w) ? null : w));
  const set = new Set<string>();
  toks.forEach((w, i) => {
    if (w === null) return;
    set.add(w);
    const next = toks[i + 1];
    if (next !== null && next !== undefined && next !== w) set.add(`${w} ${next}`);
  });
  return set;
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
