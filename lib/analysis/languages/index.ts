// The registry of language packs: every language with rules of its own, in one list, checked when
// this module loads. Adding a language: a pack file beside these, one line here (see
// docs/analysis.md, "Adding a language").
import { ar } from './ar.js';
import { en } from './en.js';
import { he } from './he.js';
import { charClass, inRange, type LanguagePack, type ScriptRules } from './pack.js';

export type { LanguagePack } from './pack.js';
export type ScriptLanguage = LanguagePack & { script: ScriptRules };

/** Throws, naming the pack and the field, on a pack the rest of the code cannot rely on. */
export function checkLanguages(packs: readonly LanguagePack[]): readonly LanguagePack[] {
  const codes = new Set<string>();
  const scripts: ScriptLanguage[] = [];
  // The lexicon is one map for every model: a word two packs rate must lean the same way.
  const rated = new Map<string, { code: string; sign: number }>();
  for (const p of packs) {
    const where = `language pack ${JSON.stringify(p.code)}`;
    if (!/^[a-z]{2,3}$/.test(p.code)) throw new Error(`${where}: code must be an ISO 639-1 code (2 or 3 lower-case letters)`);
    if (codes.has(p.code)) throw new Error(`${where}: registered twice`);
    codes.add(p.code);
    if (!p.script && (p.spelling || p.prefixes)) throw new Error(`${where}: spelling and prefixes need a script`);
    if (p.model && p.model.lang !== p.code) throw new Error(`${where}: its model is for ${JSON.stringify(p.model.lang)}`);
    for (const k of ['request', 'question'] as const) {
      for (const cue of p.replyCues[k]) if (cue.trim() === '') throw new Error(`${where}: empty reply cue in replyCues.${k}`);
    }
    const own = new Map<string, number>([
      ...p.lexicon.positive.map((w) => [w, 1] as const),
      ...p.lexicon.negative.map((w) => [w, -1] as const), // a word in both lists is negative
    ]);
    for (const [w, sign] of own) {
      const before = rated.get(w);
      if (!before) rated.set(w, { code: p.code, sign });
      else if (before.sign !== sign) {
        throw new Error(`${where}: lexicon word ${JSON.stringify(w)} has the other polarity in language pack "${before.code}"`);
      }
    }
    if (p.script) {
      const s = p.script;
      // Letters shared with another script are refused by language.ts when it builds its table.
      for (const q of scripts) {
        const other = `language pack ${JSON.stringify(q.code)}`;
        const overlap = inRange(s.block[0], q.script.block) || inRange(q.script.block[0], s.block);
        if (overlap) throw new Error(`${where}: its script block overlaps ${other}'s`);
        if (q.script.openingFeature === s.openingFeature) {
          throw new Error(`${where}: openingFeature ${s.openingFeature} is already ${other}'s`);
        }
      }
      for (const r of [s.block, s.alphabet, ...s.letters, ...s.presentationForms]) {
        if (!(r[0] <= r[1] && r[1] <= 0xffff)) throw new Error(`${where}: bad code range ${charClass([r])}`);
      }
      const [a, z] = s.alphabet;
      if (!inRange(a, s.block) || !inRange(z, s.block)) throw new Error(`${where}: its alphabet is outside its block`);
      scripts.push(p as ScriptLanguage);
    }
  }
  return packs;
}

/**
 * Every language pack. The order decides between scripts with as many letters in a post, and
 * for a brand query in two scripts: the earlier pack wins (Hebrew before Arabic, as always).
 */
export const LANGUAGES: readonly LanguagePack[] = checkLanguages([he, ar, en]);

/** The packs that own a script, in registry order. */
export const SCRIPT_LANGUAGES: readonly ScriptLanguage[] = LANGUAGES.filter((p): p is ScriptLanguage => p.script !== undefined);

/** The pack whose script block holds this UTF-16 code unit. */
export function languageOfCodeUnit(c: number): ScriptLanguage | undefined {
  for (const p of SCRIPT_LANGUAGES) if (inRange(c, p.script.block)) return p;
  return undefined;
}

/** The pack whose alphabet a word starts in (the one that stems it and looks it up). */
export function languageOfWord(word: string): ScriptLanguage | undefined {
  const c = word.charCodeAt(0);
  for (const p of SCRIPT_LANGUAGES) if (inRange(c, p.script.alphabet)) return p;
  return undefined;
}

const BLOCK_RE = new Map(SCRIPT_LANGUAGES.map((p) => [p, new RegExp(`[${charClass([p.script.block])}]`)]));

/** The first pack whose script appears in the text. */
export function languageOfText(text: string): ScriptLanguage | undefined {
  return SCRIPT_LANGUAGES.find((p) => BLOCK_RE.get(p)!.test(text));
}

/** True when the text holds a letter or mark of the pack's script block. */
export function hasScript(p: ScriptLanguage, text: string): boolean {
  return BLOCK_RE.get(p)!.test(text);
}

/** A word list of every pack, as one set. */
export function allWords(pick: (p: LanguagePack) => readonly string[] | undefined): ReadonlySet<string> {
  return new Set(LANGUAGES.flatMap((p) => pick(p) ?? []));
}
